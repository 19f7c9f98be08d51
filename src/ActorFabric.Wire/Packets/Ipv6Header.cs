using System.Buffers.Binary;

namespace ActorFabric.Wire.Packets;

/// <summary>The 40-octet IPv6 fixed header (RFC 8200 §3). Extension headers are the payload's business.</summary>
public readonly record struct Ipv6Header(
    Ipv6Address Source,
    Ipv6Address Destination,
    IpProtocol NextHeader,
    ushort PayloadLength,
    byte HopLimit = 64,
    byte TrafficClass = 0,
    uint FlowLabel = 0)
{
    public const int Length = 40;

    public int Write(Span<byte> destination)
    {
        _ = destination[Length - 1];
        uint first = (6u << 28) | ((uint)TrafficClass << 20) | (FlowLabel & 0xF_FFFF);
        BinaryPrimitives.WriteUInt32BigEndian(destination, first);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], PayloadLength);
        destination[6] = (byte)NextHeader;
        destination[7] = HopLimit;
        Source.Write(destination[8..]);
        Destination.Write(destination[24..]);
        return Length;
    }

    /// <summary>
    /// Decrements the Hop Limit in place, as every forwarding node does (RFC 8200 §3; IPv6 has no header checksum to
    /// patch). Returns <see cref="PacketError.TtlExpired"/> and leaves the header untouched when the Hop Limit is ≤ 1,
    /// <see cref="PacketError.UnsupportedVersion"/> when it is no IPv6 header.
    /// </summary>
    public static PacketError TryDecrementHopLimit(Span<byte> header)
    {
        if (header.Length < Length) return PacketError.Truncated;
        if (header[0] >> 4 != 6) return PacketError.UnsupportedVersion;
        if (header[7] <= 1) return PacketError.TtlExpired;
        header[7]--;
        return PacketError.None;
    }

    public static PacketError TryRead(ReadOnlySpan<byte> packet, out Ipv6Header header)
    {
        header = default;
        if (packet.Length < Length) return PacketError.Truncated;
        uint first = BinaryPrimitives.ReadUInt32BigEndian(packet);
        if (first >> 28 != 6) return PacketError.UnsupportedVersion;
        ushort payloadLength = BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
        if (Length + payloadLength > packet.Length) return PacketError.Truncated;
        header = new Ipv6Header(
            Ipv6Address.Read(packet[8..]), Ipv6Address.Read(packet[24..]), (IpProtocol)packet[6], payloadLength,
            packet[7], (byte)(first >> 20), first & 0xF_FFFF);
        return PacketError.None;
    }

    public static PacketError TryRead(ReadOnlySpan<byte> packet, out Ipv6Header header, out ReadOnlySpan<byte> payload)
    {
        var error = TryRead(packet, out header);
        payload = error == PacketError.None ? packet.Slice(Length, header.PayloadLength) : default;
        return error;
    }
}
