using System.Text.Json.Nodes;
using ActorFabric.Cli.Scenarios;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cli.Report;

/// <summary>
/// Everything the HTML report shows about one scenario run: the run's summary, the samples over emulated time,
/// the chaos actions and what followed each. Built after the run from the scenario, its JSON document and the sampler.
/// </summary>
public sealed record ScenarioReport(
    string Scenario,
    FabricTopology Topology,
    int Seed,
    bool Ok,
    string? Digest,
    TimeSpan Interval,
    IReadOnlyList<FabricSample> Samples,
    IReadOnlyList<ChaosMark> Actions,
    IReadOnlyList<ActionReconvergence> Reconvergence)
{
    public static ScenarioReport From(Scenario scenario, JsonObject document, TimelineSampler sampler)
    {
        var marks = ChaosMark.From(scenario, document);
        var names = new string[scenario.Topology.Nodes.Length];
        foreach (var n in scenario.Topology.Nodes) names[n.Index] = n.Name;
        return new ScenarioReport(scenario.Name, scenario.Topology, scenario.Seed, document["ok"]?.GetValue<bool>() ?? false,
            document["digest"]?.GetValue<string>(), sampler.Interval, sampler.Samples, marks,
            ActionReconvergence.Analyse(sampler.Samples, marks, names));
    }
}
