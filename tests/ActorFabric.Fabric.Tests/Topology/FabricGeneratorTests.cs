using ActorFabric.Fabric.Topology;
using ActorFabric.Protocols.Evpn.Multihoming;

namespace ActorFabric.Fabric.Tests.Topology;

public class FabricGeneratorTests
{
    [Fact]
    public void Bench_256_expands_to_the_scale_benchmark_fabric()
    {
        var t = TopologyLoader.Load(RepositoryFiles.Topology("bench-256.yaml"));
        Assert.Equal(4, t.CountNodes(NodeRole.Spine));
        Assert.Equal(2, t.RouteReflectorCount);
        Assert.Equal(256, t.CountNodes(NodeRole.Leaf));
        Assert.Equal(256 * 4, t.Links.Length);
        Assert.Equal(200, t.BroadcastDomains.Length);
        Assert.Equal(102_400, t.Hosts.Length);
        Assert.Equal(102_400, t.Hosts.Select(h => h.Mac).Distinct().Count());
        Assert.All(t.Nodes.Where(n => n.IsVtep), n => Assert.Equal(20, n.BroadcastDomains.Count));
        Assert.Equal(256 * 2 + 1, t.BgpSessions.Length);
    }

    [Fact]
    public void Sliding_window_puts_every_vni_on_several_leaves()
    {
        var t = TopologyLoader.Load(RepositoryFiles.Topology("bench-256.yaml"));
        var leavesPerVni = new int[t.BroadcastDomains.Length];
        foreach (var n in t.Nodes)
            foreach (var d in n.BroadcastDomains) leavesPerVni[d]++;
        // 256 leaves x 20 VNIs over 200 VNIs: 25 or 26 leaves each.
        Assert.All(leavesPerVni, c => Assert.InRange(c, 25, 26));
        Assert.Equal(256 * 20, leavesPerVni.Sum());
        // leaf1 (i = 0) carries positions 0..19 = VNIs 10000..10019; leaf2 carries 10020..10039.
        Assert.Equal(10000u, t.BroadcastDomains[t.Node("leaf1").BroadcastDomains[0]].Vni);
        Assert.Equal(10020u, t.BroadcastDomains[t.Node("leaf2").BroadcastDomains[0]].Vni);
    }

    [Fact]
    public void Generation_is_deterministic()
    {
        var a = TopologyLoader.Load(RepositoryFiles.Topology("bench-256.yaml"));
        var b = TopologyLoader.Load(RepositoryFiles.Topology("bench-256.yaml"));
        Assert.Equal(Digest(a), Digest(b));
        Assert.True(a.Hosts.AsSpan().SequenceEqual(b.Hosts.AsSpan()));
    }

    [Fact]
    public void Generated_names_ports_and_addresses_follow_the_documented_scheme()
    {
        var t = TopologyLoader.Load(RepositoryFiles.Topology("bench-256.yaml"));
        var leaf1 = t.Node("leaf1");
        Assert.Equal("10.0.0.5", AddressSyntax.FormatIpv4(leaf1.Loopback)); // after spine1..spine4
        var up = t.Links[t.LinksOf(leaf1.Index)[1]];
        Assert.Equal(("eth2", "spine2", "eth1"), (up.APort, t.Nodes[up.B].Name, up.BPort));
        var first = t.HostsOn(leaf1.Index)[0];
        Assert.Equal("h1-10000-1", first.Name);
        Assert.Equal("eth5", first.Port); // host ports follow the 4 uplinks
        Assert.Equal("02:af:00:00:00:01", first.MacText);
        Assert.Equal("100.64.0.2/22", first.Ipv4Text);
        Assert.Equal(10000u, first.Vni);
        Assert.Equal((ushort)100, first.Vlan);
    }

    [Fact]
    public void Large_1000_has_dedicated_reflectors_border_leaves_and_200k_hosts()
    {
        var t = TopologyLoader.Load(RepositoryFiles.Topology("large-1000.yaml"));
        Assert.Equal(1000, t.CountNodes(NodeRole.Leaf));
        Assert.Equal(4, t.CountNodes(NodeRole.BorderLeaf));
        Assert.Equal(2, t.CountNodes(NodeRole.RouteReflector));
        Assert.Equal(2, t.RouteReflectorCount);
        Assert.Equal((1000 + 4 + 2) * 8, t.Links.Length);
        Assert.Equal(2000, t.BroadcastDomains.Length);
        Assert.Equal(200_000, t.Hosts.Length);
        Assert.All(t.Nodes.Where(n => n.Role == NodeRole.BorderLeaf), n => Assert.Equal(2000, n.BroadcastDomains.Count));
        Assert.Equal((1000 + 4) * 2 + 1, t.BgpSessions.Length);
    }

