using System.Buffers.Binary;
using System.Net;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Wire.Bgp.Evpn;

/// <summary>
/// Reads and writes one EVPN NLRI entry: Route Type (1) | Length (1) | value (RFC 7432 §7). Known types must match
/// their layout exactly; an entry that does not is undecodable but still delimited by its Length octet, so only that
/// route is lost (<see cref="UndecodableEvpnRoute"/>). Unknown types are kept whole as <see cref="UnknownEvpnRoute"/>
/// and skipped by length (RFC 7606 §5.4, RFC 9136 §3).
/// </summary>
public static class EvpnNlriCodec
{
    /// <summary>Largest value a Length octet can describe.</summary>
    public const int MaxValueLength = 255;

    /// <summary>
    /// Reads one entry from the start of <paramref name="entry"/>. Never throws. False with an error that resets the
    /// session when the entry overruns the span (its Length octet cannot be trusted, RFC 7606 §5.3;
    /// <paramref name="consumed"/> is 0). False with a <see cref="BgpErrorAction.RouteWithdraw"/> error when the
    /// entry is delimited but a known type's length or inner lengths do not fit its layout: <paramref name="consumed"/>
    /// then still covers the entry so the caller can go on with the next one.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> entry, out EvpnRoute route, out int consumed, out BgpDecodeError? error)
    {
        route = null!;
        consumed = 0;
        if (entry.Length < 2) { error = Framing("EVPN NLRI truncated before its length octet"); return false; }
        byte type = entry[0];
        int len = entry[1];
        if (entry.Length < 2 + len) { error = Framing($"EVPN NLRI type {type} length {len} overruns the {entry.Length - 2} octets left"); return false; }
        var v = entry.Slice(2, len);
        consumed = 2 + len;
        string? reason = type switch
        {
            1 => ReadType1(v, out route),
            2 => ReadType2(v, out route),
            3 => ReadType3(v, out route),
            4 => ReadType4(v, out route),
            5 => ReadType5(v, out route),
            6 => ReadType6(v, out route),
            7 => ReadType7(v, out route),
            8 => ReadType8(v, out route),
            _ => ReadUnknown(type, v, out route),
        };
        if (reason is null) { error = null; return true; }
        route = null!;
        error = BgpDecodeError.Update(BgpErrorCodes.InvalidNetworkField, BgpErrorAction.RouteWithdraw,
            $"undecodable EVPN route: {reason}; that route alone is treated as withdrawn (RFC 7606 §5.3)");
        return false;
    }

    private static BgpDecodeError Framing(string reason) =>
        BgpDecodeError.Update(BgpErrorCodes.InvalidNetworkField, BgpErrorAction.SessionReset, reason + " (RFC 7606 §5.3)");

    /// <summary>
    /// The key fields of a malformed entry (type, length, value) that can still be read from the front of its value,
    /// as a route whose non-key fields are zero; null when they cannot. Types 1–4 put their key fields first
    /// (RFC 7432 §7.1–7.4), so a bad trailing field or a wrong overall length leaves the key readable. Type 5's
    /// address family follows from its length (RFC 9136 §3.1) and types 6–8 chain three length-prefixed addresses,
    /// so a bad length leaves no key to trust.
    /// </summary>
    public static EvpnRoute? RecoverKey(ReadOnlySpan<byte> entry)
    {
        if (entry.Length < 2) return null;
        var v = entry[2..];
        switch (entry[0])
        {
            case 1 when v.Length >= 22:
                return new EthernetAutoDiscoveryRoute(RouteDistinguisher.Read(v), EthernetSegmentId.Read(v[8..]), BinaryPrimitives.ReadUInt32BigEndian(v[18..]), 0);
            case 2 when v.Length >= 30 && v[22] == 48 && v[29] is 0 or 32 or 128 && v.Length >= 30 + v[29] / 8:
                return new MacIpAdvertisementRoute(RouteDistinguisher.Read(v), EthernetSegmentId.Zero, BinaryPrimitives.ReadUInt32BigEndian(v[18..]),
                    MacAddress.Read(v[23..]), v[29] == 0 ? null : ReadAddress(v.Slice(30, v[29] / 8)), 0);
            case 3 when v.Length >= 13 && v[12] is 32 or 128 && v.Length >= 13 + v[12] / 8:
                return new InclusiveMulticastRoute(RouteDistinguisher.Read(v), BinaryPrimitives.ReadUInt32BigEndian(v[8..]), ReadAddress(v.Slice(13, v[12] / 8)));
            case 4 when v.Length >= 19 && v[18] is 32 or 128 && v.Length >= 19 + v[18] / 8:
                return new EthernetSegmentRoute(RouteDistinguisher.Read(v), EthernetSegmentId.Read(v[8..]), ReadAddress(v.Slice(19, v[18] / 8)));
            default:
                return null;
        }
    }

