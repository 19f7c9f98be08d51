using Report = ActorFabric.Wire.Packets.Igmpv3Report;

namespace ActorFabric.Wire.Packets;

/// <summary>
/// Whole host frames (Ethernet II, optional 802.1Q tag) as a host NIC would send them: padded to
/// the 60-octet minimum (IEEE 802.3 §3.2.8), no FCS. Each frame has a <c>Write…</c> form into a
/// caller's buffer (returns the length; throws <see cref="ArgumentException"/> if the buffer is too
/// small — size it with <see cref="MaxFrameLength"/>) and an allocating form returning an exact array.
/// </summary>
public static class FrameBuilder
{
    /// <summary>Largest frame the builder makes from a 1500-octet IP MTU, with a tag.</summary>
    public const int MaxFrameLength = 1518;
    public const byte DefaultTtl = 64;

    // ---- ARP (RFC 826) ------------------------------------------------------------------

    /// <summary>Broadcast "who has <paramref name="targetIp"/>, tell <paramref name="senderIp"/>"; THA is zero.</summary>
    public static int WriteArpRequest(Span<byte> destination, MacAddress senderMac, Ipv4Address senderIp, Ipv4Address targetIp, VlanTag? vlan = null) =>
        WriteArp(destination, MacAddress.Broadcast, new ArpPacket(ArpOperation.Request, senderMac, senderIp, MacAddress.Zero, targetIp), vlan);

    public static byte[] ArpRequest(MacAddress senderMac, Ipv4Address senderIp, Ipv4Address targetIp, VlanTag? vlan = null) =>
        Build(ArpLength(vlan), (senderMac, senderIp, targetIp, vlan), static (span, a) => WriteArpRequest(span, a.senderMac, a.senderIp, a.targetIp, a.vlan));

    /// <summary>Unicast reply to the requester: "<paramref name="senderIp"/> is at <paramref name="senderMac"/>".</summary>
    public static int WriteArpReply(Span<byte> destination, MacAddress senderMac, Ipv4Address senderIp, MacAddress targetMac, Ipv4Address targetIp, VlanTag? vlan = null) =>
        WriteArp(destination, targetMac, new ArpPacket(ArpOperation.Reply, senderMac, senderIp, targetMac, targetIp), vlan);

    public static byte[] ArpReply(MacAddress senderMac, Ipv4Address senderIp, MacAddress targetMac, Ipv4Address targetIp, VlanTag? vlan = null) =>
        Build(ArpLength(vlan), (senderMac, senderIp, targetMac, targetIp, vlan), static (span, a) => WriteArpReply(span, a.senderMac, a.senderIp, a.targetMac, a.targetIp, a.vlan));

    /// <summary>Gratuitous ARP: broadcast request with SPA = TPA = own IP (RFC 5227 §3), sent after a move.</summary>
    public static int WriteGratuitousArp(Span<byte> destination, MacAddress mac, Ipv4Address ip, VlanTag? vlan = null) =>
        WriteArp(destination, MacAddress.Broadcast, new ArpPacket(ArpOperation.Request, mac, ip, MacAddress.Zero, ip), vlan);

    public static byte[] GratuitousArp(MacAddress mac, Ipv4Address ip, VlanTag? vlan = null) =>
        Build(ArpLength(vlan), (mac, ip, vlan), static (span, a) => WriteGratuitousArp(span, a.mac, a.ip, a.vlan));

    // ---- ICMP echo (RFC 792) --------------------------------------------------------------

    public static int WriteIcmpEchoRequest(Span<byte> destination, MacAddress sourceMac, MacAddress destinationMac, Ipv4Address sourceIp, Ipv4Address destinationIp,
        ushort identifier, ushort sequence, ReadOnlySpan<byte> data, VlanTag? vlan = null, byte ttl = DefaultTtl) =>
        WriteIcmpEcho(destination, new IcmpEcho(IcmpType.EchoRequest, identifier, sequence), sourceMac, destinationMac, sourceIp, destinationIp, data, vlan, ttl);

