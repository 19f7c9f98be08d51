using System.Diagnostics;
using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Tests.Topology;
using ActorFabric.Fabric.Topology;
using ActorFabric.Fabric.Tests.Runtime;
using static ActorFabric.Fabric.Tests.Metrics.ScrapedText;

namespace ActorFabric.Fabric.Tests.Metrics;

/// <summary>The families dashboards graph, read from a running quickstart fabric (virtual time) as chaos changes it.</summary>
public sealed class FabricMetricFamiliesTests
{
    private const string Uplink = "link=\"leaf1:eth1-spine1:eth1\"";

    [Fact]
    public async Task Every_family_of_the_quickstart_fabric_has_a_sample_so_no_panel_is_empty()
    {
        await using var fabric = await QuickstartFabric.StartConvergedAsync();
        var counts = SampleCounts(fabric.Metrics.Scrape());
        foreach (var family in fabric.Metrics.Families)
            Assert.True(counts.GetValueOrDefault(family.Name) > 0, $"{family.Name} has no sample");
        foreach (var required in new[]
                 {
                     "actorfabric_arp_entries", "actorfabric_mac_moves_total", "actorfabric_duplicate_macs", "actorfabric_link_drops_total",
                     "actorfabric_link_up", "actorfabric_link_latency_seconds", "actorfabric_link_loss_ratio", "actorfabric_convergence_routes_expected",
                     "actorfabric_convergence_routes_present", "actorfabric_converged", "actorfabric_convergence_sessions_expected",
                     "actorfabric_convergence_sessions_established", "process_resident_memory_bytes", "process_cpu_seconds_total",
                     "dotnet_gc_collections_total", "dotnet_gc_heap_size_bytes", "dotnet_gc_pause_seconds_total",
                 })
            Assert.True(counts.ContainsKey(required), $"/metrics lacks {required}");
    }

