using ActorFabric.Protocols.Routing;
using static ActorFabric.Protocols.Tests.Routing.IpVrfFixture;

namespace ActorFabric.Protocols.Tests.Routing;

public sealed class IpVrfRouteTableTests
{
    [Fact]
    public void Longest_prefix_match_picks_the_most_specific_ipv4_route()
    {
        var vrf = Vrf();
        Assert.True(vrf.Apply(PrefixRoute(Vtep2, "172.16.0.0/16", routerMac: RouterMac2), Vtep2));
        Assert.True(vrf.Apply(PrefixRoute(Vtep3, "172.16.5.0/24", routerMac: RouterMac3), Vtep3));
        Assert.True(vrf.Apply(PrefixRoute(Vtep4, "0.0.0.0/0", routerMac: RouterMac3), Vtep4));

        Assert.Equal(Vtep3, vrf.Forward(V4("172.16.5.9"), Vni10, 0).Vtep);
        Assert.Equal(Vtep2, vrf.Forward(V4("172.16.6.9"), Vni10, 0).Vtep);
        Assert.Equal(Vtep4, vrf.Forward(V4("8.8.8.8"), Vni10, 0).Vtep);
        Assert.Equal(IpPrefix.Parse("172.16.5.0/24"), vrf.Forward(V4("172.16.5.9"), Vni10, 0).Route!.Prefix);
    }

    [Fact]
    public void Longest_prefix_match_works_for_ipv6_and_keeps_the_families_apart()
    {
        var vrf = Vrf();
        vrf.Apply(PrefixRoute(Vtep2, "2001:db8:100::/48", routerMac: RouterMac2), Vtep2);
        vrf.Apply(PrefixRoute(Vtep3, "2001:db8:100:7::/64", routerMac: RouterMac3), Vtep3);
        vrf.Apply(PrefixRoute(Vtep4, "32.1.0.0/16", routerMac: RouterMac3), Vtep4); // 32.1 = 0x2001: same top bits, other family

        Assert.Equal(Vtep3, vrf.Forward(V6("2001:db8:100:7::5"), Vni10, 0).Vtep);
        Assert.Equal(Vtep2, vrf.Forward(V6("2001:db8:100:8::5"), Vni10, 0).Vtep);
        Assert.Equal(IpDropReason.NoRoute, vrf.Forward(V6("2001:db9::1"), Vni10, 0).DropReason);
        Assert.Equal(Vtep4, vrf.Forward(V4("32.1.2.3"), Vni10, 0).Vtep);
    }

    [Fact]
    public void A_destination_no_route_covers_is_dropped()
    {
        var d = Vrf().Forward(V4("192.0.2.1"), Vni10, 0);
        Assert.Equal(IpForwardingAction.Drop, d.Action);
        Assert.Equal(IpDropReason.NoRoute, d.DropReason);
    }

    [Fact]
    public void Ecmp_paths_are_ordered_by_vtep_address_and_the_flow_hash_picks_one_stably()
    {
        var vrf = Vrf();
        vrf.Apply(PrefixRoute(Vtep4, "172.16.0.0/16", routerMac: RouterMac3), Vtep4);
        vrf.Apply(PrefixRoute(Vtep2, "172.16.0.0/16", routerMac: RouterMac2), Vtep2);
        vrf.Apply(PrefixRoute(Vtep3, "172.16.0.0/16", routerMac: RouterMac3), Vtep3);

        Assert.True(vrf.Routes.TryGet(IpPrefix.Parse("172.16.0.0/16"), out var route));
        Assert.Equal([Vtep2, Vtep3, Vtep4], route.BestPaths.ToArray().Select(p => p.Vtep));
        Assert.Equal(Vtep2, vrf.Forward(V4("172.16.1.1"), Vni10, 0).Vtep);
        Assert.Equal(Vtep3, vrf.Forward(V4("172.16.1.1"), Vni10, 1).Vtep);
        Assert.Equal(Vtep4, vrf.Forward(V4("172.16.1.1"), Vni10, 5).Vtep);
        Assert.Equal(vrf.Forward(V4("172.16.1.1"), Vni10, 0xDEADBEEF).Vtep, vrf.Forward(V4("172.16.1.1"), Vni10, 0xDEADBEEF).Vtep);
    }

