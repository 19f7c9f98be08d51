using ActorFabric.Fabric.Topology;
using ActorFabric.Protocols.Evpn.Multihoming;
using ActorFabric.Wire.Bgp;

namespace ActorFabric.Fabric.Tests.Topology;

/// <summary>Ethernet segments in a topology file: ESIs given or derived, members, modes, DF algorithms, hosts on a LAG.</summary>
public class EthernetSegmentTopologyTests
{
    private const string Fabric = """
        nodes:
          - {name: spine1, role: spine, route-reflector: true}
          - {name: leaf1, role: leaf}
          - {name: leaf2, role: leaf}
          - {name: leaf3, role: leaf}
        mac-vrfs:
          - {name: blue, vlan: 100, vni: 10100}

        """;

    private static FabricTopology Load(string yaml)
    {
        Assert.True(TopologyLoader.TryParse(Fabric + yaml, "mh.yaml", out var topology, out var errors), string.Join("\n", errors));
        return topology!;
    }

    private static List<string> Errors(string yaml)
    {
        Assert.False(TopologyLoader.TryParse(Fabric + yaml, "mh.yaml", out _, out var errors));
        return errors.Select(e => e.ToString()).ToList();
    }

    [Fact]
    public void A_host_on_a_segment_is_attached_through_every_member()
    {
        var t = Load("""
            ethernet-segments:
              - name: bond1
                esi: 00:11:22:33:44:55:66:77:88:99
                mode: single-active
                df-algorithm: preference
                members:
                  - {leaf: leaf1, port: eth5, preference: 200}
                  - {leaf: leaf2, port: eth5}
            hosts:
              - {name: server1, segment: bond1, vlan: 100}
              - {name: h2, leaf: leaf3, vlan: 100}
            """);
        var es = Assert.Single(t.EthernetSegments);
        Assert.Equal(EthernetSegmentId.Parse("00:11:22:33:44:55:66:77:88:99"), es.Esi);
        Assert.Equal(EthernetSegmentMode.SingleActive, es.Mode);
        Assert.Equal(DfAlgorithm.HighestPreference, es.DfAlgorithm);
        Assert.Equal([(t.Node("leaf1").Index, "eth5", (ushort)200), (t.Node("leaf2").Index, "eth5", (ushort)32767)],
            es.Members.Select(m => (m.Leaf, m.Port, m.Preference)));
        var server = t.Hosts.Single(h => h.Name == "server1");
        Assert.True(server.IsMultihomed);
        Assert.Equal((t.Node("leaf1").Index, "eth5", es.Index), (server.Leaf, server.Port, server.Segment));
        Assert.False(t.Hosts.Single(h => h.Name == "h2").IsMultihomed);
        Assert.Equal([es], t.EthernetSegmentsOn(t.Node("leaf2").Index));
        Assert.Empty(t.EthernetSegmentsOn(t.Node("leaf3").Index));
    }

    [Fact]
    public void Derived_esis_follow_rfc_7432_section_5_layouts()
    {
        var t = Load("""
            ethernet-segments:
              - name: lacp
                esi: auto-lacp
                system-mac: "02:00:00:aa:bb:cc"
                lacp-port-key: 258       # 0x0102
                members: [{leaf: leaf1, port: eth5}, {leaf: leaf2, port: eth5}]
              - name: mac
                esi: auto-mac
                system-mac: "02:00:00:aa:bb:cc"
                local-discriminator: 197637   # 0x030405
                members: [{leaf: leaf1, port: eth6}, {leaf: leaf2, port: eth6}]
              - name: default
                members: [{leaf: leaf2, port: eth7}, {leaf: leaf3, port: eth7}]
            """);
        // Type 1: type octet, CE LACP system MAC, port key, one zero octet.
        Assert.Equal("01:02:00:00:aa:bb:cc:01:02:00", t.EthernetSegments[0].Esi.ToString());
        // Type 3: type octet, system MAC, 3-octet local discriminator.
        Assert.Equal("03:02:00:00:aa:bb:cc:03:04:05", t.EthernetSegments[1].Esi.ToString());
        // Default: type 3 from the first member leaf's device MAC (leaf2 = node 3 → 02:ac:00:00:00:03), position 3.
        Assert.Equal("03:02:ac:00:00:00:03:00:00:03", t.EthernetSegments[2].Esi.ToString());
    }

