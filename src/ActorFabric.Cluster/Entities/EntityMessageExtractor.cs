using Akka.Cluster.Sharding;

namespace ActorFabric.Cluster.Entities;

/// <summary>
/// How Akka.Cluster.Sharding places our messages: every message travels in a <see cref="ShardingEnvelope"/>, which
/// Akka unwraps itself (it also serializes it, with the message inside in its own serializer); an entity's shard is
/// the placement's group for it (a leaf with its hosts, a pod, a reflector alone).
/// </summary>
internal sealed class EntityMessageExtractor(FabricEntities entities) : IMessageExtractor
{
    // Only envelopes and StartEntity are ever sent to the region; Akka reads both without us.
    public string? EntityId(object message) => null;

    public object? EntityMessage(object message) => message;

    public string? ShardId(object message) => null;

    public string ShardId(string entityId, object? messageHint = null) => entities.ShardOf(entityId);
}
