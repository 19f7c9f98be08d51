using ActorFabric.Cli.Control;
using ActorFabric.Cli.Scenarios;

namespace ActorFabric.Cli.Report;

/// <summary>
/// Records a <see cref="FabricSample"/> each time the scenario runner asks (every <see cref="Interval"/> of emulated
/// time, and on the convergence wait's progress reports). Only reads: convergence progress and one metrics scrape.
/// A second sample at an instant already sampled is dropped, so the sample at an action's time is the state just
/// before the action ran (the runner samples before it runs a step).
/// </summary>
public sealed class TimelineSampler : IScenarioSampler
{
    private readonly Dictionary<string, int> _deviceIndex;
    private readonly List<FabricSample> _samples = [];

    public TimelineSampler(ActorFabric.Fabric.Topology.FabricTopology topology, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        Interval = interval;
        _deviceIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var n in topology.Nodes) _deviceIndex[n.Name] = n.Index;
    }

    public TimeSpan Interval { get; }

    public IReadOnlyList<FabricSample> Samples => _samples;

    public void Sample(IFabricControl fabric)
    {
        var now = fabric.Now;
        if (_samples.Count > 0 && _samples[^1].Time >= now) return;
        var (devices, bum) = DeviceGaugeReading.Parse(fabric.ScrapeMetrics(), _deviceIndex);
        long fdb = 0;
        foreach (var d in devices) fdb += d.Fdb;
        _samples.Add(new FabricSample(now, fabric.Progress with { EmulatedTime = now }, fdb, bum, devices));
    }
}
