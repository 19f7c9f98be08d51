namespace ActorFabric.Actors.Messages;

/// <summary>Delivered to each watcher after <paramref name="Actor"/> has stopped, after its last message to that watcher.</summary>
public sealed record Terminated(IActorRef Actor) : ILocalMessage;
