using ActorFabric.Fabric.Topology;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.Tests.Topology;

/// <summary>
/// The <c>routing:</c> and <c>ip-vrfs:</c> blocks, anycast gateways, routing nodes and external prefixes: defaults, the
/// bundled ERB and CRB fabrics and the generator's tenant VRFs.
/// </summary>
public class L3TopologyTests
{
    private const string Fabric = """
        links:
          - endpoints: [leaf1:eth1, spine1:eth1]
          - endpoints: [leaf2:eth1, spine1:eth2]
        mac-vrfs:
          - {name: blue, vlan: 100, vni: 10100, subnet: 192.168.100.0/24, leaves: [leaf1]}
          - {name: green, vlan: 200, vni: 10200, subnet: 192.168.200.0/24, leaves: [leaf2]}
          - {name: plain, vlan: 300, vni: 10300}
        hosts:
          - {name: h1, leaf: leaf1, vlan: 100}
          - {name: h3, leaf: leaf1, vlan: 300}
        nodes:
          - {name: spine1, role: spine, route-reflector: true}
          - {name: leaf1, role: leaf}
          - {name: leaf2, role: leaf}

        """;

    private static FabricTopology Load(string yaml) => FabricSplice.Load(yaml, Fabric, "l3.yaml");

    private static uint Ip(string text) => Ipv4Address.Parse(text).Value;

    [Fact]
    public void Without_ip_vrfs_the_fabric_only_bridges_and_hosts_have_no_gateway()
    {
        var t = Load("");
        Assert.Same(RoutingSettings.Default, t.Routing);
        Assert.Empty(t.IpVrfs);
        Assert.All(t.BroadcastDomains, d => Assert.Equal((-1, 0u), (d.IpVrf, d.Gateway)));
        Assert.All(t.Nodes, n => Assert.Empty(n.RoutesVrfs));
        Assert.All(t.Hosts, h => Assert.False(h.HasGateway));
        // .1 stays free without a gateway too: automatic host addresses start at .2.
        Assert.Equal(Ip("192.168.100.2"), t.Hosts.Single(h => h.Name == "h1").Ipv4);
    }

    [Fact]
    public void Routing_defaults_to_erb_symmetric_interface_less_with_the_rfc_9135_anycast_mac()
    {
        var t = Load("ip-vrfs:\n  - {name: tenant1, l3-vni: 50001, mac-vrfs: [blue, green]}\n");
        Assert.Equal((RoutingDesign.Erb, IrbMode.Symmetric, PrefixRouteModel.InterfaceLess, false, 0x0000_5E00_0101UL),
            (t.Routing.Design, t.Routing.Irb, t.Routing.PrefixRoutes, t.Routing.Vmto, t.Routing.AnycastMac));
        var vrf = Assert.Single(t.IpVrfs);
        Assert.Equal(50001u, vrf.L3Vni);
        // Auto route target from the L3 VNI, the RFC 8365 §5.1.2.1 form like a MAC-VRF's.
        Assert.Equal(ExtendedCommunity.AutoDerivedRouteTarget(65000, 50001), Assert.Single(vrf.ImportTargets));
        Assert.Equal(vrf.ImportTargets, vrf.ExportTargets);
        Assert.Equal([0, 1], vrf.MacVrfs);
        Assert.Equal([0, 1], vrf.BroadcastDomains);
        // ERB: each leaf routes the VRF of the VLANs it carries; the spine does not.
        Assert.Equal([t.Node("leaf1").Index, t.Node("leaf2").Index], vrf.RoutingNodes);
        Assert.Equal([0], t.Node("leaf1").RoutesVrfs);
        Assert.Empty(t.Node("spine1").RoutesVrfs);
        // A routed VLAN without 'gateway' gets its subnet's first address; the unrouted one none.
        Assert.Equal(Ip("192.168.100.1"), t.BroadcastDomains[0].Gateway);
        Assert.Equal((0, 0u), (t.BroadcastDomains[0].IpVrf, t.BroadcastDomains[2].Gateway));
        Assert.Equal(-1, t.BroadcastDomains[2].IpVrf);
        Assert.Equal(Ip("192.168.100.1"), t.Hosts.Single(h => h.Name == "h1").Gateway);
        Assert.Equal(0u, t.Hosts.Single(h => h.Name == "h3").Gateway);
    }

    [Fact]
    public void A_gateway_gives_the_subnet_and_automatic_host_addresses_skip_it()
    {
        const string yaml = """
            ip-vrfs:
              - {name: t1, l3-vni: 50001, mac-vrfs: [gw]}
            nodes:
              - {name: leaf3, role: leaf}
            mac-vrfs:
              - {name: gw, vlan: 500, vni: 10500, gateway: 10.5.0.2/29, gateway6: "2001:db8:5::1/64"}
            hosts:
              - {name: a, leaf: leaf3, vlan: 500}
              - {name: b, leaf: leaf3, vlan: 500}
            """;
        Assert.True(TopologyLoader.TryParse(yaml, "gw.yaml", out var t, out var errors), string.Join("\n", errors));
        var d = t!.BroadcastDomains.Single(x => x.Vni == 10500);
        Assert.Equal((Ip("10.5.0.0"), 29, Ip("10.5.0.2")), (d.Subnet, d.PrefixLength, d.Gateway));
        Assert.Equal(64, d.Gateway6PrefixLength);
        Assert.Equal(((UInt128)0x2001_0db8_0005_0000UL << 64) | 1, d.Gateway6);
        Assert.Equal([Ip("10.5.0.3"), Ip("10.5.0.4")], t.Hosts.Where(h => h.Vni == 10500).Select(h => h.Ipv4));
        Assert.All(t.Hosts.Where(h => h.Vni == 10500), h => Assert.Equal(Ip("10.5.0.2"), h.Gateway));
    }

