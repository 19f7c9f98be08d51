using System.Text.Json;
using ActorFabric.Cli.Control;
using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cli.Tests.Fabric;

/// <summary>topologies/l3-erb.yaml running under virtual time behind the control API, app1 having pinged app2 (tenant2, red to amber).</summary>
public sealed class L3ErbFabric : IAsyncLifetime
{
    public FabricRuntime Runtime { get; private set; } = null!;

    private ControlApiServer _server = null!;

    public PingResult Ping { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var topology = TopologyLoader.Load(Path.Combine(RecordedFabric.RepositoryRoot(), "topologies", "l3-erb.yaml"));
        Runtime = FabricRuntime.Start(topology, new FabricRunOptions { Seed = 1 });
        _server = await ControlApiServer.StartAsync(new RuntimeFabricControl(Runtime), new ControlApiOptions { Port = 0, CaptureDirectory = Path.GetTempPath() });
        var report = await Runtime.WaitConvergedAsync(TimeSpan.FromSeconds(60));
        Assert.True(report.Converged, report.Progress.ToString());
        Ping = await Runtime.PingAsync("app1", "app2", count: 2);
        Assert.True(Ping.Success);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await Runtime.DisposeAsync();
    }

    public (int Code, string Out, string Err) Cli(params string[] args) =>
        CliRun.Run([.. args, "--api", _server.Address.ToString().TrimEnd('/'), "--token", _server.Token]);
}

/// <summary>
/// The L3 show commands of issue 14 (route table VRF.inet.0, evpn ip-prefix-database, evpn l3-context), the routing
/// figures of ping and the routing families of /metrics, end to end against l3-erb (symmetric IRB, VMTO on).
/// </summary>
public sealed class L3ShowTests(L3ErbFabric fabric) : IClassFixture<L3ErbFabric>
{
    private static string[] Lines(string text) => text.Replace("\r", "").Split('\n');

    [Fact]
    public void Vrf_route_table_shows_direct_local_evpn_host_and_type5_routes_with_irb_and_vtep_next_hops()
    {
        var (code, output, error) = fabric.Cli("show", "route", "table", "tenant1.inet.0", "--device", "leaf2");
        Assert.True(code == 0, error);
        var lines = Lines(output);
        Assert.StartsWith("tenant1.inet.0: ", lines[0]);
        // leaf2 carries blue (VLAN 100): its subnet is Direct on irb.100, its anycast gateway Local; leaf1 and border1
        // announce the same subnet as type 5, kept as an inactive EVPN entry.
        Assert.Contains("192.168.100.0/24   *[Direct/0]", lines);
        Assert.Equal("                    >  via irb.100", lines[Array.IndexOf(lines, "192.168.100.0/24   *[Direct/0]") + 1]);
        Assert.Contains("                    [EVPN/170]", lines);
        Assert.Contains("192.168.100.1/32   *[Local/0]", lines);
        Assert.Contains("                       Local via irb.100", lines);
        // web2 is local (host route on irb.100 with its MAC); web1 is remote, symmetric: leaf1's VTEP, L3 VNI, router MAC.
        Assert.Matches(@"192\.168\.100\.3/32   \*\[EVPN/7\]\n {20}>  via irb\.100, mac [0-9a-f:]{17}\n", output.Replace("\r", ""));
        Assert.Matches(@"192\.168\.100\.2/32   \*\[EVPN/7\]\n {20}>  to 10\.0\.0\.11 \(leaf1\) via vtep, vni 50001, router-mac 02:ac:00:00:00:03, mac ", output.Replace("\r", ""));
        // border1's default route, and green's subnet (no green IRB on leaf2) over ECMP to its three leaves.
        Assert.Contains("0.0.0.0/0          *[EVPN/170]", lines);
        Assert.Contains("                    >  to 10.0.0.21 (border1) via vtep, vni 50001, router-mac 02:ac:00:00:00:06", lines);
        int green = Array.IndexOf(lines, "192.168.200.0/24   *[EVPN/170]");
        Assert.True(green > 0, output);
        Assert.Equal(["leaf1", "leaf3", "border1"], lines[(green + 1)..(green + 4)].Select(l => l.Split('(', ')')[1]));
    }

