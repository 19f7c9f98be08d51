namespace ActorFabric.Protocols.Multicast.Replication;

/// <summary>
/// How AR treats multihoming, and so which outer source IP a replicator puts on its copies.
/// Extended (the Junos document's only mode, draft-ietf-bess-extended-evpn-optimized-ir): the replicator sends with
/// its own IR IP, skips the ingress leaf's multihoming peers, and the leaf replicates to those peers itself.
/// Regular (RFC 9574 §8): the replicator keeps the ingress leaf's IP as outer source, sends to the peers too, and
/// they apply local bias / split horizon against that leaf as for its own copies.
/// </summary>
public enum AssistedReplicationMode : byte
{
    Extended,
    Regular,
}
