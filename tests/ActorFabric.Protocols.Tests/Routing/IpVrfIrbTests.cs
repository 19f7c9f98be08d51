using System.Net;
using ActorFabric.Protocols.Routing;
using ActorFabric.Wire.Packets;
using static ActorFabric.Protocols.Tests.Routing.IpVrfFixture;

namespace ActorFabric.Protocols.Tests.Routing;

/// <summary>Type-2 host routes and the symmetric/asymmetric IRB decisions of RFC 9135 §5 and §6.</summary>
public sealed class IpVrfIrbTests
{
    private static readonly MacAddress HostMac = MacAddress.Parse("52:54:00:00:00:02");

    [Fact]
    public void A_mac_ip_route_with_the_l3_vni_and_router_mac_is_routed_symmetrically_with_the_router_macs_as_inner_macs()
    {
        var vrf = Vrf();
        Assert.True(vrf.Apply(HostRoute(Vtep2, "52:54:00:00:00:02", "10.1.30.5", Vni30, L3Vni, RouterMac2), Vtep2));

        var d = vrf.Forward(V4("10.1.30.5"), Vni10, 0);
        Assert.Equal(IpForwardingAction.RouteSymmetric, d.Action);
        Assert.Equal(Vtep2, d.Vtep);
        Assert.Equal(L3Vni, d.Vni);               // RFC 9135 §5.4: VXLAN with the L3 VNI
        Assert.Equal(RouterMac2, d.DestinationMac); // inner DMAC = egress Router's MAC
        Assert.Equal(OurRouterMac, d.SourceMac);    // inner SMAC = ingress Router's MAC
        Assert.Equal(IpPrefix.Parse("10.1.30.5/32"), d.Route!.Prefix);
    }

    [Fact]
    public void Symmetric_ipv6_host_routes_are_installed_as_128s()
    {
        var vrf = Vrf();
        Assert.True(vrf.Apply(HostRoute(Vtep2, "52:54:00:00:00:02", "2001:db8:30::5", Vni30, L3Vni, RouterMac2), Vtep2));
        var d = vrf.Forward(V6("2001:db8:30::5"), Vni10, 0);
        Assert.Equal(IpForwardingAction.RouteSymmetric, d.Action);
        Assert.Equal(128, d.Route!.Prefix.Length);
    }

    [Fact]
    public void A_mac_ip_route_without_label2_in_a_local_bridge_domain_is_routed_asymmetrically_into_the_hosts_l2_vni()
    {
        var vrf = Vrf();
        Assert.True(vrf.Apply(HostRoute(Vtep2, "52:54:00:00:00:02", "10.1.20.5", Vni20, vrfRt: false), Vtep2));

        var d = vrf.Forward(V4("10.1.20.5"), Vni10, 0);
        Assert.Equal(IpForwardingAction.RouteAsymmetric, d.Action);
        Assert.Equal(Vtep2, d.Vtep);
        Assert.Equal(Vni20, d.Vni);              // RFC 9135 §6: bridged in the destination's L2 VNI
        Assert.Equal(Vlan20, d.Vlan);
        Assert.Equal(HostMac, d.DestinationMac); // inner DMAC = the host
        Assert.Equal(AnycastMac, d.SourceMac);   // inner SMAC = the gateway (anycast) MAC
    }

    [Fact]
    public void A_mac_ip_route_without_label2_outside_every_local_bridge_domain_is_not_a_host_route()
    {
        var vrf = Vrf();
        Assert.False(vrf.Apply(HostRoute(Vtep2, "52:54:00:00:00:02", "10.1.30.5", Vni30), Vtep2));
        Assert.False(vrf.Routes.TryGet(IpPrefix.Parse("10.1.30.5/32"), out _));

        vrf.Apply(PrefixRoute(Vtep3, "10.1.30.0/24", routerMac: RouterMac3), Vtep3); // the subnet route still leads there
        Assert.Equal(Vtep3, vrf.Forward(V4("10.1.30.5"), Vni10, 0).Vtep);
    }

