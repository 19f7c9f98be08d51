using ActorFabric.Fabric.DataPlane;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Wire.Packets;
using static ActorFabric.Fabric.Tests.DataPlane.DataPlaneTestFabric;

namespace ActorFabric.Fabric.Tests.DataPlane;

/// <summary>Control-plane packets routed hop by hop and punted at their destination; transit drops.</summary>
public sealed class ControlPlaneAndTransitTests
{
    /// <summary>An IPv4 packet (no Ethernet) with a UDP or TCP-like header: enough for routing and classification.</summary>
    private static byte[] IpPacket(uint source, uint destination, IpProtocol protocol, ushort sourcePort, ushort destinationPort, byte ttl = 64)
    {
        int l4 = protocol == IpProtocol.Tcp ? 20 : UdpHeader.HeaderLength + 24;
        var packet = new byte[Ipv4Header.MinimumLength + l4];
        Ipv4Header.Create(new Ipv4Address(source), new Ipv4Address(destination), protocol, l4, ttl).Write(packet);
        var body = packet.AsSpan(Ipv4Header.MinimumLength);
        if (protocol == IpProtocol.Udp)
        {
            new UdpHeader(sourcePort, destinationPort, (ushort)l4).Write(body);
            UdpHeader.WriteChecksum(body, new Ipv4Address(source), new Ipv4Address(destination));
        }
        else
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(body, sourcePort);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(body[2..], destinationPort);
            body[12] = 5 << 4; // data offset 5 words
        }
        return packet;
    }

    [Fact]
    public void A_bgp_segment_from_a_leaf_is_routed_through_a_spine_and_punted_at_the_destination_leaf_with_ttl_63()
    {
        using var f = new DataPlaneTestFabric();
        var leaf1 = f.Leaf(1);
        var result = leaf1.DataPlane.SendFromControlPlane(IpPacket(LeafId(1), LeafId(3), IpProtocol.Tcp, 50000, 179), leaf1);
        Assert.Equal(ControlPlaneSendKind.Sent, result.Kind);
        Assert.True(leaf1.DataPlane.IsFabricPort(result.Port));
        f.RunFor(TimeSpan.FromMilliseconds(1));

        var punt = Assert.Single(f.Leaf(3).Punts);
        Assert.Equal(ControlPlaneProtocol.Bgp, punt.Protocol);
        var s = FrameSummary.Parse(punt.Frame);
        Assert.Equal(63, s.Ttl);
        Assert.Equal(new Ipv4Address(LeafId(1)), s.IpSource);
        Assert.Equal(f.Leaf(3).Mac, s.Destination);
        // The spine it went through is the one across the port leaf1 chose.
        var spine = result.Port.Value == 1 ? f.Spine1 : f.Spine2;
        Assert.Equal(spine.Mac, s.Source);
    }

    [Fact]
    public void Bfd_and_bgp_to_a_spine_loopback_are_punted_there_with_their_protocol()
    {
        using var f = new DataPlaneTestFabric();
        var leaf2 = f.Leaf(2);
        Assert.Equal(ControlPlaneSendKind.Sent, leaf2.DataPlane.SendFromControlPlane(IpPacket(LeafId(2), SpineId(1), IpProtocol.Udp, 49200, 4784, ttl: 255), leaf2).Kind);
        Assert.Equal(ControlPlaneSendKind.Sent, leaf2.DataPlane.SendFromControlPlane(IpPacket(LeafId(2), SpineId(1), IpProtocol.Tcp, 179, 40000), leaf2).Kind);
        Assert.Equal(ControlPlaneSendKind.Sent, leaf2.DataPlane.SendFromControlPlane(IpPacket(LeafId(2), SpineId(1), IpProtocol.Udp, 1000, 2000), leaf2).Kind);
        f.RunFor(TimeSpan.FromMilliseconds(1));

        Assert.Equal([ControlPlaneProtocol.Bfd, ControlPlaneProtocol.Bgp, ControlPlaneProtocol.OtherLocal], f.Spine1.Punts.Select(p => p.Protocol).ToList());
        // One hop, delivered locally: the TTL the origin set arrives untouched (RFC 5883 §2 multihop BFD uses 255).
        Assert.Equal([255, 64, 64], f.Spine1.Punts.Select(p => (int)FrameSummary.Parse(p.Frame).Ttl).ToList());
        Assert.Equal(new PortId(2), f.Spine1.Punts[0].Port); // spine1's port towards leaf2
    }

    [Fact]
    public void Sending_to_an_own_address_or_without_a_route_reports_it_and_sends_nothing()
    {
        using var f = new DataPlaneTestFabric();
        var leaf1 = f.Leaf(1);
        int mark = f.Wire.Count;
        Assert.Equal(ControlPlaneSendKind.Local, leaf1.DataPlane.SendFromControlPlane(IpPacket(LeafId(1), LeafId(1), IpProtocol.Tcp, 1, 179), leaf1).Kind);
        Assert.Equal(ControlPlaneSendKind.NoRoute, leaf1.DataPlane.SendFromControlPlane(IpPacket(LeafId(1), 0xC000_0201, IpProtocol.Tcp, 1, 179), leaf1).Kind);
        Assert.Equal(ControlPlaneSendKind.Malformed, leaf1.DataPlane.SendFromControlPlane(new byte[10], leaf1).Kind);
        Assert.Equal(mark, f.Wire.Count);
    }

    [Fact]
    public void A_transit_packet_whose_ttl_would_expire_is_dropped_and_counted()
    {
        using var f = new DataPlaneTestFabric();
        var spine = f.Spine1;
        var frame = new byte[14 + 52];
        f.Leaf(1).Mac.Write(frame.AsSpan(6));
        spine.Mac.Write(frame);
        frame[12] = 0x08;
        IpPacket(LeafId(1), LeafId(2), IpProtocol.Udp, 50000, 4789, ttl: 1).CopyTo(frame, 14);
        int mark = f.Wire.Count;
        spine.DataPlane.HandleFabricFrame(new PortId(1), frame, f.Now, spine);

        Assert.Equal(1, spine.DataPlane.Counters().DropCount(DataPlaneDropReason.TtlExpired));
        Assert.Equal(mark, f.Wire.Count);
    }

    [Fact]
    public void A_transit_packet_without_an_underlay_route_is_dropped_and_counted()
    {
        using var f = new DataPlaneTestFabric();
        var spine = f.Spine2;
        var frame = new byte[14 + 52];
        spine.Mac.Write(frame);
        frame[12] = 0x08;
        IpPacket(LeafId(1), 0xC000_0201, IpProtocol.Udp, 50000, 4789).CopyTo(frame, 14);
        spine.DataPlane.HandleFabricFrame(new PortId(1), frame, f.Now, spine);
        Assert.Equal(1, spine.DataPlane.Counters().DropCount(DataPlaneDropReason.NoRoute));
    }

    [Fact]
    public void A_frame_for_another_mac_on_a_routed_port_is_not_forwarded()
    {
        using var f = new DataPlaneTestFabric();
        var spine = f.Spine1;
        var frame = new byte[14 + 52];
        new MacAddress(0x0200_DEAD_BEEFUL).Write(frame);
        frame[12] = 0x08;
        IpPacket(LeafId(1), LeafId(2), IpProtocol.Udp, 50000, 4789).CopyTo(frame, 14);
        int mark = f.Wire.Count;
        spine.DataPlane.HandleFabricFrame(new PortId(1), frame, f.Now, spine);
        Assert.Equal(1, spine.DataPlane.Counters().DropCount(DataPlaneDropReason.NotForThisDevice));
        Assert.Equal(mark, f.Wire.Count);
    }

    [Fact]
    public void Port_counters_match_on_both_ends_of_every_fabric_link()
    {
        using var f = new DataPlaneTestFabric();
        f["h1"].Ping(HostIp(2), 3, TimeSpan.FromMilliseconds(100), 100, f.Now);
        f["h3"].Ping(HostIp(99), 1, TimeSpan.FromMilliseconds(100), 100, f.Now);
        f.RunFor(TimeSpan.FromSeconds(1));
        for (int l = 1; l <= 3; l++)
        {
            foreach (var (spine, spinePort) in new[] { (f.Spine1, l), (f.Spine2, l) })
            {
                var leafSide = f.Leaf(l).DataPlane.Counters().Ports.Single(p => p.Port == new PortId(spine == f.Spine1 ? 1 : 2));
                var spineSide = spine.DataPlane.Counters().Ports.Single(p => p.Port == new PortId(spinePort));
                Assert.Equal(leafSide.FramesOut, spineSide.FramesIn);
                Assert.Equal(leafSide.BytesOut, spineSide.BytesIn);
                Assert.Equal(spineSide.FramesOut, leafSide.FramesIn);
                Assert.True(leafSide.IsFabric && spineSide.IsFabric);
            }
        }
    }
}
