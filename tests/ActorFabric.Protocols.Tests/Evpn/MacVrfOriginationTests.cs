using System.Net;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Evpn;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Tests.Evpn;

public class MacVrfOriginationTests
{
    private static readonly MacAddress HostMac = MacAddress.Parse("52:54:00:00:00:01");
    private static readonly IPAddress HostIp = IPAddress.Parse("192.168.100.11");
    private static readonly TimeSpan T0 = TimeSpan.FromSeconds(10);

    private static MacVrf Leaf(TimeSpan? aging = null)
    {
        var leaf = new MacVrf(EvpnTestFabric.Options(1, aging: aging));
        leaf.AttachPort(new PortId(1), EvpnTestFabric.Vlan);
        leaf.AttachPort(new PortId(2), EvpnTestFabric.Vlan);
        return leaf;
    }

    private static List<MacVrfEffect> Drain(MacVrf leaf)
    {
        var list = new List<MacVrfEffect>();
        leaf.DrainEffects(list);
        return list;
    }

    [Fact]
    public void Start_originates_an_imet_route_with_ingress_replication_pmsi_for_the_vni()
    {
        var leaf = Leaf();
        leaf.Start(T0);

        var o = Assert.IsType<Originate>(Assert.Single(Drain(leaf)));
        var imet = Assert.IsType<InclusiveMulticastRoute>(o.Route);
        Assert.Equal(RouteDistinguisher.FromIpv4(EvpnTestFabric.VtepOf(1), 100), imet.Distinguisher);
        Assert.Equal(0u, imet.EthernetTag);
        Assert.Equal(EvpnTestFabric.VtepOf(1), imet.OriginatorIp);
        Assert.Equal(PmsiTunnel.IngressReplication(EvpnTestFabric.Vni, EvpnTestFabric.VtepOf(1)), o.Attributes.PmsiTunnel);
        Assert.Equal([EvpnTestFabric.RouteTarget, ExtendedCommunity.VxlanEncapsulation], o.Attributes.ExtendedCommunities);
    }

    [Fact]
    public void Learning_a_source_mac_on_an_access_port_originates_a_mac_only_type2_with_rd_rt_tag_vni_and_encapsulation()
    {
        var leaf = Leaf();
        leaf.HandleAccessFrame(new PortId(1), EvpnTestFabric.Vlan, HostMac, MacAddress.Broadcast, T0);

        var effects = Drain(leaf);
        var fdb = Assert.Single(effects.OfType<FdbChanged>());
        Assert.Equal(FdbEntry.Local(HostMac, FdbEntryKind.Learned, new PortId(1), default), fdb.Current);
        var o = Assert.Single(effects.OfType<Originate>());
        var route = Assert.IsType<MacIpAdvertisementRoute>(o.Route);
        Assert.Equal(new MacIpAdvertisementRoute(RouteDistinguisher.FromIpv4(EvpnTestFabric.VtepOf(1), 100), EthernetSegmentId.Zero, 0, HostMac, null, EvpnTestFabric.Vni), route);
        // First advertisement carries no MAC Mobility EC (RFC 7432 §15).
        Assert.Equal([EvpnTestFabric.RouteTarget, ExtendedCommunity.VxlanEncapsulation], o.Attributes.ExtendedCommunities);
    }

    [Fact]
    public void Further_frames_from_a_known_mac_originate_nothing_more()
    {
        var leaf = Leaf();
        leaf.HandleAccessFrame(new PortId(1), EvpnTestFabric.Vlan, HostMac, MacAddress.Broadcast, T0);
        Drain(leaf);
        leaf.HandleAccessFrame(new PortId(1), EvpnTestFabric.Vlan, HostMac, MacAddress.Broadcast, T0 + TimeSpan.FromSeconds(1));
        Assert.Empty(Drain(leaf));
    }

    [Fact]
    public void Arp_snooping_originates_a_mac_ip_route_besides_the_mac_only_route()
    {
        var leaf = Leaf();
        var arp = new AddressResolution(IsRequest: true, HostMac, HostIp, IPAddress.Parse("192.168.100.1"));
        leaf.HandleAccessAddressResolution(new PortId(1), EvpnTestFabric.Vlan, HostMac, MacAddress.Broadcast, arp, T0);

        var routes = Drain(leaf).OfType<Originate>().Select(o => (MacIpAdvertisementRoute)o.Route).ToList();
        Assert.Equal(2, routes.Count);
        Assert.Null(routes[0].Ip);
        Assert.Equal(HostIp, routes[1].Ip);
        Assert.Equal(HostMac, routes[1].Mac);
        Assert.Equal(EvpnTestFabric.Vni, routes[1].Label1);
        Assert.Null(routes[1].Label2);
    }

