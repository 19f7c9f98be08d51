using ActorFabric.Fabric.DataPlane;
using System.Net;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Packets;
using static ActorFabric.Fabric.Tests.DataPlane.DataPlaneTestFabric;

namespace ActorFabric.Fabric.Tests.DataPlane;

/// <summary>Flooding with ingress replication, split horizon, ARP suppression and a host move with GARP.</summary>
public sealed class BumAndArpSuppressionTests
{
    private static bool IsArpRequestFor(byte[] frame, Ipv4Address target)
    {
        var s = FrameSummary.Parse(frame);
        return s.IsArp && s.ArpOperation == ArpOperation.Request && s.ArpTargetIp == target && s.ArpSenderIp != s.ArpTargetIp;
    }

    [Fact]
    public void An_arp_request_for_a_known_mac_ip_is_answered_by_the_local_leaf_and_reaches_no_remote_host()
    {
        using var f = new DataPlaneTestFabric();
        int mark = f.Wire.Count;
        long bumBefore = f.Leaf(1).DataPlane.BumCopies;
        long h2Before = f["h2"].FramesReceived, h3Before = f["h3"].FramesReceived;

        f["h1"].Ping(HostIp(2), 1, TimeSpan.FromSeconds(1), 8, f.Now); // needs ARP for h2 first
        f.RunFor(TimeSpan.FromMilliseconds(1));

        var replies = f.Wire.Skip(mark).Where(w => w.To == "h1" && FrameSummary.Parse(w.Frame) is { IsArp: true, ArpOperation: ArpOperation.Reply }).ToList();
        var reply = Assert.Single(replies);
        Assert.Equal("leaf1", reply.From);
        var s = FrameSummary.Parse(reply.Frame);
        Assert.Equal(HostIp(2), s.ArpSenderIp);
        Assert.Equal(HostMac(2), s.ArpSenderMac);
        Assert.Equal(HostMac(1), s.Destination);
        Assert.Equal(1, f.Leaf(1).DataPlane.Counters().ProxyReplies);

        Assert.DoesNotContain(f.Wire.Skip(mark), w => IsArpRequestFor(w.Frame, HostIp(2)) && w.From != "h1");
        Assert.Equal(bumBefore, f.Leaf(1).DataPlane.BumCopies);
        Assert.True(f["h1"].TryGetArpEntry(HostIp(2), out var mac));
        Assert.Equal(HostMac(2), mac);
        // h2 got the echo request only; h3 got nothing at all.
        Assert.Equal(h3Before, f["h3"].FramesReceived);
        Assert.Equal(h2Before + 1, f["h2"].FramesReceived);
    }

    [Fact]
    public void An_arp_for_an_unknown_ip_floods_one_copy_per_remote_vtep_of_the_vni_and_local_ports()
    {
        using var f = new DataPlaneTestFabric();
        int mark = f.Wire.Count;
        var before = f.Leaf(1).DataPlane.Counters();
        var unknown = HostIp(99);

        f["h1"].Ping(unknown, 1, TimeSpan.FromSeconds(1), 8, f.Now);
        f.RunFor(TimeSpan.FromMilliseconds(1)); // the first ARP attempt only

        var after = f.Leaf(1).DataPlane.Counters();
        Assert.Equal(2, after.BumCopies - before.BumCopies);           // leaf2 and leaf3 carry VNI 10100
        Assert.Equal(1, after.BumLocalCopies - before.BumLocalCopies); // h4; never back to h1's port
        var copies = f.VxlanFrames(mark).Where(w => w.From == "leaf1").Select(w => FrameDescription.Parse(w.Frame)).ToList();
        Assert.Equal([new Ipv4Address(LeafId(2)), new Ipv4Address(LeafId(3))], copies.Select(c => c.Frame.IpDestination).Order().ToList());
        Assert.All(copies, c => Assert.True(c.Inner.IsArp && c.Inner.ArpTargetIp == unknown));

        // Every host of the VNI sees the request once (h3 tagged), hosts of VNI 10200 do not, the sender does not.
        foreach (var host in new[] { "h2", "h3", "h4" })
            Assert.Single(f.Wire.Skip(mark), w => w.To == host && IsArpRequestFor(w.Frame, unknown));
        foreach (var host in new[] { "h1", "h5", "h6" })
            Assert.DoesNotContain(f.Wire.Skip(mark), w => w.To == host && IsArpRequestFor(w.Frame, unknown));
    }

    [Fact]
    public void Bum_copies_follow_the_flood_list_of_the_vni_only()
    {
        using var f = new DataPlaneTestFabric();
        int mark = f.Wire.Count;
        long before = f.Leaf(1).DataPlane.BumCopies;
        f["h5"].Ping(HostIp(98), 1, TimeSpan.FromSeconds(1), 8, f.Now); // VNI 10200: only leaf2 besides leaf1
        f.RunFor(TimeSpan.FromMilliseconds(1));

        Assert.Equal(1, f.Leaf(1).DataPlane.BumCopies - before);
        var copy = Assert.Single(f.VxlanFrames(mark), w => w.From == "leaf1");
        Assert.Equal(Vni200, FrameDescription.Parse(copy.Frame).Vni);
        Assert.Single(f.Wire.Skip(mark), w => w.To == "h6" && IsArpRequestFor(w.Frame, HostIp(98)));
        Assert.DoesNotContain(f.Wire.Skip(mark), w => w.To is "h2" or "h3" or "h4");
    }

