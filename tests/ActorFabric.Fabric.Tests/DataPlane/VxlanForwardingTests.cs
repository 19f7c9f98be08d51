using ActorFabric.Fabric.DataPlane;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Underlay;
using ActorFabric.Wire.Hashing;
using ActorFabric.Wire.Packets;
using static ActorFabric.Fabric.Tests.DataPlane.DataPlaneTestFabric;

namespace ActorFabric.Fabric.Tests.DataPlane;

/// <summary>Unicast across the fabric: VXLAN on the wire, ECMP through the spine the underlay picks, hop-by-hop TTL.</summary>
public sealed class VxlanForwardingTests
{
    private static readonly TimeSpan OneWay = 2 * HostLatency + 2 * FabricLatency;

    [Fact]
    public void Underlay_converges_and_every_leaf_reaches_every_other_vtep_through_both_spines()
    {
        using var f = new DataPlaneTestFabric();
        for (int a = 1; a <= 3; a++)
        {
            for (int b = 1; b <= 3; b++)
            {
                if (a == b) continue;
                Assert.True(f.Leaf(a).DataPlane.Underlay.TryLookup(LeafId(b), out var route));
                Assert.Equal(2, route.NextHopCount);
            }
        }
    }

    [Fact]
    public void Ping_between_hosts_on_one_vni_across_leaves_succeeds_with_round_trip_of_the_link_latencies()
    {
        using var f = new DataPlaneTestFabric();
        var session = f["h1"].Ping(HostIp(2), count: 3, TimeSpan.FromSeconds(1), payloadSize: 56, f.Now);
        f.RunFor(TimeSpan.FromSeconds(4));

        Assert.True(session.IsComplete);
        var result = session.Result;
        Assert.True(result.Success, $"sent {result.Sent} received {result.Received}");
        Assert.Equal(3, result.Received);
        // Echoes 2 and 3 find the ARP entry: the round trip is exactly host link + two fabric links, both ways.
        Assert.Equal(2 * OneWay, result.RoundTripTimes[1]);
        Assert.Equal(2 * OneWay, result.RoundTripTimes[2]);
        // Echo 1 waited for ARP, answered by leaf1 itself (h2's MAC+IP route is known): one host-link round trip more.
        Assert.Equal(2 * OneWay + 2 * HostLatency, result.RoundTripTimes[0]);
        Assert.Equal(HostMac(2), result.FirstHopMac);
    }

