using System.Text.Json.Nodes;
using ActorFabric.Cli.Report;
using ActorFabric.Cli.Scenarios;
using ActorFabric.Cli.Tests.Fabric;
using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Tests.Report;

/// <summary>
/// A quickstart scenario with three chaos actions (link-down leaf1 spine1 at 2 s, link-up at 4 s, device-stop spine2
/// at 5 s) and a ping, with made-up samples every 500 ms: leaf1 loses a session at 2.5 s and gets it back at 4.5 s;
/// the fabric is unconverged from 2.5 s to 4.5 s and again from 5.5 s on.
/// </summary>
internal static class ReportFixture
{
    public const string Yaml = """
        steps:
          - {at: 0s, action: wait-converged}
          - {at: 2s, action: link-down leaf1 spine1}
          - {at: 3s, action: ping h1 h5 --count 1}
          - {at: 4s, action: link-up leaf1 spine1}
          - {at: 5s, action: device-stop spine2, label: drain}
          - {at: 6s, observe: fdb leaf1}
        """;

    public static Scenario Scenario()
    {
        Assert.True(ScenarioReader.TryParse(Yaml, "s.yaml", RecordedFabric.QuickstartPath, null, out var scenario, out var errors), string.Join("\n", errors));
        return scenario!;
    }

    /// <summary>The run's document as far as the report reads it: one record per step with its time.</summary>
    public static JsonObject Document(Scenario scenario)
    {
        var steps = new JsonArray();
        foreach (var s in scenario.Steps) steps.Add(new JsonObject { ["at"] = (decimal)s.At.TotalSeconds, ["time"] = (decimal)s.At.TotalSeconds, ["action"] = s.Text });
        return new JsonObject { ["ok"] = true, ["digest"] = "0123456789abcdef", ["steps"] = steps };
    }

    public static IReadOnlyList<FabricSample> Samples()
    {
        var samples = new List<FabricSample>();
        for (int i = 0; i <= 16; i++)
        {
            var t = TimeSpan.FromMilliseconds(500 * i);
            bool leaf1Down = t >= TimeSpan.FromMilliseconds(2500) && t < TimeSpan.FromMilliseconds(4500);
            bool spine2Down = t >= TimeSpan.FromMilliseconds(5500);
            var devices = new DeviceFigures[6];
            devices[0] = new(5, 0, 0); // spine1
            devices[1] = new(spine2Down ? 0 : 5, 0, 0); // spine2
            for (int d = 2; d < 6; d++) devices[d] = new(spine2Down ? 1 : 2, 18, 8);
            if (leaf1Down) devices[2] = devices[2] with { Sessions = 1 };
            int established = 18 - (leaf1Down ? 2 : 0) - (spine2Down ? 10 : 0);
            samples.Add(new FabricSample(t, new ConvergenceProgress(18, established, 72, 72, 8, 8, 0, t), 32, i * 3, devices));
        }
        return samples;
    }

    public static ScenarioReport Report()
    {
        var scenario = Scenario();
        var marks = ChaosMark.From(scenario, Document(scenario));
        var samples = Samples();
        string[] names = [.. scenario.Topology.Nodes.Select(n => n.Name)];
        return new ScenarioReport(scenario.Name, scenario.Topology, scenario.Seed, true, "0123456789abcdef", TimeSpan.FromMilliseconds(500),
            samples, marks, ActionReconvergence.Analyse(samples, marks, names));
    }
}