    public static byte[] IcmpEchoRequest(MacAddress sourceMac, MacAddress destinationMac, Ipv4Address sourceIp, Ipv4Address destinationIp,
        ushort identifier, ushort sequence, ReadOnlySpan<byte> data, VlanTag? vlan = null, byte ttl = DefaultTtl)
    {
        var frame = new byte[IpFrameLength(IcmpEcho.HeaderLength + data.Length, vlan, routerAlert: false)];
        WriteIcmpEchoRequest(frame, sourceMac, destinationMac, sourceIp, destinationIp, identifier, sequence, data, vlan, ttl);
        return frame;
    }

    public static int WriteIcmpEchoReply(Span<byte> destination, MacAddress sourceMac, MacAddress destinationMac, Ipv4Address sourceIp, Ipv4Address destinationIp,
        ushort identifier, ushort sequence, ReadOnlySpan<byte> data, VlanTag? vlan = null, byte ttl = DefaultTtl) =>
        WriteIcmpEcho(destination, new IcmpEcho(IcmpType.EchoReply, identifier, sequence), sourceMac, destinationMac, sourceIp, destinationIp, data, vlan, ttl);

    public static byte[] IcmpEchoReply(MacAddress sourceMac, MacAddress destinationMac, Ipv4Address sourceIp, Ipv4Address destinationIp,
        ushort identifier, ushort sequence, ReadOnlySpan<byte> data, VlanTag? vlan = null, byte ttl = DefaultTtl)
    {
        var frame = new byte[IpFrameLength(IcmpEcho.HeaderLength + data.Length, vlan, routerAlert: false)];
        WriteIcmpEchoReply(frame, sourceMac, destinationMac, sourceIp, destinationIp, identifier, sequence, data, vlan, ttl);
        return frame;
    }

    /// <summary>
    /// The reply a host sends to an echo request frame it received: MACs and IPs swapped, same
    /// VLAN tag, identifier, sequence and data (RFC 792). Fails with the request's decode error.
    /// </summary>
    public static PacketError TryWriteIcmpEchoReplyTo(ReadOnlySpan<byte> requestFrame, Span<byte> destination, out int written, byte ttl = DefaultTtl)
    {
        written = 0;
        var error = EthernetHeader.TryRead(requestFrame, out var ethernet, out var l3);
        if (error != PacketError.None) return error;
        if (ethernet.EtherType != EtherType.Ipv4) return PacketError.UnexpectedEtherType;
        error = Ipv4Header.TryRead(l3, out var ip, out var icmp);
        if (error != PacketError.None) return error;
        if (ip.Protocol != IpProtocol.Icmp) return PacketError.UnexpectedProtocol;
        error = IcmpEcho.TryRead(icmp, out var echo, out var data);
        if (error != PacketError.None) return error;
        if (!echo.IsRequest) return PacketError.UnsupportedMessageType;
        if (IpFrameLength(IcmpEcho.HeaderLength + data.Length, ethernet.Vlan, false) > destination.Length) return PacketError.Truncated;
        written = WriteIcmpEchoReply(destination, ethernet.Destination, ethernet.Source, ip.Destination, ip.Source, echo.Identifier, echo.Sequence, data, ethernet.Vlan, ttl);
        return PacketError.None;
    }

    // ---- UDP (RFC 768) ---------------------------------------------------------------------

    /// <summary>A UDP datagram with its checksum computed over the IPv4 pseudo-header.</summary>
    public static int WriteUdpDatagram(Span<byte> destination, MacAddress sourceMac, MacAddress destinationMac, Ipv4Address sourceIp, Ipv4Address destinationIp,
        ushort sourcePort, ushort destinationPort, ReadOnlySpan<byte> data, VlanTag? vlan = null, byte ttl = DefaultTtl)
    {
        int udpLength = UdpHeader.HeaderLength + data.Length;
        int offset = WriteIpHeaders(destination, sourceMac, destinationMac, vlan, Ipv4Header.Create(sourceIp, destinationIp, IpProtocol.Udp, udpLength, ttl));
        var segment = destination.Slice(offset, udpLength);
        new UdpHeader(sourcePort, destinationPort, (ushort)udpLength).Write(segment);
        data.CopyTo(segment[UdpHeader.HeaderLength..]);
        UdpHeader.WriteChecksum(segment, sourceIp, destinationIp);
        return Pad(destination, offset + udpLength);
    }