    /// <summary>Encoded size of the entry including the type and length octets.</summary>
    public static int GetLength(EvpnRoute route) => 2 + GetValueLength(route);

    /// <summary>Writes type, length and value; returns octets written. Throws <see cref="ArgumentException"/> for a model the wire cannot carry.</summary>
    public static int Write(EvpnRoute route, Span<byte> destination)
    {
        int len = GetValueLength(route);
        if (len > MaxValueLength) throw new ArgumentException($"EVPN route value of {len} octets does not fit a length octet", nameof(route));
        destination[0] = route.RouteTypeCode;
        destination[1] = (byte)len;
        var d = destination.Slice(2, len);
        switch (route)
        {
            case EthernetAutoDiscoveryRoute r:
                r.Distinguisher.Write(d); r.Esi.Write(d[8..]); BinaryPrimitives.WriteUInt32BigEndian(d[18..], r.EthernetTag); WriteLabel(d[22..], r.Label);
                break;
            case MacIpAdvertisementRoute r:
            {
                r.Distinguisher.Write(d); r.Esi.Write(d[8..]); BinaryPrimitives.WriteUInt32BigEndian(d[18..], r.EthernetTag);
                d[22] = 48; r.Mac.Write(d[23..]);
                int p = 29 + WritePrefixedAddress(d[29..], r.Ip);
                WriteLabel(d[p..], r.Label1);
                if (r.Label2 is uint l2) WriteLabel(d[(p + 3)..], l2);
                break;
            }
            case InclusiveMulticastRoute r:
                r.Distinguisher.Write(d); BinaryPrimitives.WriteUInt32BigEndian(d[8..], r.EthernetTag); WritePrefixedAddress(d[12..], r.OriginatorIp);
                break;
            case EthernetSegmentRoute r:
                r.Distinguisher.Write(d); r.Esi.Write(d[8..]); WritePrefixedAddress(d[18..], r.OriginatorIp);
                break;
            case IpPrefixRoute r:
            {
                int a = AddressLength(r.Prefix);
                if (AddressLength(r.Gateway) != a) throw new ArgumentException("type-5 prefix and gateway must be the same address family (RFC 9136 §3.1)", nameof(route));
                r.Distinguisher.Write(d); r.Esi.Write(d[8..]); BinaryPrimitives.WriteUInt32BigEndian(d[18..], r.EthernetTag);
                d[22] = r.PrefixLength;
                WriteAddress(d[23..], r.Prefix); WriteAddress(d[(23 + a)..], r.Gateway); WriteLabel(d[(23 + 2 * a)..], r.Label);
                break;
            }
            case SelectiveMulticastRoute r:
            {
                r.Distinguisher.Write(d); BinaryPrimitives.WriteUInt32BigEndian(d[8..], r.EthernetTag);
                int p = WriteMulticastTriple(d[12..], r.Source, r.Group, r.OriginatorIp) + 12;
                d[p] = (byte)r.Flags;
                break;
            }
            case MulticastMembershipReportSynchRoute r:
            {
                r.Distinguisher.Write(d); r.Esi.Write(d[8..]); BinaryPrimitives.WriteUInt32BigEndian(d[18..], r.EthernetTag);
                int p = WriteMulticastTriple(d[22..], r.Source, r.Group, r.OriginatorIp) + 22;
                d[p] = (byte)r.Flags;
                break;
            }
            case MulticastLeaveSynchRoute r:
            {
                r.Distinguisher.Write(d); r.Esi.Write(d[8..]); BinaryPrimitives.WriteUInt32BigEndian(d[18..], r.EthernetTag);
                int p = WriteMulticastTriple(d[22..], r.Source, r.Group, r.OriginatorIp) + 22;
                BinaryPrimitives.WriteUInt32BigEndian(d[p..], r.Reserved);
                d[p + 4] = r.MaxResponseTime;
                d[p + 5] = (byte)r.Flags;
                break;
            }
            case UnknownEvpnRoute r:
                r.Value.CopyTo(d);
                break;
            default:
                throw new ArgumentException($"unsupported EVPN route model {route.GetType().Name}", nameof(route));
        }
        return 2 + len;
    }