    [Fact]
    public void An_arp_probe_without_sender_ip_originates_no_mac_ip_route()
    {
        var leaf = Leaf();
        var probe = new AddressResolution(true, HostMac, IPAddress.Any, HostIp);
        leaf.HandleAccessAddressResolution(new PortId(1), EvpnTestFabric.Vlan, HostMac, MacAddress.Broadcast, probe, T0);
        Assert.All(Drain(leaf).OfType<Originate>(), o => Assert.Null(((MacIpAdvertisementRoute)o.Route).Ip));
    }

    [Fact]
    public void An_ip_that_moves_to_another_local_mac_withdraws_the_old_mac_ip_route()
    {
        var leaf = Leaf();
        var other = MacAddress.Parse("52:54:00:00:00:02");
        leaf.HandleAccessAddressResolution(new PortId(1), EvpnTestFabric.Vlan, HostMac, MacAddress.Broadcast, new AddressResolution(false, HostMac, HostIp, HostIp), T0);
        Drain(leaf);
        leaf.HandleAccessAddressResolution(new PortId(2), EvpnTestFabric.Vlan, other, MacAddress.Broadcast, new AddressResolution(false, other, HostIp, HostIp), T0);

        var effects = Drain(leaf);
        var withdrawn = (MacIpAdvertisementRoute)Assert.Single(effects.OfType<Withdraw>()).Route;
        Assert.Equal((HostMac, HostIp), (withdrawn.Mac, withdrawn.Ip));
        Assert.Contains(effects.OfType<Originate>(), o => o.Route is MacIpAdvertisementRoute { Ip: not null } r && r.Mac == other);
    }

    [Fact]
    public void An_idle_learned_mac_ages_out_after_the_aging_time_and_its_routes_are_withdrawn()
    {
        var leaf = Leaf(aging: TimeSpan.FromSeconds(300));
        leaf.HandleAccessAddressResolution(new PortId(1), EvpnTestFabric.Vlan, HostMac, MacAddress.Broadcast, new AddressResolution(false, HostMac, HostIp, HostIp), T0);
        Drain(leaf);

        Assert.Equal(T0 + TimeSpan.FromSeconds(300), leaf.PollTimeout());
        leaf.HandleTimeout(T0 + TimeSpan.FromSeconds(299));
        Assert.Empty(Drain(leaf));

        leaf.HandleTimeout(T0 + TimeSpan.FromSeconds(300));
        var effects = Drain(leaf);
        Assert.Equal(2, effects.OfType<Withdraw>().Count());
        var fdb = Assert.Single(effects.OfType<FdbChanged>());
        Assert.Null(fdb.Current);
        Assert.True(leaf.TryGetDomainByVlan(EvpnTestFabric.Vlan, out var bd));
        Assert.False(bd.TryLookup(HostMac, out _));
        Assert.Equal(0, bd.ArpTable.Count);
        Assert.Null(leaf.PollTimeout());
    }

    [Fact]
    public void A_mac_that_keeps_sending_does_not_age_out()
    {
        var leaf = Leaf(aging: TimeSpan.FromSeconds(300));
        leaf.HandleAccessFrame(new PortId(1), EvpnTestFabric.Vlan, HostMac, MacAddress.Broadcast, T0);
        leaf.HandleAccessFrame(new PortId(1), EvpnTestFabric.Vlan, HostMac, MacAddress.Broadcast, T0 + TimeSpan.FromSeconds(200));
        Drain(leaf);

        leaf.HandleTimeout(T0 + TimeSpan.FromSeconds(300));
        Assert.Empty(Drain(leaf));
        Assert.Equal(T0 + TimeSpan.FromSeconds(500), leaf.PollTimeout());
        leaf.HandleTimeout(T0 + TimeSpan.FromSeconds(500));
        Assert.Single(Drain(leaf).OfType<Withdraw>());
    }

    [Fact]
    public void A_static_mac_is_advertised_sticky_with_sequence_zero_and_never_ages()
    {
        var leaf = Leaf(aging: TimeSpan.FromSeconds(300));
        Assert.True(leaf.AddStaticMac(EvpnTestFabric.Vlan, HostMac, new PortId(2), T0));

        var o = Assert.Single(Drain(leaf).OfType<Originate>());
        Assert.Contains(ExtendedCommunity.MacMobility(0, sticky: true), o.Attributes.ExtendedCommunities);
        Assert.Null(leaf.PollTimeout());
        leaf.HandleTimeout(T0 + TimeSpan.FromDays(1));
        Assert.Empty(Drain(leaf));
        Assert.True(leaf.TryGetDomainByVlan(EvpnTestFabric.Vlan, out var bd));
        Assert.Equal(FdbEntryKind.Static, bd.Fdb[HostMac].Kind);
    }

