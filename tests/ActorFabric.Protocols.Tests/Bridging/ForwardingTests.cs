using System.Net;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Evpn;
using ActorFabric.Protocols.Tests.Evpn;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Tests.Bridging;

public class ForwardingTests
{
    private const ushort Vlan = EvpnTestFabric.Vlan;
    private const uint Vni = EvpnTestFabric.Vni;
    private static readonly MacAddress H1 = MacAddress.Parse("52:54:00:00:00:01");
    private static readonly MacAddress H2 = MacAddress.Parse("52:54:00:00:00:02");
    private static readonly MacAddress Remote = MacAddress.Parse("52:54:00:00:00:22");
    private static readonly MacAddress Unknown = MacAddress.Parse("52:54:00:00:00:99");
    private static readonly IPAddress Vtep2 = EvpnTestFabric.VtepOf(2);
    private static readonly IPAddress Vtep3 = EvpnTestFabric.VtepOf(3);
    private static readonly TimeSpan Now = TimeSpan.FromSeconds(1);

    /// <summary>Leaf 1 with ports 1–3, H1 on port 1, H2 on port 2, Remote behind VTEP 2, flood list {VTEP 2, VTEP 3}.</summary>
    private static (MacVrf Leaf, BridgeDomain Bd) Leaf()
    {
        var leaf = new MacVrf(EvpnTestFabric.Options(1));
        for (int p = 1; p <= 3; p++) leaf.AttachPort(new PortId(p), Vlan);
        leaf.HandleAccessFrame(new PortId(1), Vlan, H1, MacAddress.Broadcast, Now);
        leaf.HandleAccessFrame(new PortId(2), Vlan, H2, MacAddress.Broadcast, Now);
        var attrs = new PathAttributes { ExtendedCommunities = [EvpnTestFabric.RouteTarget] };
        leaf.ApplyRemote(new MacIpAdvertisementRoute(RouteDistinguisher.FromIpv4(Vtep2, 100), default, 0, Remote, null, Vni), attrs, Vtep2, Now);
        foreach (var vtep in new[] { Vtep3, Vtep2 })
            leaf.ApplyRemote(new InclusiveMulticastRoute(RouteDistinguisher.FromIpv4(vtep, 100), 0, vtep), attrs with { PmsiTunnel = PmsiTunnel.IngressReplication(Vni, vtep) }, vtep, Now);
        while (leaf.TryPollEffect(out _)) { }
        Assert.True(leaf.TryGetDomainByVni(Vni, out var bd));
        return (leaf, bd);
    }

    private static PortId[] FloodPorts(BridgeDomain bd, in ForwardingDecision d)
    {
        Span<PortId> ports = stackalloc PortId[bd.PortCount];
        return ports[..bd.CopyFloodPorts(d, ports)].ToArray();
    }

    [Fact]
    public void Known_local_unicast_goes_to_the_destination_port()
    {
        var (leaf, bd) = Leaf();
        var d = leaf.HandleAccessFrame(new PortId(1), Vlan, H1, H2, Now);
        Assert.Equal(ForwardingDecision.ToPort(bd, new PortId(2)), d);
    }

    [Fact]
    public void Known_remote_unicast_goes_to_the_remote_vtep_with_its_vni()
    {
        var (leaf, bd) = Leaf();
        var d = leaf.HandleAccessFrame(new PortId(1), Vlan, H1, Remote, Now);
        Assert.Equal(ForwardingAction.SendToVtep, d.Action);
        Assert.Equal((Vtep2, Vni), (d.Vtep, d.RemoteVni));
    }

    [Fact]
    public void A_frame_for_a_mac_behind_the_ingress_port_is_dropped()
    {
        var (leaf, _) = Leaf();
        Assert.Equal(DropReason.SameSegment, leaf.HandleAccessFrame(new PortId(1), Vlan, H1, H1, Now).DropReason);
    }

    [Fact]
    public void Broadcast_from_an_access_port_floods_other_local_ports_and_every_flood_list_vtep()
    {
        var (leaf, bd) = Leaf();
        var d = leaf.HandleAccessFrame(new PortId(1), Vlan, H1, MacAddress.Broadcast, Now);

        Assert.Equal(ForwardingAction.Flood, d.Action);
        Assert.Equal(BumTrafficKind.Broadcast, d.BumKind);
        Assert.Equal([new PortId(2), new PortId(3)], FloodPorts(bd, d));
        Assert.Equal([new FloodTarget(Vtep2, Vni), new FloodTarget(Vtep3, Vni)], bd.FloodTargets(d).ToArray());
    }