    private static int GetValueLength(EvpnRoute route) => route switch
    {
        EthernetAutoDiscoveryRoute => 25,
        MacIpAdvertisementRoute r => 33 + OptionalAddressLength(r.Ip) + (r.Label2 is null ? 0 : 3),
        InclusiveMulticastRoute r => 13 + AddressLength(r.OriginatorIp),
        EthernetSegmentRoute r => 19 + AddressLength(r.OriginatorIp),
        IpPrefixRoute r => 26 + 2 * AddressLength(r.Prefix),
        SelectiveMulticastRoute r => 12 + MulticastTripleLength(r.Source, r.Group, r.OriginatorIp) + 1,
        MulticastMembershipReportSynchRoute r => 22 + MulticastTripleLength(r.Source, r.Group, r.OriginatorIp) + 1,
        MulticastLeaveSynchRoute r => 22 + MulticastTripleLength(r.Source, r.Group, r.OriginatorIp) + 6,
        UnknownEvpnRoute r => r.Value.Length,
        _ => throw new ArgumentException($"unsupported EVPN route model {route.GetType().Name}", nameof(route)),
    };

    // --- readers; each returns null on success or the reason the entry is malformed ---

    private static string? ReadType1(ReadOnlySpan<byte> v, out EvpnRoute route)
    {
        route = null!;
        if (v.Length != 25) return $"type-1 length {v.Length}, expected 25 (RFC 7432 §7.1)";
        route = new EthernetAutoDiscoveryRoute(RouteDistinguisher.Read(v), EthernetSegmentId.Read(v[8..]), BinaryPrimitives.ReadUInt32BigEndian(v[18..]), ReadLabel(v[22..]));
        return null;
    }

    private static string? ReadType2(ReadOnlySpan<byte> v, out EvpnRoute route)
    {
        route = null!;
        // RFC 7432 §7.2 / §9.2.1: 33 octets + IP (0/4/16) + optional Label2 (3); the IP length says which.
        if (v.Length < 33) return $"type-2 length {v.Length} shorter than 33 (RFC 7432 §7.2)";
        if (v[22] != 48) return $"type-2 MAC address length {v[22]} bits, expected 48";
        int ipBits = v[29];
        if (ipBits is not (0 or 32 or 128)) return $"type-2 IP address length {ipBits} bits, expected 0, 32 or 128";
        int ipLen = ipBits / 8;
        int baseLen = 33 + ipLen;
        if (v.Length != baseLen && v.Length != baseLen + 3) return $"type-2 length {v.Length} does not fit IP length {ipBits} (expected {baseLen} or {baseLen + 3})";
        IPAddress? ip = ipLen == 0 ? null : ReadAddress(v.Slice(30, ipLen));
        int p = 30 + ipLen;
        uint? label2 = v.Length == baseLen + 3 ? ReadLabel(v[(p + 3)..]) : null;
        route = new MacIpAdvertisementRoute(RouteDistinguisher.Read(v), EthernetSegmentId.Read(v[8..]), BinaryPrimitives.ReadUInt32BigEndian(v[18..]),
            MacAddress.Read(v[23..]), ip, ReadLabel(v[p..]), label2);
        return null;
    }

