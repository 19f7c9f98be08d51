using System.Text.Json;
using ActorFabric.Cli.Control;

namespace ActorFabric.Cli.Tests.Fabric;

/// <summary>The fabric commands end to end against the real emulator (quickstart, virtual time).</summary>
public class EmulatedFabricTests
{
    private static readonly string Quickstart = RecordedFabric.QuickstartPath;
    private static readonly string Root = RecordedFabric.RepositoryRoot();

    /// <summary>The metric families the issue asks for (docs/cli.md lists them).</summary>
    public static readonly string[] RequiredFamilies =
    [
        "actorfabric_bgp_sessions",
        "actorfabric_evpn_routes",
        "actorfabric_fdb_entries",
        "actorfabric_link_frames_total",
        "actorfabric_link_bytes_total",
        "actorfabric_bum_copies_sent_total",
        "actorfabric_bum_fabric_bytes_total",
        "actorfabric_convergence_seconds",
        "actorfabric_actor_mailbox_depth",
        "actorfabric_arp_entries",
        "actorfabric_mac_moves_total",
        "actorfabric_duplicate_macs",
        "actorfabric_link_drops_total",
        "actorfabric_link_up",
        "actorfabric_link_latency_seconds",
        "actorfabric_link_loss_ratio",
        "actorfabric_convergence_routes_expected",
        "actorfabric_convergence_routes_present",
        "actorfabric_converged",
        "actorfabric_convergence_sessions_expected",
        "actorfabric_convergence_sessions_established",
        "actorfabric_messages_processed_total",
        "process_resident_memory_bytes",
        "process_cpu_seconds_total",
        "dotnet_gc_collections_total",
        "dotnet_gc_heap_size_bytes",
        "dotnet_gc_pause_seconds_total",
    ];

    [Fact]
    public void Up_on_virtual_time_exits_0_with_a_converged_json_summary()
    {
        var (code, output, error) = CliRun.Run("up", Quickstart, "--virtual-time", "--exit-when-converged", "--json");
        Assert.True(code == 0, error);
        var s = JsonDocument.Parse(output).RootElement;
        Assert.True(s.GetProperty("converged").GetBoolean());
        Assert.Equal("quickstart", s.GetProperty("topology").GetString());
        Assert.Equal(s.GetProperty("sessions_expected").GetInt32(), s.GetProperty("sessions_established").GetInt32());
        Assert.True(s.GetProperty("sessions_expected").GetInt32() > 0);
        Assert.Equal(s.GetProperty("routes_expected").GetInt64(), s.GetProperty("routes_present").GetInt64());
        Assert.Equal(s.GetProperty("flood_lists_expected").GetInt32(), s.GetProperty("flood_lists_complete").GetInt32());
        Assert.Equal(8, s.GetProperty("macs").GetInt32());
        Assert.True(s.GetProperty("converge_emulated_s").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Null, s.GetProperty("api").ValueKind);
    }

    [Fact]
    public void Up_that_cannot_converge_within_its_timeout_exits_1_and_says_what_is_missing()
    {
        var (code, output, error) = CliRun.Run("up", Quickstart, "--virtual-time", "--exit-when-converged", "--timeout", "1us", "--json");
        Assert.Equal(1, code);
        Assert.False(JsonDocument.Parse(output).RootElement.GetProperty("converged").GetBoolean());
        Assert.Contains("not converged within 1us", error);
        Assert.Contains("sessions ", error);
    }