    [Fact]
    public void Vlan_aware_generation_puts_all_vnis_in_one_bundle_with_vni_ethernet_tags()
    {
        var t = TopologyLoader.Parse("""
            generate:
              spines: 2
              leaves: 4
              vnis: 6
              vnis-per-leaf: 3
              service: vlan-aware-bundle
              hosts-per-vni-per-leaf: 2
            """);
        var bundle = Assert.Single(t.MacVrfs);
        Assert.Equal(ServiceType.VlanAwareBundle, bundle.ServiceType);
        Assert.Equal(6, bundle.BroadcastDomains.Count);
        Assert.All(t.BroadcastDomains, d => Assert.Equal(d.Vni, d.EthernetTag));
        Assert.Equal(4 * 3 * 2, t.Hosts.Length);
    }

    [Fact]
    public void Explicit_items_can_be_added_to_a_generated_fabric()
    {
        var t = TopologyLoader.Parse("""
            generate: {spines: 2, spine-route-reflectors: 2, leaves: 2, vnis: 2, hosts-per-vni-per-leaf: 1}
            hosts:
              - {name: extra, leaf: leaf2, vni: 10001}
            """);
        var extra = t.Hosts.Single(h => h.Name == "extra");
        Assert.Equal("eth5", extra.Port); // eth1-2 uplinks, eth3-4 generated hosts
        Assert.Equal(5, t.Hosts.Length);
    }

    [Fact]
    public void Multihomed_generation_pairs_leaves_on_one_all_active_segment_per_pair_and_vni()
    {
        var t = TopologyLoader.Parse("""
            generate:
              spines: 2
              leaves: 5
              vnis: 6
              vnis-per-leaf: 2
              hosts-per-vni-per-leaf: 3
              multihomed: true
            """);
        // Pairs leaf1+leaf2 and leaf3+leaf4, 2 VNIs each: 4 segments; leaf5 (odd, last) stays single-homed.
        Assert.Equal(["es1-10000", "es1-10001", "es3-10002", "es3-10003"], t.EthernetSegments.Select(s => s.Name));
        Assert.Equal(5 * 2 * 3, t.Hosts.Length); // the MAC count of the single-homed fabric
        foreach (var es in t.EthernetSegments)
        {
            Assert.Equal(EthernetSegmentMode.AllActive, es.Mode);
            Assert.Equal(2, es.Members.Length);
            Assert.Equal(es.Members[0].Port, es.Members[1].Port);
            Assert.Equal(es.Members[0].Leaf + 1, es.Members[1].Leaf);
            var hosts = t.Hosts.Where(h => h.Segment == es.Index).ToArray();
            Assert.Equal(2 * 3, hosts.Length);
            Assert.Single(hosts.Select(h => h.Vni).Distinct());
        }
        Assert.Equal(["eth3", "eth9"], t.EthernetSegments.Where(s => t.Nodes[s.Members[0].Leaf].Name == "leaf1").Select(s => s.Members[0].Port));
        Assert.Equal(t.EthernetSegments.Length, t.EthernetSegments.Select(s => s.Esi).Distinct().Count());
        // Both leaves of a pair carry the pair's window; the odd leaf takes the next unit of the window.
        Assert.Equal(t.Node("leaf1").BroadcastDomains, t.Node("leaf2").BroadcastDomains);
        Assert.Equal(t.Node("leaf3").BroadcastDomains, t.Node("leaf4").BroadcastDomains);
        Assert.Equal([10004u, 10005u], t.Node("leaf5").BroadcastDomains.Select(d => t.BroadcastDomains[d].Vni));
        var single = t.Hosts.Where(h => h.Segment < 0).ToArray();
        Assert.Equal(2 * 3, single.Length);
        Assert.All(single, h => Assert.Equal("leaf5", t.Nodes[h.Leaf].Name));
        Assert.Equal("h2-10000-1", t.Hosts.Where(h => h.Segment == 0).ElementAt(3).Name); // leaf2's share of the segment
    }

    [Fact]
    public void Bench_256_mh_keeps_the_macs_and_vni_spread_of_bench_256_on_dual_homed_segments()
    {
        var t = TopologyLoader.Load(RepositoryFiles.Topology("bench-256-mh.yaml"));
        Assert.Equal(102_400, t.Hosts.Length);
        Assert.Equal(128 * 20, t.EthernetSegments.Length);
        Assert.All(t.Hosts, h => Assert.True(h.Segment >= 0));
        Assert.All(t.Hosts.GroupBy(h => h.Segment), g => Assert.Equal(40, g.Count()));
        var leavesPerVni = new int[t.BroadcastDomains.Length];
        foreach (var n in t.Nodes)
            foreach (var d in n.BroadcastDomains) leavesPerVni[d]++;
        // 128 pairs x 20 VNIs over 200 VNIs: 12 or 13 pairs each.
        Assert.All(leavesPerVni, c => Assert.InRange(c, 24, 26));
    }

    private static string Digest(FabricTopology t)
    {
        var hash = new System.Text.StringBuilder();
        foreach (var n in t.Nodes) hash.Append(n.Name).Append(n.Loopback).Append(string.Join(',', n.BroadcastDomains)).Append(';');
        foreach (var l in t.Links) hash.Append(l).Append(';');
        foreach (var m in t.MacVrfs) hash.Append(m.Name).Append(m.Evi).Append(m.ExportTargets[0]).Append(';');
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(hash.ToString())));
    }
}
