using System.Net;
using ActorFabric.Protocols.Routing;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Packets;
using static ActorFabric.Protocols.Tests.Routing.IpVrfFixture;

namespace ActorFabric.Protocols.Tests.Routing;

/// <summary>Type-5 routes in and out (RFC 9136 §3, §4.4).</summary>
public sealed class IpVrfPrefixRouteTests
{
    [Fact]
    public void An_interface_less_type5_is_routed_over_the_l3_vni_to_the_advertising_vtep_and_its_router_mac()
    {
        var vrf = Vrf();
        Assert.True(vrf.Apply(PrefixRoute(Vtep2, "198.51.100.0/24", routerMac: RouterMac2), Vtep2));
        var d = vrf.Forward(V4("198.51.100.7"), Vni10, 0);
        Assert.Equal(IpForwardingAction.RouteSymmetric, d.Action);
        Assert.Equal((Vtep2, L3Vni, RouterMac2, OurRouterMac), (d.Vtep, d.Vni, d.DestinationMac, d.SourceMac));
    }

    [Fact]
    public void Type5_routes_that_cannot_be_used_are_not_installed()
    {
        var vrf = Vrf();
        Assert.False(vrf.Apply(PrefixRoute(Vtep2, "198.51.100.0/24", routerMac: null), Vtep2));          // no Router's MAC: no inner DMAC
        Assert.False(vrf.Apply(PrefixRoute(Vtep2, "198.51.100.0/24", label: 0), Vtep2));                // no label, no overlay index
        Assert.False(vrf.Apply(PrefixRoute(Vtep2, "198.51.100.0/24", label: 0, routerMac: RouterMac2), Vtep2)); // MAC overlay index
        Assert.False(vrf.Apply(PrefixRoute(Vtep2, "198.51.100.0/24", label: 4242, routerMac: RouterMac2), Vtep2)); // not our L3 VNI
        Assert.False(vrf.Apply(PrefixRoute(Vtep2, "198.51.100.0/24", routerMac: RouterMac2, rt: OtherRt), Vtep2)); // other VRF
        var withEsi = PrefixRoute(Vtep2, "198.51.100.0/24", routerMac: RouterMac2);
        Assert.False(vrf.ApplyRemote(withEsi.Route with { Esi = EthernetSegmentId.FromMac(RouterMac2, 1) }, withEsi.Attributes, Vtep2));
        Assert.Equal(IpDropReason.NoRoute, vrf.Forward(V4("198.51.100.7"), Vni10, 0).DropReason);
    }

    [Fact]
    public void An_update_that_makes_a_type5_unusable_is_treated_as_a_withdraw()
    {
        var vrf = Vrf();
        vrf.Apply(PrefixRoute(Vtep2, "198.51.100.0/24", routerMac: RouterMac2), Vtep2);
        Assert.False(vrf.Apply(PrefixRoute(Vtep2, "198.51.100.0/24", label: 0), Vtep2)); // same key, now invalid
        Assert.Equal(IpDropReason.NoRoute, vrf.Forward(V4("198.51.100.7"), Vni10, 0).DropReason);
    }

    [Fact]
    public void A_gateway_ip_type5_is_installed_only_once_the_mac_ip_route_of_its_gateway_resolves_it()
    {
        var vrf = Vrf();
        // RFC 9136 §3.2: nothing resolves 10.1.20.2 yet, so the prefix is not installed.
        Assert.False(vrf.Apply(PrefixRoute(Vtep2, "198.51.100.0/24", label: 0, gateway: "10.1.20.2"), Vtep2));
        Assert.False(vrf.Routes.TryGet(IpPrefix.Parse("198.51.100.0/24"), out _));
        Assert.Equal(IpDropReason.NoRoute, vrf.Forward(V4("198.51.100.7"), Vni10, 0).DropReason);
        Assert.Equal(1, vrf.UnresolvedOverlayPrefixes);

        // The IRB of VTEP 2 on a domain we have an IRB in (VNI 10020) is advertised as a MAC+IP route (§4.4.2).
        vrf.Apply(HostRoute(Vtep2, "02:00:00:00:20:02", "10.1.20.2", Vni20, vrfRt: false), Vtep2);
        Assert.Equal(0, vrf.UnresolvedOverlayPrefixes);
        var d = vrf.Forward(V4("198.51.100.7"), Vni10, 0);
        Assert.Equal(IpForwardingAction.RouteAsymmetric, d.Action);
        Assert.Equal(Vtep2, d.Vtep);
        Assert.Equal(Vni20, d.Vni);
        Assert.Equal(MacAddress.Parse("02:00:00:00:20:02"), d.DestinationMac);
        Assert.Equal(AnycastMac, d.SourceMac);
        Assert.Equal(IpPrefix.Parse("198.51.100.0/24"), d.Route!.Prefix);
    }