    [Fact]
    public async Task Up_serves_show_ping_chaos_and_metrics_until_stopped()
    {
        var dir = Directory.CreateTempSubdirectory("af-up-").FullName;
        var state = Path.Combine(dir, "current.json");
        using var stop = new CancellationTokenSource();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var up = Task.Run(() => CliApp.RunAsync(["up", Quickstart, "--virtual-time", "--api-port", "0", "--state-file", state, "--capture-dir", dir, "--json", "--serve"], stdout, stderr, stop.Token));
        try
        {
            // Poll the real process state with a deadline: up writes the state file once the API listens.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            ControlState? found = null;
            while ((found = ControlState.TryRead(state)) is null)
            {
                Assert.False(up.IsCompleted, $"up exited early: {stderr}");
                Assert.True(DateTime.UtcNow < deadline, "up did not write its state file within 60 s");
                await Task.Delay(50);
            }
            var api = found.Url;
            Assert.StartsWith("http://127.0.0.1:", api);

            var summary = CliRun.Run("show", "bgp", "summary", "--device", "leaf1", "--api", api, "--token", found.Token!);
            Assert.True(summary.Code == 0, summary.Err);
            Assert.Contains("Down peers: 0", summary.Out);
            Assert.Contains("Establ bgp.evpn.0:", summary.Out);

            var macs = CliRun.Run("show", "evpn", "mac", "--device", "leaf3", "--vni", "10100", "--json", "--api", api, "--token", found.Token!);
            Assert.True(macs.Code == 0, macs.Err);
            var entries = JsonDocument.Parse(macs.Out).RootElement.GetProperty("entries");
            Assert.Contains(entries.EnumerateArray(), e => e.GetProperty("mac").GetString() == "02:00:00:00:01:01" && e.GetProperty("remote_vtep").GetString() == "10.0.0.11");

            var ping = CliRun.Run("ping", "h1", "h5", "--count", "2", "--api", api, "--token", found.Token!);
            Assert.True(ping.Code == 0, ping.Out + ping.Err);
            Assert.Contains("2 packets transmitted, 2 received, 0% packet loss", ping.Out);

            var routes = CliRun.Run("show", "route", "table", "bgp.evpn.0", "--device", "leaf1", "--api", api, "--token", found.Token!);
            Assert.Matches(@"^bgp\.evpn\.0: \d+ destinations, \d+ routes", routes.Out);
            Assert.Contains("*[BGP/170] localpref 100, from 10.0.0.", routes.Out);
            var tunnels = CliRun.Run("show", "vxlan", "tunnels", "--device", "leaf1", "--api", api, "--token", found.Token!);
            Assert.Matches(@"10\.0\.0\.13\s+leaf3", tunnels.Out);
            var fdb = CliRun.Run("show", "fdb", "--device", "leaf1", "--api", api, "--token", found.Token!);
            Assert.Matches(@"02:00:00:00:01:03\s+DR\s+vtep\.10\.0\.0\.13", fdb.Out);

            // A capture for one emulated second of the uplink: a pcap file with the classic magic and frames in it.
            var pcap = Path.Combine(dir, "uplink.pcap");
            var capture = CliRun.Run("capture", "leaf1", "spine1", "-o", pcap, "--duration", "1s", "--api", api, "--token", found.Token!);
            Assert.True(capture.Code == 0, capture.Err);
            Assert.Matches(@"^[1-9]\d* packets written to ", capture.Out);
            var magic = BitConverter.ToUInt32(File.ReadAllBytes(pcap), 0);
            Assert.True(magic is 0xa1b2c3d4 or 0xa1b23c4d, $"pcap magic {magic:x8}");

            var metrics = PrometheusText.Parse(CliRun.Run("metrics", "--api", api, "--token", found.Token!).Out);
            foreach (var family in RequiredFamilies) Assert.True(metrics.ContainsKey(family) && metrics[family].Samples.Count > 0, $"/metrics lacks {family} or its samples");
            Assert.Contains(metrics["actorfabric_bgp_sessions"].Samples, s => s.Labels["device"] == "leaf1" && s.Labels["state"] == "established" && s.Value == 2);

            // A stopped route reflector goes silent: BFD (300 ms x 3) takes leaf1's session to it down within
            // a second, long before quickstart's 9 s hold timer; the session to the other reflector stays.
            Assert.Equal(0, CliRun.Run("chaos", "device-stop", "spine1", "--api", api, "--token", found.Token!).Code);
            Assert.Equal(0, CliRun.Run("advance", "1s", "--api", api, "--token", found.Token!).Code);
            var after = CliRun.Run("show", "bgp", "summary", "--device", "leaf1", "--json", "--api", api, "--token", found.Token!);
            var peers = JsonDocument.Parse(after.Out).RootElement.GetProperty("peers").EnumerateArray().ToList();
            Assert.Contains(peers, p => p.GetProperty("peer_device").GetString() == "spine1" && p.GetProperty("state").GetString() != "Established");
            Assert.Contains(peers, p => p.GetProperty("peer_device").GetString() == "spine2" && p.GetProperty("state").GetString() == "Established");
            var degraded = PrometheusText.Parse(CliRun.Run("metrics", "--api", api, "--token", found.Token!).Out);
            Assert.Equal(0, degraded["actorfabric_converged"].Samples.Single().Value);
        }
        finally
        {
            stop.Cancel();
        }
        Assert.Equal(0, await up);
        Assert.False(File.Exists(state), "up removes its state file when it stops");
        Assert.True(JsonDocument.Parse(stdout.ToString()).RootElement.GetProperty("converged").GetBoolean());
    }

    [Fact]
    public void Up_on_a_port_in_use_exits_1_and_suggests_a_free_port()
    {
        var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            int port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
            var state = Path.Combine(Path.GetTempPath(), $"af-{Guid.NewGuid():N}.json");
            var (code, _, error) = CliRun.Run("up", Quickstart, "--virtual-time", "--serve", "--api-port", port.ToString(), "--state-file", state, "--json");
            Assert.Equal(1, code);
            Assert.Contains($"127.0.0.1:{port}", error);
            Assert.Contains("--api-port 0", error);
            Assert.False(File.Exists(state));
        }
        finally
        {
            taken.Stop();
        }
    }

    [Fact]
    public void The_same_scenario_and_seed_give_byte_identical_json_and_another_seed_another_digest()
    {
        var scenario = Path.Combine(Root, "scenarios", "leaf-uplink-failure.yaml");
        var first = CliRun.Run("run", Quickstart, "--scenario", scenario, "--json");
        var second = CliRun.Run("run", Quickstart, "--scenario", scenario, "--json");
        var other = CliRun.Run("run", Quickstart, "--scenario", scenario, "--json", "--seed", "8");
        Assert.True(first.Code == 0, first.Out + first.Err);
        Assert.Equal(first.Out, second.Out);
        var a = JsonDocument.Parse(first.Out).RootElement;
        var b = JsonDocument.Parse(other.Out).RootElement;
        Assert.Equal(7, a.GetProperty("seed").GetInt32());
        Assert.Equal(8, b.GetProperty("seed").GetInt32());
        Assert.NotEqual(a.GetProperty("digest").GetString(), b.GetProperty("digest").GetString());
        // The observations are there: the rerouted ping still succeeds and leaf1 lost its session to spine1.
        var steps = a.GetProperty("steps").EnumerateArray().ToList();
        var rerouted = steps.Single(s => s.TryGetProperty("label", out var l) && l.GetString() == "rerouted");
        Assert.Equal(2, rerouted.GetProperty("result").GetProperty("received").GetInt32());
        Assert.DoesNotContain(steps, s => s.TryGetProperty("error", out _));
    }
}
