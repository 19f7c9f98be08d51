using Akka.Actor;
using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cluster.Node;

/// <summary>
/// A node's stand-in for the launcher's convergence monitor: the devices of this node report to it, and it passes
/// the latest report of each changed device on in one <see cref="DeviceConvergenceBatch"/> every few milliseconds
/// (reports are absolute figures, so only the newest of each device matters). A device that moved here after a
/// node died simply reports again; the monitor keeps one figure per device, never a sum per node. A new launcher
/// attaching to the running fabric (<see cref="Retarget"/>) gets the latest figure of every device here at once.
/// </summary>
internal sealed class ConvergenceForwarder : UntypedActor, IWithTimers
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);
    private IActorRef _monitor;
    private readonly Dictionary<int, DeviceConvergence> _latest = [];
    private readonly Dictionary<int, DeviceConvergence> _changed = [];

    public ConvergenceForwarder(IActorRef monitor) => _monitor = monitor;

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case DeviceConvergence r:
                if (_changed.Count == 0 && !Timers.IsTimerActive("flush")) Timers.StartSingleTimer("flush", Flush.Instance, Interval);
                _changed[r.Node] = r;
                _latest[r.Node] = r;
                break;
            case Retarget t:
                _monitor = t.Target;
                foreach (var (node, r) in _latest) _changed[node] = r;
                Self.Tell(Flush.Instance);
                break;
            case Flush:
                if (_changed.Count == 0) break;
                _monitor.Tell(new DeviceConvergenceBatch([.. _changed.Values]), Self);
                _changed.Clear();
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private sealed record Flush
    {
        public static readonly Flush Instance = new();
    }
}