    [Fact]
    public void Every_fabric_frame_of_a_ping_is_a_valid_vxlan_packet_on_the_spine_the_underlay_chose_with_ttl_decremented_per_hop()
    {
        using var f = new DataPlaneTestFabric();
        int mark = f.Wire.Count;
        long transitBefore = f.Spine1.DataPlane.Counters().Transit + f.Spine2.DataPlane.Counters().Transit;
        var session = f["h1"].Ping(HostIp(2), count: 1, TimeSpan.FromSeconds(1), payloadSize: 56, f.Now);
        f.RunFor(TimeSpan.FromSeconds(2));
        Assert.True(session.Result.Success);

        var vxlan = f.VxlanFrames(mark);
        Assert.Equal(4, vxlan.Count); // request leaf1→spine→leaf2, reply leaf2→spine→leaf1
        foreach (var w in vxlan)
        {
            var d = FrameDescription.Parse(w.Frame);
            Assert.Equal(PacketError.None, d.Error);
            Assert.Equal(Vni100, d.Vni);
            Assert.True(d.Inner.IsIcmpEcho, d.ToString());
            Assert.Null(d.Inner.Vlan); // VXLAN carries the inner frame untagged
            Assert.Equal(VxlanHeader.UdpPort, d.Frame.DestinationPort);
            Assert.InRange(d.Frame.SourcePort, VxlanSourcePort.Minimum, VxlanSourcePort.Maximum);
        }

        // Request: leaf1 encapsulates and picks the fabric port EcmpNextHopSelector gives for the outer source port.
        var request = vxlan.Single(w => w.From == "leaf1");
        var outer = FrameDescription.Parse(request.Frame);
        Assert.Equal(new Ipv4Address(LeafId(1)), outer.Frame.IpSource);
        Assert.Equal(new Ipv4Address(LeafId(2)), outer.Frame.IpDestination);
        Assert.Equal(64, outer.Frame.Ttl);
        var choice = EcmpNextHopSelector.Decide(f.Leaf(1).DataPlane.Underlay, LeafId(2), outer.Frame.SourcePort, LeafId(1));
        Assert.Equal(UnderlayForwardingKind.Forward, choice.Kind);
        Assert.Equal(choice.NextHop.InterfaceId, request.FromPort.Value);
        string spine = choice.NextHop.NeighborRouterId == SpineId(1) ? "spine1" : "spine2";
        Assert.Equal(spine, request.To);
        Assert.Equal(f.Leaf(1).Mac, outer.Frame.Source);
        Assert.Equal(f.SwitchNamed(spine).Mac, outer.Frame.Destination);

        // The spine routes it on to leaf2 with TTL 63, its own MAC as source, the outer source port untouched.
        var transit = vxlan.Single(w => w.From == spine && w.To == "leaf2");
        var hop2 = FrameDescription.Parse(transit.Frame);
        Assert.Equal(63, hop2.Frame.Ttl);
        Assert.Equal(f.SwitchNamed(spine).Mac, hop2.Frame.Source);
        Assert.Equal(f.Leaf(2).Mac, hop2.Frame.Destination);
        Assert.Equal(outer.Frame.SourcePort, hop2.Frame.SourcePort);
        // Two transits in all (request and reply), each counted by the spine that carried it.
        Assert.Equal(2, f.Spine1.DataPlane.Counters().Transit + f.Spine2.DataPlane.Counters().Transit - transitBefore);
    }

    [Fact]
    public void The_path_tracer_reports_each_hop_of_an_echo_request()
    {
        using var f = new DataPlaneTestFabric();
        var tracer = new RecordingTracer();
        foreach (var sw in f.Switches) sw.DataPlane.Tracer = tracer;
        f["h1"].Ping(HostIp(2), count: 1, TimeSpan.FromSeconds(1), payloadSize: 8, f.Now);
        f.RunFor(TimeSpan.FromSeconds(2));

        var requestHops = tracer.Hops.Where(h => h.IsEchoRequest).Select(h => (h.Device, h.Stage)).ToList();
        Assert.Equal(3, requestHops.Count);
        Assert.Equal(("leaf1", ForwardingStage.Encapsulated), requestHops[0]);
        Assert.Equal(ForwardingStage.Transit, requestHops[1].Stage);
        Assert.Equal(("leaf2", ForwardingStage.Decapsulated), requestHops[2]);
        var last = tracer.Hops.Last(h => h.IsEchoRequest);
        Assert.Equal(new PortId(11), last.Egress);
    }

    [Fact]
    public void Different_flows_spread_over_both_spines()
    {
        using var f = new DataPlaneTestFabric();
        // Resolve h2 first, then 64 UDP flows that differ only in the source port.
        f["h1"].Ping(HostIp(2), 1, TimeSpan.FromSeconds(1), 8, f.Now);
        f.RunFor(TimeSpan.FromSeconds(1));
        int mark = f.Wire.Count;
        for (ushort p = 0; p < 64; p++) f["h1"].StartUdpFlow(HostIp(2), 5001, (ushort)(40000 + p), 1, TimeSpan.FromMilliseconds(1), 100, f.Now);
        f.RunFor(TimeSpan.FromSeconds(1));

        var fromLeaf1 = f.VxlanFrames(mark).Where(w => w.From == "leaf1").ToList();
        Assert.Equal(64, fromLeaf1.Count);
        int viaSpine1 = fromLeaf1.Count(w => w.To == "spine1");
        int viaSpine2 = fromLeaf1.Count(w => w.To == "spine2");
        Assert.True(viaSpine1 > 8 && viaSpine2 > 8, $"spine1 {viaSpine1}, spine2 {viaSpine2}");
        // Each flow's spine is the selector's choice for its outer source port.
        foreach (var w in fromLeaf1)
        {
            var port = FrameDescription.Parse(w.Frame).Frame.SourcePort;
            var choice = EcmpNextHopSelector.Decide(f.Leaf(1).DataPlane.Underlay, LeafId(2), port, LeafId(1));
            Assert.Equal(choice.NextHop.InterfaceId, w.FromPort.Value);
        }
        Assert.Equal(64, f["h2"].UdpReceived(5001).Datagrams);
        Assert.Equal(64 * 100, f["h2"].UdpReceived(5001).Bytes);
    }

