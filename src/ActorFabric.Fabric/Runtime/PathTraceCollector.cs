using Akka.Actor;
using ActorFabric.Fabric.Runtime.Messages;

namespace ActorFabric.Fabric.Runtime;

/// <summary>One hop of a traced frame, told by the device or host that handled it.</summary>
internal sealed record PathHopReport(int TraceId, PathHop Hop, ushort OuterSourcePort) : IControlMessage
{
    public static string? PortName(int port) => port < 0 ? null : "eth" + port;
}

/// <summary>
/// Hand over (and forget) the hops of a trace; with <paramref name="Until"/>, not before the hop of that device or
/// host has arrived (at most 2 s later): on a cluster, hops come from several nodes and may trail the ping's answer.
/// </summary>
internal sealed record PathTraceQuery(int TraceId, string? Until = null) : IControlMessage;

/// <summary>The hops of a trace in the order they were reported, and the outer UDP source port of its first VXLAN encapsulation.</summary>
internal sealed record PathTrace(PathHop[] Hops, ushort OuterSourcePort) : IControlMessage;

/// <summary>
/// Collects the hops of traced pings. The frame of a traced echo request carries a trace id from link to device;
/// every device or host that handles it tells this actor, so no device touches shared state.
/// </summary>
internal sealed class PathTraceCollector : UntypedActor, IWithTimers
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(2);
    private readonly Dictionary<int, (List<PathHop> Hops, ushort OuterSourcePort)> _traces = [];
    private readonly Dictionary<int, (IActorRef Asker, string Until)> _waiting = [];

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case PathHopReport r:
                if (!_traces.TryGetValue(r.TraceId, out var t)) t = ([], 0);
                t.Hops.Add(r.Hop);
                if (t.OuterSourcePort == 0) t.OuterSourcePort = r.OuterSourcePort;
                _traces[r.TraceId] = t;
                if (_waiting.TryGetValue(r.TraceId, out var w) && r.Hop.Device == w.Until) Answer(r.TraceId, w.Asker);
                break;
            case PathTraceQuery q:
                if (q.Until is { } until && !(_traces.TryGetValue(q.TraceId, out var so_far) && so_far.Hops.Exists(h => h.Device == until)))
                {
                    _waiting[q.TraceId] = (Sender, until);
                    Timers.StartSingleTimer(q.TraceId, new WaitOver(q.TraceId), MaxWait);
                }
                else Answer(q.TraceId, Sender);
                break;
            case WaitOver o:
                if (_waiting.TryGetValue(o.TraceId, out var late)) Answer(o.TraceId, late.Asker);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Answer(int traceId, IActorRef asker)
    {
        _waiting.Remove(traceId);
        Timers.Cancel(traceId);
        _traces.Remove(traceId, out var found);
        asker.Tell(new PathTrace(found.Hops is null ? [] : [.. found.Hops], found.OuterSourcePort));
    }

    private sealed record WaitOver(int TraceId);
}
