namespace ActorFabric.Actors;

/// <summary>
/// A handle to an actor. Location-transparent: the same type addresses an actor in this
/// process and, through a remote implementation, one on another cluster node.
/// </summary>
public interface IActorRef
{
    ActorPath Path { get; }

    /// <summary>Fire-and-forget send. Never blocks; a message to a stopped actor becomes a dead letter.</summary>
    void Tell(object message, IActorRef? sender = null);
}