    [Fact]
    public void A_gateway_ip_type5_that_already_resolves_is_installed_at_once()
    {
        var vrf = Vrf();
        vrf.Apply(HostRoute(Vtep2, "02:00:00:00:20:02", "10.1.20.2", Vni20, vrfRt: false), Vtep2);
        Assert.True(vrf.Apply(PrefixRoute(Vtep2, "198.51.100.0/24", label: 0, gateway: "10.1.20.2"), Vtep2));
        Assert.Equal(IpForwardingAction.RouteAsymmetric, vrf.Forward(V4("198.51.100.7"), Vni10, 0).Action);
    }

    [Fact]
    public void Withdrawing_the_resolving_mac_ip_route_uninstalls_the_prefix_and_its_return_reinstalls_it()
    {
        var vrf = Vrf();
        var gateway = HostRoute(Vtep2, "02:00:00:00:20:02", "10.1.20.2", Vni20, vrfRt: false);
        vrf.Apply(gateway, Vtep2);
        vrf.Apply(PrefixRoute(Vtep2, "198.51.100.0/24", label: 0, gateway: "10.1.20.2"), Vtep2);

        Assert.True(vrf.WithdrawRemote(gateway.Route, Vtep2));
        Assert.False(vrf.Routes.TryGet(IpPrefix.Parse("198.51.100.0/24"), out _));
        Assert.Equal(IpDropReason.NoRoute, vrf.Forward(V4("198.51.100.7"), Vni10, 0).DropReason);
        Assert.Equal(1, vrf.UnresolvedOverlayPrefixes);

        vrf.Apply(gateway, Vtep2);
        Assert.Equal(IpForwardingAction.RouteAsymmetric, vrf.Forward(V4("198.51.100.7"), Vni10, 0).Action);
    }

    [Fact]
    public void A_gateway_ip_type5_readvertised_interface_less_no_longer_follows_its_old_gateway()
    {
        var vrf = Vrf();
        var gateway = HostRoute(Vtep2, "02:00:00:00:20:02", "10.1.20.2", Vni20, vrfRt: false);
        vrf.Apply(gateway, Vtep2);
        vrf.Apply(PrefixRoute(Vtep2, "198.51.100.0/24", label: 0, gateway: "10.1.20.2"), Vtep2);
        // The same route key again, now interface-less (label = L3 VNI, Router's MAC): it replaces the gateway-IP path.
        Assert.True(vrf.Apply(PrefixRoute(Vtep2, "198.51.100.0/24", routerMac: RouterMac2), Vtep2));

        // The old gateway's MAC+IP route going and coming back must not touch the interface-less path.
        vrf.WithdrawRemote(gateway.Route, Vtep2);
        Assert.Equal(IpForwardingAction.RouteSymmetric, vrf.Forward(V4("198.51.100.7"), Vni10, 0).Action);
        vrf.Apply(gateway, Vtep2);
        var d = vrf.Forward(V4("198.51.100.7"), Vni10, 0);
        Assert.Equal(IpForwardingAction.RouteSymmetric, d.Action);
        Assert.Equal(RouterMac2, d.DestinationMac);
        Assert.Equal(0, vrf.UnresolvedOverlayPrefixes);
    }

    [Fact]
    public void Remote_routes_move_the_route_table_version()
    {
        var vrf = Vrf();
        long before = vrf.Version;
        vrf.Apply(PrefixRoute(Vtep2, "198.51.100.0/24", routerMac: RouterMac2), Vtep2);
        Assert.True(vrf.Version > before);
        long applied = vrf.Version;
        vrf.WithdrawRemote(PrefixRoute(Vtep2, "198.51.100.0/24", routerMac: RouterMac2).Route, Vtep2);
        Assert.True(vrf.Version > applied);
    }

    [Fact]
    public void A_withdrawn_gateway_ip_type5_stays_out_when_its_gateway_comes_back()
    {
        var vrf = Vrf();
        var prefix = PrefixRoute(Vtep2, "198.51.100.0/24", label: 0, gateway: "10.1.20.2");
        var gateway = HostRoute(Vtep2, "02:00:00:00:20:02", "10.1.20.2", Vni20, vrfRt: false);
        vrf.Apply(prefix, Vtep2);
        vrf.WithdrawRemote(prefix.Route, Vtep2);
        Assert.Equal(0, vrf.UnresolvedOverlayPrefixes);

        vrf.Apply(gateway, Vtep2);
        Assert.False(vrf.Routes.TryGet(IpPrefix.Parse("198.51.100.0/24"), out _));
    }

    [Fact]
    public void A_gateway_resolved_in_a_domain_without_an_irb_here_does_not_install_the_prefix()
    {
        // The MAC+IP route of the gateway is on VNI 10030, where this VRF has no IRB: no VNI and MAC to send with.
        var vrf = Vrf();
        vrf.Apply(HostRoute(Vtep2, "02:00:00:00:30:02", "10.1.30.2", Vni30, label2: L3Vni, routerMac: RouterMac2), Vtep2);
        Assert.False(vrf.Apply(PrefixRoute(Vtep2, "198.51.100.0/24", label: 0, gateway: "10.1.30.2"), Vtep2));
        Assert.Equal(IpDropReason.NoRoute, vrf.Forward(V4("198.51.100.7"), Vni10, 0).DropReason);
    }

