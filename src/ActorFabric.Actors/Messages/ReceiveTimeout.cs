namespace ActorFabric.Actors.Messages;

/// <summary>
/// Sent to an actor that set <see cref="IActorContext.SetReceiveTimeout"/> and handled no message
/// (timer ticks included) for that long; repeats while it stays idle.
/// </summary>
public sealed class ReceiveTimeout : ILocalMessage
{
    public static readonly ReceiveTimeout Instance = new();

    private ReceiveTimeout()
    {
    }

    public override string ToString() => "ReceiveTimeout";
}
