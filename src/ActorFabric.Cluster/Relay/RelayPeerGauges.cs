namespace ActorFabric.Cluster.Relay;

/// <summary>
/// Frames and bytes a node's relay has sent to one other node, in batches; written by the relay alone after each
/// batch, read by /metrics scrapes. Kept across an outbox's life so the counters never go down.
/// </summary>
internal sealed class RelayPeerGauges
{
    public long Frames;
    public long Bytes;
}
