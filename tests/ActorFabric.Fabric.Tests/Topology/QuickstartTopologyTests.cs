using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Tests.Topology;

public class QuickstartTopologyTests
{
    private static readonly FabricTopology Quickstart = TopologyLoader.Load(RepositoryFiles.Topology("quickstart.yaml"));

    [Fact]
    public void Quickstart_has_two_reflecting_spines_four_leaves_two_vnis_and_eight_hosts()
    {
        Assert.Equal("quickstart", Quickstart.Name);
        Assert.Equal(2, Quickstart.CountNodes(NodeRole.Spine));
        Assert.Equal(4, Quickstart.CountNodes(NodeRole.Leaf));
        Assert.Equal(2, Quickstart.RouteReflectorCount);
        Assert.Equal(8, Quickstart.Links.Length);
        Assert.Equal(2, Quickstart.MacVrfs.Length);
        Assert.Equal(2, Quickstart.BroadcastDomains.Length);
        Assert.Equal(8, Quickstart.Hosts.Length);
    }

    [Fact]
    public void Settings_block_overrides_only_what_it_names()
    {
        var s = Quickstart.Settings;
        Assert.Equal(TimeSpan.FromSeconds(9), s.BgpHoldTime);
        Assert.Equal(TimeSpan.FromSeconds(3), s.BgpKeepalive);
        Assert.Equal(TimeSpan.FromMilliseconds(300), s.BfdInterval);
        Assert.Equal(3, s.BfdMultiplier);
        Assert.Equal(5, s.DuplicateMacMoves);
        Assert.Equal(TimeSpan.FromSeconds(180), s.DuplicateMacWindow);
        Assert.Equal(TimeSpan.FromMicroseconds(10), s.DefaultLinkLatency);
    }

    [Fact]
    public void Leaves_are_vteps_on_their_loopback_and_router_id_defaults_to_loopback()
    {
        var leaf1 = Quickstart.Node("leaf1");
        Assert.Equal("10.0.0.11", AddressSyntax.FormatIpv4(leaf1.Loopback));
        Assert.Equal(leaf1.Loopback, leaf1.RouterId);
        Assert.Equal(leaf1.Loopback, leaf1.Vtep);
        Assert.Equal(65000u, leaf1.Asn);
        Assert.Equal(0u, Quickstart.Node("spine1").Vtep);
        Assert.Equal([0, 1], leaf1.BroadcastDomains);
    }

    [Fact]
    public void Every_leaf_peers_with_both_reflectors_and_the_reflectors_peer_with_each_other()
    {
        var sessions = Quickstart.BgpSessions;
        Assert.Equal(4 * 2 + 1, sessions.Length);
        int spine1 = Quickstart.Node("spine1").Index, spine2 = Quickstart.Node("spine2").Index;
        Assert.Contains(new BgpSessionDefinition(Quickstart.Node("leaf3").Index, spine2, BgpSessionKind.ClientToReflector), sessions);
        Assert.Contains(new BgpSessionDefinition(spine1, spine2, BgpSessionKind.ReflectorMesh), sessions);
    }

    [Fact]
    public void Links_keep_per_link_latency_and_state_and_default_the_rest()
    {
        var leaf3 = Quickstart.Node("leaf3").Index;
        var spine2 = Quickstart.Node("spine2").Index;
        var link = Quickstart.Links.Single(l => l.A == leaf3 && l.B == spine2);
        Assert.Equal("eth2", link.APort);
        Assert.Equal("eth3", link.BPort);
        Assert.Equal(TimeSpan.FromMicroseconds(50), link.Latency);
        Assert.Equal(TimeSpan.FromMicroseconds(10), Quickstart.Links[0].Latency);
        Assert.All(Quickstart.Links, l => Assert.Equal(LinkState.Up, l.State));
        Assert.Equal(2, Quickstart.LinksOf(leaf3).Length);
    }

    [Fact]
    public void Hosts_resolve_vlan_to_vni_and_get_deterministic_addresses_when_none_given()
    {
        var h1 = Quickstart.Hosts.Single(h => h.Name == "h1");
        Assert.Equal(10100u, h1.Vni);
        Assert.Equal("02:00:00:00:01:01", h1.MacText);
        Assert.Equal("192.168.100.11/24", h1.Ipv4Text);

        var h7 = Quickstart.Hosts.Single(h => h.Name == "h7");
        Assert.Equal((ushort)100, h7.Vlan);
        Assert.Equal("eth3", h7.Port);
        Assert.Equal("02:af:00:00:00:07", h7.MacText); // 7th host in the file
        Assert.Equal("192.168.100.2/24", h7.Ipv4Text); // first free after the gateway .1
    }

    [Fact]
    public void Hosts_are_grouped_by_leaf()
    {
        var leaf2 = Quickstart.Node("leaf2").Index;
        var onLeaf2 = Quickstart.HostsOn(leaf2);
        Assert.Equal(2, onLeaf2.Length);
        Assert.Equal("h3", onLeaf2[0].Name);
        Assert.Equal("h4", onLeaf2[1].Name);
        for (int i = 0; i < Quickstart.Hosts.Length; i++) Assert.Equal(i, Quickstart.Hosts[i].Index);
    }

    [Fact]
    public void Mac_vrfs_carry_evi_rd_and_route_targets()
    {
        var blue = Quickstart.MacVrfs[0];
        var green = Quickstart.MacVrfs[1];
        Assert.Equal((ushort)100, blue.Evi);
        Assert.Equal("10.0.0.11:100", blue.RouteDistinguisherFor(Quickstart.Node("leaf1")).ToString());
        Assert.Equal("RT:65000:268445556", blue.ExportTargets.Single().ToString());
        Assert.Equal("RT:65000:10200", green.ImportTargets.Single().ToString());
        Assert.Equal(0u, Quickstart.BroadcastDomains[0].EthernetTag); // vlan-based
    }
}
