using ActorFabric.Fabric.Runtime.Messages;

namespace ActorFabric.Cluster.Relay;

/// <summary>
/// Frames (and carrier changes) for entities on one other node, carried as one Akka.Remote message: the relay of
/// the sending node gathers them during a turn of its mailbox, the receiving relay hands each to its shard region.
/// </summary>
internal sealed record FrameBatch(string[] Entities, IWireMessage[] Messages)
{
    public int Count => Entities.Length;
}