    [Fact]
    public void Hosts_behind_the_same_leaf_are_bridged_locally_without_vxlan()
    {
        using var f = new DataPlaneTestFabric();
        int mark = f.Wire.Count;
        var session = f["h1"].Ping(HostIp(4), 2, TimeSpan.FromSeconds(1), 8, f.Now);
        f.RunFor(TimeSpan.FromSeconds(3));
        Assert.True(session.Result.Success);
        Assert.Equal(4 * HostLatency, session.Result.RoundTripTimes[1]);
        Assert.Empty(f.VxlanFrames(mark));
    }

    [Fact]
    public void A_vlan_tagged_access_port_delivers_tagged_frames_and_sends_untagged_inner_frames_into_the_fabric()
    {
        using var f = new DataPlaneTestFabric();
        int mark = f.Wire.Count;
        var session = f["h1"].Ping(HostIp(3), 2, TimeSpan.FromSeconds(1), 8, f.Now);
        f.RunFor(TimeSpan.FromSeconds(3));
        Assert.True(session.Result.Success);

        var toH3 = f.Wire.Skip(mark).Where(w => w.To == "h3").ToList();
        Assert.NotEmpty(toH3);
        Assert.All(toH3, w => Assert.Equal(new VlanTag(100), FrameSummary.Parse(w.Frame).Vlan));
        var fromH3 = f.Wire.Skip(mark).Where(w => w.From == "h3").ToList();
        Assert.All(fromH3, w => Assert.Equal(new VlanTag(100), FrameSummary.Parse(w.Frame).Vlan));
        var vxlanFromLeaf3 = f.VxlanFrames(mark).Where(w => w.From == "leaf3").ToList();
        Assert.NotEmpty(vxlanFromLeaf3);
        Assert.All(vxlanFromLeaf3, w => Assert.Null(FrameDescription.Parse(w.Frame).Inner.Vlan));
    }

    [Fact]
    public void An_untagged_frame_on_a_tagged_port_is_dropped_as_a_vlan_mismatch()
    {
        using var f = new DataPlaneTestFabric();
        var leaf3 = f.Leaf(3);
        var frame = FrameBuilder.GratuitousArp(HostMac(77), HostIp(77));
        leaf3.DataPlane.HandleAccessFrame(new PortId(11), frame, f.Now, leaf3);
        Assert.Equal(1, leaf3.DataPlane.Counters().DropCount(DataPlaneDropReason.VlanMismatch));
        Assert.Null(f.Fdb(leaf3, Vni100, HostMac(77)));
    }

    private sealed class RecordingTracer : IForwardingTracer
    {
        public readonly List<(string Device, PortId Ingress, PortId Egress, ForwardingStage Stage, bool IsEchoRequest)> Hops = [];

        public void OnForward(string device, PortId ingress, PortId egress, ForwardingStage stage, ReadOnlySpan<byte> frame)
        {
            var d = FrameDescription.Parse(frame);
            Hops.Add((device, ingress, egress, stage, d.Payload.IsIcmpEcho && d.Payload.IcmpType == IcmpType.EchoRequest));
        }
    }
}
