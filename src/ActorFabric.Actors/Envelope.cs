namespace ActorFabric.Actors;

/// <summary>
/// One queued message. The only per-message allocation of a tell; it doubles as the node of
/// the mailbox's intrusive lists (producer stack, consumer FIFO, stash).
/// </summary>
internal sealed class Envelope
{
    public object Message;
    public IActorRef? Sender;
    public Envelope? Next;

    public Envelope(object message, IActorRef? sender)
    {
        Message = message;
        Sender = sender;
    }
}
