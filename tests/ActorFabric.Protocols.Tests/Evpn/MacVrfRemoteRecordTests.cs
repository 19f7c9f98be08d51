using System.Net;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Evpn;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;

using static ActorFabric.Protocols.Tests.Evpn.EvpnTestFabric;

namespace ActorFabric.Protocols.Tests.Evpn;

/// <summary>What a MAC-VRF reports about the remote routes it holds (counts and records), and how it keeps many routes for one MAC.</summary>
public class MacVrfRemoteRecordTests
{
    private static readonly MacAddress Mac = MacAddress.Parse("52:54:00:00:00:22");
    private static readonly MacAddress OtherMac = MacAddress.Parse("52:54:00:00:00:11");
    private static readonly TimeSpan Now = TimeSpan.FromSeconds(5);

    private static MacVrf Leaf() => new(EvpnTestFabric.Options(1));

    private static BridgeDomain Bd(MacVrf leaf) { Assert.True(leaf.TryGetDomainByVni(EvpnTestFabric.Vni, out var bd)); return bd; }

    [Fact]
    public void The_remote_route_count_covers_type2_records_and_flood_list_members_and_ignores_updates()
    {
        var leaf = Leaf();
        Assert.Equal(0, leaf.RemoteRouteCount);
        leaf.ApplyRemote(MacRoute(2, Mac), Attrs(), EvpnTestFabric.VtepOf(2), Now);
        leaf.ApplyRemote(MacRoute(2, Mac, IPAddress.Parse("192.168.100.22")), Attrs(), EvpnTestFabric.VtepOf(2), Now);
        leaf.ApplyRemote(Imet(2), Attrs(), EvpnTestFabric.VtepOf(2), Now);
        Assert.Equal(3, leaf.RemoteRouteCount);

        // Same key, new attributes: replaced, not added.
        leaf.ApplyRemote(MacRoute(2, Mac), Attrs(ExtendedCommunity.MacMobility(4, false)), EvpnTestFabric.VtepOf(2), Now);
        leaf.ApplyRemote(Imet(2), Attrs(), EvpnTestFabric.VtepOf(2), Now);
        Assert.Equal(3, leaf.RemoteRouteCount);

        // Not imported (own next hop, no RT) or not held: no change.
        leaf.ApplyRemote(MacRoute(3, OtherMac), new PathAttributes(), EvpnTestFabric.VtepOf(3), Now);
        Assert.False(leaf.WithdrawRemote(MacRoute(3, OtherMac), Now));
        Assert.Equal(3, leaf.RemoteRouteCount);

        Assert.True(leaf.WithdrawRemote(Imet(2), Now));
        Assert.True(leaf.WithdrawRemote(MacRoute(2, Mac), Now));
        Assert.Equal(1, leaf.RemoteRouteCount);
        // An update that loses the import RT withdraws the earlier import.
        Assert.False(leaf.ApplyRemote(MacRoute(2, Mac, IPAddress.Parse("192.168.100.22")), new PathAttributes(), EvpnTestFabric.VtepOf(2), Now));
        Assert.Equal(0, leaf.RemoteRouteCount);
        Assert.Empty(Bd(leaf).Fdb);
    }

    [Fact]
    public void Imported_mac_routes_list_vni_route_vtep_and_sequence_in_mac_order()
    {
        var leaf = Leaf();
        var ip = IPAddress.Parse("192.168.100.22");
        leaf.ApplyRemote(MacRoute(2, Mac, ip), Attrs(ExtendedCommunity.MacMobility(7, true)), EvpnTestFabric.VtepOf(2), Now);
        leaf.ApplyRemote(MacRoute(3, OtherMac), Attrs(), EvpnTestFabric.VtepOf(3), Now);
        leaf.ApplyRemote(Imet(2), Attrs(), EvpnTestFabric.VtepOf(2), Now);

        var all = leaf.ImportedMacRoutes();
        Assert.Equal(
            [
                new ImportedMacRoute(EvpnTestFabric.Vni, MacRoute(3, OtherMac), EvpnTestFabric.VtepOf(3), 0, false),
                new ImportedMacRoute(EvpnTestFabric.Vni, MacRoute(2, Mac, ip), EvpnTestFabric.VtepOf(2), 7, true),
            ], all);
        Assert.Empty(leaf.ImportedMacRoutes(EvpnTestFabric.Vni + 1));
    }

    [Fact]
    public void A_mac_with_more_than_two_remote_routes_keeps_them_all_and_falls_back_in_order()
    {
        var leaf = Leaf();
        // Four VTEPs claim the MAC with the same sequence: the lowest VTEP wins (RFC 7432 §15.1 tie-break).
        foreach (var l in new[] { 5, 3, 4, 2 })
            leaf.ApplyRemote(MacRoute(l, Mac), Attrs(ExtendedCommunity.MacMobility(1, false)), EvpnTestFabric.VtepOf(l), Now);
        Assert.Equal(4, leaf.RemoteRouteCount);
        Assert.Equal(EvpnTestFabric.VtepOf(2), Bd(leaf).Fdb[Mac].Vtep);

        Assert.True(leaf.WithdrawRemote(MacRoute(2, Mac), Now));
        Assert.Equal(EvpnTestFabric.VtepOf(3), Bd(leaf).Fdb[Mac].Vtep);
        Assert.True(leaf.WithdrawRemote(MacRoute(3, Mac), Now));
        Assert.Equal(EvpnTestFabric.VtepOf(4), Bd(leaf).Fdb[Mac].Vtep);

        // Arrival order is kept: 5 then 4 remain.
        Assert.Equal([EvpnTestFabric.VtepOf(5), EvpnTestFabric.VtepOf(4)], leaf.ImportedMacRoutes().Select(r => r.Vtep));
        leaf.ApplyRemote(MacRoute(6, Mac), Attrs(ExtendedCommunity.MacMobility(2, false)), EvpnTestFabric.VtepOf(6), Now);
        Assert.Equal(EvpnTestFabric.VtepOf(6), Bd(leaf).Fdb[Mac].Vtep);
        Assert.Equal([EvpnTestFabric.VtepOf(5), EvpnTestFabric.VtepOf(4), EvpnTestFabric.VtepOf(6)], leaf.ImportedMacRoutes().Select(r => r.Vtep));

        foreach (var l in new[] { 6, 5, 4 }) Assert.True(leaf.WithdrawRemote(MacRoute(l, Mac), Now));
        Assert.Equal(0, leaf.RemoteRouteCount);
        Assert.Empty(Bd(leaf).Fdb);
    }
}
