using ActorFabric.Fabric.Topology;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.Tests.Topology;

/// <summary>
/// The <c>multicast:</c> and <c>assisted-replication:</c> blocks and their node keys: defaults, AR roles and IPs,
/// policies resolved to replicators, the generator's AR options, the bundled AR fabrics and the warnings.
/// </summary>
public class MulticastTopologyTests
{
    // The fabric's node list comes last, so a test's own 'nodes:' items continue it.
    private const string Fabric = """
        links:
          - endpoints: [leaf1:eth1, spine1:eth1]
          - endpoints: [leaf2:eth1, spine1:eth2]
        mac-vrfs:
          - {name: blue, vlan: 100, vni: 10100}
        nodes:
          - {name: spine1, role: spine, route-reflector: true}
          - {name: leaf1, role: leaf}
          - {name: leaf2, role: leaf}

        """;

    /// <summary>The test's blocks, the fabric, then the test's extra nodes (what follows its <c>nodes:</c> line).</summary>
    private static FabricTopology Load(string yaml) => FabricSplice.Load(yaml, Fabric, "mc.yaml");

    private static uint Ip(string text) => Ipv4Address.Parse(text).Value;

    [Fact]
    public void Without_the_blocks_multicast_floods_and_no_device_has_an_ar_role()
    {
        var t = Load("");
        Assert.Same(MulticastSettings.Default, t.Multicast);
        Assert.False(t.Multicast.Snooping);
        Assert.Null(t.AssistedReplication);
        Assert.Empty(t.Replicators);
        Assert.All(t.Nodes, n => Assert.Equal((ArRole.None, 0u, false), (n.ArRole, n.ArIp, n.Snooping)));
    }

    [Fact]
    public void Snooping_timers_default_to_rfc_3376_section_8_values()
    {
        var t = Load("multicast: {snooping: true}\n");
        var m = t.Multicast;
        Assert.True(m.Snooping);
        Assert.True(m.Querier);
        Assert.Equal((TimeSpan.FromSeconds(125), TimeSpan.FromSeconds(10), 2, TimeSpan.FromSeconds(1)),
            (m.QueryInterval, m.QueryResponseInterval, m.Robustness, m.LastMemberQueryInterval));
        Assert.Equal(TimeSpan.FromSeconds(260), m.GroupMembershipInterval);
        Assert.Equal(TimeSpan.FromSeconds(255), m.OtherQuerierPresentInterval);
        Assert.Equal(TimeSpan.FromSeconds(31.25), m.StartupQueryInterval);
        Assert.Equal(TimeSpan.FromSeconds(2), m.LastMemberQueryTime);
        Assert.True(t.Node("leaf1").Snooping);
        Assert.False(t.Node("spine1").Snooping); // not a VTEP: nothing to snoop
    }