    private static string? ReadType3(ReadOnlySpan<byte> v, out EvpnRoute route)
    {
        route = null!;
        if (v.Length is not (17 or 29)) return $"type-3 length {v.Length}, expected 17 or 29 (RFC 7432 §7.3)";
        if (v[12] != (v.Length - 13) * 8) return $"type-3 originating router IP length {v[12]} bits does not match route length {v.Length}";
        route = new InclusiveMulticastRoute(RouteDistinguisher.Read(v), BinaryPrimitives.ReadUInt32BigEndian(v[8..]), ReadAddress(v[13..]));
        return null;
    }

    private static string? ReadType4(ReadOnlySpan<byte> v, out EvpnRoute route)
    {
        route = null!;
        if (v.Length is not (23 or 35)) return $"type-4 length {v.Length}, expected 23 or 35 (RFC 7432 §7.4)";
        if (v[18] != (v.Length - 19) * 8) return $"type-4 originating router IP length {v[18]} bits does not match route length {v.Length}";
        route = new EthernetSegmentRoute(RouteDistinguisher.Read(v), EthernetSegmentId.Read(v[8..]), ReadAddress(v[19..]));
        return null;
    }

    private static string? ReadType5(ReadOnlySpan<byte> v, out EvpnRoute route)
    {
        route = null!;
        // RFC 9136 §3.1: 34 octets for IPv4, 58 for IPv6; prefix and gateway share the family.
        if (v.Length is not (34 or 58)) return $"type-5 length {v.Length}, expected 34 or 58 (RFC 9136 §3.1)";
        int a = v.Length == 34 ? 4 : 16;
        if (v[22] > a * 8) return $"type-5 prefix length {v[22]} exceeds {a * 8}";
        route = new IpPrefixRoute(RouteDistinguisher.Read(v), EthernetSegmentId.Read(v[8..]), BinaryPrimitives.ReadUInt32BigEndian(v[18..]), v[22],
            ReadAddress(v.Slice(23, a)), ReadAddress(v.Slice(23 + a, a)), ReadLabel(v[(23 + 2 * a)..]));
        return null;
    }

    private static string? ReadType6(ReadOnlySpan<byte> v, out EvpnRoute route)
    {
        route = null!;
        if (v.Length < 12) return $"type-6 length {v.Length} too short (RFC 9251 §9.1)";
        var err = ReadMulticastTriple(v[12..], 1, out var s, out var g, out var o, out int used);
        if (err is not null) return "type-6 " + err;
        var f = v[(12 + used)..];
        route = new SelectiveMulticastRoute(RouteDistinguisher.Read(v), BinaryPrimitives.ReadUInt32BigEndian(v[8..]), s, g, o, (MulticastRouteFlags)f[0]);
        return null;
    }

    private static string? ReadType7(ReadOnlySpan<byte> v, out EvpnRoute route)
    {
        route = null!;
        if (v.Length < 22) return $"type-7 length {v.Length} too short (RFC 9251 §9.2)";
        var err = ReadMulticastTriple(v[22..], 1, out var s, out var g, out var o, out int used);
        if (err is not null) return "type-7 " + err;
        var f = v[(22 + used)..];
        route = new MulticastMembershipReportSynchRoute(RouteDistinguisher.Read(v), EthernetSegmentId.Read(v[8..]), BinaryPrimitives.ReadUInt32BigEndian(v[18..]), s, g, o, (MulticastRouteFlags)f[0]);
        return null;
    }

    private static string? ReadType8(ReadOnlySpan<byte> v, out EvpnRoute route)
    {
        route = null!;
        if (v.Length < 22) return $"type-8 length {v.Length} too short (RFC 9251 §9.3)";
        var err = ReadMulticastTriple(v[22..], 6, out var s, out var g, out var o, out int used);
        if (err is not null) return "type-8 " + err;
        var t = v[(22 + used)..];
        route = new MulticastLeaveSynchRoute(RouteDistinguisher.Read(v), EthernetSegmentId.Read(v[8..]), BinaryPrimitives.ReadUInt32BigEndian(v[18..]), s, g, o,
            BinaryPrimitives.ReadUInt32BigEndian(t), t[4], (MulticastRouteFlags)t[5]);
        return null;
    }

