using Akka.Actor;

namespace ActorFabric.Cluster.Node;

/// <summary>A new launcher attached to the fabric this node runs: reports go to <paramref name="Target"/> from now on.</summary>
internal sealed record Retarget(IActorRef Target);

/// <summary>
/// The node's stand-in for the launcher's path-trace collector: devices are built with this ref, so a launcher that
/// attaches later receives the hops of its pings.
/// </summary>
internal sealed class TraceForwarder(IActorRef target) : UntypedActor
{
    private IActorRef _target = target;

    protected override void OnReceive(object message)
    {
        if (message is Retarget r) _target = r.Target;
        else _target.Forward(message);
    }
}