    [Fact]
    public void Vrf_route_table_json_carries_protocol_preference_and_every_ecmp_next_hop()
    {
        var (code, output, error) = fabric.Cli("show", "route", "table", "tenant1.inet.0", "--device", "leaf2", "--json");
        Assert.True(code == 0, error);
        var table = JsonDocument.Parse(output).RootElement;
        Assert.Equal("tenant1", table.GetProperty("vrf").GetString());
        var routes = table.GetProperty("routes").EnumerateArray().ToList();
        var green = routes.Single(r => r.GetProperty("prefix").GetString() == "192.168.200.0/24" && r.GetProperty("active").GetBoolean());
        Assert.Equal(("EVPN", 170, "remote_prefix"), (green.GetProperty("protocol").GetString(), green.GetProperty("preference").GetInt32(), green.GetProperty("source").GetString()));
        var hops = green.GetProperty("next_hops").EnumerateArray().ToList();
        Assert.Equal(["10.0.0.11", "10.0.0.13", "10.0.0.21"], hops.Select(h => h.GetProperty("vtep").GetString()));
        Assert.All(hops, h => Assert.Equal(50001u, h.GetProperty("vni").GetUInt32()));
        Assert.Equal(3, hops.Select(h => h.GetProperty("router_mac").GetString()).Distinct().Count());
        var direct = routes.Single(r => r.GetProperty("prefix").GetString() == "192.168.100.0/24" && r.GetProperty("active").GetBoolean());
        Assert.Equal(("Direct", 0, "irb.100"), (direct.GetProperty("protocol").GetString(), direct.GetProperty("preference").GetInt32(),
            direct.GetProperty("next_hops")[0].GetProperty("interface").GetString()));
    }

    [Fact]
    public void Border_leaf_shows_its_external_prefix_as_static_and_inet6_holds_the_ipv6_irb_subnet()
    {
        var border = fabric.Cli("show", "route", "table", "tenant1.inet.0", "-d", "border1");
        Assert.True(border.Code == 0, border.Err);
        Assert.Contains("0.0.0.0/0          *[Static/5]\n                    >  to 203.0.113.1 (external)\n", border.Out.Replace("\r", ""));

        var v6 = fabric.Cli("show", "route", "table", "tenant1.inet6.0", "-d", "leaf2");
        Assert.True(v6.Code == 0, v6.Err);
        var lines = Lines(v6.Out);
        // blue's /64 (Direct) and gateway ::1, the /128 host routes of web1 (remote) and web2 (local), green's /64 (type 5)
        // and the /128s of db1 and db2 (hosts in VLANs with a gateway6 have IPv6 addresses, advertised as MAC+IPv6).
        Assert.StartsWith("tenant1.inet6.0: 7 destinations", lines[0]);
        Assert.Contains("2001:db8:100::/64  *[Direct/0]", lines);
        Assert.Matches(@"2001:db8:100::3/128\s+\*\[EVPN/7\]\n {20}>  via irb\.100, mac ", v6.Out.Replace("\r", ""));
        Assert.Matches(@"2001:db8:100::2/128\s+\*\[EVPN/7\]\n {20}>  to 10\.0\.0\.11 \(leaf1\) via vtep, vni 50001, router-mac ", v6.Out.Replace("\r", ""));
        Assert.Matches(@"2001:db8:200::3/128\s+\*\[EVPN/7\]\n {20}>  to 10\.0\.0\.13 \(leaf3\) via vtep, vni 50001", v6.Out.Replace("\r", ""));
        Assert.Contains(lines, l => l.StartsWith("2001:db8:200::/64") && l.Contains("*[EVPN/170]"));
        Assert.DoesNotContain(lines, l => l.StartsWith("192.168."));
    }

