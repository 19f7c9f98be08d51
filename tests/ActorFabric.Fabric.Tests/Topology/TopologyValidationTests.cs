using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Tests.Topology;

/// <summary>Every rejected file names the file, the line and column, and the problem; nothing is built.</summary>
public class TopologyValidationTests
{
    private const string TwoLeaves = """
        nodes:
          - {name: spine1, role: spine, route-reflector: true}
          - {name: leaf1, role: leaf}
          - {name: leaf2, role: leaf}
        """;

    private static List<string> Errors(string yaml)
    {
        Assert.False(TopologyLoader.TryParse(yaml, "bad.yaml", out var topology, out var errors));
        Assert.Null(topology);
        Assert.NotEmpty(errors);
        return errors.Select(e => e.ToString()).ToList();
    }

    private static void AssertError(string yaml, string expected)
    {
        var errors = Errors(yaml);
        Assert.True(errors.Any(e => e.StartsWith(expected, StringComparison.Ordinal)),
            $"expected an error starting with\n  {expected}\nbut got\n  {string.Join("\n  ", errors)}");
    }

    [Fact]
    public void Unknown_node_in_a_link_is_named_with_a_suggestion()
    {
        AssertError(TwoLeaves + """

            links:
              - endpoints: [leaf1:eth1, spine9:eth1]
            """, "bad.yaml:6:29: unknown node 'spine9' in link (did you mean 'spine1'?)");
    }

    [Fact]
    public void Duplicate_node_name_points_at_the_second_definition()
    {
        AssertError(TwoLeaves + """

              - {name: leaf1, role: leaf}
            """, "bad.yaml:5:12: duplicate node name 'leaf1' (first defined at 3:12)");
    }

    [Fact]
    public void Duplicate_loopback_and_router_id_are_rejected()
    {
        var errors = Errors("""
            nodes:
              - {name: leaf1, role: leaf, loopback: 10.0.0.1}
              - {name: leaf2, role: leaf, loopback: 10.0.0.1}
              - {name: leaf3, role: leaf, router-id: 10.9.9.9}
              - {name: leaf4, role: leaf, router-id: 10.9.9.9}
            """);
        Assert.Contains("bad.yaml:3:41: duplicate loopback 10.0.0.1: 'leaf2' and 'leaf1' both use it", errors);
        Assert.Contains("bad.yaml:5:42: duplicate router id 10.9.9.9: 'leaf4' and 'leaf3' both use it", errors);
    }

    [Fact]
    public void Duplicate_mac_is_rejected()
    {
        AssertError(TwoLeaves + """

            mac-vrfs:
              - {name: blue, vlan: 100, vni: 10100}
            hosts:
              - {name: h1, leaf: leaf1, vlan: 100, mac: "02:00:00:00:00:01"}
              - {name: h2, leaf: leaf2, vlan: 100, mac: "02:00:00:00:00:01"}
            """, "bad.yaml:9:45: duplicate MAC 02:00:00:00:00:01: host 'h2' and host 'h1'");
    }

    [Fact]
    public void Duplicate_host_ip_within_a_vni_is_rejected_but_allowed_across_vnis()
    {
        const string vrfs = """

            mac-vrfs:
              - {name: blue, vlan: 100, vni: 10100}
              - {name: red, vlan: 200, vni: 10200}
            hosts:
              - {name: h1, leaf: leaf1, vlan: 100, ip: 192.168.1.10/24}
            """;
        AssertError(TwoLeaves + vrfs + """

              - {name: h2, leaf: leaf2, vlan: 100, ip: 192.168.1.10/24}
            """, "bad.yaml:10:44: duplicate IP 192.168.1.10 in VNI 10100: host 'h2' and host 'h1'");
        var ok = TopologyLoader.Parse(TwoLeaves + vrfs + """

              - {name: h2, leaf: leaf2, vlan: 200, ip: 192.168.1.10/24}
            """);
        Assert.Equal(2, ok.Hosts.Length);
    }

    [Fact]
    public void Vni_mapped_twice_in_two_mac_vrfs_is_rejected()
    {
        AssertError(TwoLeaves + """

            mac-vrfs:
              - {name: blue, vlan: 100, vni: 10100}
              - {name: red, vlan: 200, vni: 10100}
            """, "bad.yaml:7:33: VNI 10100 is mapped twice: already to VLAN 100 in mac-vrf 'blue' at line 6");
    }