    public static byte[] UdpDatagram(MacAddress sourceMac, MacAddress destinationMac, Ipv4Address sourceIp, Ipv4Address destinationIp,
        ushort sourcePort, ushort destinationPort, ReadOnlySpan<byte> data, VlanTag? vlan = null, byte ttl = DefaultTtl)
    {
        var frame = new byte[IpFrameLength(UdpHeader.HeaderLength + data.Length, vlan, routerAlert: false)];
        WriteUdpDatagram(frame, sourceMac, destinationMac, sourceIp, destinationIp, sourcePort, destinationPort, data, vlan, ttl);
        return frame;
    }

    // ---- IGMP (RFC 2236, RFC 3376) ------------------------------------------------------------
    // IGMP goes out with TTL 1 and the Router Alert option (RFC 2236 §2, RFC 3376 §4).

    /// <summary>IGMPv2 Membership Report for <paramref name="group"/>, sent to the group (RFC 2236 §3).</summary>
    public static int WriteIgmpv2Report(Span<byte> destination, MacAddress sourceMac, Ipv4Address sourceIp, Ipv4Address group, VlanTag? vlan = null) =>
        WriteIgmp(destination, sourceMac, sourceIp, group, new IgmpMessage(IgmpType.V2MembershipReport, group), vlan);

    public static byte[] Igmpv2Report(MacAddress sourceMac, Ipv4Address sourceIp, Ipv4Address group, VlanTag? vlan = null) =>
        Build(IpFrameLength(IgmpMessage.Length, vlan, routerAlert: true), (sourceMac, sourceIp, group, vlan), static (span, a) => WriteIgmpv2Report(span, a.sourceMac, a.sourceIp, a.group, a.vlan));

    /// <summary>IGMPv2 Leave Group for <paramref name="group"/>, sent to 224.0.0.2 (RFC 2236 §3).</summary>
    public static int WriteIgmpv2Leave(Span<byte> destination, MacAddress sourceMac, Ipv4Address sourceIp, Ipv4Address group, VlanTag? vlan = null) =>
        WriteIgmp(destination, sourceMac, sourceIp, Ipv4Address.AllRouters, new IgmpMessage(IgmpType.LeaveGroup, group), vlan);

    public static byte[] Igmpv2Leave(MacAddress sourceMac, Ipv4Address sourceIp, Ipv4Address group, VlanTag? vlan = null) =>
        Build(IpFrameLength(IgmpMessage.Length, vlan, routerAlert: true), (sourceMac, sourceIp, group, vlan), static (span, a) => WriteIgmpv2Leave(span, a.sourceMac, a.sourceIp, a.group, a.vlan));

    /// <summary>
    /// IGMPv2 query: general (group 0.0.0.0, to 224.0.0.1) or group-specific (to the group)
    /// (RFC 2236 §2.4). Max response time in tenths of a second (default 10 s).
    /// </summary>
    public static int WriteIgmpv2Query(Span<byte> destination, MacAddress sourceMac, Ipv4Address sourceIp, Ipv4Address group, byte maxResponseTenths = 100, VlanTag? vlan = null) =>
        WriteIgmp(destination, sourceMac, sourceIp, group == Ipv4Address.Any ? Ipv4Address.AllSystems : group,
            new IgmpMessage(IgmpType.MembershipQuery, group, maxResponseTenths), vlan);

    public static byte[] Igmpv2Query(MacAddress sourceMac, Ipv4Address sourceIp, Ipv4Address group, byte maxResponseTenths = 100, VlanTag? vlan = null) =>
        Build(IpFrameLength(IgmpMessage.Length, vlan, routerAlert: true), (sourceMac, sourceIp, group, maxResponseTenths, vlan),
            static (span, a) => WriteIgmpv2Query(span, a.sourceMac, a.sourceIp, a.group, a.maxResponseTenths, a.vlan));

    /// <summary>IGMPv3 Membership Report, sent to 224.0.0.22 (RFC 3376 §4.2.14).</summary>
    public static int WriteIgmpv3Report(Span<byte> destination, MacAddress sourceMac, Ipv4Address sourceIp, ReadOnlySpan<Igmpv3GroupRecord> records, VlanTag? vlan = null)
    {
        int igmpLength = Report.GetLength(records);
        var ip = Ipv4Header.Create(sourceIp, Ipv4Address.AllIgmpv3Routers, IpProtocol.Igmp, igmpLength, ttl: 1, routerAlert: true);
        int offset = WriteIpHeaders(destination, sourceMac, MacAddress.ForIpv4Multicast(Ipv4Address.AllIgmpv3Routers), vlan, ip);
        offset += Report.Write(destination[offset..], records);
        return Pad(destination, offset);
    }

