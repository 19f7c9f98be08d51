namespace ActorFabric.Protocols.Multicast.Snooping;

/// <summary>
/// Configuration of <see cref="MulticastSnooping"/> for one bridge domain. Timer defaults are the RFC ones
/// (RFC 3376 §8.1–§8.8, RFC 2236 §8, RFC 3810 §9): robustness 2, query interval 125 s, query response
/// interval 10 s, last member query interval 1 s, last member query count = robustness.
/// </summary>
public sealed record SnoopingOptions
{
    /// <summary>Off: the machine keeps no state and every lookup answers "flood to all ports".</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The switch sends general queries itself (a snooping querier) with these source addresses.</summary>
    public bool Querier { get; init; }
    public InetAddress? QuerierAddressV4 { get; init; }
    public InetAddress? QuerierAddressV6 { get; init; }

    /// <summary>Version of the general queries the querier sends.</summary>
    public MembershipVersion IgmpQueryVersion { get; init; } = MembershipVersion.IgmpV3;
    public MembershipVersion MldQueryVersion { get; init; } = MembershipVersion.MldV2;

    /// <summary>Remove a port at its leave without the last-member queries (off by default, RFC 4541 §2.1.1 allows it only with one host per port).</summary>
    public bool ImmediateLeave { get; init; }

    public int Robustness { get; init; } = 2;
    public TimeSpan QueryInterval { get; init; } = TimeSpan.FromSeconds(125);
    public TimeSpan QueryResponseInterval { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan LastMemberQueryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Null means <see cref="Robustness"/> (RFC 3376 §8.8).</summary>
    public int? LastMemberQueryCountOverride { get; init; }

    public int LastMemberQueryCount => LastMemberQueryCountOverride ?? Robustness;

    /// <summary>RFC 3376 §8.4: robustness × query interval + query response interval (260 s by default).</summary>
    public TimeSpan GroupMembershipInterval => Robustness * QueryInterval + QueryResponseInterval;

    /// <summary>RFC 3376 §8.5: robustness × query interval + half the query response interval (255 s by default).</summary>
    public TimeSpan OtherQuerierPresentInterval => Robustness * QueryInterval + QueryResponseInterval / 2;

    /// <summary>RFC 3376 §8.6: a quarter of the query interval.</summary>
    public TimeSpan StartupQueryInterval => QueryInterval / 4;

    /// <summary>RFC 3376 §8.7: robustness.</summary>
    public int StartupQueryCount => Robustness;

    /// <summary>RFC 3376 §8.9: last member query count × interval (2 s by default).</summary>
    public TimeSpan LastMemberQueryTime => LastMemberQueryCount * LastMemberQueryInterval;

    public void Validate()
    {
        if (Robustness < 1) throw new ArgumentOutOfRangeException(nameof(Robustness), "robustness must be at least 1 (RFC 3376 §8.1 forbids 0)");
        if (QueryInterval <= TimeSpan.Zero || LastMemberQueryInterval <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(QueryInterval), "query intervals must be positive");
        if (QueryResponseInterval >= QueryInterval)
            throw new ArgumentOutOfRangeException(nameof(QueryResponseInterval), "the query response interval must be less than the query interval (RFC 3376 §8.3)");
        if (LastMemberQueryCount < 1) throw new ArgumentOutOfRangeException(nameof(LastMemberQueryCountOverride));
    }
}
