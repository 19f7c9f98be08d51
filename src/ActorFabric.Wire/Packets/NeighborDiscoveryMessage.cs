using System.Buffers.Binary;
namespace ActorFabric.Wire.Packets;

/// <summary>
/// The parts of an IPv6 Neighbor Solicitation / Advertisement (RFC 4861 §4.3, §4.4) that ND snooping and proxy
/// replies, hosts and anycast gateways need, with a reader over an IPv6 packet and frame writers (spans, no allocation,
/// no throwing on input).
/// </summary>
public readonly record struct NeighborDiscoveryMessage(
    bool IsSolicitation,
    Ipv6Address Source,
    Ipv6Address Destination,
    Ipv6Address Target,
    MacAddress? LinkLayerAddress,
    bool Solicited,
    bool Override,
    bool Router = false)
{
    public const byte SolicitationType = 135, AdvertisementType = 136;
    private const int BodyLength = 24, LinkLayerOptionLength = 8;
    /// <summary>Ethernet + IPv6 + NS/NA with one link-layer address option.</summary>
    public const int FrameLength = EthernetHeader.UntaggedLength + Ipv6Header.Length + BodyLength + LinkLayerOptionLength;

    /// <summary>
    /// Reads an NS or NA from an IPv6 packet. Only valid ND counts (RFC 4861 §7.1: hop limit 255, code 0, correct
    /// checksum, options of non-zero length); anything else returns false and is bridged like any frame.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> ipv6Packet, out NeighborDiscoveryMessage message)
    {
        message = default;
        if (Ipv6Header.TryRead(ipv6Packet, out var ip, out var icmp) != PacketError.None) return false;
        if (ip.NextHeader != IpProtocol.Icmpv6 || ip.HopLimit != 255 || icmp.Length < BodyLength) return false;
        byte type = icmp[0];
        if (type is not (SolicitationType or AdvertisementType) || icmp[1] != 0) return false;
        ulong sum = InternetChecksum.Ipv6PseudoHeader(ip.Source, ip.Destination, IpProtocol.Icmpv6, icmp.Length);
        if (InternetChecksum.Finish(InternetChecksum.Add(sum, icmp)) != 0) return false;

        MacAddress? linkLayer = null;
        byte wanted = type == SolicitationType ? (byte)1 : (byte)2; // Source / Target Link-Layer Address option (§4.6.1)
        var options = icmp[BodyLength..];
        while (options.Length >= 2)
        {
            int length = options[1] * 8;
            if (length == 0 || length > options.Length) return false;
            if (options[0] == wanted && length >= 8) linkLayer = MacAddress.Read(options[2..]);
            options = options[length..];
        }
        uint flags = BinaryPrimitives.ReadUInt32BigEndian(icmp[4..]);
        message = new NeighborDiscoveryMessage(type == SolicitationType, ip.Source, ip.Destination, Ipv6Address.Read(icmp[8..]),
            linkLayer, Solicited: (flags & 0x4000_0000) != 0, Override: (flags & 0x2000_0000) != 0, Router: (flags & 0x8000_0000) != 0);
        return true;
    }

    /// <summary>The solicited-node multicast group of an address (RFC 4291 §2.7.1): ff02::1:ffXX:XXXX.</summary>
    public static Ipv6Address SolicitedNodeGroup(Ipv6Address address) => new(0xFF02_0000_0000_0000UL, 0x0000_0001_FF00_0000UL | (address.Low & 0xFF_FFFF));

    /// <summary>A Neighbor Solicitation for <paramref name="target"/> to its solicited-node group, with the sender's link-layer address.</summary>
    public static int WriteSolicitationFrame(Span<byte> destination, MacAddress sourceMac, Ipv6Address source, Ipv6Address target, VlanTag? vlan = null)
    {
        var group = SolicitedNodeGroup(target);
        return Write(destination, sourceMac, MacAddress.ForIpv6Multicast(group), source, group, SolicitationType, 0, target, 1, sourceMac, vlan);
    }

    /// <summary>
    /// A Neighbor Advertisement: "<paramref name="target"/> is at <paramref name="targetMac"/>", with the Target
    /// Link-Layer Address option. <paramref name="router"/> sets the R flag (RFC 4861 §4.4: the sender is a router).
    /// </summary>
    public static int WriteAdvertisementFrame(Span<byte> destination, MacAddress targetMac, MacAddress destinationMac, Ipv6Address target,
        Ipv6Address destinationIp, bool solicited, bool overrideFlag, VlanTag? vlan = null, bool router = false)
    {
        uint flags = (router ? 0x8000_0000u : 0) | (solicited ? 0x4000_0000u : 0) | (overrideFlag ? 0x2000_0000u : 0);
        return Write(destination, targetMac, destinationMac, target, destinationIp, AdvertisementType, flags, target, 2, targetMac, vlan);
    }

    private static int Write(Span<byte> destination, MacAddress sourceMac, MacAddress destinationMac, Ipv6Address source, Ipv6Address destinationIp,
        byte type, uint flags, Ipv6Address target, byte optionType, MacAddress optionMac, VlanTag? vlan)
    {
        const int icmpLength = BodyLength + LinkLayerOptionLength;
        int offset = new EthernetHeader(destinationMac, sourceMac, EtherType.Ipv6, vlan).Write(destination);
        // ND messages are sent with hop limit 255 so a receiver knows they were not routed (RFC 4861 §7.1).
        offset += new Ipv6Header(source, destinationIp, IpProtocol.Icmpv6, icmpLength, HopLimit: 255).Write(destination[offset..]);
        var icmp = destination.Slice(offset, icmpLength);
        icmp.Clear();
        icmp[0] = type;
        BinaryPrimitives.WriteUInt32BigEndian(icmp[4..], flags);
        target.Write(icmp[8..]);
        icmp[BodyLength] = optionType;
        icmp[BodyLength + 1] = 1; // in units of 8 octets
        optionMac.Write(icmp[(BodyLength + 2)..]);
        ulong sum = InternetChecksum.Add(InternetChecksum.Ipv6PseudoHeader(source, destinationIp, IpProtocol.Icmpv6, icmpLength), icmp);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], InternetChecksum.Finish(sum));
        return offset + icmpLength;
    }
}
