namespace ActorFabric.Actors;

/// <summary>Well-known refs.</summary>
public static class ActorRefs
{
    /// <summary>"No sender": replies to it go to dead letters.</summary>
    public static readonly IActorRef? NoSender = null;
}
