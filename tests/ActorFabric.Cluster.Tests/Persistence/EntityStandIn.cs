using Akka.Actor;

namespace ActorFabric.Cluster.Tests.Persistence;

/// <summary>
/// Stands in for a device entity: the journal (keeper) is its child, as in the cluster, and the test's probe sees
/// everything the child tells its parent. Anything else sent here goes to the child, keeping its sender.
/// </summary>
public sealed class EntityStandIn : ReceiveActor
{
    public EntityStandIn(Props journal, IActorRef probe)
    {
        var child = Context.Watch(Context.ActorOf(journal, "journal"));
        Receive<Terminated>(t => t.ActorRef.Equals(child), _ => probe.Tell(JournalStopped.Instance));
        ReceiveAny(message =>
        {
            if (Sender.Equals(child)) probe.Tell(message, child);
            else child.Forward(message);
        });
    }

    /// <summary>Told to the probe when the child stopped.</summary>
    public sealed record JournalStopped
    {
        public static readonly JournalStopped Instance = new();
    }
}
