using ActorFabric.Wire.Packets;
using static ActorFabric.Wire.Tests.Packets.SampleFrames;

namespace ActorFabric.Wire.Tests.Packets;

public class FrameBuilderTests
{
    [Fact]
    public void Every_built_frame_is_at_least_the_ethernet_minimum_and_parses_without_error()
    {
        foreach (var (label, frame) in All())
        {
            Assert.True(frame.Length >= 60, label);
            var summary = FrameSummary.Parse(frame);
            Assert.True(summary.Error == PacketError.None, $"{label}: {summary}");
        }
    }

    [Fact]
    public void Arp_reply_is_unicast_to_the_requester()
    {
        var summary = FrameSummary.Parse(FrameBuilder.ArpReply(H2Mac, H2Ip, H1Mac, H1Ip));
        Assert.Equal(H1Mac, summary.Destination);
        Assert.Equal(ArpOperation.Reply, summary.ArpOperation);
        Assert.Equal((H2Mac, H2Ip, H1Mac, H1Ip), (summary.ArpSenderMac, summary.ArpSenderIp, summary.ArpTargetMac, summary.ArpTargetIp));
    }

    [Fact]
    public void Gratuitous_arp_is_a_broadcast_request_for_the_senders_own_address()
    {
        var frame = FrameBuilder.GratuitousArp(H1Mac, H1Ip, new VlanTag(20));
        var summary = FrameSummary.Parse(frame);
        Assert.True(summary.Destination.IsBroadcast);
        Assert.Equal(ArpOperation.Request, summary.ArpOperation);
        Assert.Equal(H1Ip, summary.ArpSenderIp);
        Assert.Equal(H1Ip, summary.ArpTargetIp);
        Assert.Equal((ushort)20, summary.Vlan!.Value.VlanId);
        Assert.Equal(PacketError.None, ArpPacket.TryRead(frame.AsSpan(18), out var arp));
        Assert.True(arp.IsGratuitous);
    }

    [Fact]
    public void Icmp_echo_request_carries_id_sequence_ttl_and_data()
    {
        var frame = FrameBuilder.IcmpEchoRequest(H1Mac, H2Mac, H1Ip, H2Ip, 0x4242, 9, "0123456789"u8, ttl: 17);
        Assert.Equal(PacketError.None, EthernetHeader.TryRead(frame, out _, out var l3));
        Assert.Equal(PacketError.None, Ipv4Header.TryRead(l3, out var ip, out var icmp));
        Assert.Equal((IpProtocol.Icmp, (byte)17, H1Ip, H2Ip), (ip.Protocol, ip.Ttl, ip.Source, ip.Destination));
        Assert.Equal(PacketError.None, IcmpEcho.TryRead(icmp, out var echo, out var data));
        Assert.Equal(new IcmpEcho(IcmpType.EchoRequest, 0x4242, 9), echo);
        Assert.Equal("0123456789"u8.ToArray(), data.ToArray());
    }

    [Fact]
    public void Echo_reply_to_a_request_swaps_addresses_and_echoes_id_sequence_data_and_vlan()
    {
        var vlan = new VlanTag(300);
        var request = FrameBuilder.IcmpEchoRequest(H1Mac, H2Mac, H1Ip, H2Ip, 77, 3, "payload!"u8, vlan);
        var reply = new byte[FrameBuilder.MaxFrameLength];
        Assert.Equal(PacketError.None, FrameBuilder.TryWriteIcmpEchoReplyTo(request, reply, out int written));
        var expected = FrameBuilder.IcmpEchoReply(H2Mac, H1Mac, H2Ip, H1Ip, 77, 3, "payload!"u8, vlan);
        Assert.Equal(expected, reply[..written]);

        Assert.Equal(PacketError.UnsupportedMessageType, FrameBuilder.TryWriteIcmpEchoReplyTo(expected, reply, out _));
        Assert.Equal(PacketError.UnexpectedEtherType, FrameBuilder.TryWriteIcmpEchoReplyTo(FrameBuilder.GratuitousArp(H1Mac, H1Ip), reply, out _));
    }

    [Fact]
    public void Udp_datagram_has_a_valid_pseudo_header_checksum()
    {
        var frame = FrameBuilder.UdpDatagram(H1Mac, H2Mac, H1Ip, H2Ip, 40000, 5001, new byte[100]);
        Assert.Equal(14 + 20 + 8 + 100, frame.Length);
        var udp = frame.AsSpan(34);
        Assert.NotEqual(0, udp[6] | udp[7]);
        Assert.Equal(PacketError.None, UdpHeader.VerifyChecksum(udp, H1Ip, H2Ip));
        var summary = FrameSummary.Parse(frame);
        Assert.Equal(((ushort)40000, (ushort)5001), (summary.SourcePort, summary.DestinationPort));
    }

    [Fact]
    public void Igmp_frames_use_ttl_1_router_alert_and_the_rfc_destinations()
    {
        var report = FrameSummary.Parse(FrameBuilder.Igmpv2Report(H1Mac, H1Ip, Group));
        Assert.Equal((IgmpType.V2MembershipReport, Group, Group, (byte)1), (report.IgmpType, report.IgmpGroup, report.IpDestination, report.Ttl));
        Assert.Equal(MacAddress.ForIpv4Multicast(Group), report.Destination);

        var leave = FrameSummary.Parse(FrameBuilder.Igmpv2Leave(H1Mac, H1Ip, Group));
        Assert.Equal((IgmpType.LeaveGroup, Group, Ipv4Address.AllRouters), (leave.IgmpType, leave.IgmpGroup, leave.IpDestination));

        var query = FrameSummary.Parse(FrameBuilder.Igmpv2Query(H2Mac, H2Ip, Ipv4Address.Any));
        Assert.Equal((IgmpType.MembershipQuery, Ipv4Address.AllSystems), (query.IgmpType, query.IpDestination));
        var specific = FrameSummary.Parse(FrameBuilder.Igmpv2Query(H2Mac, H2Ip, Group));
        Assert.Equal(Group, specific.IpDestination);

        var v3Frame = FrameBuilder.Igmpv3Report(H1Mac, H1Ip, new[] { Igmpv3GroupRecord.Join(Group) });
        var v3 = FrameSummary.Parse(v3Frame);
        Assert.Equal((IgmpType.V3MembershipReport, Group, 1, Ipv4Address.AllIgmpv3Routers), (v3.IgmpType, v3.IgmpGroup, v3.IgmpRecordCount, v3.IpDestination));
        Assert.Equal(PacketError.None, Ipv4Header.TryRead(v3Frame.AsSpan(14), out var ip));
        Assert.True(ip.RouterAlert);
    }

    [Fact]
    public void Write_forms_match_the_allocating_forms_and_reject_small_buffers()
    {
        var buffer = new byte[FrameBuilder.MaxFrameLength];
        int n = FrameBuilder.WriteUdpDatagram(buffer, H1Mac, H2Mac, H1Ip, H2Ip, 1, 2, "x"u8);
        Assert.Equal(FrameBuilder.UdpDatagram(H1Mac, H2Mac, H1Ip, H2Ip, 1, 2, "x"u8), buffer[..n]);
        Assert.ThrowsAny<ArgumentException>(() => FrameBuilder.WriteUdpDatagram(new byte[59], H1Mac, H2Mac, H1Ip, H2Ip, 1, 2, "x"u8));
    }
}
