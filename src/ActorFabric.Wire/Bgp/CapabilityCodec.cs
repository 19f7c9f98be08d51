using System.Buffers.Binary;

namespace ActorFabric.Wire.Bgp;

/// <summary>
/// OPEN capabilities (RFC 5492 §4: Code(1) | Length(1) | Value). A known code whose value does not fit its layout
/// is kept as <see cref="UnknownCapability"/> so it is neither negotiated nor lost.
/// </summary>
public static class CapabilityCodec
{
    /// <summary>Reads a list of capabilities (the value of one optional parameter of type 2); false when one overruns the parameter.</summary>
    public static bool TryReadList(ReadOnlySpan<byte> v, List<Capability> into, out BgpDecodeError? error)
    {
        for (int p = 0; p < v.Length;)
        {
            if (v.Length - p < 2) { error = BgpDecodeError.Reset(BgpErrorCodes.OpenMessageError, 0, "capability header truncated"); return false; }
            byte code = v[p];
            int len = v[p + 1];
            if (v.Length - p - 2 < len) { error = BgpDecodeError.Reset(BgpErrorCodes.OpenMessageError, 0, $"capability {code} length {len} overruns its optional parameter"); return false; }
            into.Add(Read(code, v.Slice(p + 2, len)));
            p += 2 + len;
        }
        error = null;
        return true;
    }

    public static Capability Read(byte code, ReadOnlySpan<byte> v)
    {
        switch ((CapabilityCode)code)
        {
            case CapabilityCode.Multiprotocol when v.Length == 4:
                return new MultiprotocolCapability(BinaryPrimitives.ReadUInt16BigEndian(v), v[3]);
            case CapabilityCode.RouteRefresh when v.Length == 0:
                return RouteRefreshCapability.Instance;
            case CapabilityCode.EnhancedRouteRefresh when v.Length == 0:
                return EnhancedRouteRefreshCapability.Instance;
            case CapabilityCode.ExtendedMessage when v.Length == 0:
                return ExtendedMessageCapability.Instance;
            case CapabilityCode.FourOctetAs when v.Length == 4:
                return new FourOctetAsCapability(BinaryPrimitives.ReadUInt32BigEndian(v));
            case CapabilityCode.GracefulRestart when v.Length >= 2 && (v.Length - 2) % 4 == 0:
            {
                // RFC 4724 §3: R (0x8) and N (0x4, RFC 8538) in the top nibble, 12-bit restart time, then AFI SAFI flags per family.
                ushort head = BinaryPrimitives.ReadUInt16BigEndian(v);
                var families = new GracefulRestartFamily[(v.Length - 2) / 4];
                for (int i = 0; i < families.Length; i++)
                {
                    var f = v.Slice(2 + 4 * i, 4);
                    families[i] = new GracefulRestartFamily(BinaryPrimitives.ReadUInt16BigEndian(f), f[2], (f[3] & 0x80) != 0);
                }
                // Other flag bits are not modelled: keep such a value raw so it survives byte for byte.
                if ((head & 0x3000) != 0 || HasOtherFamilyFlags(v)) break;
                return new GracefulRestartCapability((head & 0x8000) != 0, (head & 0x4000) != 0, (ushort)(head & 0x0FFF), families);
            }
            case CapabilityCode.AddPath when v.Length % 4 == 0:
            {
                var families = new AddPathFamily[v.Length / 4];
                for (int i = 0; i < families.Length; i++)
                {
                    var f = v.Slice(4 * i, 4);
                    if (f[3] is < 1 or > 3) return new UnknownCapability(code, v.ToArray());
                    families[i] = new AddPathFamily(BinaryPrimitives.ReadUInt16BigEndian(f), f[2], (AddPathDirection)f[3]);
                }
                return new AddPathCapability(families);
            }
        }
        return new UnknownCapability(code, v.ToArray());

        static bool HasOtherFamilyFlags(ReadOnlySpan<byte> v)
        {
            for (int i = 2; i + 4 <= v.Length; i += 4) if ((v[i + 3] & 0x7F) != 0) return true;
            return false;
        }
    }

    public static int GetValueLength(Capability c) => c switch
    {
        MultiprotocolCapability => 4,
        FourOctetAsCapability => 4,
        GracefulRestartCapability g => 2 + 4 * g.Families.Length,
        AddPathCapability a => 4 * a.Families.Length,
        UnknownCapability u => u.Value.Length,
        _ => 0,
    };

    /// <summary>Writes code, length and value; returns octets written.</summary>
    public static int Write(Capability c, Span<byte> d)
    {
        int len = GetValueLength(c);
        if (len > 255) throw new ArgumentException($"capability {c.Code} value of {len} octets does not fit a length octet");
        d[0] = c.Code;
        d[1] = (byte)len;
        var v = d.Slice(2, len);
        switch (c)
        {
            case MultiprotocolCapability m:
                BinaryPrimitives.WriteUInt16BigEndian(v, m.Afi); v[2] = 0; v[3] = m.Safi;
                break;
            case FourOctetAsCapability f:
                BinaryPrimitives.WriteUInt32BigEndian(v, f.Asn);
                break;
            case GracefulRestartCapability g:
                BinaryPrimitives.WriteUInt16BigEndian(v, (ushort)((g.RestartState ? 0x8000 : 0) | (g.NotificationSupport ? 0x4000 : 0) | (g.RestartTimeSeconds & 0x0FFF)));
                for (int i = 0; i < g.Families.Length; i++)
                {
                    var f = v.Slice(2 + 4 * i, 4);
                    BinaryPrimitives.WriteUInt16BigEndian(f, g.Families[i].Afi); f[2] = g.Families[i].Safi; f[3] = g.Families[i].ForwardingPreserved ? (byte)0x80 : (byte)0;
                }
                break;
            case AddPathCapability a:
                for (int i = 0; i < a.Families.Length; i++)
                {
                    var f = v.Slice(4 * i, 4);
                    BinaryPrimitives.WriteUInt16BigEndian(f, a.Families[i].Afi); f[2] = a.Families[i].Safi; f[3] = (byte)a.Families[i].Direction;
                }
                break;
            case UnknownCapability u:
                u.Value.CopyTo(v);
                break;
        }
        return 2 + len;
    }
}
