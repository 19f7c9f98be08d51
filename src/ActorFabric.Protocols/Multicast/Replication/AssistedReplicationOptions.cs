using System.Net;

namespace ActorFabric.Protocols.Multicast.Replication;

/// <summary>
/// AR configuration of one VTEP. Defaults follow the Junos document; the RFC 9574 behaviour is a setting where
/// the two differ: <see cref="AssistUnknownUnicast"/> (document: AR carries all BUM; RFC 9574 §5: unknown unicast
/// keeps ingress replication), <see cref="ReplicatorIrRole"/> (role bits on a replicator's IR route) and
/// <see cref="Mode"/> (extended vs regular AR: the replicator's outer source IP and who serves multihoming peers).
/// </summary>
public sealed record AssistedReplicationOptions
{
    public static readonly AssistedReplicationOptions Disabled = new();

    public AssistedReplicationRole Role { get; init; } = AssistedReplicationRole.None;
    /// <summary>The replicator's AR IP (a second loopback address; must differ from its IR IP, RFC 9574 §4).</summary>
    public IPAddress? ReplicatorIp { get; init; }
    public AssistedReplicationMode Mode { get; init; } = AssistedReplicationMode.Extended;
    public ReplicatorLoadBalancing LoadBalancing { get; init; } = ReplicatorLoadBalancing.ByVni;
    /// <summary>A newly seen replicator is used only after this delay (RFC 9574 §5.2, default 3 s).</summary>
    public TimeSpan ActivationDelay { get; init; } = TimeSpan.FromSeconds(3);
    public IReadOnlyList<DeterministicReplicatorPolicy> Policies { get; init; } = [];
    public bool AssistUnknownUnicast { get; init; } = true;
    public ReplicatorIrRouteRole ReplicatorIrRole { get; init; } = ReplicatorIrRouteRole.Replicator;

    /// <summary>RFC 9574 behaviour for the three points where the document differs.</summary>
    public AssistedReplicationOptions WithRfc9574Behaviour() => this with
    {
        AssistUnknownUnicast = false,
        ReplicatorIrRole = ReplicatorIrRouteRole.RegularNve,
        Mode = AssistedReplicationMode.Regular,
    };
}
