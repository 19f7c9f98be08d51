namespace ActorFabric.Fabric.Topology;

/// <summary>
/// IGMP / MLD snooping of the fabric (the optional <c>multicast:</c> block; docs/topology.md § multicast). Without the
/// block every VLAN floods multicast like any BUM frame and <see cref="Snooping"/> is false. The timers are the
/// querier's (RFC 3376 §8 for IGMP, RFC 3810 §9 for MLD, same defaults); the derived intervals follow those sections.
/// </summary>
public sealed record MulticastSettings
{
    public static readonly MulticastSettings Default = new();

    /// <summary>
    /// Snooping on every VLAN of the VTEPs that do not say otherwise (<see cref="FabricNode.Snooping"/> is the effective
    /// value per node). With snooping a leaf also originates SMET routes (RFC 9251 types 6/7/8), as Junos enables SMET
    /// with IGMP snooping.
    /// </summary>
    public bool Snooping { get; init; }

    /// <summary>Snooping leaves send general queries themselves (there is no multicast router on the VLANs).</summary>
    public bool Querier { get; init; } = true;

    /// <summary>Interval between general queries (RFC 3376 §8.2, default 125 s).</summary>
    public TimeSpan QueryInterval { get; init; } = TimeSpan.FromSeconds(125);

    /// <summary>Max Resp Time of general queries (RFC 3376 §8.3, default 10 s); shorter than <see cref="QueryInterval"/> (RFC 2236 §8.3).</summary>
    public TimeSpan QueryResponseInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Tolerated losses + 1 (RFC 3376 §8.1, default 2; RFC 2236 §8.1: never zero).</summary>
    public int Robustness { get; init; } = 2;

    /// <summary>Max Resp Time of group-specific queries after a leave (RFC 3376 §8.8, default 1 s).</summary>
    public TimeSpan LastMemberQueryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Robustness × query interval + query response interval (RFC 3376 §8.4): 260 s by default.</summary>
    public TimeSpan GroupMembershipInterval => QueryInterval * Robustness + QueryResponseInterval;

    /// <summary>Robustness × query interval + half the query response interval (RFC 3376 §8.5).</summary>
    public TimeSpan OtherQuerierPresentInterval => QueryInterval * Robustness + QueryResponseInterval / 2;

    /// <summary>A quarter of the query interval (RFC 3376 §8.6).</summary>
    public TimeSpan StartupQueryInterval => QueryInterval / 4;

    /// <summary>The robustness (RFC 3376 §8.7).</summary>
    public int StartupQueryCount => Robustness;

    /// <summary>The robustness (RFC 3376 §8.9).</summary>
    public int LastMemberQueryCount => Robustness;

    /// <summary>Last member query interval × count (RFC 3376 §8.10): 2 s by default.</summary>
    public TimeSpan LastMemberQueryTime => LastMemberQueryInterval * LastMemberQueryCount;
}
