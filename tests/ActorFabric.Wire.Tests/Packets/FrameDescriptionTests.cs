using ActorFabric.Wire.Packets;
using static ActorFabric.Wire.Tests.Packets.SampleFrames;

namespace ActorFabric.Wire.Tests.Packets;

public class FrameDescriptionTests
{
    [Fact]
    public void Plain_host_frame_is_described_without_a_tunnel()
    {
        var description = FrameDescription.Parse(FrameBuilder.IcmpEchoRequest(H1Mac, H2Mac, H1Ip, H2Ip, 5, 6, "x"u8, new VlanTag(10)));
        Assert.False(description.IsVxlan);
        Assert.Equal(PacketError.None, description.Error);
        var frame = description.Payload;
        Assert.Equal((H1Mac, H2Mac, EtherType.Ipv4, (ushort)10), (frame.Source, frame.Destination, frame.EtherType, frame.Vlan!.Value.VlanId));
        Assert.True(frame.IsIcmpEcho);
        Assert.Equal((IcmpType.EchoRequest, (ushort)5, (ushort)6), (frame.IcmpType, frame.IcmpIdentifier, frame.IcmpSequence));
        Assert.Equal("02:00:00:00:01:01 > 02:00:00:00:01:02, vlan 10, ipv4 10.1.1.1 > 10.1.1.2 ttl 64, icmp echo request id 5 seq 6", description.ToString());
    }

    [Fact]
    public void Vxlan_frame_is_walked_to_the_inner_arp()
    {
        var packet = VxlanEncapsulation.Encapsulate(Outer(10100), FrameBuilder.ArpRequest(H1Mac, H1Ip, H2Ip, new VlanTag(100)));
        var description = FrameDescription.Parse(packet);
        Assert.True(description.IsVxlan);
        Assert.Equal(10100u, description.Vni);
        Assert.Equal(PacketError.None, description.Error);
        Assert.Equal((Vtep1, Vtep2, (ushort)4789), (description.Frame.IpSource, description.Frame.IpDestination, description.Frame.DestinationPort));
        var inner = description.Inner;
        Assert.True(inner.IsArp);
        Assert.Equal((ArpOperation.Request, H1Ip, H2Ip, (ushort)100), (inner.ArpOperation, inner.ArpSenderIp, inner.ArpTargetIp, inner.Vlan!.Value.VlanId));
        Assert.Contains("vxlan vni 10100 | 02:00:00:00:01:01 > ff:ff:ff:ff:ff:ff, vlan 100, arp who-has 10.1.1.2 tell 10.1.1.1", description.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_sample_frame_is_described_the_same_inside_and_outside_a_tunnel()
    {
        foreach (var (label, frame) in All())
        {
            var plain = FrameDescription.Parse(frame);
            var tunnelled = FrameDescription.Parse(VxlanEncapsulation.Encapsulate(Outer(77), frame));
            Assert.True(tunnelled.IsVxlan, label);
            Assert.Equal(77u, tunnelled.Vni);
            Assert.Equal(plain.Frame, tunnelled.Inner);
            Assert.Equal(PacketError.None, tunnelled.Error);
        }
    }

    [Fact]
    public void Udp_summary_reports_ports_and_a_corrupted_udp_checksum()
    {
        var frame = FrameBuilder.UdpDatagram(H1Mac, H2Mac, H1Ip, H2Ip, 1111, 2222, "data"u8);
        var summary = FrameSummary.Parse(frame);
        Assert.True(summary.IsUdp);
        Assert.Equal(((ushort)1111, (ushort)2222, IpProtocol.Udp), (summary.SourcePort, summary.DestinationPort, summary.IpProtocol));
        frame[^15] ^= 0xFF; // inside the UDP payload (frame is padded, payload ends before padding)
        Assert.Equal(PacketError.BadChecksum, FrameSummary.Parse(frame).Error);
    }

    [Fact]
    public void Damaged_inner_frame_is_reported_as_the_descriptions_error()
    {
        var inner = FrameBuilder.IcmpEchoRequest(H1Mac, H2Mac, H1Ip, H2Ip, 1, 1, "zz"u8);
        inner[14 + 20 + 9] ^= 1; // inside the ICMP message
        var description = FrameDescription.Parse(VxlanEncapsulation.Encapsulate(Outer(), inner));
        Assert.True(description.IsVxlan);
        Assert.Equal(PacketError.BadChecksum, description.Error);
        Assert.Equal(PacketError.None, description.Frame.Error);
    }
}