    [Fact]
    public void Vni_mapped_to_two_vlans_in_one_bundle_is_rejected()
    {
        AssertError(TwoLeaves + """

            mac-vrfs:
              - name: bundle
                service: vlan-aware-bundle
                vlans:
                  - {vlan: 100, vni: 10100}
                  - {vlan: 101, vni: 10100}
            """, "bad.yaml:10:26: VNI 10100 is mapped twice: already to VLAN 100 in mac-vrf 'bundle' at line 9");
    }

    [Fact]
    public void Vlan_mapped_to_two_vnis_is_rejected()
    {
        AssertError(TwoLeaves + """

            mac-vrfs:
              - {name: blue, vlan: 100, vni: 10100}
              - {name: red, vlan: 100, vni: 10200}
            """, "bad.yaml:7:23: VLAN 100 is mapped twice: already to VNI 10100 in mac-vrf 'blue'");
    }

    [Fact]
    public void Port_used_twice_by_a_link_and_a_host_is_rejected()
    {
        AssertError(TwoLeaves + """

            links:
              - endpoints: [leaf1:eth1, spine1:eth1]
            mac-vrfs:
              - {name: blue, vlan: 100, vni: 10100}
            hosts:
              - {name: h1, leaf: leaf1, port: eth1, vlan: 100}
            """, "bad.yaml:10:35: port leaf1:eth1 is used twice (first at bad.yaml:6:17)");
    }

    [Fact]
    public void Host_on_a_spine_is_rejected()
    {
        AssertError(TwoLeaves + """

            mac-vrfs:
              - {name: blue, vlan: 100, vni: 10100}
            hosts:
              - {name: h1, leaf: spine1, vlan: 100}
            """, "bad.yaml:8:22: host 'h1' is attached to 'spine1', a spine; hosts attach to leaves and border leaves");
    }

    [Fact]
    public void Host_on_a_port_the_leaf_does_not_have_is_rejected()
    {
        AssertError("""
            nodes:
              - {name: leaf1, role: leaf, ports: 4}
            mac-vrfs:
              - {name: blue, vlan: 100, vni: 10100}
            hosts:
              - {name: h1, leaf: leaf1, port: eth9, vlan: 100}
            """, "bad.yaml:6:35: 'leaf1' has no port 'eth9' (it has eth1..eth4)");
    }

    [Fact]
    public void Host_needs_a_leaf_and_a_mapped_vlan_carried_by_that_leaf()
    {
        var errors = Errors(TwoLeaves + """

            mac-vrfs:
              - {name: blue, vlan: 100, vni: 10100, leaves: [leaf1]}
            hosts:
              - {name: h1, vlan: 100}
              - {name: h2, leaf: leaf2, vlan: 100}
              - {name: h3, leaf: leaf1, vlan: 300}
            """);
        Assert.Contains("bad.yaml:8:12: host 'h1' needs a 'leaf' (or a 'segment') to attach to", errors);
        Assert.Contains("bad.yaml:9:35: host 'h2': leaf 'leaf2' does not carry VNI 10100 (mac-vrf 'blue' is not on it)", errors);
        Assert.Contains("bad.yaml:10:35: host 'h3': VLAN 300 is not mapped to a VNI by any mac-vrf", errors);
    }

    [Fact]
    public void Bad_address_and_mac_syntax_are_rejected()
    {
        var errors = Errors("""
            nodes:
              - {name: leaf1, role: leaf, loopback: 10.0.0.256}
            mac-vrfs:
              - {name: blue, vlan: 100, vni: 10100, subnet: 10.1.0.0}
            hosts:
              - {name: h1, leaf: leaf1, vlan: 100, mac: "02:00:00:00:01", ip: 1.2.3/24}
              - {name: h2, leaf: leaf1, vlan: 100, mac: "01:00:5e:00:00:01"}
            """);
        Assert.Contains("bad.yaml:2:41: 'loopback' is not an IPv4 address: '10.0.0.256'", errors);
        Assert.Contains("bad.yaml:4:49: 'subnet' is not an IPv4 prefix (a.b.c.d/len): '10.1.0.0'", errors);
        Assert.Contains("bad.yaml:6:45: 'mac' is not a MAC address (expected aa:bb:cc:dd:ee:ff): '02:00:00:00:01'", errors);
        Assert.Contains("bad.yaml:6:67: 'ip' is not an IPv4 address: '1.2.3/24'", errors);
        Assert.Contains("bad.yaml:7:45: 'mac' 01:00:5e:00:00:01 is a group (multicast) MAC; a host needs a unicast MAC", errors);
    }

