using System.Text.Json;
using ActorFabric.Cli.Control;
using ActorFabric.Cli.Scenarios;
using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cli.Tests.Fabric;

/// <summary>The chaos timeline (issue 13): recorded for every origin, exposed as metrics and annotations, and in scenario JSON.</summary>
public class ChaosTimelineTests
{
    private static readonly string Root = RecordedFabric.RepositoryRoot();

    /// <summary>The chaos suite playable in one process (chaos-node-kill.yaml is cluster-only).</summary>
    public static readonly TheoryData<string> SuiteFiles = new(
        "chaos-spine-drain.yaml", "chaos-route-reflector-loss.yaml", "chaos-leaf-isolation.yaml", "chaos-flapping-link.yaml",
        "chaos-gray-failure.yaml", "chaos-pod-partition.yaml", "chaos-vm-move-storm.yaml");

    [Fact]
    public async Task Cli_api_and_scenario_actions_are_recorded_in_order_with_their_origin_and_counted_per_kind()
    {
        await using var runtime = FabricRuntime.Start(TopologyLoader.Load(RecordedFabric.QuickstartPath), new FabricRunOptions { Seed = 1 });
        var control = new RuntimeFabricControl(runtime);
        await using var server = await ControlApiServer.StartAsync(control, new ControlApiOptions { Port = 0, CaptureDirectory = Path.GetTempPath() });
        var api = server.Address.ToString().TrimEnd('/');
        await runtime.WaitConvergedAsync(TimeSpan.FromSeconds(60));

        var cli = CliRun.Run("chaos", "link-down", "leaf1", "spine1", "--api", api, "--token", server.Token);
        Assert.True(cli.Code == 0, cli.Out + cli.Err);
        using (var http = new HttpClient())
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", server.Token);
            var posted = await http.PostAsync(api + "/api/chaos", new StringContent("""{"action": "link-up leaf1 spine1"}""", System.Text.Encoding.UTF8, "application/json"));
            Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync());
        }
        await ScenarioRunner.RunAsync(Scenario("steps:\n  - {at: 1s, action: vm-move h1 leaf2:eth5}\n"), control);

        var timeline = runtime.ChaosTimeline;
        Assert.Equal([1, 2, 3], timeline.Select(e => e.Sequence));
        Assert.Equal([ChaosKind.LinkDown, ChaosKind.LinkUp, ChaosKind.VmMove], timeline.Select(e => e.Kind));
        Assert.Equal([ChaosOrigin.Cli, ChaosOrigin.Api, ChaosOrigin.Scenario], timeline.Select(e => e.Origin));
        Assert.Equal("link-down leaf1 spine1", timeline[0].Action);
        Assert.True(timeline[2].EmulatedSeconds >= timeline[1].EmulatedSeconds);
        Assert.True(timeline[0].WallTime <= timeline[2].WallTime);

        // One sample per kind, every kind present; a counter of 1 for each action's kind, 0 elsewhere.
        var scrape = runtime.Metrics.Scrape();
        foreach (var kind in ChaosKind.All)
        {
            long expected = timeline.Count(e => e.Kind == kind);
            Assert.Contains($"actorfabric_chaos_actions_total{{kind=\"{kind}\"}} {expected}\n", scrape);
            Assert.Single(scrape.Split('\n'), l => l.StartsWith($"actorfabric_chaos_last_action_timestamp_seconds{{kind=\"{kind}\"}} "));
        }
        Assert.Contains("actorfabric_chaos_last_action_timestamp_seconds{kind=\"node-kill\"} 0\n", scrape);
        var last = scrape.Split('\n').Single(l => l.StartsWith("actorfabric_chaos_last_action_timestamp_seconds{kind=\"vm-move\"} "));
        Assert.Equal(timeline[2].WallTime.ToUnixTimeMilliseconds() / 1000.0, double.Parse(last.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), 3);

        // The annotation endpoint: Unix ms, title, text and tags, oldest first; from/to select a time range.
        using var client = new HttpClient();
        var body = JsonDocument.Parse(await client.GetStringAsync(api + "/api/chaos/timeline")).RootElement;
        Assert.Equal(3, body.GetArrayLength());
        var first = body[0];
        Assert.Equal(timeline[0].WallTime.ToUnixTimeMilliseconds(), first.GetProperty("time").GetInt64());
        Assert.Equal("link-down leaf1 spine1", first.GetProperty("title").GetString());
        Assert.Contains("leaf1 spine1 down", first.GetProperty("text").GetString());
        Assert.Equal(["chaos", "link-down", "cli"], first.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        long after = timeline[2].WallTime.ToUnixTimeMilliseconds() + 1;
        Assert.Equal(0, JsonDocument.Parse(await client.GetStringAsync($"{api}/api/chaos/timeline?from={after}")).RootElement.GetArrayLength());
    }

    [Fact]
    public void The_scenario_timeline_is_byte_identical_across_runs_and_carries_reconvergence_and_changes()
    {
        var scenario = Path.Combine(Root, "scenarios", "chaos-route-reflector-loss.yaml");
        var first = CliRun.Run("run", "--scenario", scenario, "--json");
        var second = CliRun.Run("run", "--scenario", scenario, "--json");
        Assert.True(first.Code == 0, first.Out + first.Err);
        Assert.Equal(first.Out, second.Out);
        Assert.DoesNotContain("wall", first.Out);
        var timeline = JsonDocument.Parse(first.Out).RootElement.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Equal(["device-stop", "device-start"], timeline.Select(e => e.GetProperty("kind").GetString()));
        // While spine2 is down the fabric cannot converge (its sessions are expected): null; after the restart it does.
        Assert.Equal(JsonValueKind.Null, timeline[0].GetProperty("reconverged_after").ValueKind);
        Assert.True(timeline[1].GetProperty("reconverged_after").GetDouble() > 0);
        var stop = timeline[0].GetProperty("changes");
        Assert.True(stop.GetProperty("sessions_dropped").GetInt32() > 0);
        Assert.True(stop.GetProperty("routes_withdrawn").GetInt32() > 0);
        Assert.Equal(stop.GetProperty("routes_withdrawn").GetInt32(), timeline[1].GetProperty("changes").GetProperty("routes_added").GetInt32());
    }

    [Theory]
    [MemberData(nameof(SuiteFiles))]
    public void Every_chaos_suite_scenario_runs_and_reports_when_the_fabric_reconverged(string file)
    {
        var (code, output, error) = CliRun.Run("run", "--scenario", Path.Combine(Root, "scenarios", file), "--json");
        Assert.True(code == 0, output + error);
        var timeline = JsonDocument.Parse(output).RootElement.GetProperty("timeline").EnumerateArray().ToList();
        Assert.NotEmpty(timeline);
        // The last action's window ends converged (each file ends with a wait-converged).
        Assert.Equal(JsonValueKind.Number, timeline[^1].GetProperty("reconverged_after").ValueKind);
        foreach (var e in timeline)
            foreach (var field in new[] { "routes_withdrawn", "routes_added", "fdb_moved", "sessions_dropped" })
                Assert.Equal(JsonValueKind.Number, e.GetProperty("changes").GetProperty(field).ValueKind);
    }

    [Fact]
    public void The_node_kill_scenario_is_cluster_only_and_says_so_in_one_process()
    {
        var (code, output, _) = CliRun.Run("run", "--scenario", Path.Combine(Root, "scenarios", "chaos-node-kill.yaml"), "--json");
        Assert.Equal(1, code);
        var root = JsonDocument.Parse(output).RootElement;
        var kill = root.GetProperty("steps").EnumerateArray().Single(s => s.TryGetProperty("label", out var l) && l.GetString() == "kill");
        Assert.Contains("cluster", kill.GetProperty("error").GetString());
        Assert.Equal(0, root.GetProperty("timeline").GetArrayLength());
    }

    private static Scenario Scenario(string yaml)
    {
        Assert.True(ScenarioReader.TryParse(yaml, "s.yaml", RecordedFabric.QuickstartPath, null, out var scenario, out var errors), string.Join("\n", errors));
        return scenario!;
    }
}