    [Fact]
    public void A_mac_ip_route_with_label2_but_no_router_mac_falls_back_to_asymmetric_when_the_bridge_domain_is_local()
    {
        var vrf = Vrf();
        Assert.True(vrf.Apply(HostRoute(Vtep2, "52:54:00:00:00:02", "10.1.20.5", Vni20, L3Vni), Vtep2));
        Assert.Equal(IpForwardingAction.RouteAsymmetric, vrf.Forward(V4("10.1.20.5"), Vni10, 0).Action);

        Assert.False(vrf.Apply(HostRoute(Vtep2, "52:54:00:00:00:03", "10.1.30.5", Vni30, L3Vni), Vtep2));
    }

    [Fact]
    public void A_label2_other_than_the_local_l3_vni_is_not_used_in_global_vni_mode()
    {
        var vrf = Vrf();
        Assert.False(vrf.Apply(HostRoute(Vtep2, "52:54:00:00:00:02", "10.1.30.5", Vni30, L3Vni + 1, RouterMac2), Vtep2));
    }

    [Fact]
    public void A_mac_ip_route_without_the_vrf_route_target_is_not_routed_symmetrically()
    {
        var vrf = Vrf();
        Assert.False(vrf.Apply(HostRoute(Vtep2, "52:54:00:00:00:02", "10.1.30.5", Vni30, L3Vni, RouterMac2, vrfRt: false), Vtep2));
    }

    [Fact]
    public void An_asymmetric_vrf_ignores_label2_and_bridges_in_the_destination_vni()
    {
        var vrf = Vrf(IrbMode.Asymmetric);
        Assert.True(vrf.Apply(HostRoute(Vtep2, "52:54:00:00:00:02", "10.1.20.5", Vni20, L3Vni, RouterMac2), Vtep2));
        var d = vrf.Forward(V4("10.1.20.5"), Vni10, 0);
        Assert.Equal(IpForwardingAction.RouteAsymmetric, d.Action);
        Assert.Equal(Vni20, d.Vni);
        Assert.Equal(HostMac, d.DestinationMac);

        Assert.False(vrf.Apply(HostRoute(Vtep2, "52:54:00:00:00:03", "10.1.30.5", Vni30, L3Vni, RouterMac2), Vtep2));
    }

    [Fact]
    public void A_mac_only_route_and_our_own_routes_are_ignored()
    {
        var vrf = Vrf();
        var macOnly = new Wire.Bgp.Evpn.MacIpAdvertisementRoute(Wire.Bgp.RouteDistinguisher.FromIpv4(Vtep2, 2), Wire.Bgp.EthernetSegmentId.Zero, 0, HostMac, null, Vni20);
        Assert.False(vrf.ApplyRemote(macOnly, Wire.Bgp.PathAttributes.Empty, Vtep2));
        Assert.False(vrf.Apply(HostRoute(LocalVtep, "52:54:00:00:00:02", "10.1.30.5", Vni30, L3Vni, RouterMac2), LocalVtep));
    }

    [Fact]
    public void A_local_host_is_delivered_in_its_vlan_with_the_anycast_mac_as_source()
    {
        var vrf = Vrf();
        Assert.True(vrf.LearnLocalHost(Vlan10, HostMac, IPAddress.Parse("10.1.10.5")));
        var d = vrf.Forward(V4("10.1.10.5"), Vni20, 0);
        Assert.Equal(IpForwardingAction.DeliverLocal, d.Action);
        Assert.Equal(Vlan10, d.Vlan);
        Assert.Equal(Vni10, d.Vni);
        Assert.Equal(HostMac, d.DestinationMac);
        Assert.Equal(AnycastMac, d.SourceMac);
    }

    [Fact]
    public void A_silent_host_in_a_local_subnet_needs_address_resolution_first()
    {
        var d = Vrf().Forward(V4("10.1.20.77"), Vni10, 0);
        Assert.Equal(IpForwardingAction.ResolveLocal, d.Action);
        Assert.Equal(Vlan20, d.Vlan);
        Assert.True(d.DestinationMac.IsZero);
    }

