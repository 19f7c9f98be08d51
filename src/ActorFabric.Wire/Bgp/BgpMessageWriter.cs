using System.Buffers;
using System.Buffers.Binary;

namespace ActorFabric.Wire.Bgp;

/// <summary>
/// Encodes BGP messages (RFC 4271 §4) for a session described by <see cref="BgpCodecOptions"/>. Throws
/// <see cref="ArgumentException"/> only for models the wire cannot carry (e.g. longer than the session's maximum).
/// </summary>
public static class BgpMessageWriter
{
    public static void Write(BgpMessage message, IBufferWriter<byte> output, BgpCodecOptions options)
    {
        int len = GetEncodedLength(message, options);
        var span = output.GetSpan(len);
        WriteTo(message, span[..len], options, len);
        output.Advance(len);
    }

    public static byte[] ToBytes(BgpMessage message, BgpCodecOptions options)
    {
        int len = GetEncodedLength(message, options);
        var bytes = new byte[len];
        WriteTo(message, bytes, options, len);
        return bytes;
    }

    /// <summary>Whole message length including the 19-octet header.</summary>
    public static int GetEncodedLength(BgpMessage message, BgpCodecOptions options) => BgpConstants.HeaderLength + message switch
    {
        OpenMessage o => 10 + OpenParametersLength(o),
        UpdateMessage u => UpdateBodyLength(u, options),
        NotificationMessage n => 2 + n.Data.Length,
        KeepaliveMessage => 0,
        RouteRefreshMessage => 4,
        _ => throw new ArgumentException($"unsupported message {message.GetType().Name}", nameof(message)),
    };

    /// <summary>Writes the message into <paramref name="d"/> (at least <see cref="GetEncodedLength"/> octets); returns its length.</summary>
    public static int WriteTo(BgpMessage message, Span<byte> d, BgpCodecOptions options) => WriteTo(message, d, options, GetEncodedLength(message, options));

    private static int WriteTo(BgpMessage message, Span<byte> d, BgpCodecOptions options, int len)
    {
        int max = message is OpenMessage or KeepaliveMessage ? BgpConstants.MaxMessageLength : options.MaxMessageLength;
        if (len > max) throw new ArgumentException($"{message.Type} of {len} octets exceeds the session maximum of {max}", nameof(message));
        WriteHeader(d, len, message.Type);
        var b = d[BgpConstants.HeaderLength..len];
        switch (message)
        {
            case OpenMessage o: WriteOpen(o, b); break;
            case UpdateMessage u: WriteUpdateBody(u, b, options); break;
            case NotificationMessage n: b[0] = n.Code; b[1] = n.Subcode; n.Data.CopyTo(b[2..]); break;
            case RouteRefreshMessage r: BinaryPrimitives.WriteUInt16BigEndian(b, r.Afi); b[2] = r.Subtype; b[3] = r.Safi; break;
        }
        return len;
    }

    internal static void WriteHeader(Span<byte> d, int length, BgpMessageType type)
    {
        d[..BgpConstants.MarkerLength].Fill(0xFF);
        BinaryPrimitives.WriteUInt16BigEndian(d[16..], (ushort)length);
        d[18] = (byte)type;
    }

    // ------------------------------------------------------------ OPEN

    /// <summary>Capabilities go in as few type-2 parameters as fit 255 octets each; RFC 9072 extended lengths only when needed.</summary>
    private static int OpenParametersLength(OpenMessage o)
    {
        int n = ParametersLength(o, extended: false);
        return n > 255 ? 3 + ParametersLength(o, extended: true) : n;
    }

    private static int ParametersLength(OpenMessage o, bool extended)
    {
        int hdr = extended ? 3 : 2;
        int n = 0, current = -1;
        foreach (var c in o.Capabilities)
        {
            int cl = 2 + CapabilityCodec.GetValueLength(c);
            if (current < 0 || current + cl > 255) { n += hdr; current = 0; }
            current += cl;
            n += cl;
        }
        foreach (var (_, value) in o.OtherParameters) n += hdr + value.Length;
        return n;
    }

    private static void WriteOpen(OpenMessage o, Span<byte> b)
    {
        b[0] = o.Version;
        BinaryPrimitives.WriteUInt16BigEndian(b[1..], o.MyAs);
        BinaryPrimitives.WriteUInt16BigEndian(b[3..], o.HoldTimeSeconds);
        BinaryPrimitives.WriteUInt32BigEndian(b[5..], o.BgpIdentifier);
        int plain = ParametersLength(o, extended: false);
        bool extended = plain > 255;
        int p = 10;
        if (extended)
        {
            b[9] = 255;
            b[10] = 255;
            BinaryPrimitives.WriteUInt16BigEndian(b[11..], (ushort)ParametersLength(o, extended: true));
            p = 13;
        }
        else b[9] = (byte)plain;
        int hdr = extended ? 3 : 2;
        int paramStart = -1, current = 0;
        foreach (var c in o.Capabilities)
        {
            int cl = 2 + CapabilityCodec.GetValueLength(c);
            if (paramStart < 0 || current + cl > 255)
            {
                if (paramStart >= 0) CloseParameter(b, paramStart, current, extended);
                paramStart = p; current = 0; p += hdr;
                b[paramStart] = 2;
            }
            p += CapabilityCodec.Write(c, b[p..]);
            current += cl;
        }
        if (paramStart >= 0) CloseParameter(b, paramStart, current, extended);
        foreach (var (type, value) in o.OtherParameters)
        {
            b[p] = type;
            if (extended) BinaryPrimitives.WriteUInt16BigEndian(b[(p + 1)..], (ushort)value.Length); else b[p + 1] = (byte)value.Length;
            value.CopyTo(b[(p + hdr)..]);
            p += hdr + value.Length;
        }

        static void CloseParameter(Span<byte> b, int start, int length, bool extended)
        {
            if (extended) BinaryPrimitives.WriteUInt16BigEndian(b[(start + 1)..], (ushort)length); else b[start + 1] = (byte)length;
        }
    }

    // ------------------------------------------------------------ UPDATE

    private static int UpdateAttributesLength(UpdateMessage u, BgpCodecOptions options) =>
        (u.MpUnreach is null ? 0 : PathAttributeCodec.GetMpUnreachLength(u.MpUnreach, options)) +
        (u.MpReach is null ? 0 : PathAttributeCodec.GetMpReachLength(u.MpReach, options)) +
        PathAttributeCodec.GetLength(u.Attributes, options);

    private static int UpdateBodyLength(UpdateMessage u, BgpCodecOptions options) =>
        4 + u.WithdrawnIpv4.Length + UpdateAttributesLength(u, options) + u.NlriIpv4.Length;

    private static void WriteUpdateBody(UpdateMessage u, Span<byte> b, BgpCodecOptions options)
    {
        BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)u.WithdrawnIpv4.Length);
        u.WithdrawnIpv4.CopyTo(b[2..]);
        int p = 2 + u.WithdrawnIpv4.Length;
        int alenAt = p;
        p += 2;
        int start = p;
        // RFC 7606 §5.1: MP_UNREACH / MP_REACH first so they can be found even if a later attribute is malformed.
        if (u.MpUnreach is not null) p += PathAttributeCodec.WriteMpUnreach(u.MpUnreach, b[p..], options);
        if (u.MpReach is not null) p += PathAttributeCodec.WriteMpReach(u.MpReach, b[p..], options);
        p += PathAttributeCodec.Write(u.Attributes, b[p..], options);
        BinaryPrimitives.WriteUInt16BigEndian(b[alenAt..], (ushort)(p - start));
        u.NlriIpv4.CopyTo(b[p..]);
    }
}