    [Fact]
    public void Withdrawing_one_ecmp_path_keeps_the_others_and_the_last_withdraw_removes_the_route()
    {
        var vrf = Vrf();
        var a = PrefixRoute(Vtep2, "172.16.0.0/16", routerMac: RouterMac2);
        var b = PrefixRoute(Vtep3, "172.16.0.0/16", routerMac: RouterMac3);
        vrf.Apply(a, Vtep2);
        vrf.Apply(b, Vtep3);

        Assert.False(vrf.WithdrawRemote(a.Route, Vtep3)); // same key, other next hop: not that path
        Assert.True(vrf.WithdrawRemote(a.Route, Vtep2));
        Assert.Equal(Vtep3, vrf.Forward(V4("172.16.1.1"), Vni10, 0).Vtep);
        Assert.Equal(Vtep3, vrf.Forward(V4("172.16.1.1"), Vni10, 1).Vtep);
        Assert.True(vrf.WithdrawRemote(b.Route, Vtep3));
        Assert.False(vrf.Routes.TryGet(IpPrefix.Parse("172.16.0.0/16"), out _));
        Assert.Equal(IpDropReason.NoRoute, vrf.Forward(V4("172.16.1.1"), Vni10, 0).DropReason);
    }

    [Fact]
    public void A_local_irb_subnet_is_preferred_over_the_same_subnet_advertised_by_other_leaves()
    {
        var vrf = Vrf();
        vrf.Apply(PrefixRoute(Vtep2, "10.1.10.0/24", routerMac: RouterMac2), Vtep2);
        var d = vrf.Forward(V4("10.1.10.77"), Vni20, 0);
        Assert.Equal(IpForwardingAction.ResolveLocal, d.Action);
        Assert.Equal(Vlan10, d.Vlan);
    }

    [Fact]
    public void Snapshot_lists_connected_gateway_and_remote_routes_in_address_order()
    {
        var vrf = Vrf();
        vrf.Apply(PrefixRoute(Vtep2, "172.16.0.0/16", routerMac: RouterMac2), Vtep2);
        Assert.Equal(
            ["10.1.10.0/24", "10.1.10.1/32", "10.1.20.0/24", "10.1.20.1/32", "172.16.0.0/16", "2001:db8:10::/64", "2001:db8:10::1/128"],
            vrf.Routes.Snapshot().Select(r => r.Prefix.ToString()));
    }

    [Fact]
    public void Lookups_allocate_nothing()
    {
        var vrf = Vrf();
        vrf.Apply(PrefixRoute(Vtep2, "172.16.0.0/16", routerMac: RouterMac2), Vtep2);
        vrf.Apply(PrefixRoute(Vtep3, "172.16.0.0/16", routerMac: RouterMac3), Vtep3);
        vrf.Apply(PrefixRoute(Vtep3, "2001:db8:100::/48", routerMac: RouterMac3), Vtep3);
        vrf.Apply(HostRoute(Vtep2, "52:54:00:00:00:02", "10.1.20.5", Vni20, L3Vni, RouterMac2), Vtep2);
        vrf.Apply(HostRoute(Vtep3, "52:54:00:00:00:09", "10.1.99.9", Vni30, L3Vni, RouterMac3), Vtep3);
        vrf.Apply(PrefixRoute(Vtep2, "198.51.100.0/24", label: 0, gateway: "10.1.20.5"), Vtep2);
        vrf.LearnLocalHost(Vlan10, MacAddress(1), System.Net.IPAddress.Parse("10.1.10.5"));
        var v4 = new[] { V4("172.16.1.1"), V4("10.1.20.5"), V4("10.1.99.9"), V4("198.51.100.7"), V4("10.1.10.5"), V4("10.1.10.6"), V4("10.1.10.1"), V4("192.0.2.1") };
        var v6 = V6("2001:db8:100::1");

        uint hash = 0;
        long allocated = Multicast.Replication.ReplicationAllocationTests.AllocatedBy(() =>
        {
            foreach (var a in v4) _ = vrf.Forward(a, Vni10, hash++);
            _ = vrf.Forward(v6, Vni10, hash++);
            _ = vrf.Forward(v4[0], L3Vni, hash);
            _ = vrf.TryAnswerGatewayArp(Vlan10, v4[6], out _);
        });
        Assert.Equal(0, allocated);
    }

    private static Wire.Packets.MacAddress MacAddress(uint n) => new(n | 0x5254_0000_0000UL);
}
