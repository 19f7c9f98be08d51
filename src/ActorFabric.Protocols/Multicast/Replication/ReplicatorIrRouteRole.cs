namespace ActorFabric.Protocols.Multicast.Replication;

/// <summary>
/// The AR role bits a replicator puts on its own Regular-IR type-3 route. The Junos document advertises
/// AR-REPLICATOR (T=01) there; RFC 9574 §4 has the replicator's IR route look like a regular NVE's (T=00).
/// </summary>
public enum ReplicatorIrRouteRole : byte
{
    Replicator,
    RegularNve,
}
