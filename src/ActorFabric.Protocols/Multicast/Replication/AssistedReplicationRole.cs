namespace ActorFabric.Protocols.Multicast.Replication;

/// <summary>The AR role of a VTEP in a bridge domain (RFC 9574 §3): regular NVE (no AR), AR-LEAF or AR-REPLICATOR.</summary>
public enum AssistedReplicationRole : byte
{
    None,
    Leaf,
    Replicator,
}