    public static byte[] Igmpv3Report(MacAddress sourceMac, Ipv4Address sourceIp, ReadOnlySpan<Igmpv3GroupRecord> records, VlanTag? vlan = null)
    {
        var frame = new byte[IpFrameLength(Report.GetLength(records), vlan, routerAlert: true)];
        WriteIgmpv3Report(frame, sourceMac, sourceIp, records, vlan);
        return frame;
    }

    /// <summary>
    /// IGMPv3 Membership Query (RFC 3376 §4.1): general (group 0.0.0.0, to 224.0.0.1), group- or
    /// group-and-source-specific (to the group) (§4.1.12).
    /// </summary>
    public static int WriteIgmpv3Query(Span<byte> destination, MacAddress sourceMac, Ipv4Address sourceIp, in Packets.Igmpv3Query query,
        ReadOnlySpan<Ipv4Address> sources = default, VlanTag? vlan = null)
    {
        var ipDestination = query.Group == Ipv4Address.Any ? Ipv4Address.AllSystems : query.Group;
        int igmpLength = Packets.Igmpv3Query.GetLength(sources.Length);
        var ip = Ipv4Header.Create(sourceIp, ipDestination, IpProtocol.Igmp, igmpLength, ttl: 1, routerAlert: true);
        int offset = WriteIpHeaders(destination, sourceMac, MacAddress.ForIpv4Multicast(ipDestination), vlan, ip);
        offset += query.Write(destination[offset..], sources);
        return Pad(destination, offset);
    }

    public static byte[] Igmpv3Query(MacAddress sourceMac, Ipv4Address sourceIp, in Packets.Igmpv3Query query, ReadOnlySpan<Ipv4Address> sources = default, VlanTag? vlan = null)
    {
        var frame = new byte[IpFrameLength(Packets.Igmpv3Query.GetLength(sources.Length), vlan, routerAlert: true)];
        WriteIgmpv3Query(frame, sourceMac, sourceIp, query, sources, vlan);
        return frame;
    }

    // ---- MLD (RFC 2710, RFC 3810) -------------------------------------------------------------
    // Every MLD message goes out with hop limit 1, a link-local source (here the EUI-64 address of
    // the sender's MAC) and a Hop-by-Hop Router Alert (RFC 2710 §3, RFC 3810 §5; RFC 2711).

    /// <summary>Frame length of an MLD message of <paramref name="messageLength"/> octets.</summary>
    public static int MldFrameLength(int messageLength, VlanTag? vlan = null) =>
        Math.Max(EthernetHeader.MinimumFrameLength, EthernetLength(vlan) + Ipv6Header.Length + MldPacket.HopByHopLength + messageLength);

    /// <summary>MLDv1 Report for <paramref name="group"/>, sent to the group (RFC 2710 §3.6).</summary>
    public static int WriteMldv1Report(Span<byte> destination, MacAddress sourceMac, Ipv6Address group, VlanTag? vlan = null) =>
        WriteMldv1(destination, sourceMac, group, new MldMessage(MldType.V1Report, group), vlan);

    public static byte[] Mldv1Report(MacAddress sourceMac, Ipv6Address group, VlanTag? vlan = null) =>
        Build(MldFrameLength(MldMessage.Length, vlan), (sourceMac, group, vlan), static (span, a) => WriteMldv1Report(span, a.sourceMac, a.group, a.vlan));

    /// <summary>MLDv1 Done for <paramref name="group"/>, sent to ff02::2 (RFC 2710 §3.6).</summary>
    public static int WriteMldv1Done(Span<byte> destination, MacAddress sourceMac, Ipv6Address group, VlanTag? vlan = null) =>
        WriteMldv1(destination, sourceMac, MldAddresses.AllRouters, new MldMessage(MldType.V1Done, group), vlan);

    public static byte[] Mldv1Done(MacAddress sourceMac, Ipv6Address group, VlanTag? vlan = null) =>
        Build(MldFrameLength(MldMessage.Length, vlan), (sourceMac, group, vlan), static (span, a) => WriteMldv1Done(span, a.sourceMac, a.group, a.vlan));