    [Fact]
    public void The_egress_vtep_routes_a_packet_from_the_l3_vni_to_its_local_host()
    {
        var vrf = Vrf();
        vrf.LearnLocalHost(Vlan20, HostMac, IPAddress.Parse("10.1.20.5"));
        var d = vrf.Forward(V4("10.1.20.5"), L3Vni, 0);
        Assert.Equal(IpForwardingAction.DeliverLocal, d.Action); // RFC 9135 §5.5: route again, deliver with the IRB MAC
        Assert.Equal(AnycastMac, d.SourceMac);
    }

    [Fact]
    public void A_packet_from_the_l3_vni_is_never_routed_back_into_the_l3_vni()
    {
        var vrf = Vrf();
        vrf.Apply(PrefixRoute(Vtep2, "172.16.0.0/16", routerMac: RouterMac2), Vtep2);
        var d = vrf.Forward(V4("172.16.1.1"), L3Vni, 0);
        Assert.Equal(IpDropReason.FabricLoop, d.DropReason);
    }

    [Fact]
    public void A_packet_on_a_vni_outside_the_vrf_is_dropped()
    {
        Assert.Equal(IpDropReason.NotInVrf, Vrf().Forward(V4("10.1.10.5"), 777, 0).DropReason);
        Assert.Equal(IpDropReason.NotInVrf, Vrf().Forward(V4("192.0.2.1"), 777, 0).DropReason);
    }

    [Fact]
    public void The_anycast_gateway_address_is_the_routers_own()
    {
        var vrf = Vrf();
        var d = vrf.Forward(V4("10.1.10.1"), Vni10, 0);
        Assert.Equal(IpForwardingAction.DeliverToRouter, d.Action);
        Assert.Equal(Vlan10, d.Vlan);
        Assert.Equal(IpForwardingAction.DeliverToRouter, vrf.Forward(V6("2001:db8:10::1"), Vni10, 0).Action);
    }

    [Fact]
    public void Arp_and_neighbor_solicitations_for_the_gateway_are_answered_with_the_virtual_mac_in_its_vlan_only()
    {
        var vrf = Vrf();
        Assert.True(vrf.TryAnswerGatewayArp(Vlan10, V4("10.1.10.1"), out var mac));
        Assert.Equal(AnycastMac, mac);
        Assert.Equal(MacAddress.Parse("00:00:5e:00:01:01"), mac); // RFC 9135 §4.1 auto-derived, VRID 1
        Assert.False(vrf.TryAnswerGatewayArp(Vlan10, V4("10.1.10.2"), out _));
        Assert.False(vrf.TryAnswerGatewayArp(Vlan20, V4("10.1.10.1"), out _));
        Assert.False(vrf.TryAnswerGatewayArp(99, V4("10.1.10.1"), out _));
        Assert.True(vrf.TryAnswerGatewayNeighborSolicitation(Vlan10, V6("2001:db8:10::1"), out var mac6));
        Assert.Equal(AnycastMac, mac6);
        Assert.False(vrf.TryAnswerGatewayNeighborSolicitation(Vlan20, V6("2001:db8:10::1"), out _));
    }

    [Fact]
    public void Mac_ip_routes_of_an_irb_vlan_get_label2_the_vrf_route_targets_and_one_router_mac()
    {
        Assert.True(Vrf().TryGetMacIpRouteAttributes(Vlan10, out var attributes));
        Assert.Equal(L3Vni, attributes.Label2);
        Assert.Equal([VrfRt, Wire.Bgp.ExtendedCommunity.RoutersMac(OurRouterMac)], attributes.ExtendedCommunities);
        Assert.Single(attributes.ExtendedCommunities, c => c.IsRoutersMac);

        Assert.False(Vrf().TryGetMacIpRouteAttributes(99, out _));
        Assert.False(Vrf(IrbMode.Asymmetric).TryGetMacIpRouteAttributes(Vlan10, out _));
        Assert.False(new IpVrf(Options() with { AdvertiseHostRoutes = false }).TryGetMacIpRouteAttributes(Vlan10, out _));
    }
}
