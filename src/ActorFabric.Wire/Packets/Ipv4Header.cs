using System.Buffers.Binary;

namespace ActorFabric.Wire.Packets;

/// <summary>
/// An IPv4 header (RFC 791 §3.1). Options are skipped on read (only the Router Alert option is
/// recognised) and on write only Router Alert can be added (IGMP needs it, RFC 2236 §2).
/// The header checksum is computed on write and verified on read.
/// </summary>
public readonly record struct Ipv4Header
{
    public const int MinimumLength = 20;
    /// <summary>Router Alert option (RFC 2113 §2.1): type 148, length 4, value 0.</summary>
    private const uint RouterAlertOption = 0x9404_0000;
    private const ushort DontFragmentBit = 0x4000;
    private const ushort MoreFragmentsBit = 0x2000;

    public Ipv4Address Source { get; init; }
    public Ipv4Address Destination { get; init; }
    public IpProtocol Protocol { get; init; }
    public byte Ttl { get; init; }
    /// <summary>Header plus payload, in octets.</summary>
    public ushort TotalLength { get; init; }
    public ushort Identification { get; init; }
    /// <summary>DSCP (upper 6 bits) and ECN (lower 2 bits).</summary>
    public byte TypeOfService { get; init; }
    public bool DontFragment { get; init; }
    public bool MoreFragments { get; init; }
    /// <summary>In 8-octet units.</summary>
    public ushort FragmentOffset { get; init; }
    public bool RouterAlert { get; init; }
    /// <summary>Checksum as read; ignored (recomputed) on write.</summary>
    public ushort Checksum { get; init; }
    /// <summary>IHL × 4 as read. On write it is derived from <see cref="RouterAlert"/>.</summary>
    public int HeaderLength { get; init; }

    public byte Dscp => (byte)(TypeOfService >> 2);
    public bool IsFragment => MoreFragments || FragmentOffset != 0;

    /// <summary>Length this header occupies when written.</summary>
    public int WriteLength => RouterAlert ? MinimumLength + 4 : MinimumLength;

    /// <summary>A header for an unfragmented datagram carrying <paramref name="payloadLength"/> octets.</summary>
    public static Ipv4Header Create(
        Ipv4Address source, Ipv4Address destination, IpProtocol protocol, int payloadLength,
        byte ttl = 64, bool dontFragment = false, ushort identification = 0, bool routerAlert = false, byte typeOfService = 0)
    {
        int headerLength = routerAlert ? MinimumLength + 4 : MinimumLength;
        if (payloadLength < 0 || payloadLength + headerLength > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(payloadLength));
        return new Ipv4Header
        {
            Source = source, Destination = destination, Protocol = protocol, Ttl = ttl,
            TotalLength = (ushort)(payloadLength + headerLength), Identification = identification,
            DontFragment = dontFragment, RouterAlert = routerAlert, TypeOfService = typeOfService,
            HeaderLength = headerLength,
        };
    }

    /// <summary>Writes the header with a freshly computed checksum; returns its length.</summary>
    public int Write(Span<byte> destination)
    {
        int length = WriteLength;
        var header = destination[..length];
        header[0] = (byte)(0x40 | (length >> 2));
        header[1] = TypeOfService;
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], TotalLength);
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], Identification);
        ushort flags = (ushort)((DontFragment ? DontFragmentBit : 0) | (MoreFragments ? MoreFragmentsBit : 0) | (FragmentOffset & 0x1FFF));
        BinaryPrimitives.WriteUInt16BigEndian(header[6..], flags);
        header[8] = Ttl;
        header[9] = (byte)Protocol;
        header[10] = 0;
        header[11] = 0;
        Source.Write(header[12..]);
        Destination.Write(header[16..]);
        if (RouterAlert) BinaryPrimitives.WriteUInt32BigEndian(header[20..], RouterAlertOption);
        BinaryPrimitives.WriteUInt16BigEndian(header[10..], InternetChecksum.Compute(header));
        return length;
    }

    /// <summary>
    /// Reads and validates a header: version 4, IHL ≥ 5, total length within the buffer, and the
    /// header checksum (RFC 791 §3.1). On <see cref="PacketError.BadChecksum"/> the header is still filled in.
    /// </summary>
    public static PacketError TryRead(ReadOnlySpan<byte> packet, out Ipv4Header header)
    {
        header = default;
        if (packet.Length < MinimumLength) return PacketError.Truncated;
        if (packet[0] >> 4 != 4) return PacketError.UnsupportedVersion;
        int headerLength = (packet[0] & 0xF) * 4;
        if (headerLength < MinimumLength) return PacketError.InvalidHeaderLength;
        if (headerLength > packet.Length) return PacketError.Truncated;
        ushort totalLength = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if (totalLength < headerLength) return PacketError.InvalidLength;
        if (totalLength > packet.Length) return PacketError.Truncated;
        ushort flags = BinaryPrimitives.ReadUInt16BigEndian(packet[6..]);
        header = new Ipv4Header
        {
            TypeOfService = packet[1],
            TotalLength = totalLength,
            Identification = BinaryPrimitives.ReadUInt16BigEndian(packet[4..]),
            DontFragment = (flags & DontFragmentBit) != 0,
            MoreFragments = (flags & MoreFragmentsBit) != 0,
            FragmentOffset = (ushort)(flags & 0x1FFF),
            Ttl = packet[8],
            Protocol = (IpProtocol)packet[9],
            Checksum = BinaryPrimitives.ReadUInt16BigEndian(packet[10..]),
            Source = Ipv4Address.Read(packet[12..]),
            Destination = Ipv4Address.Read(packet[16..]),
            HeaderLength = headerLength,
            RouterAlert = HasRouterAlert(packet[MinimumLength..headerLength]),
        };
        return InternetChecksum.Verify(packet[..headerLength]) ? PacketError.None : PacketError.BadChecksum;
    }

    /// <summary>Reads the header and slices the payload to the total length (dropping Ethernet padding).</summary>
    public static PacketError TryRead(ReadOnlySpan<byte> packet, out Ipv4Header header, out ReadOnlySpan<byte> payload)
    {
        var error = TryRead(packet, out header);
        payload = error == PacketError.None ? packet[header.HeaderLength..header.TotalLength] : default;
        return error;
    }

    /// <summary>
    /// Decrements TTL in place and patches the checksum incrementally (RFC 1624 eqn. 3), as a
    /// router does per hop (RFC 1812 §5.3.1). Returns <see cref="PacketError.TtlExpired"/> and
    /// leaves the header untouched when TTL ≤ 1, <see cref="PacketError.UnsupportedVersion"/> when it is no IPv4 header.
    /// </summary>
    public static PacketError TryDecrementTtl(Span<byte> header)
    {
        if (header.Length < MinimumLength) return PacketError.Truncated;
        if (header[0] >> 4 != 4) return PacketError.UnsupportedVersion;
        if (header[8] <= 1) return PacketError.TtlExpired;
        ushort oldWord = BinaryPrimitives.ReadUInt16BigEndian(header[8..]);
        header[8]--;
        ushort newWord = BinaryPrimitives.ReadUInt16BigEndian(header[8..]);
        ushort oldChecksum = BinaryPrimitives.ReadUInt16BigEndian(header[10..]);
        // HC' = ~(~HC + ~m + m')
        ulong sum = (ushort)~oldChecksum + (ulong)(ushort)~oldWord + newWord;
        BinaryPrimitives.WriteUInt16BigEndian(header[10..], InternetChecksum.Finish(sum));
        return PacketError.None;
    }

    private static bool HasRouterAlert(ReadOnlySpan<byte> options)
    {
        // Option list walk (RFC 791 §3.1): 0 = end of list, 1 = no-op, others are TLVs.
        int i = 0;
        while (i < options.Length)
        {
            byte type = options[i];
            if (type == 0) return false;
            if (type == 1) { i++; continue; }
            if (i + 1 >= options.Length || options[i + 1] < 2) return false;
            if (type == 148) return true;
            i += options[i + 1];
        }
        return false;
    }
}