    [Fact]
    public void Unknown_vrf_table_names_the_tables_of_the_device_and_bgp_evpn_0_is_still_the_default()
    {
        var wrong = fabric.Cli("show", "route", "table", "tenant9.inet.0", "-d", "leaf2");
        Assert.NotEqual(0, wrong.Code);
        Assert.Contains("unknown route table on leaf2 'tenant9.inet.0' (did you mean bgp.evpn.0, tenant1.inet.0, tenant1.inet6.0, tenant2.inet.0, tenant2.inet6.0?)", wrong.Err);
        NoStackTrace.In(wrong.Err);

        var spine = fabric.Cli("show", "route", "table", "tenant1.inet.0", "-d", "spine1");
        Assert.NotEqual(0, spine.Code);
        Assert.Contains("spine1 (it routes no IP-VRF)", spine.Err);
        Assert.Contains("did you mean bgp.evpn.0?", spine.Err);

        var evpn = fabric.Cli("show", "route", "table", "-d", "leaf2");
        Assert.True(evpn.Code == 0, evpn.Err);
        Assert.StartsWith("bgp.evpn.0: ", evpn.Out);
    }

    [Fact]
    public void Ip_prefix_database_lists_exported_prefixes_and_imported_type5_with_rd_vni_and_router_mac()
    {
        var (code, output, error) = fabric.Cli("show", "evpn", "ip-prefix-database", "--l3-context", "tenant2", "-d", "leaf2");
        Assert.True(code == 0, error);
        var text = output.Replace("\r", "");
        Assert.StartsWith("L3 context: tenant2\n\nIPv4->EVPN Exported Prefixes\n\n", text);
        Assert.DoesNotContain("tenant1", text);
        Assert.Matches(@"\n10\.30\.0\.0/24\s+Created\n", text);
        Assert.Contains("\nEVPN->IPv4 Imported Prefixes\n\nPrefix                                       Etag\n", text);
        Assert.Matches(@"\n0\.0\.0\.0/0\s+0\n\s+Route distinguisher\s+VNI/Label\s+Router MAC\s+Nexthop/Overlay GW/ESI\s+Device\n\s+\*10\.0\.0\.21:50002\s+50002\s+02:ac:00:00:00:06\s+10\.0\.0\.21\s+border1\n", text);
        // amber's subnet comes from leaf3 and border1 (both active: ECMP).
        Assert.Matches(@"\n10\.40\.0\.0/24\s+0\n.*\n\s+\*10\.0\.0\.13:50002\s+50002\s+02:ac:00:00:00:05\s+10\.0\.0\.13\s+leaf3\n\s+\*10\.0\.0\.21:50002", text);

        var json = fabric.Cli("show", "evpn", "ip-prefix-database", "-d", "leaf2", "--json");
        Assert.True(json.Code == 0, json.Err);
        var contexts = JsonDocument.Parse(json.Out).RootElement.GetProperty("contexts").EnumerateArray().ToList();
        Assert.Equal(["tenant1", "tenant2"], contexts.Select(c => c.GetProperty("vrf").GetString()));
        var exported = contexts[0].GetProperty("exported").EnumerateArray().ToList();
        Assert.Contains(exported, e => e.GetProperty("prefix").GetString() == "2001:db8:100::/64" && e.GetProperty("label").GetUInt32() == 50001);
        var imported = contexts[1].GetProperty("imported").EnumerateArray().First(i => i.GetProperty("prefix").GetString() == "0.0.0.0/0");
        Assert.Equal(("10.0.0.21:50002", "00:00:00:00:00:00:00:00:00:00", true), (imported.GetProperty("route_distinguisher").GetString(),
            imported.GetProperty("esi").GetString(), imported.GetProperty("active").GetBoolean()));

        var unknown = fabric.Cli("show", "evpn", "ip-prefix-database", "--l3-context", "blue", "-d", "leaf2");
        Assert.NotEqual(0, unknown.Code);
        Assert.Contains("unknown L3 context on leaf2 'blue' (did you mean tenant1, tenant2?)", unknown.Err);
    }

