namespace ActorFabric.Protocols.Multicast.Replication;

/// <summary>What AR is doing for one bridge domain right now, as the Junos "Operational Mode" line shows it.</summary>
public enum AssistedReplicationOperationalMode : byte
{
    /// <summary>No AR role: plain ingress replication.</summary>
    IngressReplication,
    ExtendedAr,
    RegularAr,
    /// <summary>An AR leaf that sees no active replicator falls back to ingress replication (RFC 9574 §5.2).</summary>
    NoReplicatorsIngressReplication,
    /// <summary>An extended-mode AR leaf that shares an Ethernet segment with a replicator cannot use AR.</summary>
    MisconfigurationIngressReplication,
}

public static class AssistedReplicationOperationalModeText
{
    public static string ToDisplayString(this AssistedReplicationOperationalMode mode) => mode switch
    {
        AssistedReplicationOperationalMode.ExtendedAr => "Extended AR",
        AssistedReplicationOperationalMode.RegularAr => "Regular AR",
        AssistedReplicationOperationalMode.NoReplicatorsIngressReplication => "No replicators/Ingress Replication",
        AssistedReplicationOperationalMode.MisconfigurationIngressReplication => "Misconfiguration/Ingress Replication",
        _ => "Ingress Replication",
    };
}