    /// <summary>
    /// MLDv1 query: general (group ::, to ff02::1) or address-specific (to the group) (RFC 2710 §3.6);
    /// Maximum Response Delay in milliseconds (default 10 s, §7.3).
    /// </summary>
    public static int WriteMldv1Query(Span<byte> destination, MacAddress sourceMac, Ipv6Address group, ushort maxResponseDelayMs = 10000, VlanTag? vlan = null) =>
        WriteMldv1(destination, sourceMac, group == default ? MldAddresses.AllNodes : group, new MldMessage(MldType.Query, group, maxResponseDelayMs), vlan);

    public static byte[] Mldv1Query(MacAddress sourceMac, Ipv6Address group, ushort maxResponseDelayMs = 10000, VlanTag? vlan = null) =>
        Build(MldFrameLength(MldMessage.Length, vlan), (sourceMac, group, maxResponseDelayMs, vlan),
            static (span, a) => WriteMldv1Query(span, a.sourceMac, a.group, a.maxResponseDelayMs, a.vlan));

    /// <summary>MLDv2 Report, sent to ff02::16 (RFC 3810 §5.2.14).</summary>
    public static int WriteMldv2Report(Span<byte> destination, MacAddress sourceMac, ReadOnlySpan<Mldv2AddressRecord> records, VlanTag? vlan = null)
    {
        var source = MldAddresses.LinkLocalFromMac(sourceMac);
        int offset = WriteMldHeaders(destination, sourceMac, source, MldAddresses.AllMldv2Routers, Packets.Mldv2Report.GetLength(records), vlan);
        offset += Packets.Mldv2Report.Write(destination[offset..], records, source, MldAddresses.AllMldv2Routers);
        return Pad(destination, offset);
    }

    public static byte[] Mldv2Report(MacAddress sourceMac, ReadOnlySpan<Mldv2AddressRecord> records, VlanTag? vlan = null)
    {
        var frame = new byte[MldFrameLength(Packets.Mldv2Report.GetLength(records), vlan)];
        WriteMldv2Report(frame, sourceMac, records, vlan);
        return frame;
    }

    /// <summary>MLDv2 Query: general (group ::, to ff02::1) or address(-and-source)-specific (to the group) (RFC 3810 §5.1.15).</summary>
    public static int WriteMldv2Query(Span<byte> destination, MacAddress sourceMac, in Packets.Mldv2Query query, ReadOnlySpan<Ipv6Address> sources = default, VlanTag? vlan = null)
    {
        var source = MldAddresses.LinkLocalFromMac(sourceMac);
        var ipDestination = query.IsGeneral ? MldAddresses.AllNodes : query.Group;
        int offset = WriteMldHeaders(destination, sourceMac, source, ipDestination, Packets.Mldv2Query.GetLength(sources.Length), vlan);
        offset += query.Write(destination[offset..], sources, source, ipDestination);
        return Pad(destination, offset);
    }

    public static byte[] Mldv2Query(MacAddress sourceMac, in Packets.Mldv2Query query, ReadOnlySpan<Ipv6Address> sources = default, VlanTag? vlan = null)
    {
        var frame = new byte[MldFrameLength(Packets.Mldv2Query.GetLength(sources.Length), vlan)];
        WriteMldv2Query(frame, sourceMac, query, sources, vlan);
        return frame;
    }

    // ---- multicast data -----------------------------------------------------------------------

    /// <summary>Frame length of a UDP datagram of <paramref name="dataLength"/> octets over IPv4 or IPv6.</summary>
    public static int UdpFrameLength(int dataLength, bool ipv6, VlanTag? vlan = null) =>
        Math.Max(EthernetHeader.MinimumFrameLength, EthernetLength(vlan) + (ipv6 ? Ipv6Header.Length : Ipv4Header.MinimumLength) + UdpHeader.HeaderLength + dataLength);

