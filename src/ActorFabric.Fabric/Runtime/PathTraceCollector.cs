using Akka.Actor;
using ActorFabric.Fabric.Runtime.Messages;

namespace ActorFabric.Fabric.Runtime;

/// <summary>One hop of a traced frame, told by the device or host that handled it.</summary>
internal sealed record PathHopReport(int TraceId, PathHop Hop, ushort OuterSourcePort) : IControlMessage
{
    public static string? PortName(int port) => port < 0 ? null : "eth" + port;
}

/// <summary>Hand over (and forget) the hops of a trace.</summary>
internal sealed record PathTraceQuery(int TraceId) : IControlMessage;

/// <summary>The hops of a trace in the order they were reported, and the outer UDP source port of its first VXLAN encapsulation.</summary>
internal sealed record PathTrace(PathHop[] Hops, ushort OuterSourcePort) : IControlMessage;

/// <summary>
/// Collects the hops of traced pings. The frame of a traced echo request carries a trace id from link to device;
/// every device or host that handles it tells this actor, so no device touches shared state.
/// </summary>
internal sealed class PathTraceCollector : UntypedActor
{
    private readonly Dictionary<int, (List<PathHop> Hops, ushort OuterSourcePort)> _traces = [];

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case PathHopReport r:
                if (!_traces.TryGetValue(r.TraceId, out var t)) t = ([], 0);
                t.Hops.Add(r.Hop);
                if (t.OuterSourcePort == 0) t.OuterSourcePort = r.OuterSourcePort;
                _traces[r.TraceId] = t;
                break;
            case PathTraceQuery q:
                _traces.Remove(q.TraceId, out var found);
                Sender.Tell(new PathTrace(found.Hops is null ? [] : [.. found.Hops], found.OuterSourcePort));
                break;
            default:
                Unhandled(message);
                break;
        }
    }
}
