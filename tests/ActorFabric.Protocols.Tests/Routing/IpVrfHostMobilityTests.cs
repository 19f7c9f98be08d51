using System.Net;
using ActorFabric.Protocols.Routing;
using ActorFabric.Wire.Packets;
using static ActorFabric.Protocols.Tests.Routing.IpVrfFixture;

namespace ActorFabric.Protocols.Tests.Routing;

/// <summary>Host routes follow a moving VM (RFC 7432 §15 sequence numbers, RFC 9135 §7; ingress VMTO).</summary>
public sealed class IpVrfHostMobilityTests
{
    private const string Mac = "52:54:00:00:00:42";
    private const string Ip = "10.1.30.42";

    [Fact]
    public void A_newer_advertisement_from_another_vtep_takes_over_and_the_losers_withdraw_changes_nothing()
    {
        var vrf = Vrf();
        var old = HostRoute(Vtep2, Mac, Ip, Vni30, L3Vni, RouterMac2);
        vrf.Apply(old, Vtep2);
        var appeared = Assert.IsType<HostRouteChanged>(Assert.Single(vrf.Drain()));
        Assert.Null(appeared.Previous);
        Assert.Equal(Vtep2, appeared.Current!.Value.Vtep);

        vrf.Apply(HostRoute(Vtep3, Mac, Ip, Vni30, L3Vni, RouterMac3, sequence: 1), Vtep3);
        var moved = Assert.IsType<HostRouteChanged>(Assert.Single(vrf.Drain()));
        Assert.Equal(IpPrefix.Parse(Ip + "/32"), moved.Host);
        Assert.Equal((Vtep2, 0u), (moved.Previous!.Value.Vtep, moved.Previous.Value.Sequence));
        Assert.Equal((Vtep3, 1u), (moved.Current!.Value.Vtep, moved.Current.Value.Sequence));
        var d = vrf.Forward(V4(Ip), Vni10, 0);
        Assert.Equal((Vtep3, RouterMac3), (d.Vtep, d.DestinationMac));

        Assert.True(vrf.WithdrawRemote(old.Route, Vtep2));
        Assert.Empty(vrf.Drain());
        Assert.Equal(Vtep3, vrf.Forward(V4(Ip), Vni10, 7).Vtep);
    }

    [Fact]
    public void The_older_location_stays_a_fallback_until_it_is_withdrawn()
    {
        var vrf = Vrf();
        vrf.Apply(HostRoute(Vtep2, Mac, Ip, Vni30, L3Vni, RouterMac2), Vtep2);
        var newer = HostRoute(Vtep3, Mac, Ip, Vni30, L3Vni, RouterMac3, sequence: 1);
        vrf.Apply(newer, Vtep3);
        vrf.Drain();

        vrf.WithdrawRemote(newer.Route, Vtep3);
        var back = Assert.IsType<HostRouteChanged>(Assert.Single(vrf.Drain()));
        Assert.Equal(Vtep2, back.Current!.Value.Vtep);
    }

    [Fact]
    public void A_host_that_moves_here_is_delivered_locally_and_moves_back_to_remote_when_forgotten()
    {
        var vrf = Vrf();
        vrf.Apply(HostRoute(Vtep2, "52:54:00:00:00:07", "10.1.20.7", Vni20, L3Vni, RouterMac2), Vtep2);
        vrf.Drain();

        Assert.True(vrf.LearnLocalHost(Vlan20, MacAddress.Parse("52:54:00:00:00:07"), IPAddress.Parse("10.1.20.7")));
        var arrived = Assert.IsType<HostRouteChanged>(Assert.Single(vrf.Drain()));
        Assert.False(arrived.Previous!.Value.IsLocal);
        Assert.True(arrived.Current!.Value.IsLocal);
        Assert.Equal(IpForwardingAction.DeliverLocal, vrf.Forward(V4("10.1.20.7"), Vni10, 0).Action);
        Assert.False(vrf.LearnLocalHost(Vlan20, MacAddress.Parse("52:54:00:00:00:07"), IPAddress.Parse("10.1.20.7"))); // nothing new

        Assert.True(vrf.ForgetLocalHost(IPAddress.Parse("10.1.20.7")));
        var left = Assert.IsType<HostRouteChanged>(Assert.Single(vrf.Drain()));
        Assert.Equal(Vtep2, left.Current!.Value.Vtep);
        Assert.Equal(IpForwardingAction.RouteSymmetric, vrf.Forward(V4("10.1.20.7"), Vni10, 0).Action);
    }

    [Fact]
    public void Without_host_routes_traffic_follows_the_subnet_route_to_any_leaf_of_the_subnet()
    {
        // Ingress VMTO off: the MAC+IP route has no Label2 and the VRF lacks the bridge domain, so only the type-5
        // subnet route is left — traffic goes to the subnet's leaf even after the VM moved (the trombone).
        var vrf = Vrf();
        vrf.Apply(PrefixRoute(Vtep2, "10.1.30.0/24", routerMac: RouterMac2), Vtep2);
        Assert.False(vrf.Apply(HostRoute(Vtep3, Mac, Ip, Vni30, sequence: 1, vrfRt: false), Vtep3));
        Assert.Equal(Vtep2, vrf.Forward(V4(Ip), Vni10, 0).Vtep);

        Assert.True(vrf.Apply(HostRoute(Vtep3, Mac, Ip, Vni30, L3Vni, RouterMac3, sequence: 1), Vtep3)); // VMTO on
        Assert.Equal(Vtep3, vrf.Forward(V4(Ip), Vni10, 0).Vtep);
    }
}
