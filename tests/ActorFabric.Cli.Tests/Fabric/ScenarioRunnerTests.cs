using System.Text.Json.Nodes;
using ActorFabric.Cli.Output;
using ActorFabric.Cli.Scenarios;
using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Tests.Fabric;

/// <summary>The runner's semantics (time, order, results, errors) against a fabric with recorded answers.</summary>
public class ScenarioRunnerTests
{
    private static Scenario Load(string yaml)
    {
        Assert.True(ScenarioReader.TryParse(yaml, "s.yaml", RecordedFabric.QuickstartPath, null, out var scenario, out var errors), string.Join("\n", errors));
        return scenario!;
    }

    [Fact]
    public async Task Advances_emulated_time_to_each_step_and_runs_late_steps_at_once()
    {
        var fabric = new RecordedFabric(); // starts at 420 ms
        var doc = await ScenarioRunner.RunAsync(Load("""
            steps:
              - {at: 0s, observe: convergence}
              - {at: 2s, action: link-down leaf1 spine1}
              - {at: 2500ms, action: ping h1 h5 --count 1}
            """), fabric);
        var steps = doc["steps"]!.AsArray();
        Assert.Equal(0.42m, steps[0]!["time"]!.GetValue<decimal>()); // at 0s had already passed
        Assert.Equal(0m, steps[0]!["at"]!.GetValue<decimal>());
        Assert.Equal(2m, steps[1]!["time"]!.GetValue<decimal>());
        Assert.Equal(2.5m, steps[2]!["time"]!.GetValue<decimal>());
        Assert.Equal(new ChaosAction[] { new LinkDownAction("leaf1", "spine1") }, fabric.Chaos);
        Assert.Equal(1, steps[2]!["result"]!["received"]!.GetValue<int>());
        Assert.True(doc["ok"]!.GetValue<bool>());
        Assert.Equal("0123456789abcdef", doc["digest"]!.GetValue<string>());
    }

    [Fact]
    public async Task Observations_carry_the_same_records_as_show_json()
    {
        var fabric = new RecordedFabric();
        var doc = await ScenarioRunner.RunAsync(Load("steps:\n  - {at: 1s, observe: evpn-mac leaf3 --vni 10100, label: macs}\n"), fabric);
        var step = doc["steps"]![0]!;
        Assert.Equal("macs", step["label"]!.GetValue<string>());
        var expected = JsonNode.Parse(CliJson.Serialize(await fabric.EvpnMacTableAsync("leaf3", 10100)));
        Assert.True(JsonNode.DeepEquals(expected, step["result"]));
    }

    [Fact]
    public async Task Route_counts_count_routes_per_type_for_every_leaf_and_reflector()
    {
        var doc = await ScenarioRunner.RunAsync(Load("steps:\n  - {at: 1s, observe: route-counts}\n"), new RecordedFabric());
        var counts = doc["steps"]![0]!["result"]!.AsObject();
        Assert.Equal(["spine1", "spine2", "leaf1", "leaf2", "leaf3", "leaf4"], counts.Select(kv => kv.Key));
        Assert.Equal(2, counts["leaf1"]!["total"]!.GetValue<int>());
        Assert.Equal(1, counts["leaf1"]!["type2"]!.GetValue<int>());
        Assert.Equal(1, counts["leaf1"]!["type3"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_failing_step_is_recorded_and_the_rest_still_run()
    {
        var doc = await ScenarioRunner.RunAsync(Load("""
            steps:
              - {at: 1s, observe: route-table leaf1 inet.0}
              - {at: 2s, observe: fdb leaf1}
            """), new RecordedFabric());
        var steps = doc["steps"]!.AsArray();
        Assert.Contains("inet.0", steps[0]!["error"]!.GetValue<string>());
        Assert.NotNull(steps[1]!["result"]);
        Assert.False(doc["ok"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Wait_converged_output_leaves_the_wall_clock_out()
    {
        var doc = await ScenarioRunner.RunAsync(Load("steps:\n  - {at: 0s, action: wait-converged}\n"), new RecordedFabric());
        var text = doc.ToJsonString();
        Assert.DoesNotContain("wall", text);
        Assert.True(doc["steps"]![0]!["result"]!["converged"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_capture_step_starts_a_capture_that_the_runner_stops_at_the_end()
    {
        var fabric = new RecordedFabric();
        var doc = await ScenarioRunner.RunAsync(Load("steps:\n  - {at: 1s, action: capture leaf1:eth1-spine1:eth1 -o uplink.pcap}\n  - {at: 2s, observe: fdb leaf1}\n"), fabric);
        var capture = Assert.Single(await fabric.CapturesAsync());
        Assert.Equal("leaf1:eth1-spine1:eth1", capture.Target);
        Assert.Equal(Path.GetFullPath("uplink.pcap"), capture.Path);
        Assert.False(capture.Active);
        Assert.Equal("uplink.pcap", doc["steps"]![0]!["result"]!["file"]!.GetValue<string>());
    }
}
