using System.Net;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Evpn;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;

using static ActorFabric.Protocols.Tests.Evpn.EvpnTestFabric;

namespace ActorFabric.Protocols.Tests.Evpn;

public class MacVrfImportTests
{
    private static readonly MacAddress RemoteMac = MacAddress.Parse("52:54:00:00:00:22");
    private static readonly IPAddress Vtep2 = EvpnTestFabric.VtepOf(2);
    private static readonly IPAddress Vtep3 = EvpnTestFabric.VtepOf(3);
    private static readonly TimeSpan Now = TimeSpan.FromSeconds(5);

    private static MacVrf Leaf()
    {
        var leaf = new MacVrf(EvpnTestFabric.Options(1));
        leaf.AttachPort(new PortId(1), EvpnTestFabric.Vlan);
        return leaf;
    }

    private static PathAttributes ImetAttrs(IPAddress vtep, byte flags = 0, byte type = PmsiTunnel.TypeIngressReplication) =>
        Attrs() with { PmsiTunnel = new PmsiTunnel(flags, type, EvpnTestFabric.Vni, vtep.GetAddressBytes()) };

    private static BridgeDomain Bd(MacVrf leaf) { Assert.True(leaf.TryGetDomainByVni(EvpnTestFabric.Vni, out var bd)); return bd; }

    [Fact]
    public void A_remote_type2_programs_the_fdb_with_the_next_hop_vtep_and_label1_vni()
    {
        var leaf = Leaf();
        Assert.True(leaf.ApplyRemote(MacRoute(Vtep2, RemoteMac, vni: 10999), Attrs(), Vtep2, Now));

        Assert.Equal(FdbEntry.Remote(RemoteMac, Vtep2, 10999, default), Bd(leaf).Fdb[RemoteMac]);
        var fdb = Assert.IsType<FdbChanged>(Assert.Single(Drain(leaf)));
        Assert.Null(fdb.Previous);
        // Remote MACs are control-plane state: nothing is originated for them.
    }

    [Fact]
    public void Withdrawing_the_remote_type2_removes_the_fdb_entry()
    {
        var leaf = Leaf();
        leaf.ApplyRemote(MacRoute(Vtep2, RemoteMac), Attrs(), Vtep2, Now);
        Assert.True(leaf.WithdrawRemote(MacRoute(Vtep2, RemoteMac), Now));
        Assert.False(Bd(leaf).TryLookup(RemoteMac, out _));
        Assert.False(leaf.WithdrawRemote(MacRoute(Vtep2, RemoteMac), Now));
    }

    [Fact]
    public void A_route_without_a_matching_import_rt_is_not_imported()
    {
        var leaf = Leaf();
        var foreign = new PathAttributes { ExtendedCommunities = [ExtendedCommunity.RouteTargetAs2(65000, 999), ExtendedCommunity.VxlanEncapsulation] };
        Assert.False(leaf.ApplyRemote(MacRoute(Vtep2, RemoteMac), foreign, Vtep2, Now));
        Assert.Empty(Bd(leaf).Fdb);
    }

    [Fact]
    public void An_update_that_loses_the_import_rt_removes_the_earlier_import()
    {
        var leaf = Leaf();
        leaf.ApplyRemote(MacRoute(Vtep2, RemoteMac), Attrs(), Vtep2, Now);
        var foreign = new PathAttributes { ExtendedCommunities = [ExtendedCommunity.RouteTargetAs2(65000, 999)] };
        Assert.False(leaf.ApplyRemote(MacRoute(Vtep2, RemoteMac), foreign, Vtep2, Now));
        Assert.Empty(Bd(leaf).Fdb);
    }

    [Fact]
    public void A_vlan_based_instance_ignores_routes_with_a_non_zero_ethernet_tag()
    {
        var leaf = Leaf();
        Assert.False(leaf.ApplyRemote(MacRoute(Vtep2, RemoteMac, tag: 10100), Attrs(), Vtep2, Now));
        Assert.Empty(Bd(leaf).Fdb);
    }

    [Fact]
    public void A_vlan_aware_bundle_maps_routes_to_bridge_domains_by_ethernet_tag()
    {
        var leaf = new MacVrf(EvpnTestFabric.Options(1) with
        {
            ServiceType = EvpnServiceType.VlanAwareBundle,
            BridgeDomains = [new BridgeDomainOptions(100, 10100), new BridgeDomainOptions(200, 10200)],
        });
        Assert.True(leaf.ApplyRemote(MacRoute(Vtep2, RemoteMac, tag: 10200, vni: 10200), Attrs(), Vtep2, Now));
        Assert.False(leaf.ApplyRemote(MacRoute(Vtep2, RemoteMac, tag: 10300, vni: 10300), Attrs(), Vtep2, Now));
        Assert.True(leaf.TryGetDomainByVni(10200, out var bd200));
        Assert.True(leaf.TryGetDomainByVni(10100, out var bd100));
        Assert.True(bd200.TryLookup(RemoteMac, out _));
        Assert.Empty(bd100.Fdb);
    }

    [Fact]
    public void Own_routes_reflected_back_are_ignored()
    {
        var leaf = Leaf();
        var own = EvpnTestFabric.VtepOf(1);
        Assert.False(leaf.ApplyRemote(MacRoute(own, RemoteMac), Attrs(), own, Now));
        Assert.False(leaf.ApplyRemote(Imet(own), ImetAttrs(own), own, Now));
        Assert.Empty(Bd(leaf).Fdb);
        Assert.Equal(0, Bd(leaf).FloodList.Count);
    }

