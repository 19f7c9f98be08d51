using System.Text.Json;

namespace ActorFabric.Cli.Tests.Fabric;

/// <summary>
/// <c>actorfabric topology show</c> prints, beyond the counts, the routing design, each IP-VRF (L3 VNI, route targets,
/// VLANs, routing nodes, external prefixes), OISM and the hosts' IPv6 addresses of the bundled L3 topologies.
/// </summary>
public sealed class TopologyShowTests
{
    private static string Topology(string name) => Path.Combine(RecordedFabric.RepositoryRoot(), "topologies", name);

    private static string[] Show(string name)
    {
        var (code, output, error) = CliRun.Run("topology", "show", Topology(name));
        Assert.True(code == 0, error);
        return output.Replace("\r", "").Split('\n');
    }

    private static JsonElement ShowJson(string name)
    {
        var (code, output, error) = CliRun.Run("topology", "show", Topology(name), "--json");
        Assert.True(code == 0, error);
        return JsonDocument.Parse(output).RootElement;
    }

    [Fact]
    public void Erb_topology_shows_the_routing_design_each_ip_vrf_and_the_hosts_ipv6_addresses()
    {
        var lines = Show("l3-erb.yaml");
        Assert.Contains("routing          erb, symmetric IRB, type 5 interface-less, vmto on, anycast MAC 00:00:5e:00:01:01", lines);
        Assert.Contains("ip-vrfs          2", lines);
        int tenant2 = Array.IndexOf(lines, "  tenant2  L3 VNI 50002, VLANs 300 400");
        Assert.True(tenant2 > 0, string.Join("\n", lines));
        // tenant2's targets are configured; red and amber are on leaf2, leaf3 and border1 (ERB: every VTEP with a VLAN routes).
        Assert.Equal(["    import       target:65000:50002", "    export       target:65000:50002", "    routed at    leaf2 leaf3 border1",
            "    external     border1: 0.0.0.0/0 via 203.0.113.1"], lines[(tenant2 + 1)..(tenant2 + 5)]);
        Assert.Contains("hosts with IPv6  4 of 6", lines);
        Assert.Contains(lines, l => l.StartsWith("  db2   leaf3   200  192.168.200.3/24  2001:db8:200::3/64", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("  app1", StringComparison.Ordinal)); // VLAN 300 has no gateway6
    }

    [Fact]
    public void Crb_topology_shows_the_routing_nodes_not_the_leaves()
    {
        var lines = Show("l3-crb.yaml");
        Assert.Contains("routing          crb, asymmetric IRB, type 5 gateway-ip, vmto on, anycast MAC 00:00:5e:00:01:01", lines);
        Assert.Equal(2, lines.Count(l => l == "    routed at    spine1 spine2 border1"));
        Assert.DoesNotContain(lines, l => l.StartsWith("hosts with IPv6", StringComparison.Ordinal));
    }

    [Fact]
    public void Oism_topology_shows_the_sbd_the_pegs_and_the_external_source_and_groups()
    {
        var lines = Show("oism.yaml");
        Assert.Contains("    oism         SBD sbd1 (VLAN 999, VNI 10999), PEGs border1", lines);
        Assert.Contains("    external src 198.51.100.10", lines);
        Assert.Contains("    external rx  239.1.1.1", lines);

        var oism = ShowJson("oism.yaml").GetProperty("ipVrfs")[0].GetProperty("oism");
        Assert.Equal(("sbd1", 999, 10999, "198.51.100.10"), (oism.GetProperty("sbd").GetString(), oism.GetProperty("sbdVlan").GetInt32(),
            oism.GetProperty("sbdVni").GetInt32(), oism.GetProperty("externalSource").GetString()));
        Assert.Equal(["border1"], oism.GetProperty("pegs").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public void Json_carries_routing_ip_vrfs_and_ipv6_hosts()
    {
        var root = ShowJson("l3-erb.yaml");
        var routing = root.GetProperty("routing");
        Assert.Equal(("erb", "symmetric", "interface-less", true), (routing.GetProperty("design").GetString(), routing.GetProperty("irb").GetString(),
            routing.GetProperty("type5").GetString(), routing.GetProperty("vmto").GetBoolean()));
        var tenant1 = root.GetProperty("ipVrfs")[0];
        Assert.Equal(("tenant1", 50001), (tenant1.GetProperty("name").GetString(), tenant1.GetProperty("l3Vni").GetInt32()));
        Assert.Equal([100, 200], tenant1.GetProperty("vlans").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal(["target:65000:268485457"], tenant1.GetProperty("importTargets").EnumerateArray().Select(v => v.GetString())); // auto-derived (RFC 8365 §5.1.2.1)
        Assert.Equal(["blue", "green"], tenant1.GetProperty("macVrfs").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["leaf1", "leaf2", "leaf3", "border1"], tenant1.GetProperty("routingNodes").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(JsonValueKind.Null, tenant1.GetProperty("oism").ValueKind);
        var prefix = tenant1.GetProperty("externalPrefixes")[0];
        Assert.Equal(("border1", "0.0.0.0/0", "203.0.113.1"), (prefix.GetProperty("node").GetString(), prefix.GetProperty("prefix").GetString(), prefix.GetProperty("nextHop").GetString()));
        var hosts = root.GetProperty("ipv6Hosts").EnumerateArray().ToList();
        Assert.Equal(["web1", "db1", "web2", "db2"], hosts.Select(h => h.GetProperty("name").GetString()));
        Assert.Equal(("2001:db8:100::2/64", "2001:db8:100::1"), (hosts[0].GetProperty("ipv6").GetString(), hosts[0].GetProperty("gateway6").GetString()));
    }

    [Fact]
    public void A_bridging_only_topology_prints_no_routing_lines_and_empty_json_lists()
    {
        var lines = Show("quickstart.yaml");
        Assert.DoesNotContain(lines, l => l.StartsWith("routing", StringComparison.Ordinal) || l.StartsWith("ip-vrfs", StringComparison.Ordinal) || l.StartsWith("hosts with IPv6", StringComparison.Ordinal));
        var root = ShowJson("quickstart.yaml");
        Assert.Equal(0, root.GetProperty("ipVrfs").GetArrayLength());
        Assert.Equal(0, root.GetProperty("ipv6Hosts").GetArrayLength());
    }
}
