using System.Diagnostics;
using ActorFabric.Actors;
using ActorFabric.Fabric.Metrics;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Runtime;

public sealed partial class FabricRuntime
{
    private readonly ActorSystem _system;
    private readonly TraceDigestAccumulator _digest = new();
    private readonly ConvergenceBoard _convergence;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string[] _deviceNames;
    private readonly string[] _hostNames;

    private FabricRuntime(FabricTopology topology, FabricRunOptions options)
    {
        Topology = topology;
        Options = options;
        _system = ActorSystem.Create("fabric", new ActorSystemOptions
        {
            Clock = options.Clock,
            Seed = options.Seed,
            SerializeMessages = options.SerializeMessages,
            Logger = options.Logger,
        });
        if (options.TraceDigest) _system.Tracer = _digest.Record;
        _deviceNames = new string[topology.Nodes.Length];
        for (int i = 0; i < _deviceNames.Length; i++) _deviceNames[i] = topology.Nodes[i].Name;
        _hostNames = new string[topology.Hosts.Length];
        for (int i = 0; i < _hostNames.Length; i++) _hostNames[i] = topology.Hosts[i].Name;
        _convergence = new ConvergenceBoard(topology, options.AnnounceHosts);
        Metrics = new MetricsRegistry();
        Build();
    }

    private async Task<T> Serialized<T>(Func<Task<T>> action)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            return await action().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task Serialized(Func<Task> action)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await action().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<ConvergenceReport> WaitConvergedCore(TimeSpan timeout, IProgress<ConvergenceProgress>? progress, CancellationToken ct)
    {
        var wall = Stopwatch.StartNew();
        var start = Now;
        long processedBefore = _system.MessagesProcessed;
        _convergence.Observe(start); // forget an earlier convergence if the fabric has left it since
        if (_system.Virtual is { } clock)
        {
            // Run in slices so progress can be reported and cancellation honoured between them.
            var slice = TimeSpan.FromMilliseconds(100);
            while (!_convergence.IsConverged && Now - start < timeout && !ct.IsCancellationRequested)
            {
                var left = timeout - (Now - start);
                clock.RunUntil(() => _convergence.IsConverged || ct.IsCancellationRequested, left < slice ? left : slice);
                progress?.Report(_convergence.Snapshot(Now));
            }
        }
        else
        {
            while (!_convergence.IsConverged && wall.Elapsed < timeout)
            {
                ct.ThrowIfCancellationRequested();
                progress?.Report(_convergence.Snapshot(Now));
                await Task.Delay(20, ct).ConfigureAwait(false);
            }
        }
        _convergence.Observe(Now);
        var snapshot = _convergence.Snapshot(Now);
        progress?.Report(snapshot);
        var report = new ConvergenceReport(snapshot.Converged, _convergence.ConvergedAt ?? Now, Now - start, wall.Elapsed,
            _system.MessagesProcessed - processedBefore, snapshot);
        _lastConvergence = report;
        return report;
    }

    private async Task AdvanceCore(TimeSpan duration)
    {
        if (_system.Virtual is { } clock) clock.Advance(duration);
        else await Task.Delay(duration).ConfigureAwait(false);
    }

    private async ValueTask DisposeCore()
    {
        foreach (var c in _captures.Values) c.Dispose();
        _captures.Clear();
        await _system.DisposeAsync().ConfigureAwait(false);
    }
}
