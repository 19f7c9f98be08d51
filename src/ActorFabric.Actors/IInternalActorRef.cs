using ActorFabric.Actors.Messages;

namespace ActorFabric.Actors;

/// <summary>What the kernel needs from a ref beyond <see cref="IActorRef.Tell"/>: its system and a system-message channel.</summary>
internal interface IInternalActorRef : IActorRef
{
    ActorSystem System { get; }

    bool IsTerminated { get; }

    void SendSystemMessage(SystemMessage message);
}
