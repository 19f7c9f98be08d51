using Akka.Actor;
using ActorFabric.Fabric.Runtime.Messages;
using ActorFabric.Simulation;

namespace ActorFabric.Fabric.Runtime;

/// <summary>A device's convergence figures (absolute, so a lost or repeated report does no harm).</summary>
internal sealed record DeviceConvergence(int Node, int SessionsEstablished, long Routes, int FloodListsComplete, long BgpBytesUnacknowledged) : IControlMessage;

/// <summary>Device reports gathered on one cluster node, forwarded to the launcher's monitor in one message.</summary>
internal sealed record DeviceConvergenceBatch(DeviceConvergence[] Reports) : IControlMessage;

/// <summary>
/// Where the facade reads the monitor's latest snapshot between driver steps: written only by the monitor, each
/// value an immutable <see cref="ConvergenceProgress"/>.
/// </summary>
internal sealed class ConvergenceView
{
    private ConvergenceProgress _latest;

    public ConvergenceView(ConvergenceProgress initial) => _latest = initial;

    public ConvergenceProgress Latest => Volatile.Read(ref _latest);

    /// <summary>Emulated time at which the figures last became converged; null while not converged.</summary>
    public TimeSpan? ConvergedAt => Latest.Converged ? Latest.EmulatedTime : null;

    private bool _disturbed = true;
    private long _reconvergedTicks = -1;

    /// <summary>
    /// Emulated time the fabric last became converged after its sessions, routes or flood lists were off (bytes in
    /// flight alone, such as a keepalive waiting for its ACK, do not count as a disturbance); null before the first.
    /// </summary>
    public TimeSpan? ReconvergedAt => Volatile.Read(ref _reconvergedTicks) is var t and >= 0 ? TimeSpan.FromTicks(t) : null;

    internal void Publish(ConvergenceProgress progress)
    {
        if (progress.SessionsEstablished != progress.SessionsExpected || progress.RoutesPresent != progress.RoutesExpected
            || progress.FloodListsComplete != progress.FloodListsExpected) _disturbed = true;
        else if (_disturbed && progress.Converged)
        {
            _disturbed = false;
            Volatile.Write(ref _reconvergedTicks, progress.EmulatedTime.Ticks);
        }
        Volatile.Write(ref _latest, progress);
    }
}

/// <summary>
/// Sums the devices' convergence reports for one node (the way Akka's metrics collector samples locally and
/// publishes snapshots): devices never touch shared counters, they tell this actor their own figures. Publishes a
/// snapshot to the <see cref="ConvergenceView"/> whenever the sums change; the snapshot's time is when the last
/// change arrived, so a converged snapshot says when convergence was reached.
/// </summary>
internal sealed class ConvergenceMonitor : UntypedActor
{
    private readonly ConvergenceExpectation _expected;
    private readonly ConvergenceView _view;
    private readonly EmulatedClock _clock;
    private readonly DeviceConvergence?[] _byNode;
    private int _sessions;
    private long _routes;
    private int _floodLists;
    private long _bytes;

    public ConvergenceMonitor(ConvergenceExpectation expected, ConvergenceView view, int nodes)
    {
        _expected = expected;
        _view = view;
        _byNode = new DeviceConvergence?[nodes];
        _clock = EmulatedClock.Get(Context.System);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case DeviceConvergence r:
                Apply(r);
                break;
            case DeviceConvergenceBatch b:
                foreach (var r in b.Reports) Apply(r);
                break;
            default:
                Unhandled(message);
                return;
        }
        _view.Publish(Snapshot(_expected, _sessions, _routes, _floodLists, _bytes, _clock.Now));
    }

    private void Apply(DeviceConvergence r)
    {
        var old = _byNode[r.Node];
        _byNode[r.Node] = r;
        _sessions += r.SessionsEstablished - (old?.SessionsEstablished ?? 0);
        _routes += r.Routes - (old?.Routes ?? 0);
        _floodLists += r.FloodListsComplete - (old?.FloodListsComplete ?? 0);
        _bytes += r.BgpBytesUnacknowledged - (old?.BgpBytesUnacknowledged ?? 0);
    }

    public static ConvergenceProgress Snapshot(ConvergenceExpectation e, int sessions, long routes, int floodLists, long bytes, TimeSpan at)
        => new(e.SessionsExpected, sessions, e.RoutesExpected, routes, e.FloodListsExpected, floodLists, bytes, at);
}
