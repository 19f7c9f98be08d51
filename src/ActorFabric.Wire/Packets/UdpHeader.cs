using System.Buffers.Binary;

namespace ActorFabric.Wire.Packets;

/// <summary>A UDP header (RFC 768). Checksums are over the IPv4 or IPv6 pseudo-header plus the segment.</summary>
public readonly record struct UdpHeader(ushort SourcePort, ushort DestinationPort, ushort Length, ushort Checksum = 0)
{
    public const int HeaderLength = 8;

    /// <summary>Writes the header fields as given (see <see cref="WriteChecksum(Span{byte}, Ipv4Address, Ipv4Address)"/>).</summary>
    public int Write(Span<byte> destination)
    {
        _ = destination[HeaderLength - 1];
        BinaryPrimitives.WriteUInt16BigEndian(destination, SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], DestinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], Length);
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], Checksum);
        return HeaderLength;
    }

    /// <summary>Reads the header; the payload is bounded by the UDP length field.</summary>
    public static PacketError TryRead(ReadOnlySpan<byte> segment, out UdpHeader header, out ReadOnlySpan<byte> payload)
    {
        header = default;
        payload = default;
        if (segment.Length < HeaderLength) return PacketError.Truncated;
        header = new UdpHeader(
            BinaryPrimitives.ReadUInt16BigEndian(segment),
            BinaryPrimitives.ReadUInt16BigEndian(segment[2..]),
            BinaryPrimitives.ReadUInt16BigEndian(segment[4..]),
            BinaryPrimitives.ReadUInt16BigEndian(segment[6..]));
        if (header.Length < HeaderLength) return PacketError.InvalidLength;
        if (header.Length > segment.Length) return PacketError.Truncated;
        payload = segment[HeaderLength..header.Length];
        return PacketError.None;
    }

    /// <summary>
    /// Computes and stores the checksum of a complete segment (header + data, length field already
    /// set) over the IPv4 pseudo-header. A computed 0 is sent as 0xFFFF (RFC 768 "Fields").
    /// </summary>
    public static void WriteChecksum(Span<byte> segment, Ipv4Address source, Ipv4Address destination) =>
        StoreChecksum(segment, InternetChecksum.Ipv4PseudoHeader(source, destination, IpProtocol.Udp, segment.Length));

    /// <summary>As the IPv4 overload, over the IPv6 pseudo-header (RFC 8200 §8.1).</summary>
    public static void WriteChecksum(Span<byte> segment, Ipv6Address source, Ipv6Address destination) =>
        StoreChecksum(segment, InternetChecksum.Ipv6PseudoHeader(source, destination, IpProtocol.Udp, segment.Length));

    /// <summary>
    /// Verifies a segment's checksum over the IPv4 pseudo-header. A zero field means "no checksum"
    /// and is accepted over IPv4 (RFC 768; RFC 7348 §5 for VXLAN).
    /// </summary>
    public static PacketError VerifyChecksum(ReadOnlySpan<byte> segment, Ipv4Address source, Ipv4Address destination)
    {
        if (segment.Length < HeaderLength) return PacketError.Truncated;
        if (BinaryPrimitives.ReadUInt16BigEndian(segment[6..]) == 0) return PacketError.None;
        ulong sum = InternetChecksum.Ipv4PseudoHeader(source, destination, IpProtocol.Udp, segment.Length);
        return InternetChecksum.Finish(InternetChecksum.Add(sum, segment)) == 0 ? PacketError.None : PacketError.BadChecksum;
    }

    /// <summary>Verifies over the IPv6 pseudo-header; zero is not "no checksum" there (RFC 8200 §8.1).</summary>
    public static PacketError VerifyChecksum(ReadOnlySpan<byte> segment, Ipv6Address source, Ipv6Address destination)
    {
        if (segment.Length < HeaderLength) return PacketError.Truncated;
        ulong sum = InternetChecksum.Ipv6PseudoHeader(source, destination, IpProtocol.Udp, segment.Length);
        return InternetChecksum.Finish(InternetChecksum.Add(sum, segment)) == 0 ? PacketError.None : PacketError.BadChecksum;
    }

    private static void StoreChecksum(Span<byte> segment, ulong pseudoHeader)
    {
        segment[6] = 0;
        segment[7] = 0;
        ushort checksum = InternetChecksum.Finish(InternetChecksum.Add(pseudoHeader, segment));
        BinaryPrimitives.WriteUInt16BigEndian(segment[6..], checksum == 0 ? (ushort)0xFFFF : checksum);
    }
}
