using Akka.Actor;

namespace ActorFabric.Cluster.Entities;

/// <summary>
/// A device, link or host of a fabric spread over a cluster, as a ref: telling it hands the message to the
/// node's <see cref="Relay.FrameRelay"/>, which finds where the entity lives (this node or another) and delivers
/// it through Akka.Cluster.Sharding. Devices are wired with these, so a device never knows where its peer runs:
/// the same <c>Tell</c> as in one process. <c>Ask</c> works too (the answer goes to the temporary sender). Once the
/// relay has found that the entity runs on this node, the ref tells its actor directly.
/// </summary>
internal sealed class EntityRef : MinimalActorRef
{
    private readonly IActorRef _relay;
    private readonly FabricEntities _entities;

    public EntityRef(string entityId, IActorRef relay, FabricEntities entities, ActorPath path, IActorRefProvider provider)
    {
        EntityId = entityId;
        _relay = relay;
        _entities = entities;
        Path = path;
        Provider = provider;
    }

    public string EntityId { get; }

    public override ActorPath Path { get; }

    public override IActorRefProvider Provider { get; }

    protected override void TellInternal(object message, IActorRef sender)
    {
        if (_entities.TryLocal(EntityId, out var local)) local.Tell(message, sender);
        else _relay.Tell(new EntityEnvelope(EntityId, message), sender);
    }

    public override string ToString() => $"[entity {EntityId}]";
}

/// <summary>A message for an entity, on its way from an <see cref="EntityRef"/> to the relay (never leaves the node).</summary>
internal sealed record EntityEnvelope(string EntityId, object Message);
