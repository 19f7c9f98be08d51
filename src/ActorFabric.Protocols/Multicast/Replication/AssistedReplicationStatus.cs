using System.Net;

namespace ActorFabric.Protocols.Multicast.Replication;

/// <summary>
/// Operational AR state of one bridge domain for `show evpn multicast-snooping assisted-replication replicators`:
/// role, operational mode, replicators, the replicator chosen for the VNI (broadcast and by-VNI multicast) and
/// the deterministic policies.
/// </summary>
public sealed record AssistedReplicationStatus(
    AssistedReplicationRole Role,
    uint Vni,
    AssistedReplicationOperationalMode Mode,
    IPAddress? ReplicatorIp,
    IReadOnlyList<ReplicatorStatus> Replicators,
    IPAddress? ChosenReplicator,
    IReadOnlyList<DeterministicPolicyStatus> Policies)
{
    public string ModeText => Mode.ToDisplayString();
}