    private static string? ReadUnknown(byte type, ReadOnlySpan<byte> v, out EvpnRoute route)
    {
        route = new UnknownEvpnRoute(type, v.ToArray());
        return null;
    }

    /// <summary>
    /// Source (length-prefixed, may be empty), group and originator (length-prefixed, 32 or 128 bits), then exactly
    /// <paramref name="trailer"/> more octets must remain (RFC 9251 §9.1–9.3).
    /// </summary>
    private static string? ReadMulticastTriple(ReadOnlySpan<byte> v, int trailer, out IPAddress? source, out IPAddress group, out IPAddress originator, out int used)
    {
        source = null; group = null!; originator = null!; used = 0;
        int p = 0;
        if (v.Length < 1) return "truncated at source length";
        int sBits = v[p++];
        if (sBits is not (0 or 32 or 128)) return $"multicast source length {sBits} bits, expected 0, 32 or 128";
        if (v.Length < p + sBits / 8 + 1) return "truncated in source";
        if (sBits != 0) source = ReadAddress(v.Slice(p, sBits / 8));
        p += sBits / 8;
        int gBits = v[p++];
        if (gBits is not (32 or 128)) return $"multicast group length {gBits} bits, expected 32 or 128";
        if (v.Length < p + gBits / 8 + 1) return "truncated in group";
        group = ReadAddress(v.Slice(p, gBits / 8));
        p += gBits / 8;
        int oBits = v[p++];
        if (oBits is not (32 or 128)) return $"originator router length {oBits} bits, expected 32 or 128";
        if (v.Length != p + oBits / 8 + trailer) return $"{v.Length} octets after the fixed fields do not match the address lengths";
        originator = ReadAddress(v.Slice(p, oBits / 8));
        used = p + oBits / 8;
        return null;
    }

    private static int MulticastTripleLength(IPAddress? source, IPAddress group, IPAddress originator) =>
        3 + OptionalAddressLength(source) + AddressLength(group) + AddressLength(originator);

    private static int WriteMulticastTriple(Span<byte> d, IPAddress? source, IPAddress group, IPAddress originator)
    {
        int p = WritePrefixedAddress(d, source);
        p += WritePrefixedAddress(d[p..], group);
        p += WritePrefixedAddress(d[p..], originator);
        return p;
    }

    // --- shared field helpers ---

    /// <summary>24-bit label/VNI field; with VXLAN the whole field is the VNI (RFC 8365 §5.1.3).</summary>
    internal static uint ReadLabel(ReadOnlySpan<byte> s) => ((uint)s[0] << 16) | ((uint)s[1] << 8) | s[2];

    internal static void WriteLabel(Span<byte> d, uint label)
    {
        d[0] = (byte)(label >> 16); d[1] = (byte)(label >> 8); d[2] = (byte)label;
    }

    internal static IPAddress ReadAddress(ReadOnlySpan<byte> s) =>
        s.Length == 4 ? new IPAddress((long)BinaryPrimitives.ReadUInt32LittleEndian(s)) : new IPAddress(s);

    internal static int AddressLength(IPAddress ip) =>
        ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 4 : 16;

    private static int OptionalAddressLength(IPAddress? ip) => ip is null ? 0 : AddressLength(ip);

    internal static void WriteAddress(Span<byte> d, IPAddress ip)
    {
        if (!ip.TryWriteBytes(d, out _)) throw new ArgumentException($"cannot write address {ip}");
    }

    /// <summary>Length in bits (0, 32, 128) then the address octets; returns octets written.</summary>
    private static int WritePrefixedAddress(Span<byte> d, IPAddress? ip)
    {
        if (ip is null) { d[0] = 0; return 1; }
        int a = AddressLength(ip);
        d[0] = (byte)(a * 8);
        WriteAddress(d[1..], ip);
        return 1 + a;
    }
}
