using System.Buffers.Binary;

namespace ActorFabric.Wire.Packets;

/// <summary>
/// MLDv2 Query (RFC 3810 §5.1): type 130, code 0, checksum, Maximum Response Code (16 bits),
/// reserved, multicast address (:: for a general query), Resv|S|QRV, QQIC, number of sources,
/// sources. At least 28 octets, which is how it differs from an MLDv1 query (§8.1).
/// </summary>
public readonly record struct Mldv2Query(
    Ipv6Address Group,
    ushort MaxResponseCode = 10000,
    bool SuppressRouterProcessing = false,
    byte Robustness = 2,
    byte QueryIntervalCode = 125)
{
    public const int HeaderLength = 28;

    /// <summary>Maximum Response Code decoded (milliseconds, §5.1.3).</summary>
    public TimeSpan MaxResponseDelay => TimeSpan.FromMilliseconds(Igmpv3QueryCode.Decode(MaxResponseCode, Igmpv3QueryCode.MldResponseMantissaBits));

    /// <summary>QQIC decoded, in seconds (§5.1.9).</summary>
    public int QueryIntervalSeconds => Igmpv3QueryCode.Decode(QueryIntervalCode, Igmpv3QueryCode.ByteMantissaBits);

    public bool IsGeneral => Group == default;

    public static int GetLength(int sourceCount) => HeaderLength + Ipv6Address.Length * sourceCount;

    /// <summary>Writes the query and its ICMPv6 checksum over the given IPv6 addresses; returns its length.</summary>
    public int Write(Span<byte> destination, ReadOnlySpan<Ipv6Address> sources, Ipv6Address ipSource, Ipv6Address ipDestination)
    {
        var message = destination[..GetLength(sources.Length)];
        message[0] = (byte)MldType.Query;
        message[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(message[4..], MaxResponseCode);
        message[6] = 0;
        message[7] = 0;
        Group.Write(message[8..]);
        Igmpv3QueryCode.WriteQuerierFields(message[24..], SuppressRouterProcessing, Robustness, QueryIntervalCode, sources.Length);
        for (int i = 0; i < sources.Length; i++) sources[i].Write(message[(HeaderLength + Ipv6Address.Length * i)..]);
        MldPacket.WriteChecksum(message, ipSource, ipDestination);
        return message.Length;
    }

    /// <summary>Reads a v2 query (checksum: see <see cref="MldPacket.TryRead"/>); <paramref name="sources"/> holds 16 octets per source.</summary>
    public static PacketError TryRead(ReadOnlySpan<byte> message, out Mldv2Query query, out ReadOnlySpan<byte> sources)
    {
        query = default;
        sources = default;
        if (message.Length < HeaderLength) return PacketError.Truncated;
        if (message[0] != (byte)MldType.Query) return PacketError.UnsupportedMessageType;
        var error = Igmpv3QueryCode.ReadQuerierFields(message, 24, Ipv6Address.Length, out bool suppress, out byte robustness, out byte interval, out sources);
        if (error != PacketError.None) return error;
        query = new Mldv2Query(Ipv6Address.Read(message[8..]), BinaryPrimitives.ReadUInt16BigEndian(message[4..]), suppress, robustness, interval);
        return PacketError.None;
    }
}
