namespace ActorFabric.Actors.Messages;

/// <summary>
/// Wraps a message sent by an actor's own timer. The generation lets the actor drop a tick
/// that was already queued when its timer was cancelled or restarted.
/// </summary>
internal sealed class TimerMessage : ILocalMessage
{
    public TimerMessage(object key, int generation, object message)
    {
        Key = key;
        Generation = generation;
        Message = message;
    }

    public object Key { get; }

    public int Generation { get; }

    public object Message { get; }
}
