using ActorFabric.Cli.Control;

namespace ActorFabric.Cli.Scenarios;

/// <summary>
/// Watches a scenario as it runs (the HTML report's time series): <see cref="ScenarioRunner"/> calls
/// <see cref="Sample"/> every <see cref="Interval"/> of emulated time while it advances or waits for convergence,
/// and once at the end. A sampler only reads the fabric, so the run (and its digest) is the same with or without one.
/// </summary>
public interface IScenarioSampler
{
    TimeSpan Interval { get; }

    void Sample(IFabricControl fabric);
}
