using System.Buffers.Binary;

namespace ActorFabric.Wire.Bgp;

/// <summary>
/// Framing and decoding of received BGP messages. Nothing here throws on any input: every problem becomes the
/// action the RFCs prescribe (RFC 4271 §6 header/OPEN/UPDATE errors, RFC 7606 revised UPDATE handling).
/// </summary>
public static class BgpMessageReader
{
    private static readonly byte[] SupportedVersion = [0, 4];

    /// <summary>
    /// Checks the header at the start of a receive buffer (RFC 4271 §6.1). True: a whole message of
    /// <paramref name="messageLength"/> octets is at the front. False with <paramref name="headerError"/> null:
    /// more bytes are needed. False with an error: the header is malformed and the session must be reset with it.
    /// </summary>
    public static bool TryReadFrame(ReadOnlySpan<byte> buffer, int maxMessageLength, out int messageLength, out BgpDecodeError? headerError)
    {
        messageLength = 0;
        headerError = HeaderError(buffer, maxMessageLength, out int length);
        if (headerError is not null || length == 0) return false;
        if (buffer.Length < length) return false;
        messageLength = length;
        return true;
    }

    /// <summary>Header checks; length 0 with no error means the header is not complete yet.</summary>
    private static BgpDecodeError? HeaderError(ReadOnlySpan<byte> b, int maxMessageLength, out int length)
    {
        length = 0;
        int markerBytes = Math.Min(b.Length, BgpConstants.MarkerLength);
        if (b[..markerBytes].ContainsAnyExcept((byte)0xFF))
            return BgpDecodeError.Reset(BgpErrorCodes.MessageHeaderError, BgpErrorCodes.ConnectionNotSynchronized, "marker is not all ones (RFC 4271 §6.1)");
        if (b.Length < BgpConstants.HeaderLength) return null;
        int len = BinaryPrimitives.ReadUInt16BigEndian(b[16..]);
        byte type = b[18];
        // RFC 4271 §6.1: too short, too long, or too short/long for the type → Bad Message Length with the length as data.
        // OPEN and KEEPALIVE never exceed 4096 even with Extended Message (RFC 8654 §3).
        int max = type is (byte)BgpMessageType.Open or (byte)BgpMessageType.Keepalive ? Math.Min(maxMessageLength, BgpConstants.MaxMessageLength) : maxMessageLength;
        bool bad = len < BgpConstants.HeaderLength || len > max || type switch
        {
            (byte)BgpMessageType.Open => len < 29,
            (byte)BgpMessageType.Update => len < 23,
            (byte)BgpMessageType.Notification => len < 21,
            (byte)BgpMessageType.Keepalive => len != 19,
            (byte)BgpMessageType.RouteRefresh => len < 23,
            _ => false,
        };
        if (bad) return BgpDecodeError.Reset(BgpErrorCodes.MessageHeaderError, BgpErrorCodes.BadMessageLength, $"bad length {len} for message type {type} (RFC 4271 §6.1)", [b[16], b[17]]);
        if (type is < 1 or > 5) return BgpDecodeError.Reset(BgpErrorCodes.MessageHeaderError, BgpErrorCodes.BadMessageType, $"unknown message type {type} (RFC 4271 §6.1)", [type]);
        length = len;
        return null;
    }

    /// <summary>Decodes one whole framed message (header included). Never throws.</summary>
    public static BgpDecodeResult Decode(ReadOnlySpan<byte> message, BgpCodecOptions options)
    {
        var headerError = HeaderError(message, options.MaxMessageLength, out int length);
        if (headerError is not null) return BgpDecodeResult.Failed(headerError);
        if (length == 0 || length != message.Length)
            return BgpDecodeResult.Reset(BgpErrorCodes.MessageHeaderError, BgpErrorCodes.BadMessageLength,
                message.Length >= 18 ? [message[16], message[17]] : [], $"header length {length} does not match the {message.Length} octets given");
        var body = message[BgpConstants.HeaderLength..];
        try
        {
            return (BgpMessageType)message[18] switch
            {
                BgpMessageType.Open => DecodeOpen(body),
                BgpMessageType.Update => DecodeUpdate(body, options),
                BgpMessageType.Notification => BgpDecodeResult.Ok(new NotificationMessage(body[0], body[1], body[2..].ToArray())),
                BgpMessageType.Keepalive => BgpDecodeResult.Ok(KeepaliveMessage.Instance),
                _ => DecodeRouteRefresh(message, body),
            };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A decoder bug must not take the process down; report it as the generic UPDATE/OPEN error of its type.
            byte code = message[18] == (byte)BgpMessageType.Open ? BgpErrorCodes.OpenMessageError : BgpErrorCodes.UpdateMessageError;
            return BgpDecodeResult.Reset(code, 0, [], "internal decode error: " + e.Message);
        }
    }

