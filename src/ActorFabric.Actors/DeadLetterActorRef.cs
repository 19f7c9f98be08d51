using ActorFabric.Actors.Messages;

namespace ActorFabric.Actors;

/// <summary>/deadLetters: whatever is told to it is counted and logged as a dead letter.</summary>
internal sealed class DeadLetterActorRef(ActorSystem system) : IInternalActorRef
{
    public ActorPath Path { get; } = ActorPath.Root.Child("deadLetters");

    public ActorSystem System => system;

    public bool IsTerminated => false;

    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        system.PublishDeadLetter(message, sender, this);
    }

    public void SendSystemMessage(SystemMessage message)
    {
        if (message is Watch watch) watch.Watcher.Tell(new Terminated(this));
    }

    public override string ToString() => Path.ToString();
}