    [Fact]
    public void Bundled_erb_fabric_routes_each_tenant_on_the_leaves_of_its_vlans()
    {
        var t = TopologyLoader.Load(RepositoryFiles.Topology("l3-erb.yaml"));
        Assert.Equal((RoutingDesign.Erb, IrbMode.Symmetric), (t.Routing.Design, t.Routing.Irb));
        Assert.Equal(["tenant1", "tenant2"], t.IpVrfs.Select(v => v.Name));
        Assert.Equal([50001u, 50002u], t.IpVrfs.Select(v => v.L3Vni));
        Assert.Equal(ExtendedCommunity.RouteTargetAs2(65000, 50002), Assert.Single(t.IpVrfs[1].ExportTargets));
        string Names(IpVrfDefinition v) => string.Join(",", v.RoutingNodes.Select(n => t.Nodes[n].Name));
        Assert.Equal("leaf1,leaf2,leaf3,border1", Names(t.IpVrfs[0]));
        Assert.Equal("leaf2,leaf3,border1", Names(t.IpVrfs[1]));
        Assert.False(t.Node("spine1").IsRoutingNode);
        var amber = t.BroadcastDomains.Single(d => d.Vni == 10400);
        Assert.Equal(Ip("10.40.0.254"), amber.Gateway);
        Assert.Equal(Ip("192.168.200.1"), t.BroadcastDomains.Single(d => d.Vni == 10200).Gateway);
        Assert.Equal(Ip("10.40.0.254"), t.Hosts.Single(h => h.Name == "app2").Gateway);
        var border = t.Node("border1");
        Assert.Equal(2, border.ExternalPrefixes.Count);
        Assert.All(border.ExternalPrefixes, p => Assert.Equal(("0.0.0.0/0", (UInt128)Ip("203.0.113.1")), (p.Prefix.ToString(), p.NextHop)));
        Assert.Equal([0, 1], border.ExternalPrefixes.Select(p => p.IpVrf));
    }

    [Fact]
    public void Bundled_crb_fabric_routes_every_tenant_on_the_spines_and_the_border_leaf()
    {
        var t = TopologyLoader.Load(RepositoryFiles.Topology("l3-crb.yaml"));
        Assert.Equal((RoutingDesign.Crb, IrbMode.Asymmetric, PrefixRouteModel.GatewayIp, true),
            (t.Routing.Design, t.Routing.Irb, t.Routing.PrefixRoutes, t.Routing.Vmto));
        Assert.True(t.Node("spine1").IsRoutingNode);
        // A routing spine is a VTEP (its loopback) carrying every routed VLAN.
        Assert.True(t.Node("spine1").IsVtep);
        Assert.Equal(t.Node("spine1").Loopback, t.Node("spine1").Vtep);
        Assert.Equal(t.BroadcastDomains.Length, t.Node("spine2").BroadcastDomains.Count);
        Assert.False(t.Node("leaf1").IsRoutingNode);
        Assert.Empty(t.Node("leaf1").RoutesVrfs);
        Assert.All(t.IpVrfs, v => Assert.Equal(["spine1", "spine2", "border1"], v.RoutingNodes.Select(n => t.Nodes[n].Name)));
        Assert.All(t.Hosts, h => Assert.Equal(t.BroadcastDomains[h.BroadcastDomain].Subnet + 1, h.Gateway));
    }

    [Fact]
    public void Generator_makes_a_tenant_vrf_per_twenty_vnis_with_a_default_route_on_every_border_leaf()
    {
        const string yaml = "generate: {spines: 2, leaves: 8, border-leaves: 2, vnis: 50, vnis-per-leaf: 10, hosts-per-vni-per-leaf: 1, l3: true}\n";
        Assert.True(TopologyLoader.TryParse(yaml, "gen.yaml", out var t, out var errors), string.Join("\n", errors));
        Assert.Equal(["tenant1", "tenant2", "tenant3"], t!.IpVrfs.Select(v => v.Name));
        Assert.Equal([50001u, 50002u, 50003u], t.IpVrfs.Select(v => v.L3Vni));
        Assert.Equal([20, 20, 10], t.IpVrfs.Select(v => v.BroadcastDomains.Count));
        Assert.Equal(10020u, t.BroadcastDomains[t.IpVrfs[1].BroadcastDomains[0]].Vni);
        // leaf1 carries VNI positions 0..9 (tenant1 only); leaf2 positions 10..19; leaf3 positions 20..29 (tenant2).
        Assert.Equal([0], t.Node("leaf1").RoutesVrfs);
        Assert.Equal([1], t.Node("leaf3").RoutesVrfs);
        var border2 = t.Node("border2");
        Assert.Equal([0, 1, 2], border2.RoutesVrfs);
        Assert.All(border2.ExternalPrefixes, p => Assert.Equal(("0.0.0.0/0", (UInt128)Ip("203.0.113.2")), (p.Prefix.ToString(), p.NextHop)));
        Assert.All(t.Hosts, h => Assert.Equal(t.BroadcastDomains[h.BroadcastDomain].Subnet + 1, h.Gateway));
    }

    [Fact]
    public void Generator_without_l3_makes_no_vrf()
    {
        Assert.True(TopologyLoader.TryParse("generate: {spines: 1, leaves: 2, vnis: 4}\n", "gen.yaml", out var t, out _));
        Assert.Empty(t!.IpVrfs);
    }
}