    private static BgpDecodeResult DecodeRouteRefresh(ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        // RFC 7313 §5: a ROUTE-REFRESH whose body is not 4 octets → 7/1 with the whole message as data.
        if (body.Length != 4)
            return BgpDecodeResult.Reset(BgpErrorCodes.RouteRefreshMessageError, BgpErrorCodes.InvalidMessageLength, message.ToArray(), $"ROUTE-REFRESH body of {body.Length} octets, expected 4");
        return BgpDecodeResult.Ok(new RouteRefreshMessage(BinaryPrimitives.ReadUInt16BigEndian(body), body[2], body[3]));
    }

    private static BgpDecodeResult DecodeOpen(ReadOnlySpan<byte> b)
    {
        // RFC 4271 §4.2, §6.2.
        byte version = b[0];
        if (version != 4)
            return BgpDecodeResult.Reset(BgpErrorCodes.OpenMessageError, BgpErrorCodes.UnsupportedVersionNumber, SupportedVersion, $"BGP version {version}, we support 4");
        ushort myAs = BinaryPrimitives.ReadUInt16BigEndian(b[1..]);
        ushort hold = BinaryPrimitives.ReadUInt16BigEndian(b[3..]);
        uint id = BinaryPrimitives.ReadUInt32BigEndian(b[5..]);
        int optLen = b[9];
        var rest = b[10..];
        bool extended = false;
        // RFC 9072: Opt Parm Len 255 with a first parameter type of 255 means 2-octet lengths follow.
        if (optLen == 255 && rest.Length >= 3 && rest[0] == 255)
        {
            extended = true;
            optLen = BinaryPrimitives.ReadUInt16BigEndian(rest[1..]);
            rest = rest[3..];
        }
        if (optLen != rest.Length)
            return BgpDecodeResult.Reset(BgpErrorCodes.OpenMessageError, 0, [], $"optional parameters length {optLen} does not match the {rest.Length} octets left (RFC 4271 §6.2)");
        if (hold is 1 or 2)
            return BgpDecodeResult.Reset(BgpErrorCodes.OpenMessageError, BgpErrorCodes.UnacceptableHoldTime, [], $"hold time {hold} s (must be 0 or at least 3, RFC 4271 §6.2)");
        if (id == 0)
            return BgpDecodeResult.Reset(BgpErrorCodes.OpenMessageError, BgpErrorCodes.BadBgpIdentifier, [], "BGP identifier 0 (RFC 4271 §6.2)");
        var caps = new List<Capability>();
        int hdr = extended ? 3 : 2;
        for (int p = 0; p < rest.Length;)
        {
            if (rest.Length - p < hdr)
                return BgpDecodeResult.Reset(BgpErrorCodes.OpenMessageError, 0, [], "optional parameter header truncated");
            byte type = rest[p];
            int len = extended ? BinaryPrimitives.ReadUInt16BigEndian(rest[(p + 1)..]) : rest[p + 1];
            if (rest.Length - p - hdr < len)
                return BgpDecodeResult.Reset(BgpErrorCodes.OpenMessageError, 0, [], $"optional parameter {type} length {len} overruns the OPEN");
            var value = rest.Slice(p + hdr, len);
            p += hdr + len;
            if (type != 2)
                return BgpDecodeResult.Reset(BgpErrorCodes.OpenMessageError, BgpErrorCodes.UnsupportedOptionalParameter, [], $"optional parameter type {type} not supported (RFC 4271 §6.2; only capabilities, RFC 5492)");
            if (!CapabilityCodec.TryReadList(value, caps, out var err))
                return BgpDecodeResult.Failed(err!);
        }
        return BgpDecodeResult.Ok(new OpenMessage(version, myAs, hold, id, caps.ToArray()));
    }

