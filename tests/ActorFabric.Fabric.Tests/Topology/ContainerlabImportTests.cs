using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Tests.Topology;

public class ContainerlabImportTests
{
    [Fact]
    public void Lab_file_imports_nodes_roles_links_and_host_attachments()
    {
        var t = TopologyLoader.Load(RepositoryFiles.Topology("evpn-lab.clab.yml"));
        Assert.Equal("evpn-lab", t.Name);
        Assert.Equal(2, t.CountNodes(NodeRole.Spine));
        Assert.Equal(3, t.CountNodes(NodeRole.Leaf));             // leaf1, leaf2 by name; tor3 by label
        Assert.Equal(NodeRole.Leaf, t.Node("tor3").Role);
        Assert.Equal(NodeRole.BorderLeaf, t.Node("border1").Role);
        Assert.Equal(2, t.RouteReflectorCount);                    // no rr nodes: spines reflect
        Assert.True(t.Node("spine1").IsRouteReflector);
        Assert.Equal(8, t.Links.Length);                           // host links and the mgmt link are not fabric links
        Assert.Equal("nokia_srlinux", t.Node("leaf1").Kind);
        Assert.Equal("2", t.Node("tor3").Labels["graph-level"]);

        var client3 = t.Hosts.Single(h => h.Name == "client3");
        Assert.Equal(("tor3", "e1-1"), (t.Nodes[client3.Leaf].Name, client3.Port));
        var client4 = t.Hosts.Single(h => h.Name == "client4");
        Assert.Equal(("leaf1", "e1-2"), (t.Nodes[client4.Leaf].Name, client4.Port)); // first of its two links
    }

    [Fact]
    public void Lab_without_side_file_gets_the_default_vni_on_every_leaf()
    {
        var t = TopologyLoader.Load(RepositoryFiles.Topology("evpn-lab.clab.yml"));
        var vrf = Assert.Single(t.MacVrfs);
        Assert.Equal("default", vrf.Name);
        var bd = Assert.Single(t.BroadcastDomains);
        Assert.Equal((10100u, (ushort)100), (bd.Vni, bd.Vlan));
        Assert.Equal(4, t.Hosts.Length);
        Assert.All(t.Hosts, h => Assert.Equal(10100u, h.Vni));
        Assert.Equal(4, t.Nodes.Count(n => n.IsVtep && n.BroadcastDomains.Count == 1));
    }

    [Fact]
    public void Side_file_overlays_vnis_nodes_and_hosts_on_the_lab()
    {
        var t = TopologyLoader.Load(RepositoryFiles.Topology("evpn-lab.yaml"));
        Assert.Equal(2, t.MacVrfs.Length);
        Assert.Equal("10.0.0.100", AddressSyntax.FormatIpv4(t.Node("border1").Loopback));
        Assert.Equal(NodeRole.BorderLeaf, t.Node("border1").Role);
        var c1 = t.Hosts.Single(h => h.Name == "client1");
        Assert.Equal((1010u, "10.10.0.21/24", "e1-1"), (c1.Vni, c1.Ipv4Text, c1.Port));
        var c2 = t.Hosts.Single(h => h.Name == "client2");
        Assert.Equal((1020u, "02:00:00:00:20:02"), (c2.Vni, c2.MacText));
        Assert.Equal(1010u, t.Hosts.Single(h => h.Name == "client4").Vni); // not overlaid: first VNI
    }

    [Fact]
    public void Errors_in_an_imported_lab_name_the_lab_file_and_line()
    {
        var dir = Directory.CreateTempSubdirectory("af-clab-");
        try
        {
            var lab = Path.Combine(dir.FullName, "bad.clab.yml");
            File.WriteAllText(lab, """
                name: bad
                topology:
                  nodes:
                    spine1: {kind: srl}
                    leaf1: {kind: srl}
                    mystery: {kind: srl}
                    h1: {kind: linux}
                  links:
                    - endpoints: ["leaf1:e1-1", "spine1:e1-1"]
                    - endpoints: ["h1:eth1", "spine1:e1-2"]
                """);
            var e = Assert.Throws<TopologyLoadException>(() => TopologyLoader.Load(lab));
            var lines = e.Errors.Select(x => x.ToString()).ToList();
            Assert.Contains($"{lab}:6:5: cannot tell the role of clab node 'mystery' from its name; add 'labels: {{role: leaf}}' (spine, leaf, border-leaf, route-reflector or host)", lines);
            Assert.Contains($"{lab}:10:30: host 'h1' is attached to 'spine1', a spine; hosts attach to leaves and border leaves", lines);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("spine1", NodeRole.Spine)]
    [InlineData("dc1-leaf12", NodeRole.Leaf)]
    [InlineData("border-leaf1", NodeRole.BorderLeaf)]
    [InlineData("bl2", NodeRole.BorderLeaf)]
    [InlineData("rr1", NodeRole.RouteReflector)]
    [InlineData("client7", NodeRole.Host)]
    [InlineData("server3", NodeRole.Host)]
    [InlineData("h12", NodeRole.Host)]
    public void Role_is_inferred_from_the_node_name(string name, NodeRole expected)
    {
        Assert.True(ContainerlabImporter.TryInferRole(name, null, out var role));
        Assert.Equal(expected, role);
    }

    [Fact]
    public void Role_label_wins_over_the_name_and_unknown_names_have_no_role()
    {
        Assert.True(ContainerlabImporter.TryInferRole("spine9", new Dictionary<string, string> { ["role"] = "border" }, out var role));
        Assert.Equal(NodeRole.BorderLeaf, role);
        Assert.True(ContainerlabImporter.TryInferRole("box", new Dictionary<string, string> { ["graph-icon"] = "host" }, out role));
        Assert.Equal(NodeRole.Host, role);
        Assert.False(ContainerlabImporter.TryInferRole("router7", null, out _));
    }
}