    [Fact]
    public void Flooded_frames_from_the_fabric_go_to_local_ports_only_never_back_into_the_fabric()
    {
        using var f = new DataPlaneTestFabric();
        int mark = f.Wire.Count;
        var leaf2Before = f.Leaf(2).DataPlane.Counters();
        var leaf3Before = f.Leaf(3).DataPlane.Counters();
        f["h1"].Ping(HostIp(99), 1, TimeSpan.FromSeconds(1), 8, f.Now);
        f.RunFor(TimeSpan.FromMilliseconds(1));

        var leaf2 = f.Leaf(2).DataPlane.Counters();
        var leaf3 = f.Leaf(3).DataPlane.Counters();
        Assert.Equal(1, leaf2.Decapsulated - leaf2Before.Decapsulated);
        Assert.Equal(1, leaf3.Decapsulated - leaf3Before.Decapsulated);
        Assert.Equal(leaf2Before.Encapsulated, leaf2.Encapsulated);
        Assert.Equal(leaf3Before.Encapsulated, leaf3.Encapsulated);
        Assert.Equal(leaf2Before.BumCopies, leaf2.BumCopies);
        Assert.DoesNotContain(f.VxlanFrames(mark), w => w.From is "leaf2" or "leaf3");
    }

    [Fact]
    public void A_host_moved_to_another_leaf_reannounces_with_garp_and_every_remote_fdb_follows()
    {
        using var f = new DataPlaneTestFabric();
        Assert.Equal(VtepAddress(f.Leaf(2)), f.Fdb(f.Leaf(1), Vni100, HostMac(2))?.Vtep);
        int mark = f.Wire.Count;

        f.MoveHost("h2", f.Leaf(3), new PortId(12));
        f.RunFor(TimeSpan.FromMilliseconds(10));

        var garp = Assert.Single(f.Wire.Skip(mark), w => w.From == "h2");
        var s = FrameSummary.Parse(garp.Frame);
        Assert.True(s.IsArp && s.ArpSenderIp == HostIp(2) && s.ArpTargetIp == HostIp(2) && s.Destination.IsBroadcast);
        Assert.Equal("leaf3", garp.To);

        // Leaf3 learned it locally with mobility sequence 1; leaf1 and leaf2 point at leaf3 now.
        Assert.Equal(FdbEntryKind.Learned, f.Fdb(f.Leaf(3), Vni100, HostMac(2))?.Kind);
        Assert.Equal(1u, f.Leaf(3).Vrfs[0].LocalSequence(Vni100, HostMac(2)));
        Assert.Equal(VtepAddress(f.Leaf(3)), f.Fdb(f.Leaf(1), Vni100, HostMac(2))?.Vtep);
        Assert.Equal(VtepAddress(f.Leaf(3)), f.Fdb(f.Leaf(2), Vni100, HostMac(2))?.Vtep);

        // Traffic follows: h1 (ARP entry kept, as a real host would) reaches h2 behind leaf3.
        int mark2 = f.Wire.Count;
        var session = f["h1"].Ping(HostIp(2), 1, TimeSpan.FromSeconds(1), 8, f.Now);
        f.RunFor(TimeSpan.FromSeconds(1));
        Assert.True(session.Result.Success);
        Assert.Contains(f.VxlanFrames(mark2), w => w.From == "leaf1" && FrameDescription.Parse(w.Frame).Frame.IpDestination == new Ipv4Address(LeafId(3)));
    }

    /// <summary>A stand-in for Assisted Replication: every BUM frame goes to one replicator VTEP only.</summary>
    private sealed class SingleReplicator(IPAddress replicator, uint vni) : IBumReplication
    {
        private readonly FloodTarget[] _target = [new FloodTarget(replicator, vni)];
        public ReadOnlySpan<FloodTarget> SelectTargets(FloodList floodList, BumTrafficKind kind) => _target;
        public PmsiTunnel LocalPmsiTunnel(uint v, IPAddress localVtep) => PmsiTunnel.IngressReplication(v, localVtep);
    }

    [Fact]
    public void Bum_copies_go_through_the_bridge_domains_replication_policy()
    {
        using var f = new DataPlaneTestFabric();
        Assert.True(f.Leaf(1).Vrfs[0].TryGetDomainByVni(Vni100, out var bd));
        bd.Replication = new SingleReplicator(VtepAddress(f.Leaf(3)), Vni100);
        int mark = f.Wire.Count;
        long before = f.Leaf(1).DataPlane.BumCopies;
        f["h1"].Ping(HostIp(99), 1, TimeSpan.FromSeconds(1), 8, f.Now);
        f.RunFor(TimeSpan.FromMilliseconds(1));

        Assert.Equal(1, f.Leaf(1).DataPlane.BumCopies - before);
        var copy = Assert.Single(f.VxlanFrames(mark), w => w.From == "leaf1");
        Assert.Equal(new Ipv4Address(LeafId(3)), FrameDescription.Parse(copy.Frame).Frame.IpDestination);
    }
}