    /// <summary>
    /// Decodes an UPDATE body given without its 19-octet header (RFC 4271 §4.3: withdrawn routes length onwards), e.g.
    /// as printed by a tool that strips the header. Never throws.
    /// </summary>
    public static BgpDecodeResult DecodeUpdateBody(ReadOnlySpan<byte> body, BgpCodecOptions options)
    {
        if (body.Length < 4)
            return BgpDecodeResult.Reset(BgpErrorCodes.MessageHeaderError, BgpErrorCodes.BadMessageLength, [], $"an UPDATE body has at least 4 octets, got {body.Length}");
        try { return DecodeUpdate(body, options); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return BgpDecodeResult.Reset(BgpErrorCodes.UpdateMessageError, 0, [], "internal decode error: " + e.Message);
        }
    }

    private static BgpDecodeResult DecodeUpdate(ReadOnlySpan<byte> b, BgpCodecOptions options)
    {
        // RFC 4271 §4.3 / §6.3: field lengths that cannot fit the message → Malformed Attribute List.
        int wlen = BinaryPrimitives.ReadUInt16BigEndian(b);
        if (2 + wlen + 2 > b.Length)
            return BgpDecodeResult.Reset(BgpErrorCodes.UpdateMessageError, BgpErrorCodes.MalformedAttributeList, [], $"withdrawn routes length {wlen} overruns the UPDATE");
        var withdrawn = b.Slice(2, wlen);
        int alen = BinaryPrimitives.ReadUInt16BigEndian(b[(2 + wlen)..]);
        if (4 + wlen + alen > b.Length)
            return BgpDecodeResult.Reset(BgpErrorCodes.UpdateMessageError, BgpErrorCodes.MalformedAttributeList, [], $"total path attribute length {alen} overruns the UPDATE");
        var attrs = b.Slice(4 + wlen, alen);
        var nlri = b[(4 + wlen + alen)..];
        // RFC 4271 §6.3 / RFC 7606 §5.3: an IPv4 prefix field that cannot be parsed leaves nothing to withdraw safely.
        if (!Ipv4PrefixesValid(withdrawn) || !Ipv4PrefixesValid(nlri))
            return BgpDecodeResult.Reset(BgpErrorCodes.UpdateMessageError, BgpErrorCodes.InvalidNetworkField, [], "IPv4 withdrawn routes or NLRI field is malformed");

        var outcome = new UpdateErrorOutcome();
        var block = PathAttributeCodec.Decode(attrs, options, outcome);
        if (outcome.IsReset) return new BgpDecodeResult(null, outcome.Errors);

        var a = block.Attributes;
        bool announces = block.MpReach is not null || nlri.Length > 0;
        if (announces)
        {
            // RFC 7606 §3 d: a missing well-known mandatory attribute is treat-as-withdraw (RFC 4760 §3 for MP_REACH).
            if (a.Origin is null) outcome.Add(Missing("missing ORIGIN: treat-as-withdraw (RFC 7606 §3 d)"));
            if (a.AsPath is null) outcome.Add(Missing("missing AS_PATH: treat-as-withdraw (RFC 7606 §3 d)"));
            if (nlri.Length > 0 && a.NextHop is null) outcome.Add(Missing("missing NEXT_HOP for IPv4 NLRI: treat-as-withdraw (RFC 7606 §3 d)"));
            if (!options.ExternalPeer && a.LocalPref is null) outcome.Add(Missing("missing LOCAL_PREF from an internal peer: treat-as-withdraw (RFC 7606 §3 d)"));
        }
        var update = new UpdateMessage
        {
            WithdrawnIpv4 = withdrawn.Length == 0 ? [] : withdrawn.ToArray(),
            Attributes = a,
            MpReach = block.MpReach,
            MpUnreach = block.MpUnreach,
            NlriIpv4 = nlri.Length == 0 ? [] : nlri.ToArray(),
        };
        return new BgpDecodeResult(update, outcome.Errors);
    }

    private static BgpDecodeError Missing(string why) => BgpDecodeError.Update(BgpErrorCodes.MissingWellKnownAttribute, BgpErrorAction.TreatAsWithdraw, why);

    private static bool Ipv4PrefixesValid(ReadOnlySpan<byte> field)
    {
        for (int p = 0; p < field.Length;)
        {
            int bits = field[p];
            if (bits > 32) return false;
            p += 1 + (bits + 7) / 8;
            if (p > field.Length) return false;
        }
        return true;
    }
}
