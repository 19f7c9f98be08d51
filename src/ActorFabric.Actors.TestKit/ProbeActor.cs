using ActorFabric.Actors.Messages;

namespace ActorFabric.Actors.TestKit;

/// <summary>The actor behind a <see cref="TestProbe"/>: hands every message to the probe's queue.</summary>
internal sealed class ProbeActor(TestProbe probe) : UntypedActor
{
    /// <summary>Asks the probe's actor to watch someone from its own turn (the context is not thread-safe).</summary>
    internal sealed record WatchRequest(IActorRef Target) : ILocalMessage;

    protected override void OnReceive(object message)
    {
        if (message is WatchRequest request) Context.Watch(request.Target);
        else probe.Enqueue(message, Sender);
    }
}
