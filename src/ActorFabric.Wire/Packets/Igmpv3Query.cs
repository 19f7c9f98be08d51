using System.Buffers.Binary;

namespace ActorFabric.Wire.Packets;

/// <summary>
/// IGMPv3 Membership Query (RFC 3376 §4.1): type 0x11, Max Resp Code, checksum, group (0 for a
/// general query), Resv|S|QRV, QQIC, number of sources, sources. At least 12 octets, which is how
/// it differs from a v2 query (§7.1). Sent to 224.0.0.1 (general) or to the group (§4.1.12).
/// </summary>
public readonly record struct Igmpv3Query(
    Ipv4Address Group,
    byte MaxResponseCode = 100,
    bool SuppressRouterProcessing = false,
    byte Robustness = 2,
    byte QueryIntervalCode = 125)
{
    public const int HeaderLength = 12;

    /// <summary>Max Resp Code decoded (units of 1/10 s, §4.1.1).</summary>
    public TimeSpan MaxResponseTime => TimeSpan.FromMilliseconds(100 * Igmpv3QueryCode.Decode(MaxResponseCode, Igmpv3QueryCode.ByteMantissaBits));

    /// <summary>QQIC decoded, in seconds (§4.1.7).</summary>
    public int QueryIntervalSeconds => Igmpv3QueryCode.Decode(QueryIntervalCode, Igmpv3QueryCode.ByteMantissaBits);

    public static int GetLength(int sourceCount) => HeaderLength + 4 * sourceCount;

    /// <summary>Writes the query with its checksum; returns its length.</summary>
    public int Write(Span<byte> destination, ReadOnlySpan<Ipv4Address> sources)
    {
        var message = destination[..GetLength(sources.Length)];
        message[0] = (byte)IgmpType.MembershipQuery;
        message[1] = MaxResponseCode;
        message[2] = 0;
        message[3] = 0;
        Group.Write(message[4..]);
        Igmpv3QueryCode.WriteQuerierFields(message[8..], SuppressRouterProcessing, Robustness, QueryIntervalCode, sources.Length);
        for (int i = 0; i < sources.Length; i++) sources[i].Write(message[(HeaderLength + 4 * i)..]);
        BinaryPrimitives.WriteUInt16BigEndian(message[2..], InternetChecksum.Compute(message));
        return message.Length;
    }

    /// <summary>Reads a v3 query (the whole IP payload) and verifies its checksum; <paramref name="sources"/> holds 4 octets per source.</summary>
    public static PacketError TryRead(ReadOnlySpan<byte> message, out Igmpv3Query query, out ReadOnlySpan<byte> sources)
    {
        query = default;
        sources = default;
        if (message.Length < HeaderLength) return PacketError.Truncated;
        if (message[0] != (byte)IgmpType.MembershipQuery) return PacketError.UnsupportedMessageType;
        var error = Igmpv3QueryCode.ReadQuerierFields(message, 8, Ipv4Address.Length, out bool suppress, out byte robustness, out byte interval, out sources);
        if (error != PacketError.None) return error;
        if (!InternetChecksum.Verify(message)) return PacketError.BadChecksum;
        query = new Igmpv3Query(Ipv4Address.Read(message[4..]), message[1], suppress, robustness, interval);
        return PacketError.None;
    }
}