    [Fact]
    public void Removing_a_static_mac_withdraws_its_route()
    {
        var leaf = Leaf();
        leaf.AddStaticMac(EvpnTestFabric.Vlan, HostMac, new PortId(2), T0);
        Drain(leaf);
        Assert.True(leaf.RemoveStaticMac(EvpnTestFabric.Vlan, HostMac, T0));
        Assert.Single(Drain(leaf).OfType<Withdraw>());
    }

    [Fact]
    public void Detaching_a_port_withdraws_the_macs_learned_on_it()
    {
        var leaf = Leaf();
        leaf.HandleAccessFrame(new PortId(1), EvpnTestFabric.Vlan, HostMac, MacAddress.Broadcast, T0);
        leaf.HandleAccessFrame(new PortId(2), EvpnTestFabric.Vlan, MacAddress.Parse("52:54:00:00:00:02"), MacAddress.Broadcast, T0);
        Drain(leaf);

        Assert.True(leaf.DetachPort(new PortId(1), EvpnTestFabric.Vlan, T0));
        var withdrawn = Assert.Single(Drain(leaf).OfType<Withdraw>());
        Assert.Equal(HostMac, ((MacIpAdvertisementRoute)withdrawn.Route).Mac);
    }

    [Fact]
    public void Vlan_aware_bundle_uses_the_vni_as_ethernet_tag_in_type2_and_type3_routes()
    {
        var rt = ExtendedCommunity.RouteTargetAs2(65000, 1);
        var leaf = new MacVrf(new MacVrfOptions
        {
            RouteDistinguisher = RouteDistinguisher.FromIpv4(EvpnTestFabric.VtepOf(1), 1),
            LocalVtep = EvpnTestFabric.VtepOf(1),
            ImportRouteTargets = [rt],
            ExportRouteTargets = [rt],
            ServiceType = EvpnServiceType.VlanAwareBundle,
            BridgeDomains = [new BridgeDomainOptions(200, 10200), new BridgeDomainOptions(100, 10100)],
        });
        leaf.AttachPort(new PortId(1), 200);
        leaf.Start(T0);
        leaf.HandleAccessFrame(new PortId(1), 200, HostMac, MacAddress.Broadcast, T0);

        var routes = Drain(leaf).OfType<Originate>().Select(o => o.Route).ToList();
        Assert.Equal([10100u, 10200u], routes.OfType<InclusiveMulticastRoute>().Select(r => r.EthernetTag));
        var mac = Assert.Single(routes.OfType<MacIpAdvertisementRoute>());
        Assert.Equal(10200u, mac.EthernetTag);
        Assert.Equal(10200u, mac.Label1);
    }

    [Fact]
    public void Vlan_based_service_rejects_more_than_one_bridge_domain()
    {
        var options = EvpnTestFabric.Options(1) with { BridgeDomains = [new BridgeDomainOptions(100, 10100), new BridgeDomainOptions(200, 10200)] };
        Assert.Throws<ArgumentException>(() => new MacVrf(options));
    }

    [Fact]
    public void Frames_from_vxlan_are_never_learned()
    {
        var leaf = Leaf();
        leaf.HandleFabricFrame(EvpnTestFabric.Vni, EvpnTestFabric.VtepOf(2), HostMac, MacAddress.Broadcast, T0);
        Assert.Empty(Drain(leaf));
        Assert.True(leaf.TryGetDomainByVni(EvpnTestFabric.Vni, out var bd));
        Assert.Empty(bd.Fdb);
    }

    [Fact]
    public void Frames_on_a_port_outside_the_domain_or_an_unknown_vlan_are_dropped_and_not_learned()
    {
        var leaf = Leaf();
        Assert.Equal(DropReason.PortNotInDomain, leaf.HandleAccessFrame(new PortId(9), EvpnTestFabric.Vlan, HostMac, MacAddress.Broadcast, T0).DropReason);
        Assert.Equal(DropReason.UnknownDomain, leaf.HandleAccessFrame(new PortId(1), 999, HostMac, MacAddress.Broadcast, T0).DropReason);
        Assert.Empty(Drain(leaf));
    }
}
