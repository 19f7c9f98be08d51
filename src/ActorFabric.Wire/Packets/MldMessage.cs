using System.Buffers.Binary;

namespace ActorFabric.Wire.Packets;

/// <summary>
/// A 24-octet MLDv1 message (RFC 2710 §3): type, code 0, checksum, Maximum Response Delay
/// (milliseconds, meaningful in queries only), reserved, multicast address. A query of 28 octets or
/// more is MLDv2 (RFC 3810 §8.1): it reads as a query with <see cref="IsV2Query"/> set; read it
/// fully with <see cref="Mldv2Query"/>.
/// </summary>
public readonly record struct MldMessage(MldType Type, Ipv6Address Group, ushort MaxResponseDelay = 0, bool IsV2Query = false)
{
    public const int Length = 24;

    /// <summary>Writes the message and its ICMPv6 checksum over the given IPv6 addresses.</summary>
    public int Write(Span<byte> destination, Ipv6Address source, Ipv6Address ipDestination)
    {
        var message = destination[..Length];
        message[0] = (byte)Type;
        message[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(message[4..], MaxResponseDelay);
        message[6] = 0;
        message[7] = 0;
        Group.Write(message[8..]);
        MldPacket.WriteChecksum(message, source, ipDestination);
        return Length;
    }

    /// <summary>Reads a v1 query/report/done or the common part of a v2 query (checksum: see <see cref="MldPacket.TryRead"/>).</summary>
    public static PacketError TryRead(ReadOnlySpan<byte> message, out MldMessage mld)
    {
        mld = default;
        if (message.Length < Length) return PacketError.Truncated;
        var type = (MldType)message[0];
        if (type is not (MldType.Query or MldType.V1Report or MldType.V1Done)) return PacketError.UnsupportedMessageType;
        bool v2Query = type == MldType.Query && message.Length >= Mldv2Query.HeaderLength;
        mld = new MldMessage(type, Ipv6Address.Read(message[8..]), BinaryPrimitives.ReadUInt16BigEndian(message[4..]), v2Query);
        return PacketError.None;
    }
}