    [Fact]
    public void Type3_routes_build_the_flood_list_in_vtep_order_and_withdrawals_shrink_it()
    {
        var leaf = Leaf();
        leaf.ApplyRemote(Imet(Vtep3), ImetAttrs(Vtep3), Vtep3, Now);
        leaf.ApplyRemote(Imet(Vtep2), ImetAttrs(Vtep2), Vtep2, Now);
        var bd = Bd(leaf);
        Assert.Equal([new FloodTarget(Vtep2, EvpnTestFabric.Vni), new FloodTarget(Vtep3, EvpnTestFabric.Vni)],
            bd.FloodList.IngressReplicationTargets(BumTrafficKind.Broadcast).ToArray());

        leaf.WithdrawRemote(Imet(Vtep2), Now);
        Assert.Equal([new FloodTarget(Vtep3, EvpnTestFabric.Vni)], bd.FloodList.IngressReplicationTargets(BumTrafficKind.Broadcast).ToArray());
        leaf.WithdrawRemote(Imet(Vtep3), Now);
        Assert.True(bd.FloodList.IngressReplicationTargets(BumTrafficKind.UnknownUnicast).IsEmpty);
    }

    [Fact]
    public void The_flood_list_uses_the_pmsi_tunnel_endpoint_and_label()
    {
        var leaf = Leaf();
        var endpoint = IPAddress.Parse("10.255.0.2");
        var attrs = Attrs() with { PmsiTunnel = PmsiTunnel.IngressReplication(20000, endpoint) };
        leaf.ApplyRemote(Imet(Vtep2), attrs, Vtep2, Now);
        Assert.Equal([new FloodTarget(endpoint, 20000)], Bd(leaf).FloodList.IngressReplicationTargets(BumTrafficKind.Broadcast).ToArray());
    }

    [Fact]
    public void Ingress_replication_honours_the_bm_and_u_prune_flags_and_skips_ar_replicator_routes()
    {
        var leaf = Leaf();
        var vtep4 = EvpnTestFabric.VtepOf(4);
        leaf.ApplyRemote(Imet(Vtep2), ImetAttrs(Vtep2, flags: FloodListMember.FlagPruneBroadcastMulticast), Vtep2, Now);
        leaf.ApplyRemote(Imet(Vtep3), ImetAttrs(Vtep3, flags: FloodListMember.FlagPruneUnknownUnicast), Vtep3, Now);
        leaf.ApplyRemote(Imet(vtep4), ImetAttrs(vtep4, flags: 0x08, type: PmsiTunnel.TypeAssistedReplication), vtep4, Now);

        var fl = Bd(leaf).FloodList;
        Assert.Equal(3, fl.Count);
        Assert.Equal([Vtep3], fl.IngressReplicationTargets(BumTrafficKind.Broadcast).ToArray().Select(t => t.Vtep));
        Assert.Equal([Vtep2], fl.IngressReplicationTargets(BumTrafficKind.UnknownUnicast).ToArray().Select(t => t.Vtep));
        Assert.Equal(1, fl.Members[2].AssistedReplicationRole);
    }

    [Fact]
    public void Replacing_a_type3_with_identical_attributes_does_not_bump_the_flood_list_version()
    {
        var leaf = Leaf();
        leaf.ApplyRemote(Imet(Vtep2), ImetAttrs(Vtep2), Vtep2, Now);
        var version = Bd(leaf).FloodList.Version;
        leaf.ApplyRemote(Imet(Vtep2), ImetAttrs(Vtep2), Vtep2, Now);
        Assert.Equal(version, Bd(leaf).FloodList.Version);
    }

    [Fact]
    public void Withdrawing_a_mac_ip_route_removes_only_the_arp_binding_while_the_mac_only_route_keeps_the_fdb_entry()
    {
        var leaf = Leaf();
        var ip = IPAddress.Parse("192.168.100.22");
        leaf.ApplyRemote(MacRoute(Vtep2, RemoteMac), Attrs(), Vtep2, Now);
        leaf.ApplyRemote(MacRoute(Vtep2, RemoteMac, ip), Attrs(), Vtep2, Now);
        var bd = Bd(leaf);
        Assert.True(bd.ArpTable.TryResolve(ip, bd.Fdb, out _));

        leaf.WithdrawRemote(MacRoute(Vtep2, RemoteMac, ip), Now);
        Assert.False(bd.ArpTable.TryResolve(ip, bd.Fdb, out _));
        Assert.Equal(Vtep2, bd.Fdb[RemoteMac].Vtep);
    }

    [Fact]
    public void Of_two_remote_routes_for_one_mac_the_fdb_follows_the_higher_sequence()
    {
        var leaf = Leaf();
        leaf.ApplyRemote(MacRoute(Vtep2, RemoteMac), Attrs(ExtendedCommunity.MacMobility(3, false)), Vtep2, Now);
        leaf.ApplyRemote(MacRoute(Vtep3, RemoteMac), Attrs(ExtendedCommunity.MacMobility(4, false)), Vtep3, Now);
        Assert.Equal(Vtep3, Bd(leaf).Fdb[RemoteMac].Vtep);
        // The loser's late withdrawal changes nothing; the winner's does.
        leaf.WithdrawRemote(MacRoute(Vtep2, RemoteMac), Now);
        Assert.Equal(Vtep3, Bd(leaf).Fdb[RemoteMac].Vtep);
        leaf.WithdrawRemote(MacRoute(Vtep3, RemoteMac), Now);
        Assert.Empty(Bd(leaf).Fdb);
    }

    private static List<MacVrfEffect> Drain(MacVrf leaf)
    {
        var list = new List<MacVrfEffect>();
        leaf.DrainEffects(list);
        return list;
    }
}