    [Fact]
    public void Latency_and_loss_out_of_range_are_rejected()
    {
        var errors = Errors(TwoLeaves + """

            links:
              - {endpoints: [leaf1:eth1, spine1:eth1], latency: 11s, loss: 1.5}
              - {endpoints: [leaf2:eth1, spine1:eth2], latency: 10, loss: 120%}
            """);
        Assert.Contains("bad.yaml:6:53: 'latency' 11s is out of range (0s..10s)", errors);
        Assert.Contains("bad.yaml:6:64: 'loss' 1.5 is out of range (0..1, or 0%..100%)", errors);
        Assert.Contains("bad.yaml:7:53: 'latency' must be a duration with a unit (e.g. 10us, 5ms, 3s), not '10'", errors);
        Assert.Contains("bad.yaml:7:63: 'loss' 120% is out of range (0..1, or 0%..100%)", errors);
    }

    [Fact]
    public void Unknown_role_is_rejected_with_a_suggestion()
    {
        AssertError("""
            nodes:
              - {name: leaf1, role: lef}
            """, "bad.yaml:2:25: unknown role 'lef' for node 'leaf1' (did you mean 'leaf'?)");
    }

    [Fact]
    public void Link_to_self_is_rejected()
    {
        AssertError(TwoLeaves + """

            links:
              - endpoints: [leaf1:eth1, leaf1:eth2]
            """, "bad.yaml:6:17: link from 'leaf1' to itself");
    }

    [Fact]
    public void Unknown_keys_are_errors_with_did_you_mean()
    {
        var errors = Errors("""
            nodes:
              - {name: leaf1, role: leaf, lopback: 10.0.0.1}
            setings:
              bgp-hold-time: 9s
            """);
        Assert.Contains("bad.yaml:2:31: unknown key 'lopback' in a node (did you mean 'loopback'?)", errors);
        Assert.Contains("bad.yaml:3:1: unknown key 'setings' in the topology (did you mean 'settings'?)", errors);
    }

    [Fact]
    public void All_problems_are_reported_together_in_file_order()
    {
        var errors = Errors(TwoLeaves + """

              - {name: leaf1, role: leaf}
            links:
              - endpoints: [leaf1:eth1, nowhere:eth1]
              - endpoints: [leaf2:eth1, leaf2:eth2]
            """);
        Assert.Equal(3, errors.Count);
        Assert.StartsWith("bad.yaml:5:", errors[0]);
        Assert.StartsWith("bad.yaml:7:", errors[1]);
        Assert.StartsWith("bad.yaml:8:", errors[2]);
    }

    [Fact]
    public void Yaml_syntax_errors_carry_their_position()
    {
        var errors = Errors("""
            nodes:
              - {name: leaf1, role: leaf
            links: []
            """);
        var only = Assert.Single(errors);
        Assert.Matches(@"^bad\.yaml:\d+:\d+: YAML syntax: ", only);
    }

    [Fact]
    public void Duplicate_yaml_keys_are_rejected()
    {
        var errors = Errors("""
            nodes:
              - {name: leaf1, role: leaf, role: spine}
            """);
        Assert.Contains(errors, e => e.StartsWith("bad.yaml:2:", StringComparison.Ordinal) && e.Contains("uplicate", StringComparison.Ordinal));
    }

    [Fact]
    public void Four_octet_as_cannot_auto_derive_route_targets()
    {
        AssertError("""
            asn: 4200000000
            nodes:
              - {name: leaf1, role: leaf}
            mac-vrfs:
              - {name: blue, vlan: 100, vni: 10100}
            """, "bad.yaml:5:12: mac-vrf 'blue': route targets cannot be auto-derived from the 4-octet AS 4200000000 (RFC 8365 §5.1.2.1)");
    }

    [Fact]
    public void Load_throws_an_exception_listing_every_error_line()
    {
        var path = Path.Combine(Path.GetTempPath(), $"af-topology-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "nodes:\n  - {name: a, role: leaf}\n  - {name: a, role: nope}\n");
        try
        {
            var e = Assert.Throws<TopologyLoadException>(() => TopologyLoader.Load(path));
            Assert.Equal(2, e.Errors.Count);
            Assert.Contains($"{path}:3:12: duplicate node name 'a'", e.Message);
            Assert.Contains($"{path}:3:21: unknown role 'nope'", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
