namespace ActorFabric.Protocols.Multicast.Replication;

/// <summary>
/// Default choice of one replicator among the active ones (Junos document, "AR Leaf Device Load Balancing"):
/// by VNI (QFX5000 line: one replicator per VNI) or by multicast group (QFX10000 line: flow level). The hash is
/// <see cref="ReplicatorHash"/>; the index is hash mod the number of active replicators sorted by AR IP.
/// </summary>
public enum ReplicatorLoadBalancing : byte
{
    ByVni,
    ByGroup,
}