    [Fact]
    public async Task Link_set_shows_in_the_latency_and_loss_gauges_and_lost_frames_in_the_drop_counter()
    {
        await using var fabric = await QuickstartFabric.StartConvergedAsync();
        var configured = fabric.Topology.Links.Single(l => fabric.Topology.Nodes[l.A].Name == "leaf1" && fabric.Topology.Nodes[l.B].Name == "spine1");
        string before = fabric.Metrics.Scrape();
        Assert.Equal(configured.Latency.TotalSeconds, Value(before, $"actorfabric_link_latency_seconds{{{Uplink}}}"));
        Assert.Equal(0, Value(before, $"actorfabric_link_loss_ratio{{{Uplink}}}"));
        Assert.Equal(1, Value(before, $"actorfabric_link_up{{{Uplink}}}"));
        double droppedBefore = Value(before, $"actorfabric_link_drops_total{{{Uplink},direction=\"a_to_b\"}}")
                               + Value(before, $"actorfabric_link_drops_total{{{Uplink},direction=\"b_to_a\"}}");
        Assert.Equal(0, droppedBefore);

        // Every IGP hello and BFD packet on the uplink is lost (BGP segments are exempt from random loss).
        await fabric.LinkSetAsync("leaf1", "spine1", latency: TimeSpan.FromMilliseconds(2), loss: 1.0);
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(1));
        string after = fabric.Metrics.Scrape();
        Assert.Equal(0.002, Value(after, $"actorfabric_link_latency_seconds{{{Uplink}}}"));
        Assert.Equal(1.0, Value(after, $"actorfabric_link_loss_ratio{{{Uplink}}}"));
        Assert.True(Value(after, $"actorfabric_link_drops_total{{{Uplink},direction=\"a_to_b\"}}") > 0, "leaf1's hellos towards spine1 are counted as dropped");
        Assert.True(Value(after, $"actorfabric_link_drops_total{{{Uplink},direction=\"b_to_a\"}}") > 0, "spine1's hellos towards leaf1 are counted as dropped");
        Assert.Equal(0, Value(after, "actorfabric_link_drops_total{link=\"leaf1:eth2-spine2:eth1\",direction=\"a_to_b\"}"));
    }

    [Fact]
    public async Task An_update_lost_while_a_leaf_is_cut_off_is_retransmitted_and_counted()
    {
        // BFD slowed to a 30 s detection, so that a few seconds without uplinks leave the sessions up.
        var text = File.ReadAllText(RepositoryFiles.Topology("quickstart.yaml")).Replace("bfd-interval: 300ms", "bfd-interval: 10s", StringComparison.Ordinal);
        var topology = TopologyLoader.Parse(text, "quickstart-slow-bfd.yaml");
        Assert.Equal(TimeSpan.FromSeconds(10), topology.Settings.BfdInterval);
        await using var fabric = FabricRuntime.Start(topology, new FabricRunOptions { Seed = 1, SerializeMessages = true });
        Assert.True((await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(120))).Converged);
        foreach (var device in new[] { "leaf1", "leaf2", "spine1", "spine2" })
            Assert.Equal(0, Value(fabric.Metrics.Scrape(), $"actorfabric_tcp_retransmissions_total{{device=\"{device}\"}}"));

        // leaf1 loses both uplinks; the UPDATE for a VM that arrives meanwhile finds no route to the reflectors.
        await fabric.LinkDownAsync("leaf1", "spine1");
        await fabric.LinkDownAsync("leaf1", "spine2");
        await fabric.VmMoveAsync("h3", "leaf1", "eth5");
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.Contains((await fabric.FdbAsync("leaf3")).Entries, e => e.Mac == "02:00:00:00:01:02" && e.Vtep == "10.0.0.12"); // still leaf2's
        await fabric.LinkUpAsync("leaf1", "spine1");
        await fabric.LinkUpAsync("leaf1", "spine2");
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(20));

        Assert.True(Value(fabric.Metrics.Scrape(), "actorfabric_tcp_retransmissions_total{device=\"leaf1\"}") > 0, "leaf1 sent its lost UPDATE again");
        Assert.All((await fabric.BgpSummaryAsync("leaf1")).Peers, p => Assert.Equal(0, p.Flaps)); // the same connections carried it
        Assert.Contains((await fabric.FdbAsync("leaf3")).Entries, e => e.Mac == "02:00:00:00:01:02" && e.Vtep == "10.0.0.11");
    }

    [Fact]
    public async Task Link_down_sets_link_up_to_0_and_link_up_back_to_1()
    {
        await using var fabric = await QuickstartFabric.StartConvergedAsync();
        await fabric.LinkDownAsync("leaf1", "spine1");
        Assert.Equal(0, Value(fabric.Metrics.Scrape(), $"actorfabric_link_up{{{Uplink}}}"));
        Assert.Equal(1, Value(fabric.Metrics.Scrape(), "actorfabric_link_up{link=\"leaf1:eth2-spine2:eth1\"}"));
        await fabric.LinkUpAsync("leaf1", "spine1");
        Assert.Equal(1, Value(fabric.Metrics.Scrape(), $"actorfabric_link_up{{{Uplink}}}"));
    }

    [Fact]
    public async Task A_vm_move_counts_one_move_on_the_two_leaves_it_involves_and_five_make_a_duplicate()
    {
        await using var fabric = await QuickstartFabric.StartConvergedAsync();
        string before = fabric.Metrics.Scrape();
        foreach (var leaf in new[] { "leaf1", "leaf2", "leaf3" })
        {
            Assert.Equal(0, Value(before, $"actorfabric_mac_moves_total{{device=\"{leaf}\"}}"));
            Assert.Equal(0, Value(before, $"actorfabric_duplicate_macs{{device=\"{leaf}\"}}"));
        }

        await fabric.VmMoveAsync("h1", "leaf2", "eth5");
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(1));
        string moved = fabric.Metrics.Scrape();
        // leaf2 learned h1 outbidding leaf1's route; leaf1 lost its local h1 to leaf2's route (RFC 7432 §15).
        Assert.Equal(1, Value(moved, "actorfabric_mac_moves_total{device=\"leaf2\"}"));
        Assert.Equal(1, Value(moved, "actorfabric_mac_moves_total{device=\"leaf1\"}"));
        Assert.Equal(0, Value(moved, "actorfabric_mac_moves_total{device=\"leaf3\"}"));

        // Four more moves inside the 180 s window: the fifth freezes h1 on both leaves (RFC 7432 §15.1, N = 5).
        for (int move = 2; move <= 5; move++)
        {
            if (move % 2 == 1) await fabric.VmMoveAsync("h1", "leaf2", "eth5");
            else await fabric.VmMoveAsync("h1", "leaf1", "eth3");
            await fabric.AdvanceAsync(TimeSpan.FromSeconds(1));
        }
        string frozen = fabric.Metrics.Scrape();
        Assert.Equal(5, Value(frozen, "actorfabric_mac_moves_total{device=\"leaf1\"}"));
        Assert.Equal(1, Value(frozen, "actorfabric_duplicate_macs{device=\"leaf1\"}"));
        Assert.Equal(1, Value(frozen, "actorfabric_duplicate_macs{device=\"leaf2\"}"));
        Assert.Equal(0, Value(frozen, "actorfabric_duplicate_macs{device=\"leaf3\"}"));
    }

    [Fact]
    public async Task Arp_entries_count_every_host_binding_and_drop_to_0_when_the_leaf_stops_while_moves_survive()
    {
        await using var fabric = await QuickstartFabric.StartConvergedAsync();
        await fabric.PingAsync("h1", "h5", 1);
        // Quickstart's eight hosts each announce their IP: two local bindings and six from MAC+IP routes on leaf1.
        Assert.Equal(8, Value(fabric.Metrics.Scrape(), "actorfabric_arp_entries{device=\"leaf1\"}"));
        await fabric.VmMoveAsync("h3", "leaf1", "eth5");
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(1, Value(fabric.Metrics.Scrape(), "actorfabric_mac_moves_total{device=\"leaf1\"}"));

        await fabric.DeviceStopAsync("leaf1");
        string stopped = fabric.Metrics.Scrape();
        Assert.Equal(0, Value(stopped, "actorfabric_arp_entries{device=\"leaf1\"}"));
        Assert.Equal(0, Value(stopped, "actorfabric_fdb_entries{device=\"leaf1\"}"));
        Assert.Equal(1, Value(stopped, "actorfabric_mac_moves_total{device=\"leaf1\"}")); // a counter never goes down
    }

    [Fact]
    public async Task Convergence_gauges_follow_the_fabric_live_and_fall_when_a_route_reflector_stops()
    {
        await using var fabric = await QuickstartFabric.StartConvergedAsync();
        string converged = fabric.Metrics.Scrape();
        var p = fabric.Progress;
        Assert.Equal(1, Value(converged, "actorfabric_converged"));
        Assert.Equal(p.SessionsExpected, Value(converged, "actorfabric_convergence_sessions_expected"));
        Assert.Equal(p.SessionsExpected, Value(converged, "actorfabric_convergence_sessions_established"));
        Assert.True(p.RoutesExpected > 0);
        Assert.Equal(p.RoutesExpected, Value(converged, "actorfabric_convergence_routes_expected"));
        Assert.Equal(p.RoutesExpected, Value(converged, "actorfabric_convergence_routes_present"));
        foreach (var device in new[] { "leaf1", "leaf4", "spine2" })
            Assert.Equal(0, Value(converged, $"actorfabric_bgp_session_flaps_total{{device=\"{device}\"}}"));

        await fabric.DeviceStopAsync("spine1");
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(2));
        string degraded = fabric.Metrics.Scrape();
        // Every leaf's session to spine1 went down (BFD), and so did spine2's reflector-to-reflector session.
        foreach (var device in new[] { "leaf1", "leaf4", "spine2" })
            Assert.Equal(1, Value(degraded, $"actorfabric_bgp_session_flaps_total{{device=\"{device}\"}}"));
        Assert.Equal(0, Value(degraded, "actorfabric_converged"));
        Assert.True(Value(degraded, "actorfabric_convergence_sessions_established") < p.SessionsExpected);
        Assert.Equal(p.SessionsExpected, Value(degraded, "actorfabric_convergence_sessions_expected"));
    }

    [Fact]
    public async Task Process_families_report_memory_cpu_and_every_gc_generation()
    {
        await using var fabric = QuickstartFabric.Start();
        string text = fabric.Metrics.Scrape();
        Assert.True(Value(text, "process_resident_memory_bytes") > 0);
        Assert.True(Value(text, "process_cpu_seconds_total") > 0);
        Assert.True(Value(text, "dotnet_gc_heap_size_bytes") >= 0);
        Assert.True(Value(text, "dotnet_gc_pause_seconds_total") >= 0);
        for (int g = 0; g <= GC.MaxGeneration; g++) Assert.True(Value(text, $"dotnet_gc_collections_total{{generation=\"{g}\"}}") >= 0);
    }

    [Fact]
    public async Task The_scrape_after_chaos_passes_promtool_check_metrics()
    {
        const string promtool = "/usr/bin/promtool";
        Assert.True(File.Exists(promtool), "promtool is missing: apt-get install -y --no-install-recommends prometheus (scripts/test.sh installs it)");
        await using var fabric = await QuickstartFabric.StartConvergedAsync();
        await fabric.LinkSetAsync("leaf1", "spine1", loss: 0.5);
        await fabric.VmMoveAsync("h1", "leaf2", "eth5");
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(1));
        string text = fabric.Metrics.Scrape();

        using var check = Process.Start(new ProcessStartInfo(promtool, "check metrics")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        })!;
        var stdout = check.StandardOutput.ReadToEndAsync();
        var stderr = check.StandardError.ReadToEndAsync();
        await check.StandardInput.WriteAsync(text);
        check.StandardInput.Close();
        await check.WaitForExitAsync();
        Assert.True(check.ExitCode == 0, $"promtool check metrics: {await stdout}{await stderr}");
        Assert.Equal("", (await stdout + await stderr).Trim());
    }
}
