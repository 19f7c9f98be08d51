using System.Net;

namespace ActorFabric.Protocols.Multicast.Replication;

/// <summary>
/// The operational mode or the VNI's chosen replicator of a bridge domain changed (a replicator activated, was
/// withdrawn, or the fallback conditions changed). Polled from <see cref="AssistedReplication.TryPollEvent"/>.
/// </summary>
public readonly record struct AssistedReplicationChanged(
    uint Vni,
    AssistedReplicationOperationalMode PreviousMode,
    AssistedReplicationOperationalMode Mode,
    IPAddress? PreviousReplicator,
    IPAddress? Replicator,
    TimeSpan At);