    [Fact]
    public void Snooping_timers_and_a_per_node_override_are_read()
    {
        var t = Load("""
            multicast:
              snooping: true
              querier: false
              query-interval: 60s
              query-response-interval: 5s
              robustness: 3
              last-member-query-interval: 500ms
            nodes:
              - {name: leaf3, role: leaf, snooping: false}
            """);
        Assert.Equal((false, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5), 3, TimeSpan.FromMilliseconds(500)),
            (t.Multicast.Querier, t.Multicast.QueryInterval, t.Multicast.QueryResponseInterval, t.Multicast.Robustness, t.Multicast.LastMemberQueryInterval));
        Assert.Equal(TimeSpan.FromSeconds(185), t.Multicast.GroupMembershipInterval);
        Assert.True(t.Node("leaf1").Snooping);
        Assert.False(t.Node("leaf3").Snooping);
    }

    [Fact]
    public void A_node_may_snoop_without_the_fabric_wide_block()
    {
        var t = Load("nodes:\n  - {name: leaf3, role: leaf, snooping: true}\n");
        Assert.False(t.Multicast.Snooping);
        Assert.Equal([false, false, true], new[] { "leaf1", "leaf2", "leaf3" }.Select(n => t.Node(n).Snooping));
    }

    [Fact]
    public void An_empty_ar_block_takes_the_document_defaults_and_makes_every_vtep_an_ar_leaf()
    {
        var t = Load("""
            assisted-replication: {}
            nodes:
              - {name: rep1, role: leaf, assisted-replication: replicator}
              - {name: nve1, role: leaf, assisted-replication: none}
            """);
        var ar = t.AssistedReplication!;
        Assert.Equal((ArMode.Extended, ArLoadBalancing.Vni, TimeSpan.FromSeconds(3), ArUnknownUnicast.Replicate, ArReplicatorIrRole.ArReplicator),
            (ar.Mode, ar.LoadBalancing, ar.ActivationDelay, ar.UnknownUnicast, ar.ReplicatorIrRole));
        Assert.Empty(ar.Policies);
        Assert.Equal(ArRole.None, t.Node("spine1").ArRole);
        Assert.Equal(ArRole.Leaf, t.Node("leaf1").ArRole);
        Assert.Equal(ArRole.Leaf, t.Node("leaf2").ArRole);
        Assert.Equal(ArRole.None, t.Node("nve1").ArRole);
        var rep = t.Node("rep1");
        Assert.Equal(ArRole.Replicator, rep.ArRole);
        Assert.Equal([rep.Index], t.Replicators.ToArray());
        Assert.Equal(Ip("10.1.0.1"), rep.ArIp); // first address of the default ar-ip-pool
        Assert.Same(rep, t.NodeByArIp(rep.ArIp));
        Assert.Null(t.NodeByArIp(rep.Loopback));
        Assert.All(t.Nodes.Where(n => n != rep), n => Assert.Equal(0u, n.ArIp));
    }

    [Fact]
    public void Every_ar_setting_is_read()
    {
        var t = Load("""
            assisted-replication:
              mode: regular
              load-balancing: group
              activation-delay: 500ms
              unknown-unicast: ingress
              replicator-ir-role: rnve
              ar-ip-pool: 172.16.9.0/24
            nodes:
              - {name: rep1, role: leaf, assisted-replication: replicator}
            """);
        var ar = t.AssistedReplication!;
        Assert.Equal((ArMode.Regular, ArLoadBalancing.Group, TimeSpan.FromMilliseconds(500), ArUnknownUnicast.IngressReplication, ArReplicatorIrRole.Rnve),
            (ar.Mode, ar.LoadBalancing, ar.ActivationDelay, ar.UnknownUnicast, ar.ReplicatorIrRole));
        Assert.Equal(Ip("172.16.9.1"), t.Node("rep1").ArIp);
    }

    [Fact]
    public void Automatic_ar_ips_skip_loopbacks_vteps_and_explicit_ar_ips()
    {
        var t = Load("""
            assisted-replication: {ar-ip-pool: 10.0.0.0/24}
            nodes:
              - {name: rep1, role: leaf, assisted-replication: replicator}
              - {name: rep2, role: leaf, assisted-replication: replicator, ar-ip: 10.0.0.7}
              - {name: rep3, role: leaf, assisted-replication: replicator}
            """);
        // Loopbacks (and VTEPs) are 10.0.0.1..6 in node order, 10.0.0.7 is rep2's: the pool hands out .8 and .9.
        Assert.Equal(Ip("10.0.0.8"), t.Node("rep1").ArIp);
        Assert.Equal(Ip("10.0.0.7"), t.Node("rep2").ArIp);
        Assert.Equal(Ip("10.0.0.9"), t.Node("rep3").ArIp);
        Assert.Equal(["rep1", "rep2", "rep3"], t.Replicators.Select(i => t.Nodes[i].Name));
    }

    [Fact]
    public void Policies_resolve_replicators_by_name_or_ar_ip_in_order()
    {
        var t = Load("""
            assisted-replication:
              policies:
                - {name: arpol1, group: 233.252.0.0/24, vni: 10100, source: 10.1.1.1/32, replicator: rep1, fallback: 192.168.105.1}
                - {name: arpol2, group: 233.252.1.0/24, replicator: 192.168.105.1, strict: true}
                - {name: arpol5, group: "ffe9::2:0/112", source: "2001:db8::1/128", replicator: rep2}
                - {name: by-vni, vni: 10100, replicator: rep2}
            nodes:
              - {name: rep1, role: leaf, assisted-replication: replicator, ar-ip: 192.168.104.1}
              - {name: rep2, role: leaf, assisted-replication: replicator, ar-ip: 192.168.105.1}
            """);
        var p = t.AssistedReplication!.Policies;
        Assert.Equal(["arpol1", "arpol2", "arpol5", "by-vni"], p.Select(x => x.Name));
        int rep1 = t.Node("rep1").Index, rep2 = t.Node("rep2").Index;
        Assert.Equal((rep1, Ip("192.168.104.1"), rep2, Ip("192.168.105.1"), false), (p[0].Replicator, p[0].ReplicatorIp, p[0].Fallback, p[0].FallbackIp, p[0].Strict));
        Assert.Equal((10100u, "233.252.0.0/24", "10.1.1.1/32"), (p[0].Vni, p[0].Group.ToString(), p[0].Source.ToString()));
        Assert.Equal((rep2, -1, 0u, true, 0u), (p[1].Replicator, p[1].Fallback, p[1].FallbackIp, p[1].Strict, p[1].Vni));
        Assert.Equal(("ffe9::2:0/112", "2001:db8::1/128"), (p[2].Group.ToString(), p[2].Source.ToString()));
        Assert.Null(p[3].Group);

        var group = Host("233.252.0.7");
        Assert.True(p[0].Matches(group, 10100, Host("10.1.1.1")));
        Assert.False(p[0].Matches(group, 10100, null));                 // an (S,G) policy needs IGMPv3 state with the source
        Assert.False(p[0].Matches(group, 10200, Host("10.1.1.1")));
        Assert.True(p[1].Matches(Host("233.252.1.200"), 10200, null));  // no VNI: any VNI
        Assert.False(p[1].Matches(Host("233.252.2.1"), 10100, null));
        Assert.True(p[2].Matches(Host("ffe9::2:1"), 10100, Host("2001:db8::1")));
        Assert.False(p[2].Matches(Host("ffe9::3:1"), 10100, Host("2001:db8::1")));
        Assert.True(p[3].Matches(Host("239.1.1.1"), 10100, null));
    }

    private static AddressPrefix Host(string text) => AddressPrefix.TryParse(text, out var p) ? p : throw new FormatException(text);

    [Theory]
    [InlineData("224.0.0.0/4", true, false)]
    [InlineData("233.252.0.0/24", true, false)]
    [InlineData("ff00::/8", true, false)]
    [InlineData("ffe9::2:1/112", true, false)]
    [InlineData("10.1.1.1/32", false, true)]
    [InlineData("0.0.0.0/1", false, true)]       // 0-127: no multicast address
    [InlineData("128.0.0.0/1", false, false)]    // covers 224/4
    [InlineData("0.0.0.0/0", false, false)]
    [InlineData("2001:db8::/32", false, true)]
    [InlineData("fe00::/7", false, false)]       // covers ff00::/8
    public void Prefixes_tell_group_filters_from_source_filters(string text, bool multicast, bool unicast)
    {
        Assert.True(AddressPrefix.TryParse(text, out var p));
        Assert.Equal((multicast, unicast), (p.IsMulticast, p.IsUnicast));
    }

    [Fact]
    public void Prefixes_are_kept_masked()
    {
        Assert.True(AddressPrefix.TryParse("233.252.0.2/24", out var p));
        Assert.Equal("233.252.0.0/24", p.ToString());
        Assert.True(p.Contains(new Ipv4Address(233, 252, 0, 99)));
        Assert.False(AddressPrefix.TryParse("233.252.0.0/33", out _));
        Assert.False(AddressPrefix.TryParse("ff00::/129", out _));
        Assert.False(AddressPrefix.TryParse("010.0.0.0/8", out _));
    }

    [Fact]
    public void Bundled_assisted_replication_fabric_is_shaped_like_the_document_figures()
    {
        var t = TopologyLoader.Load(RepositoryFiles.Topology("assisted-replication.yaml"));
        var ar = t.AssistedReplication!;
        Assert.Equal(ArMode.Extended, ar.Mode);
        Assert.Equal(["rep1", "rep2"], t.Replicators.Select(i => t.Nodes[i].Name));
        Assert.Equal(Ip("192.168.104.1"), t.Node("rep1").ArIp);
        Assert.Equal(Ip("192.168.105.1"), t.Node("rep2").ArIp);
        Assert.Equal(["leaf1", "leaf2", "leaf3", "leaf4"], t.Nodes.Where(n => n.ArRole == ArRole.Leaf).Select(n => n.Name));
        Assert.Equal(ArRole.None, t.Node("nve1").ArRole);
        Assert.All(t.Nodes, n => Assert.Equal(n.IsVtep, n.Snooping));
        Assert.All(t.Nodes.Where(n => !n.IsVtep), n => Assert.True(n.IsRouteReflector));
        Assert.Equal([1100u, 1200u], t.BroadcastDomains.Select(d => d.Vni));
        Assert.Equal(["rep1", "rep2"], SegmentMembers(t, "rep-es"));
        Assert.Equal(["leaf1", "leaf2"], SegmentMembers(t, "es12"));
        Assert.Equal(["leaf1", "leaf2", "leaf3"], SegmentMembers(t, "es123"));
        Assert.True(t.Hosts.Single(h => h.Name == "mh-src").IsMultihomed);
        Assert.Equal(2, t.HostsOn(t.Node("rep1").Index).ToArray().Count(h => !h.IsMultihomed));
        Assert.Equal(["arpol1", "arpol2"], ar.Policies.Select(p => p.Name));
        Assert.Equal((t.Node("rep1").Index, t.Node("rep2").Index), (ar.Policies[0].Replicator, ar.Policies[0].Fallback));
        Assert.Equal((t.Node("rep2").Index, true), (ar.Policies[1].Replicator, ar.Policies[1].Strict));
        Assert.Empty(TopologyWarnings.Of(t));
    }

    private static IEnumerable<string> SegmentMembers(FabricTopology t, string name) =>
        t.EthernetSegments.Single(e => e.Name == name).Members.Select(m => t.Nodes[m.Leaf].Name);

    [Fact]
    public void Bundled_ar_benchmark_fabric_has_two_replicators_with_every_vni_and_no_hosts()
    {
        var t = TopologyLoader.Load(RepositoryFiles.Topology("bench-256-ar.yaml"));
        Assert.Equal(4 + 256 + 2, t.Nodes.Length);
        Assert.Equal((256 + 2) * 4, t.Links.Length);
        Assert.Equal(8, t.BroadcastDomains.Length);
        Assert.Equal(256 * 8, t.Hosts.Length);
        Assert.True(t.Settings.RouteTargetConstraint);
        Assert.True(t.Multicast.Snooping);
        var reps = t.Replicators.Select(i => t.Nodes[i]).ToArray();
        Assert.Equal(["rep1", "rep2"], reps.Select(n => n.Name));
        Assert.Equal([Ip("10.1.0.1"), Ip("10.1.0.2")], reps.Select(n => n.ArIp));
        Assert.All(reps, r => Assert.Equal(8, r.BroadcastDomains.Count));
        Assert.All(reps, r => Assert.Equal(0, t.HostsOn(r.Index).Length));
        Assert.Equal(256, t.Nodes.Count(n => n.ArRole == ArRole.Leaf && n.Snooping && n.BroadcastDomains.Count == 8));
        Assert.Equal("10.0.0.5", AddressSyntax.FormatIpv4(t.Node("leaf1").Loopback)); // replicators come last: leaf numbering as in bench-256
        Assert.Empty(TopologyWarnings.Of(t));
    }

    [Fact]
    public void Generated_leaves_take_the_ar_role_the_generator_asks_for()
    {
        var regular = TopologyLoader.Parse("assisted-replication: {}\ngenerate: {spines: 1, leaves: 2, replicators: 1, assisted-replication: false, vnis: 1}\n");
        Assert.Equal([ArRole.None, ArRole.None, ArRole.Replicator], regular.Nodes.Skip(1).Select(n => n.ArRole));
        var byDefault = TopologyLoader.Parse("assisted-replication: {}\ngenerate: {spines: 1, leaves: 2, vnis: 1}\n");
        Assert.All(byDefault.Nodes.Skip(1), n => Assert.Equal(ArRole.Leaf, n.ArRole));
        var plain = TopologyLoader.Parse("generate: {spines: 1, leaves: 2, vnis: 1, snooping: false}\nmulticast: {snooping: true}\n");
        Assert.Null(plain.AssistedReplication);
        Assert.True(plain.Multicast.Snooping); // the block's own snooping wins over the generator's
        Assert.Equal("rep1", TopologyLoader.Parse("generate: {spines: 1, leaves: 1, replicators: 1}\n").Nodes[^1].Name);
    }

    [Fact]
    public void Warnings_name_the_degraded_ar_setups_of_the_document()
    {
        var none = Load("assisted-replication: {}\n");
        Assert.Equal("mc.yaml: 'assisted-replication' without any replicator: every AR leaf uses ingress replication (\"No replicators/Ingress Replication\"); give a leaf 'assisted-replication: replicator'",
            Assert.Single(TopologyWarnings.Of(none)));

        var shared = Load("""
            assisted-replication: {}
            multicast: {snooping: true}
            nodes:
              - {name: rep1, role: leaf, assisted-replication: replicator}
              - {name: leaf9, role: leaf, snooping: false}
            ethernet-segments:
              - {name: bond1, members: [{leaf: leaf1, port: eth5}, {leaf: rep1, port: eth5}]}
            """);
        Assert.Equal(
        [
            "mc.yaml: AR leaf 'leaf1' shares Ethernet segment 'bond1' with replicator 'rep1': in extended AR mode it does not use AR (\"Misconfiguration/Ingress Replication\")",
            "mc.yaml: 1 AR leaf without snooping (first 'leaf9') while replicators snoop: replicators drop multicast toward it (the documented AR limitation); make it a regular NVE with 'assisted-replication: none'",
            "mc.yaml: 2 nodes without any link (first 'rep1'): they cannot reach the fabric",
        ], TopologyWarnings.Of(shared));
    }
}
