using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cli.Scenarios;

/// <summary>
/// A scripted run (docs/scenarios.md): the fabric, the seed, and the steps in the order they run
/// (by <c>at</c>, file order for equal times). Built by <see cref="ScenarioReader"/>.
/// </summary>
public sealed record Scenario(
    string Name,
    string File,
    FabricTopology Topology,
    int Seed,
    TimeSpan Timeout,
    IReadOnlyList<ScenarioStep> Steps);