    [Fact]
    public void L3_context_shows_vni_router_mac_rd_targets_routes_and_routing_counters()
    {
        var (code, output, error) = fabric.Cli("show", "evpn", "l3-context", "-d", "leaf2");
        Assert.True(code == 0, error);
        var lines = Lines(output);
        Assert.Matches(@"^L3 context\s+Type\s+Adv\s+Encap\s+VNI/Label\s+Router MAC/GW intf$", lines[0]);
        Assert.Matches(@"^tenant1\s+Cfg\s+Direct\s+VXLAN\s+50001\s+02:ac:00:00:00:04$", lines[1]);
        Assert.Matches(@"^tenant2\s+Cfg\s+Direct\s+VXLAN\s+50002\s+02:ac:00:00:00:04$", lines[2]);
        Assert.Contains("  Route distinguisher: 10.0.0.12:50002", lines);
        Assert.Contains("  Import targets: target:65000:50002", lines);
        Assert.Contains("  Interfaces: irb.300", lines);
        Assert.Contains("  IRB: symmetric, host routes advertised (ingress VMTO)", lines);
        // The fixture's echoes: requests routed at leaf2 (ingress) and replies at leaf2 (egress of the L3 VNI).
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^  Routed packets: [1-9]\d*$"));
        Assert.Contains("  Gateway ARP replies: 1", lines);

        var all = fabric.Cli("show", "evpn", "l3-context", "--json");
        Assert.True(all.Code == 0, all.Err);
        var tables = JsonDocument.Parse(all.Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(["leaf1", "leaf2", "leaf3", "border1"], tables.Select(t => t.GetProperty("device").GetString()));
        var leaf3 = tables[2];
        Assert.True(leaf3.GetProperty("counters").GetProperty("routed_packets").GetInt64() >= 4, all.Out);
        var tenant2 = leaf3.GetProperty("contexts").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "tenant2");
        Assert.Equal(["irb.300", "irb.400"], tenant2.GetProperty("interfaces").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal(1, tenant2.GetProperty("routes").GetProperty("local_host").GetInt32());
    }

    [Fact]
    public void Ping_reports_routed_hops_and_no_trombone_on_the_direct_symmetric_path()
    {
        Assert.Equal(["app1", "leaf2", fabric.Ping.Path[2].Device, "leaf3", "app2"], fabric.Ping.Path.Select(h => h.Device));
        Assert.Equal([false, true, false, true, false], fabric.Ping.Path.Select(h => h.Routed));
        Assert.Equal((2, 1, 0), (fabric.Ping.RoutedHops, fabric.Ping.FabricCrossings, fabric.Ping.TromboneHops));

        var text = fabric.Cli("ping", "app1", "app2", "-c", "1");
        Assert.True(text.Code == 0, text.Err);
        Assert.Contains("app1 -> leaf2 (eth4 -> eth1, routed) -> ", text.Out);
        Assert.Contains("routing: 2 routed hops, 1 fabric crossing, 0 trombone hops", text.Out);
        var json = fabric.Cli("ping", "web2", "web1", "-c", "1", "--json");
        Assert.True(json.Code == 0, json.Err);
        var bridged = JsonDocument.Parse(json.Out).RootElement;
        Assert.Equal((0, 1, 0), (bridged.GetProperty("routed_hops").GetInt32(), bridged.GetProperty("fabric_crossings").GetInt32(), bridged.GetProperty("trombone_hops").GetInt32()));
        Assert.DoesNotContain("routing:", fabric.Cli("ping", "web2", "web1", "-c", "1").Out);
        // web1 (blue) and db1 (green) hang off leaf1: routed once there, the fabric never crossed.
        var local = JsonDocument.Parse(fabric.Cli("ping", "web1", "db1", "-c", "1", "--json").Out).RootElement;
        Assert.Equal((1, 0, 0), (local.GetProperty("routed_hops").GetInt32(), local.GetProperty("fabric_crossings").GetInt32(), local.GetProperty("trombone_hops").GetInt32()));
        Assert.Equal(["web1", "leaf1", "db1"], local.GetProperty("path").EnumerateArray().Select(h => h.GetProperty("device").GetString()));
    }

    [Fact]
    public void Ping_ipv6_routes_icmpv6_across_leaves_and_takes_an_ipv6_address_as_destination()
    {
        // web1 (blue, 2001:db8:100::2) to db2 (green, 2001:db8:200::3 on leaf3): symmetric IRB, two routed hops.
        var text = fabric.Cli("ping", "web1", "db2", "--ipv6", "-c", "2");
        Assert.True(text.Code == 0, text.Err);
        Assert.Contains("PING db2 (2001:db8:200::3) from web1: 2 packets", text.Out);
        Assert.Contains("64 bytes from 2001:db8:200::3: icmp_seq=1 ttl=62 time=", text.Out);
        Assert.Contains("web1 -> leaf1 (eth3 -> eth", text.Out);
        Assert.Contains("routing: 2 routed hops, 1 fabric crossing, 0 trombone hops", text.Out);

        // An IPv6 address as destination: the result names the host that has it; same VLAN, bridged, hop limit 64.
        var json = fabric.Cli("ping", "web2", "2001:db8:100::2", "-c", "1", "--json");
        Assert.True(json.Code == 0, json.Err);
        var bridged = JsonDocument.Parse(json.Out).RootElement;
        Assert.Equal(("web1", "2001:db8:100::2", 64), (bridged.GetProperty("destination").GetString(), bridged.GetProperty("destination_ip").GetString(),
            bridged.GetProperty("replies")[0].GetProperty("ttl").GetInt32()));

        // app1's VLAN has no gateway6: no IPv6 address to ping.
        var none = fabric.Cli("ping", "web1", "app1", "-6", "-c", "1");
        Assert.NotEqual(0, none.Code);
        Assert.Contains("host 'app1' has no IPv6 address: its VLAN 300 has no 'gateway6'", none.Err);
    }

    [Fact]
    public void Metrics_carry_the_routing_counters_and_route_counts_per_vrf_and_source()
    {
        var scrape = fabric.Runtime.Metrics.Scrape();
        Assert.Matches(@"actorfabric_routed_packets_total\{device=""leaf2""\} [1-9]\d*\n", scrape);
        Assert.Matches(@"actorfabric_gateway_arp_replies_total\{device=""leaf2""\} [1-9]\d*\n", scrape);
        Assert.Contains("actorfabric_glean_requests_total{device=\"leaf1\"} ", scrape);
        Assert.Contains("# TYPE actorfabric_routing_drops_total counter\n", scrape);
        Assert.Contains("actorfabric_ipvrf_routes{device=\"leaf2\",vrf=\"tenant1\",source=\"connected\"} 2\n", scrape);
        Assert.Contains("actorfabric_ipvrf_routes{device=\"border1\",vrf=\"tenant1\",source=\"static\"} 1\n", scrape);
        Assert.Contains("actorfabric_trombone_hops_total{device=\"leaf3\"} 0\n", scrape);
        Assert.DoesNotContain("actorfabric_routed_packets_total{device=\"spine1\"}", scrape);
    }
}

/// <summary>The bundled scenario of the trombone: its JSON carries the ping figures before and after the move.</summary>
public sealed class VmtoTromboneScenarioTests
{
    [Fact]
    public void Vmto_trombone_scenario_shows_one_trombone_hop_through_the_old_leaf_after_the_move()
    {
        var path = Path.Combine(RecordedFabric.RepositoryRoot(), "scenarios", "vmto-trombone.yaml");
        var (code, output, error) = CliRun.Run("run", "--scenario", path, "--json");
        Assert.True(code == 0, error);
        var steps = JsonDocument.Parse(output).RootElement.GetProperty("steps").EnumerateArray().ToList();
        JsonElement Ping(string label) => steps.Single(s => s.TryGetProperty("label", out var l) && l.GetString() == label).GetProperty("result");
        var before = Ping("before-move");
        var after = Ping("after-move");
        Assert.Equal((2, 1, 0), Figures(before));
        // leaf2 routes by amber's subnet route to leaf3, which routes again and bridges to leaf1 where app2 now is.
        Assert.Equal((2, 2, 1), Figures(after));
        Assert.Equal(["app1", "leaf2", "leaf3", "leaf1", "app2"], after.GetProperty("path").EnumerateArray().Select(h => h.GetProperty("device").GetString())
            .Where(d => !d!.StartsWith("spine")));
        var table = steps.Single(s => s.TryGetProperty("observe", out var o) && o.GetString() == "route-table leaf2 tenant2.inet.0").GetProperty("result");
        Assert.DoesNotContain(table.GetProperty("routes").EnumerateArray(), r => r.GetProperty("prefix").GetString() == "10.40.0.2/32");
    }

    private static (int Routed, int Crossings, int Trombone) Figures(JsonElement ping) =>
        (ping.GetProperty("routed_hops").GetInt32(), ping.GetProperty("fabric_crossings").GetInt32(), ping.GetProperty("trombone_hops").GetInt32());
}
