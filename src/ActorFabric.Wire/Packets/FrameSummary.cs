using System.Text;

namespace ActorFabric.Wire.Packets;

/// <summary>
/// A compact, allocation-free summary of one Ethernet frame's L2–L4 fields (no tunnel walking:
/// see <see cref="FrameDescription"/>). Fields of layers that are absent stay default.
/// <see cref="Error"/> is the first decode failure; layers before it are filled in.
/// </summary>
public readonly record struct FrameSummary
{
    public int Length { get; init; }
    public PacketError Error { get; init; }

    public MacAddress Source { get; init; }
    public MacAddress Destination { get; init; }
    public VlanTag? Vlan { get; init; }
    public EtherType EtherType { get; init; }

    public ArpOperation ArpOperation { get; init; }
    public MacAddress ArpSenderMac { get; init; }
    public Ipv4Address ArpSenderIp { get; init; }
    public MacAddress ArpTargetMac { get; init; }
    public Ipv4Address ArpTargetIp { get; init; }

    public Ipv4Address IpSource { get; init; }
    public Ipv4Address IpDestination { get; init; }
    public Ipv6Address Ipv6Source { get; init; }
    public Ipv6Address Ipv6Destination { get; init; }
    /// <summary>IPv4 protocol, or the IPv6 upper-layer protocol (after a Hop-by-Hop header, if any).</summary>
    public IpProtocol IpProtocol { get; init; }
    /// <summary>IPv4 TTL or IPv6 hop limit.</summary>
    public byte Ttl { get; init; }

    public ushort SourcePort { get; init; }
    public ushort DestinationPort { get; init; }

    public IcmpType IcmpType { get; init; }
    public byte IcmpCode { get; init; }
    public ushort IcmpIdentifier { get; init; }
    public ushort IcmpSequence { get; init; }

    public IgmpType IgmpType { get; init; }
    /// <summary>Group of a v1/v2 message, or of the first record of a v3 report.</summary>
    public Ipv4Address IgmpGroup { get; init; }
    public int IgmpRecordCount { get; init; }
    /// <summary>A 0x11 query of 12 octets or more (RFC 3376 §7.1).</summary>
    public bool IsIgmpv3Query { get; init; }

    /// <summary>MLD type (ICMPv6 130/131/132/143), default when the frame is not MLD.</summary>
    public MldType MldType { get; init; }
    /// <summary>Address of an MLDv1 message or v2 query, or of the first record of a v2 report.</summary>
    public Ipv6Address MldGroup { get; init; }
    public int MldRecordCount { get; init; }
    /// <summary>A type-130 query of 28 octets or more (RFC 3810 §8.1).</summary>
    public bool IsMldv2Query { get; init; }

    /// <summary>The IP header was read (fields are meaningful even if a later layer failed).</summary>
    public bool HasIpHeader { get; init; }
    /// <summary>The UDP header was read.</summary>
    public bool HasUdpHeader { get; init; }

    public bool IsArp => EtherType == EtherType.Arp && Error == PacketError.None;
    public bool IsIpv4 => EtherType == EtherType.Ipv4 && HasIpHeader;
    public bool IsIpv6 => EtherType == EtherType.Ipv6 && HasIpHeader;
    public bool IsUdp => HasUdpHeader;
    public bool IsIcmpEcho => IsIpv4 && IpProtocol == IpProtocol.Icmp && IcmpType is IcmpType.EchoRequest or IcmpType.EchoReply;
    public bool IsIgmp => IsIpv4 && IpProtocol == IpProtocol.Igmp && IgmpType != default;
    public bool IsMld => IsIpv6 && MldType != default;

    /// <summary>Summarises a frame; also returns the UDP payload (empty unless UDP decoded) for tunnel walking.</summary>
    public static FrameSummary Parse(ReadOnlySpan<byte> frame) => Parse(frame, out _);

    public static FrameSummary Parse(ReadOnlySpan<byte> frame, out ReadOnlySpan<byte> udpPayload)
    {
        udpPayload = default;
        var error = EthernetHeader.TryRead(frame, out var ethernet, out var l3);
        var summary = new FrameSummary
        {
            Length = frame.Length, Error = error, Source = ethernet.Source, Destination = ethernet.Destination,
            Vlan = ethernet.Vlan, EtherType = ethernet.EtherType,
        };
        if (error != PacketError.None) return summary;
        return ethernet.EtherType switch
        {
            EtherType.Arp => WithArp(summary, l3),
            EtherType.Ipv4 => WithIpv4(summary, l3, out udpPayload),
            EtherType.Ipv6 => WithIpv6(summary, l3, out udpPayload),
            _ => summary,
        };
    }

    private static FrameSummary WithArp(FrameSummary summary, ReadOnlySpan<byte> l3)
    {
        var error = ArpPacket.TryRead(l3, out var arp);
        return summary with
        {
            Error = error, ArpOperation = arp.Operation, ArpSenderMac = arp.SenderMac, ArpSenderIp = arp.SenderIp,
            ArpTargetMac = arp.TargetMac, ArpTargetIp = arp.TargetIp,
        };
    }

    private static FrameSummary WithIpv4(FrameSummary summary, ReadOnlySpan<byte> l3, out ReadOnlySpan<byte> udpPayload)
    {
        udpPayload = default;
        var error = Ipv4Header.TryRead(l3, out var ip, out var l4);
        summary = summary with
        {
            Error = error, IpSource = ip.Source, IpDestination = ip.Destination, IpProtocol = ip.Protocol, Ttl = ip.Ttl,
            HasIpHeader = error is PacketError.None or PacketError.BadChecksum,
        };
        if (error != PacketError.None) return summary;
        if (ip.FragmentOffset != 0) return summary with { Error = PacketError.Fragmented };
        switch (ip.Protocol)
        {
            case IpProtocol.Udp:
                error = UdpHeader.TryRead(l4, out var udp, out udpPayload);
                if (error == PacketError.None) error = UdpHeader.VerifyChecksum(l4[..udp.Length], ip.Source, ip.Destination);
                if (error != PacketError.None) udpPayload = default;
                return summary with { Error = error, SourcePort = udp.SourcePort, DestinationPort = udp.DestinationPort, HasUdpHeader = l4.Length >= UdpHeader.HeaderLength };
            case IpProtocol.Icmp:
                return WithIcmp(summary, l4);
            case IpProtocol.Igmp:
                return WithIgmp(summary, l4);
            default:
                return summary;
        }
    }

    private static FrameSummary WithIcmp(FrameSummary summary, ReadOnlySpan<byte> icmp)
    {
        if (icmp.Length < 4) return summary with { Error = PacketError.Truncated };
        summary = summary with { IcmpType = (IcmpType)icmp[0], IcmpCode = icmp[1] };
        if (icmp[0] is not ((byte)IcmpType.EchoRequest or (byte)IcmpType.EchoReply))
            return summary with { Error = InternetChecksum.Verify(icmp) ? PacketError.None : PacketError.BadChecksum };
        var error = IcmpEcho.TryRead(icmp, out var echo, out _);
        return summary with { Error = error, IcmpIdentifier = echo.Identifier, IcmpSequence = echo.Sequence };
    }

    private static FrameSummary WithIgmp(FrameSummary summary, ReadOnlySpan<byte> igmp)
    {
        if (igmp.Length < 1) return summary with { Error = PacketError.Truncated };
        if (igmp[0] == (byte)IgmpType.V3MembershipReport)
        {
            var error = Igmpv3Report.TryRead(igmp, out var reader);
            summary = summary with { Error = error, IgmpType = IgmpType.V3MembershipReport, IgmpRecordCount = reader.RecordCount };
            return reader.TryReadNext(out _, out var group, out _) ? summary with { IgmpGroup = group } : summary;
        }
        var v2Error = IgmpMessage.TryRead(igmp, out var message);
        return summary with { Error = v2Error, IgmpType = message.Type, IgmpGroup = message.Group, IsIgmpv3Query = message.IsV3Query };
    }

    private static FrameSummary WithIpv6(FrameSummary summary, ReadOnlySpan<byte> l3, out ReadOnlySpan<byte> udpPayload)
    {
        udpPayload = default;
        var error = Ipv6Header.TryRead(l3, out var ip, out var l4);
        summary = summary with
        {
            Error = error, Ipv6Source = ip.Source, Ipv6Destination = ip.Destination, IpProtocol = ip.NextHeader, Ttl = ip.HopLimit,
            HasIpHeader = error == PacketError.None,
        };
        if (error != PacketError.None) return summary;
        var next = ip.NextHeader;
        if (next == IpProtocol.HopByHop)
        {
            error = MldPacket.TryWalkHopByHop(l4, out next, out _, out int hopByHopLength);
            if (error != PacketError.None) return summary with { Error = error };
            summary = summary with { IpProtocol = next };
            if (next == IpProtocol.Icmpv6 && l4.Length > hopByHopLength && l4[hopByHopLength] is (byte)MldType.Query or (byte)MldType.V1Report or (byte)MldType.V1Done or (byte)MldType.V2Report)
                return WithMld(summary, l3);
            l4 = l4[hopByHopLength..];
        }
        if (next == IpProtocol.Udp)
        {
            error = UdpHeader.TryRead(l4, out var udp, out udpPayload);
            if (error == PacketError.None) error = UdpHeader.VerifyChecksum(l4[..udp.Length], ip.Source, ip.Destination);
            if (error != PacketError.None) udpPayload = default;
            return summary with { Error = error, SourcePort = udp.SourcePort, DestinationPort = udp.DestinationPort, HasUdpHeader = l4.Length >= UdpHeader.HeaderLength };
        }
        if (next == IpProtocol.Icmpv6 && l4.Length >= 2)
            return summary with { IcmpType = (IcmpType)l4[0], IcmpCode = l4[1] };
        return summary;
    }

    private static FrameSummary WithMld(FrameSummary summary, ReadOnlySpan<byte> l3)
    {
        var error = MldPacket.TryRead(l3, out _, out var message, out _);
        if (error != PacketError.None) return summary with { Error = error };
        var type = (MldType)message[0];
        summary = summary with { MldType = type, IcmpType = (IcmpType)message[0], IcmpCode = message[1] };
        if (type == MldType.V2Report)
        {
            error = Mldv2Report.TryRead(message, out var reader);
            summary = summary with { Error = error, MldRecordCount = reader.RecordCount };
            return reader.TryReadNext(out _, out var group, out _) ? summary with { MldGroup = group } : summary;
        }
        error = MldMessage.TryRead(message, out var mld);
        return summary with { Error = error, MldGroup = mld.Group, IsMldv2Query = mld.IsV2Query };
    }

    /// <summary>One line in tcpdump spirit, for <c>show</c> and test failure messages.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        Append(text);
        return text.ToString();
    }

    internal void Append(StringBuilder text)
    {
        text.Append(Source).Append(" > ").Append(Destination);
        if (Vlan is { } vlan) text.Append(", ").Append(vlan);
        switch (EtherType)
        {
            case EtherType.Arp when ArpOperation == ArpOperation.Request:
                text.Append(", arp who-has ").Append(ArpTargetIp).Append(" tell ").Append(ArpSenderIp);
                if (ArpSenderIp == ArpTargetIp) text.Append(" (gratuitous)");
                break;
            case EtherType.Arp when ArpOperation == ArpOperation.Reply:
                text.Append(", arp reply ").Append(ArpSenderIp).Append(" is-at ").Append(ArpSenderMac);
                break;
            case EtherType.Ipv4:
                text.Append(", ipv4 ").Append(IpSource).Append(" > ").Append(IpDestination).Append(" ttl ").Append(Ttl);
                AppendTransport(text);
                break;
            case EtherType.Ipv6:
                text.Append(", ipv6 ").Append(Ipv6Source).Append(" > ").Append(Ipv6Destination).Append(" hlim ").Append(Ttl);
                AppendTransport(text);
                break;
            default:
                text.Append(", ethertype 0x").Append(((ushort)EtherType).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
        if (Error != PacketError.None) text.Append(" [").Append(Error).Append(']');
    }

    private void AppendTransport(StringBuilder text)
    {
        switch (IpProtocol)
        {
            case IpProtocol.Udp:
                text.Append(", udp ").Append(SourcePort).Append(" > ").Append(DestinationPort);
                break;
            case IpProtocol.Icmp when IcmpType == IcmpType.EchoRequest:
                text.Append(", icmp echo request id ").Append(IcmpIdentifier).Append(" seq ").Append(IcmpSequence);
                break;
            case IpProtocol.Icmp when IcmpType == IcmpType.EchoReply:
                text.Append(", icmp echo reply id ").Append(IcmpIdentifier).Append(" seq ").Append(IcmpSequence);
                break;
            case IpProtocol.Icmp:
                text.Append(", icmp type ").Append((byte)IcmpType).Append(" code ").Append(IcmpCode);
                break;
            case IpProtocol.Igmp when IgmpType == IgmpType.V3MembershipReport:
                text.Append(", igmp v3 report ").Append(IgmpRecordCount).Append(" record(s), first ").Append(IgmpGroup);
                break;
            case IpProtocol.Igmp:
                text.Append(", igmp ").Append(IgmpType switch
                {
                    IgmpType.MembershipQuery when IsIgmpv3Query => "v3 query",
                    IgmpType.MembershipQuery => "query",
                    IgmpType.V2MembershipReport => "v2 report",
                    IgmpType.V1MembershipReport => "v1 report",
                    IgmpType.LeaveGroup => "leave",
                    _ => "type " + ((byte)IgmpType).ToString(System.Globalization.CultureInfo.InvariantCulture),
                }).Append(' ').Append(IgmpGroup);
                break;
            case IpProtocol.Icmpv6 when MldType == MldType.V2Report:
                text.Append(", mld v2 report ").Append(MldRecordCount).Append(" record(s), first ").Append(MldGroup);
                break;
            case IpProtocol.Icmpv6 when MldType != default:
                text.Append(", mld ").Append(MldType switch
                {
                    MldType.Query when IsMldv2Query => "v2 query",
                    MldType.Query => "query",
                    MldType.V1Report => "v1 report",
                    _ => "done",
                }).Append(' ').Append(MldGroup);
                break;
            case IpProtocol.Icmpv6:
                text.Append(", icmp6 type ").Append((byte)IcmpType).Append(" code ").Append(IcmpCode);
                break;
            default:
                text.Append(", proto ").Append((byte)IpProtocol);
                break;
        }
    }
}