    [Fact]
    public void Bad_segments_are_rejected_with_their_place_and_reason()
    {
        var errors = Errors("""
            ethernet-segments:
              - name: a
                esi: 00:00:00:00:00:00:00:00:00:00
                members: [{leaf: leaf1, port: eth5}, {leaf: leaf1, port: eth6}]
              - name: b
                mode: both-active
                df-algorithm: random
                members: [{leaf: spine1, port: eth9}, {leaf: leaf9, port: eth5}]
              - name: c
                esi: auto-lacp
                members: [{leaf: leaf2, port: eth5, preference: 10}, {leaf: leaf3, port: eth5}]
              - name: d
                esi: 00:11:22:33:44:55:66:77:88:99
                members: [{leaf: leaf2, port: eth6}]
              - name: e
                esi: 00:11:22:33:44:55:66:77:88:99
                members: [{leaf: leaf3, port: eth6}]
            hosts:
              - {name: s1, segment: d, vlan: 100}
              - {name: s3, segment: zz, vlan: 100}
              - {name: s4, segment: e, leaf: leaf1, vlan: 100}
            """);
        void Has(string fragment) => Assert.True(errors.Any(e => e.Contains(fragment, StringComparison.Ordinal)), $"no error with '{fragment}' in\n{string.Join("\n", errors)}");
        Has("Ethernet segment 'a': ESI 00:00:00:00:00:00:00:00:00:00 is reserved");
        Has("Ethernet segment 'a': two members on 'leaf1'");
        Has("Ethernet segment 'b': mode 'both-active' is neither all-active nor single-active");
        Has("Ethernet segment 'b': df-algorithm 'random' is not one of");
        Has("Ethernet segment 'b': 'spine1' is a spine; segments end on leaves");
        Has("Ethernet segment 'b': unknown node 'leaf9'");
        Has("Ethernet segment 'c': esi auto-lacp needs 'system-mac'");
        Has("Ethernet segment 'c': 'preference' needs df-algorithm preference");
        Has("Ethernet segment 'e' has the ESI 00:11:22:33:44:55:66:77:88:99 of segment 'd'");
        Has("host 's3' is attached to unknown Ethernet segment 'zz'");
        Has("host 's4': a host on an Ethernet segment is attached through the segment's members");
        Assert.All(errors, e => Assert.StartsWith("mh.yaml:", e));
    }

    [Fact]
    public void Several_hosts_on_a_segment_each_get_a_link_to_every_member_leaf()
    {
        var t = Load("""
            ethernet-segments:
              - {name: hv1, members: [{leaf: leaf1, port: eth5}, {leaf: leaf2, port: eth7}]}
            hosts:
              - {name: vm1, segment: hv1, vlan: 100}
              - {name: vm2, segment: hv1, vlan: 100}
            """);
        var vm1 = t.Hosts.Single(h => h.Name == "vm1");
        var vm2 = t.Hosts.Single(h => h.Name == "vm2");
        Assert.Equal(("leaf1", "eth5"), (t.Nodes[vm1.Leaf].Name, vm1.Port));
        Assert.Equal("leaf1", t.Nodes[vm2.Leaf].Name);
        Assert.NotEqual("eth5", vm2.Port);
        var lag = t.SegmentLinks.Select(l => (t.Hosts[l.Host].Name, l.Member, t.Nodes[l.Leaf].Name, l.Port)).ToList();
        Assert.Equal(2, lag.Count);
        Assert.Contains(("vm1", 1, "leaf2", "eth7"), lag);
        Assert.Single(lag, l => l.Item1 == "vm2" && l.Item3 == "leaf2" && l.Item4 != "eth7");
        // LAG links are numbered after the fabric links and the hosts' own access links.
        Assert.Equal(Enumerable.Range(t.Links.Length + t.Hosts.Length, 2), t.SegmentLinks.Select(l => l.Index));
    }

    [Fact]
    public void A_segment_port_cannot_also_carry_a_link_or_another_host()
    {
        var errors = Errors("""
            links:
              - endpoints: [leaf1:eth5, spine1:eth1]
            ethernet-segments:
              - name: a
                members: [{leaf: leaf1, port: eth5}, {leaf: leaf2, port: eth5}]
            hosts:
              - {name: h1, leaf: leaf2, port: eth5, vlan: 100}
            """);
        Assert.Equal(2, errors.Count(e => e.Contains("is used twice", StringComparison.Ordinal)));
    }
}