    /// <summary>A UDP datagram over IPv6, checksum over the IPv6 pseudo-header (mandatory there, RFC 8200 §8.1).</summary>
    public static int WriteUdpDatagram(Span<byte> destination, MacAddress sourceMac, MacAddress destinationMac, Ipv6Address sourceIp, Ipv6Address destinationIp,
        ushort sourcePort, ushort destinationPort, ReadOnlySpan<byte> data, VlanTag? vlan = null, byte hopLimit = DefaultTtl)
    {
        int udpLength = UdpHeader.HeaderLength + data.Length;
        int offset = WriteIpv6Headers(destination, sourceMac, destinationMac, vlan, new Ipv6Header(sourceIp, destinationIp, IpProtocol.Udp, (ushort)udpLength, hopLimit));
        var segment = destination.Slice(offset, udpLength);
        new UdpHeader(sourcePort, destinationPort, (ushort)udpLength).Write(segment);
        data.CopyTo(segment[UdpHeader.HeaderLength..]);
        UdpHeader.WriteChecksum(segment, sourceIp, destinationIp);
        return Pad(destination, offset + udpLength);
    }

    /// <summary>UDP to an IPv4 group, to the group's MAC (RFC 1112 §6.4).</summary>
    public static int WriteMulticastUdpDatagram(Span<byte> destination, MacAddress sourceMac, Ipv4Address sourceIp, Ipv4Address group,
        ushort sourcePort, ushort destinationPort, ReadOnlySpan<byte> data, VlanTag? vlan = null, byte ttl = DefaultTtl) =>
        WriteUdpDatagram(destination, sourceMac, MacAddress.ForIpv4Multicast(group), sourceIp, group, sourcePort, destinationPort, data, vlan, ttl);

    /// <summary>UDP to an IPv6 group, to the group's 33:33 MAC (RFC 2464 §7).</summary>
    public static int WriteMulticastUdpDatagram(Span<byte> destination, MacAddress sourceMac, Ipv6Address sourceIp, Ipv6Address group,
        ushort sourcePort, ushort destinationPort, ReadOnlySpan<byte> data, VlanTag? vlan = null, byte hopLimit = DefaultTtl) =>
        WriteUdpDatagram(destination, sourceMac, MacAddress.ForIpv6Multicast(group), sourceIp, group, sourcePort, destinationPort, data, vlan, hopLimit);

    public static byte[] MulticastUdpDatagram(MacAddress sourceMac, Ipv4Address sourceIp, Ipv4Address group, ushort sourcePort, ushort destinationPort,
        ReadOnlySpan<byte> data, VlanTag? vlan = null, byte ttl = DefaultTtl)
    {
        var frame = new byte[UdpFrameLength(data.Length, ipv6: false, vlan)];
        WriteMulticastUdpDatagram(frame, sourceMac, sourceIp, group, sourcePort, destinationPort, data, vlan, ttl);
        return frame;
    }

    public static byte[] MulticastUdpDatagram(MacAddress sourceMac, Ipv6Address sourceIp, Ipv6Address group, ushort sourcePort, ushort destinationPort,
        ReadOnlySpan<byte> data, VlanTag? vlan = null, byte hopLimit = DefaultTtl)
    {
        var frame = new byte[UdpFrameLength(data.Length, ipv6: true, vlan)];
        WriteMulticastUdpDatagram(frame, sourceMac, sourceIp, group, sourcePort, destinationPort, data, vlan, hopLimit);
        return frame;
    }

    // ---- shared pieces -------------------------------------------------------------------------

    private static int WriteArp(Span<byte> destination, MacAddress ethernetDestination, in ArpPacket arp, VlanTag? vlan)
    {
        int offset = new EthernetHeader(ethernetDestination, arp.SenderMac, EtherType.Arp, vlan).Write(destination);
        offset += arp.Write(destination[offset..]);
        return Pad(destination, offset);
    }

    private static int WriteIcmpEcho(Span<byte> destination, IcmpEcho echo, MacAddress sourceMac, MacAddress destinationMac,
        Ipv4Address sourceIp, Ipv4Address destinationIp, ReadOnlySpan<byte> data, VlanTag? vlan, byte ttl)
    {
        int offset = WriteIpHeaders(destination, sourceMac, destinationMac, vlan,
            Ipv4Header.Create(sourceIp, destinationIp, IpProtocol.Icmp, IcmpEcho.HeaderLength + data.Length, ttl));
        offset += echo.Write(destination[offset..], data);
        return Pad(destination, offset);
    }