    [Fact]
    public void Start_originates_an_interface_less_type5_for_every_irb_subnet()
    {
        var vrf = Vrf();
        vrf.Start();
        var routes = vrf.Drain().Cast<OriginatePrefix>().ToList();
        Assert.Equal(["10.1.10.0/24", "2001:db8:10::/64", "10.1.20.0/24"], routes.Select(o => $"{o.Route.Prefix}/{o.Route.PrefixLength}"));

        var first = routes[0];
        Assert.Equal(LocalRd, first.Route.Distinguisher);
        Assert.True(first.Route.Esi.IsZero);
        Assert.Equal(0u, first.Route.EthernetTag);
        Assert.Equal(IPAddress.Any, first.Route.Gateway);
        Assert.Equal(L3Vni, first.Route.Label);
        Assert.Equal([VrfRt, ExtendedCommunity.VxlanEncapsulation, ExtendedCommunity.RoutersMac(OurRouterMac)], first.Attributes.ExtendedCommunities);
        Assert.Equal(IPAddress.IPv6Any, routes[1].Route.Gateway);
    }

    [Fact]
    public void The_gateway_ip_model_advertises_the_own_sbd_address_with_label_zero()
    {
        var vrf = new IpVrf(Options() with
        {
            PrefixModel = PrefixAdvertisementModel.GatewayIpOverlayIndex,
            OverlayGatewayIpv4 = V4("10.255.0.1"),
        });
        vrf.Start();
        var first = vrf.Drain().Cast<OriginatePrefix>().First();
        Assert.Equal(IPAddress.Parse("10.255.0.1"), first.Route.Gateway);
        Assert.Equal(0u, first.Route.Label);
        Assert.DoesNotContain(first.Attributes.ExtendedCommunities, c => c.IsRoutersMac);
    }

    [Fact]
    public void Packets_from_the_external_router_are_routed_to_hosts_and_never_back_out()
    {
        var vrf = Vrf();
        vrf.AddStaticPrefix(IpPrefix.Parse("0.0.0.0/0"));
        vrf.Apply(HostRoute(Vtep2, "02:00:00:00:10:02", "10.1.10.2", Vni10, label2: L3Vni, routerMac: RouterMac2), Vtep2);

        // A host behind VTEP 2: routed over the L3 VNI like any other packet (RFC 9135 §5.4).
        var d = vrf.ForwardFromExternal(V4("10.1.10.2"), 0);
        Assert.Equal((IpForwardingAction.RouteSymmetric, Vtep2, L3Vni), (d.Action, d.Vtep, d.Vni));
        // An address only the external default route covers would go straight back: a loop, dropped.
        Assert.Equal(IpDropReason.FabricLoop, vrf.ForwardFromExternal(V4("198.51.100.7"), 0).DropReason);
        Assert.Equal(IpForwardingAction.DeliverExternal, vrf.Forward(V4("198.51.100.7"), Vni10, 0).Action);
    }

    [Fact]
    public void A_static_prefix_is_advertised_delivered_externally_and_withdrawn_when_removed()
    {
        var vrf = Vrf();
        vrf.Start();
        vrf.Drain();
        Assert.True(vrf.AddStaticPrefix(IpPrefix.Parse("203.0.113.0/24")));
        Assert.False(vrf.AddStaticPrefix(IpPrefix.Parse("203.0.113.9/24"))); // same network, already there
        var originated = Assert.IsType<OriginatePrefix>(Assert.Single(vrf.Drain()));
        Assert.Equal(IPAddress.Parse("203.0.113.0"), originated.Route.Prefix);
        Assert.Equal(IpForwardingAction.DeliverExternal, vrf.Forward(V4("203.0.113.5"), Vni10, 0).Action);

        Assert.True(vrf.RemoveStaticPrefix(IpPrefix.Parse("203.0.113.0/24")));
        var withdrawn = Assert.IsType<WithdrawPrefix>(Assert.Single(vrf.Drain()));
        Assert.Equal(originated.Route, withdrawn.Route);
        Assert.Equal(IpDropReason.NoRoute, vrf.Forward(V4("203.0.113.5"), Vni10, 0).DropReason);
    }

    [Fact]
    public void Configured_static_prefixes_are_originated_at_start_and_stop_withdraws_everything()
    {
        var vrf = new IpVrf(Options() with { StaticPrefixes = [IpPrefix.Parse("0.0.0.0/0")] });
        vrf.Start();
        Assert.Contains(vrf.Drain(), e => e is OriginatePrefix { Route.PrefixLength: 0 });
        vrf.Stop();
        Assert.Equal(4, vrf.Drain().OfType<WithdrawPrefix>().Count());
    }
}
