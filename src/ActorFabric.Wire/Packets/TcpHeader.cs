using System.Buffers.Binary;

namespace ActorFabric.Wire.Packets;

/// <summary>
/// A TCP header (RFC 9293 §3.1). Options are skipped on read (<see cref="HeaderLength"/> says where the data
/// begins) and never written: a written header is always <see cref="MinimumLength"/> octets. Checksums are over
/// the IPv4 pseudo-header plus the whole segment, as for UDP.
/// </summary>
public readonly record struct TcpHeader(
    ushort SourcePort,
    ushort DestinationPort,
    uint Sequence,
    uint Acknowledgment,
    TcpFlags Flags,
    ushort Window,
    ushort Checksum = 0,
    ushort UrgentPointer = 0)
{
    public const int MinimumLength = 20;

    /// <summary>Data offset in octets as read (20 plus options); <see cref="MinimumLength"/> for a header built in code.</summary>
    public int HeaderLength { get; init; } = MinimumLength;

    public bool Has(TcpFlags flags) => (Flags & flags) == flags;

    /// <summary>
    /// Writes the header without options. The acknowledgment field is written only with ACK set (RFC 9293 §3.1:
    /// it carries a value only then), zero otherwise. See <see cref="WriteChecksum"/> for the checksum.
    /// </summary>
    public int Write(Span<byte> destination)
    {
        _ = destination[MinimumLength - 1];
        BinaryPrimitives.WriteUInt16BigEndian(destination, SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], DestinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Sequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], (Flags & TcpFlags.Ack) != 0 ? Acknowledgment : 0);
        destination[12] = (MinimumLength / 4) << 4;
        destination[13] = (byte)Flags;
        BinaryPrimitives.WriteUInt16BigEndian(destination[14..], Window);
        BinaryPrimitives.WriteUInt16BigEndian(destination[16..], Checksum);
        BinaryPrimitives.WriteUInt16BigEndian(destination[18..], UrgentPointer);
        return MinimumLength;
    }

    /// <summary>Reads the header of a segment (an IP payload); the data is what follows the data offset.</summary>
    public static PacketError TryRead(ReadOnlySpan<byte> segment, out TcpHeader header, out ReadOnlySpan<byte> payload)
    {
        header = default;
        payload = default;
        if (segment.Length < MinimumLength) return PacketError.Truncated;
        int dataOffset = (segment[12] >> 4) * 4;
        if (dataOffset < MinimumLength) return PacketError.InvalidHeaderLength;
        if (dataOffset > segment.Length) return PacketError.Truncated;
        header = new TcpHeader(
            BinaryPrimitives.ReadUInt16BigEndian(segment),
            BinaryPrimitives.ReadUInt16BigEndian(segment[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(segment[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(segment[8..]),
            (TcpFlags)segment[13],
            BinaryPrimitives.ReadUInt16BigEndian(segment[14..]),
            BinaryPrimitives.ReadUInt16BigEndian(segment[16..]),
            BinaryPrimitives.ReadUInt16BigEndian(segment[18..])) { HeaderLength = dataOffset };
        payload = segment[dataOffset..];
        return PacketError.None;
    }

    /// <summary>Computes and stores the checksum of a complete segment (header + data) over the IPv4 pseudo-header (RFC 9293 §3.1).</summary>
    public static void WriteChecksum(Span<byte> segment, Ipv4Address source, Ipv4Address destination)
    {
        segment[16] = 0;
        segment[17] = 0;
        ulong sum = InternetChecksum.Ipv4PseudoHeader(source, destination, IpProtocol.Tcp, segment.Length);
        BinaryPrimitives.WriteUInt16BigEndian(segment[16..], InternetChecksum.Finish(InternetChecksum.Add(sum, segment)));
    }

    /// <summary>Verifies a segment's checksum over the IPv4 pseudo-header; unlike UDP, zero is not "no checksum".</summary>
    public static PacketError VerifyChecksum(ReadOnlySpan<byte> segment, Ipv4Address source, Ipv4Address destination)
    {
        if (segment.Length < MinimumLength) return PacketError.Truncated;
        ulong sum = InternetChecksum.Ipv4PseudoHeader(source, destination, IpProtocol.Tcp, segment.Length);
        return InternetChecksum.Finish(InternetChecksum.Add(sum, segment)) == 0 ? PacketError.None : PacketError.BadChecksum;
    }

    /// <summary>
    /// Builds a complete IPv4 packet carrying this header (checksum computed) and <paramref name="payload"/>.
    /// The IPv4 header is the one an emulated control plane sends: TTL 64, DF, DSCP CS6 (network control).
    /// </summary>
    public byte[] ToIpv4Packet(Ipv4Address source, Ipv4Address destination, ReadOnlySpan<byte> payload, ushort identification)
    {
        int tcpLength = MinimumLength + payload.Length;
        var ip = Ipv4Header.Create(source, destination, IpProtocol.Tcp, tcpLength,
            ttl: 64, dontFragment: true, identification: identification, typeOfService: 0xC0);
        var packet = new byte[ip.WriteLength + tcpLength];
        int offset = ip.Write(packet);
        var tcp = packet.AsSpan(offset);
        (this with { Checksum = 0 }).Write(tcp);
        payload.CopyTo(tcp[MinimumLength..]);
        WriteChecksum(tcp, source, destination);
        return packet;
    }
}
