using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using ActorFabric.Fabric.Metrics;
using ActorFabric.Fabric.Topology;
using ActorFabric.Simulation;

namespace ActorFabric.Fabric.Runtime;

public sealed partial class FabricRuntime
{
    private readonly ActorSystem _system;
    private readonly SimulationDriver? _driver;
    private readonly DeliveryTrace _trace;
    private readonly EmulatedClock _clock;
    private readonly ConvergenceExpectation _expectation;
    private readonly ConvergenceView _convergence;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string[] _deviceNames;
    private readonly string[] _hostNames;
    private readonly IActorRef _errorLog;
    private readonly List<string> _errors = [];

    private readonly GaugeScope _gaugeScope;

    private FabricRuntime(FabricTopology topology, FabricRunOptions options, ActorSystem? system = null, Func<FabricBuildPlan, Props>? root = null, TimeSpan? buildTimeout = null)
    {
        // A facade over a cluster has no device gauges of its own: every node serves those of the devices it runs.
        _gaugeScope = system is null ? GaugeScope.All : GaugeScope.None;
        Topology = topology;
        Options = options;
        _system = system ?? FabricActorSystem.Create("fabric", options.Clock == ClockMode.Virtual, options.SerializeMessages, options.AkkaConfigFile);
        _clock = EmulatedClock.Get(_system);
        _driver = _clock.Driver;
        _trace = DeliveryTrace.Get(_system);
        _trace.DigestOn = options.TraceDigest;
        _errorLog = _system.ActorOf(Props.Create(() => new ErrorCollector(_errors)), "error-log");
        _system.EventStream.Subscribe(_errorLog, typeof(Error));
        _deviceNames = new string[topology.Nodes.Length];
        for (int i = 0; i < _deviceNames.Length; i++) _deviceNames[i] = topology.Nodes[i].Name;
        _hostNames = new string[topology.Hosts.Length];
        for (int i = 0; i < _hostNames.Length; i++) _hostNames[i] = topology.Hosts[i].Name;
        _expectation = new ConvergenceExpectation(topology, options.AnnounceHosts);
        _convergence = new ConvergenceView(ConvergenceMonitor.Snapshot(_expectation, 0, 0, 0, 0, TimeSpan.Zero));
        Metrics = new MetricsRegistry();
        _directory = new FabricDirectory(topology);
        Build(root ?? (plan => FabricProps.Of(() => new FabricSupervisor(plan))), buildTimeout ?? TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// Errors Akka logged so far (a message that failed to serialize, an actor that crashed): a run that should be
    /// clean can assert there are none.
    /// </summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors) return [.. _errors];
        }
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
        long processedBefore = MessagesProcessed;
        if (_driver is { } driver)
        {
            // Run in slices so progress can be reported and cancellation honoured between them.
            var slice = TimeSpan.FromMilliseconds(100);
            while (!IsConverged && Now - start < timeout && !ct.IsCancellationRequested)
            {
                var left = timeout - (Now - start);
                driver.RunUntil(() => IsConverged || ct.IsCancellationRequested, left < slice ? left : slice);
                progress?.Report(Progress);
            }
        }
        else
        {
            while (!IsConverged && wall.Elapsed < timeout)
            {
                ct.ThrowIfCancellationRequested();
                progress?.Report(Progress);
                await Task.Delay(20, ct).ConfigureAwait(false);
            }
        }
        var snapshot = Progress;
        progress?.Report(snapshot);
        var report = new ConvergenceReport(snapshot.Converged, _convergence.ConvergedAt ?? Now, Now - start, wall.Elapsed,
            MessagesProcessed - processedBefore, snapshot);
        _lastConvergence = report;
        return report;
    }

    private bool IsConverged => _convergence.Latest.Converged;

    private async Task AdvanceCore(TimeSpan duration)
    {
        if (_driver is { } driver) driver.Advance(duration);
        else await Task.Delay(duration).ConfigureAwait(false);
    }

    private async ValueTask DisposeCore()
    {
        foreach (var c in _captures.Values) c.Writer.Tell(PoisonPill.Instance);
        _captures.Clear();
        var terminated = _system.Terminate();
        if (_driver is { } driver)
        {
            // Fabric actors stop only when the driver runs their turns.
            var wall = Stopwatch.StartNew();
            while (!terminated.IsCompleted && wall.Elapsed < TimeSpan.FromSeconds(30))
            {
                driver.RunUntilIdle();
                await Task.WhenAny(terminated, Task.Delay(1)).ConfigureAwait(false);
            }
        }
        else await Task.WhenAny(terminated, Task.Delay(TimeSpan.FromSeconds(30))).ConfigureAwait(false);
    }

    /// <summary>Keeps the text of every error Akka logs (read by <see cref="Errors"/>).</summary>
    private sealed class ErrorCollector(List<string> errors) : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            if (message is not Error e) return;
            lock (errors)
                if (errors.Count < 100) errors.Add($"{e.LogSource}: {e.Message}{(e.Cause is { } c ? " — " + c.Message : "")}");
        }
    }
}