    private static int WriteIgmp(Span<byte> destination, MacAddress sourceMac, Ipv4Address sourceIp, Ipv4Address ipDestination, in IgmpMessage igmp, VlanTag? vlan)
    {
        var ip = Ipv4Header.Create(sourceIp, ipDestination, IpProtocol.Igmp, IgmpMessage.Length, ttl: 1, routerAlert: true);
        int offset = WriteIpHeaders(destination, sourceMac, MacAddress.ForIpv4Multicast(ipDestination), vlan, ip);
        offset += igmp.Write(destination[offset..]);
        return Pad(destination, offset);
    }

    private static int WriteIpHeaders(Span<byte> destination, MacAddress sourceMac, MacAddress destinationMac, VlanTag? vlan, in Ipv4Header ip)
    {
        int needed = (vlan.HasValue ? EthernetHeader.TaggedLength : EthernetHeader.UntaggedLength) + ip.TotalLength;
        if (destination.Length < Math.Max(needed, EthernetHeader.MinimumFrameLength))
            throw new ArgumentException($"buffer of {destination.Length} octets is too small for a {needed}-octet frame", nameof(destination));
        int offset = new EthernetHeader(destinationMac, sourceMac, EtherType.Ipv4, vlan).Write(destination);
        return offset + ip.Write(destination[offset..]);
    }

    private static int WriteMldv1(Span<byte> destination, MacAddress sourceMac, Ipv6Address ipDestination, in MldMessage message, VlanTag? vlan)
    {
        var source = MldAddresses.LinkLocalFromMac(sourceMac);
        int offset = WriteMldHeaders(destination, sourceMac, source, ipDestination, MldMessage.Length, vlan);
        offset += message.Write(destination[offset..], source, ipDestination);
        return Pad(destination, offset);
    }

    private static int WriteMldHeaders(Span<byte> destination, MacAddress sourceMac, Ipv6Address source, Ipv6Address ipDestination, int messageLength, VlanTag? vlan)
    {
        var ip = new Ipv6Header(source, ipDestination, IpProtocol.HopByHop, (ushort)(MldPacket.HopByHopLength + messageLength), HopLimit: 1);
        int offset = WriteIpv6Headers(destination, sourceMac, MacAddress.ForIpv6Multicast(ipDestination), vlan, ip);
        return offset + MldPacket.WriteHopByHop(destination[offset..]);
    }

    private static int WriteIpv6Headers(Span<byte> destination, MacAddress sourceMac, MacAddress destinationMac, VlanTag? vlan, in Ipv6Header ip)
    {
        int needed = EthernetLength(vlan) + Ipv6Header.Length + ip.PayloadLength;
        if (destination.Length < Math.Max(needed, EthernetHeader.MinimumFrameLength))
            throw new ArgumentException($"buffer of {destination.Length} octets is too small for a {needed}-octet frame", nameof(destination));
        int offset = new EthernetHeader(destinationMac, sourceMac, EtherType.Ipv6, vlan).Write(destination);
        return offset + ip.Write(destination[offset..]);
    }

    private static int EthernetLength(VlanTag? vlan) => vlan.HasValue ? EthernetHeader.TaggedLength : EthernetHeader.UntaggedLength;

    private static int ArpLength(VlanTag? vlan) =>
        Math.Max(EthernetHeader.MinimumFrameLength, (vlan.HasValue ? EthernetHeader.TaggedLength : EthernetHeader.UntaggedLength) + ArpPacket.Length);

    private static int IpFrameLength(int l4Length, VlanTag? vlan, bool routerAlert) =>
        Math.Max(EthernetHeader.MinimumFrameLength,
            (vlan.HasValue ? EthernetHeader.TaggedLength : EthernetHeader.UntaggedLength) + Ipv4Header.MinimumLength + (routerAlert ? 4 : 0) + l4Length);

    private static int Pad(Span<byte> frame, int length)
    {
        if (length >= EthernetHeader.MinimumFrameLength) return length;
        frame[length..EthernetHeader.MinimumFrameLength].Clear();
        return EthernetHeader.MinimumFrameLength;
    }

    private delegate int FrameWriter<TArgs>(Span<byte> destination, TArgs args);

    private static byte[] Build<TArgs>(int length, TArgs args, FrameWriter<TArgs> write)
    {
        var frame = new byte[length];
        int written = write(frame, args);
        return written == length ? frame : frame[..written];
    }
}