    [Fact]
    public void Unknown_unicast_from_an_access_port_is_flooded_as_unknown_unicast()
    {
        var (leaf, bd) = Leaf();
        var d = leaf.HandleAccessFrame(new PortId(1), Vlan, H1, Unknown, Now);
        Assert.Equal(ForwardingAction.Flood, d.Action);
        Assert.Equal(BumTrafficKind.UnknownUnicast, d.BumKind);
        Assert.Equal(2, bd.FloodTargets(d).Length);
    }

    [Fact]
    public void Bum_from_the_fabric_goes_to_every_local_port_and_never_back_into_the_fabric()
    {
        var (leaf, bd) = Leaf();
        var d = leaf.HandleFabricFrame(Vni, Vtep2, Remote, MacAddress.Broadcast, Now);
        Assert.True(d.FromFabric);
        Assert.Equal([new PortId(1), new PortId(2), new PortId(3)], FloodPorts(bd, d));
        Assert.True(bd.FloodTargets(d).IsEmpty);
    }

    [Fact]
    public void Unicast_from_the_fabric_reaches_a_local_port_and_is_dropped_when_the_destination_is_remote()
    {
        var (leaf, bd) = Leaf();
        Assert.Equal(ForwardingDecision.ToPort(bd, new PortId(2)), leaf.HandleFabricFrame(Vni, Vtep2, Remote, H2, Now));
        Assert.Equal(DropReason.SplitHorizon, leaf.HandleFabricFrame(Vni, Vtep3, H1, Remote, Now).DropReason);
        Assert.Equal(DropReason.UnknownDomain, leaf.HandleFabricFrame(4242, Vtep3, H1, H2, Now).DropReason);
    }

    [Fact]
    public void The_egress_filter_hook_decides_which_local_ports_receive_bum()
    {
        var (leaf, bd) = Leaf();
        bd.EgressFilter = new BlockPortFromFabric(new PortId(3));
        var fromFabric = leaf.HandleFabricFrame(Vni, Vtep2, Remote, MacAddress.Broadcast, Now);
        Assert.Equal([new PortId(1), new PortId(2)], FloodPorts(bd, fromFabric));
        var fromPort = leaf.HandleAccessFrame(new PortId(1), Vlan, H1, MacAddress.Broadcast, Now);
        Assert.Equal([new PortId(2), new PortId(3)], FloodPorts(bd, fromPort));
    }

    [Fact]
    public void A_replacement_replication_policy_chooses_the_fabric_copies()
    {
        var (leaf, bd) = Leaf();
        var replicator = new FloodTarget(IPAddress.Parse("10.0.0.100"), Vni);
        bd.Replication = new SingleReplicator(replicator);
        var d = leaf.HandleAccessFrame(new PortId(1), Vlan, H1, MacAddress.Broadcast, Now);
        Assert.Equal([replicator], bd.FloodTargets(d).ToArray());
    }

    [Fact]
    public void Forwarding_known_unicast_and_floods_does_not_allocate()
    {
        var (leaf, bd) = Leaf();
        Span<PortId> ports = stackalloc PortId[bd.PortCount];
        int copies = 0;
        for (int i = 0; i < 10; i++) Run(ref copies, ports); // warm up (JIT, caches)
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) Run(ref copies, ports);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(copies > 0);

        void Run(ref int n, Span<PortId> p)
        {
            var a = leaf.HandleAccessFrame(new PortId(1), Vlan, H1, H2, Now);
            var b = leaf.HandleAccessFrame(new PortId(1), Vlan, H1, Remote, Now);
            var c = leaf.HandleAccessFrame(new PortId(1), Vlan, H1, MacAddress.Broadcast, Now);
            var f = leaf.HandleFabricFrame(Vni, Vtep2, Remote, H1, Now);
            n += bd.CopyFloodPorts(c, p) + bd.FloodTargets(c).Length + (a.Action == ForwardingAction.DeliverToPort ? 1 : 0) +
                 (b.Action == ForwardingAction.SendToVtep ? 1 : 0) + (f.Action == ForwardingAction.DeliverToPort ? 1 : 0);
        }
    }

    private sealed class BlockPortFromFabric(PortId blocked) : IBumEgressFilter
    {
        public bool Permits(uint vni, PortId port, EthernetSegmentId portEsi, IPAddress? sourceVtep) => sourceVtep is null || port != blocked;
    }

    private sealed class SingleReplicator(FloodTarget target) : IBumReplication
    {
        private readonly FloodTarget[] _one = [target];
        public ReadOnlySpan<FloodTarget> SelectTargets(FloodList floodList, BumTrafficKind kind) => _one;
        public PmsiTunnel LocalPmsiTunnel(uint vni, IPAddress localVtep) => PmsiTunnel.IngressReplication(vni, localVtep);
    }
}
