namespace ActorFabric.Actors.Messages;

/// <summary>Stops the receiving actor once every message queued before it has been handled.</summary>
public sealed class PoisonPill : ILocalMessage
{
    public static readonly PoisonPill Instance = new();

    private PoisonPill()
    {
    }

    public override string ToString() => "PoisonPill";
}
