using System.Buffers.Binary;

namespace ActorFabric.Wire.Packets;

/// <summary>
/// An ICMPv6 Echo Request (type 128) or Echo Reply (type 129), RFC 4443 §4.1/§4.2: code 0, identifier, sequence, data.
/// Unlike ICMP for IPv4, the checksum also covers the IPv6 pseudo-header (RFC 4443 §2.3, RFC 8200 §8.1), so every
/// method here takes the packet's addresses.
/// </summary>
public readonly record struct Icmpv6Echo(bool IsRequest, ushort Identifier, ushort Sequence)
{
    public const byte RequestType = 128, ReplyType = 129;
    public const int HeaderLength = 8;
    /// <summary>Hop limit of the echoes a host sends: Linux's default for unicast (net.ipv6.conf.*.hop_limit).</summary>
    public const byte DefaultHopLimit = 64;

    public byte Type => IsRequest ? RequestType : ReplyType;

    /// <summary>Length of the whole Ethernet frame of an echo with <paramref name="dataLength"/> octets of data (padded to 60).</summary>
    public static int FrameLength(int dataLength, VlanTag? vlan) =>
        Math.Max(EthernetHeader.MinimumFrameLength, (vlan.HasValue ? EthernetHeader.TaggedLength : EthernetHeader.UntaggedLength) + Ipv6Header.Length + HeaderLength + dataLength);

    /// <summary>Writes the ICMPv6 message (header + data) with its pseudo-header checksum; returns its length.</summary>
    public int Write(Span<byte> destination, Ipv6Address source, Ipv6Address destinationIp, ReadOnlySpan<byte> data)
    {
        // Same layout as the IPv4 echo (type, code, checksum, identifier, sequence, data); only the checksum differs.
        int length = new IcmpEcho((IcmpType)Type, Identifier, Sequence).Write(destination, data);
        var message = destination[..length];
        message[2] = 0;
        message[3] = 0;
        ulong sum = InternetChecksum.Add(InternetChecksum.Ipv6PseudoHeader(source, destinationIp, IpProtocol.Icmpv6, length), message);
        BinaryPrimitives.WriteUInt16BigEndian(message[2..], InternetChecksum.Finish(sum));
        return length;
    }

    /// <summary>
    /// Writes a whole frame: Ethernet (optional 802.1Q), IPv6 (next header 58, <paramref name="hopLimit"/>), the echo;
    /// padded to the 60-octet minimum. Returns the frame length.
    /// </summary>
    public int WriteFrame(Span<byte> destination, MacAddress sourceMac, MacAddress destinationMac, Ipv6Address source, Ipv6Address destinationIp,
        ReadOnlySpan<byte> data, VlanTag? vlan = null, byte hopLimit = DefaultHopLimit)
    {
        int frameLength = FrameLength(data.Length, vlan);
        if (destination.Length < frameLength)
            throw new ArgumentException($"buffer of {destination.Length} octets is too small for a {frameLength}-octet frame", nameof(destination));
        int offset = new EthernetHeader(destinationMac, sourceMac, EtherType.Ipv6, vlan).Write(destination);
        offset += new Ipv6Header(source, destinationIp, IpProtocol.Icmpv6, (ushort)(HeaderLength + data.Length), hopLimit).Write(destination[offset..]);
        offset += Write(destination[offset..], source, destinationIp, data);
        destination[offset..frameLength].Clear();
        return frameLength;
    }

    /// <summary>An allocated frame; see <see cref="WriteFrame"/>.</summary>
    public byte[] ToFrame(MacAddress sourceMac, MacAddress destinationMac, Ipv6Address source, Ipv6Address destinationIp,
        ReadOnlySpan<byte> data, VlanTag? vlan = null, byte hopLimit = DefaultHopLimit)
    {
        var frame = new byte[FrameLength(data.Length, vlan)];
        WriteFrame(frame, sourceMac, destinationMac, source, destinationIp, data, vlan, hopLimit);
        return frame;
    }

    /// <summary>
    /// Reads an echo from an IPv6 packet (header onwards), verifying the pseudo-header checksum. Extension headers are
    /// not walked: the echo must follow the fixed header directly (what hosts send).
    /// </summary>
    public static PacketError TryRead(ReadOnlySpan<byte> ipv6Packet, out Ipv6Header ip, out Icmpv6Echo echo, out ReadOnlySpan<byte> data)
    {
        echo = default;
        data = default;
        var error = Ipv6Header.TryRead(ipv6Packet, out ip, out var message);
        if (error != PacketError.None) return error;
        if (ip.NextHeader != IpProtocol.Icmpv6) return PacketError.UnexpectedProtocol;
        if (message.Length < HeaderLength) return PacketError.Truncated;
        if (message[0] is not (RequestType or ReplyType) || message[1] != 0) return PacketError.UnsupportedMessageType;
        ulong sum = InternetChecksum.Add(InternetChecksum.Ipv6PseudoHeader(ip.Source, ip.Destination, IpProtocol.Icmpv6, message.Length), message);
        if (InternetChecksum.Finish(sum) != 0) return PacketError.BadChecksum;
        echo = new Icmpv6Echo(message[0] == RequestType, BinaryPrimitives.ReadUInt16BigEndian(message[4..]), BinaryPrimitives.ReadUInt16BigEndian(message[6..]));
        data = message[HeaderLength..];
        return PacketError.None;
    }
}
