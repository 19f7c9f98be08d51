using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.Hosts;

/// <summary>Configuration of one <see cref="EmulatedHost"/>.</summary>
public sealed record EmulatedHostOptions
{
    public required string Name { get; init; }
    public required MacAddress Mac { get; init; }
    public required Ipv4Address Address { get; init; }
    /// <summary>Length of the on-link prefix: other destinations go through <see cref="Gateway"/>.</summary>
    public int PrefixLength { get; init; } = 24;
    /// <summary>Default gateway; null = on-link destinations only.</summary>
    public Ipv4Address? Gateway { get; init; }
    /// <summary>The host's global IPv6 address (null: IPv4 only); ND answers for it, pings can use it.</summary>
    public Ipv6Address? Address6 { get; init; }
    /// <summary>Length of the IPv6 on-link prefix (RFC 4861 §5.2: other destinations go to <see cref="Gateway6"/>).</summary>
    public int PrefixLength6 { get; init; } = 64;
    /// <summary>Default IPv6 router (the VLAN's anycast gateway when routed); null = on-link destinations only.</summary>
    public Ipv6Address? Gateway6 { get; init; }
    /// <summary>802.1Q VID the host tags its frames with (a VLAN sub-interface); null = untagged.</summary>
    public ushort? VlanTag { get; init; }
    /// <summary>ARP request retry interval while resolving.</summary>
    public TimeSpan ArpRetryInterval { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Requests sent before giving up on an address (then the queued packets are dropped).</summary>
    public int ArpAttempts { get; init; } = 3;
    /// <summary>Packets queued per unresolved next hop; more are dropped (Linux keeps a few, unres_qlen).</summary>
    public int MaxQueuedPerNextHop { get; init; } = 64;
    /// <summary>Default wait for an echo reply.</summary>
    public TimeSpan PingTimeout { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>
    /// Robustness Variable: a join or v3 leave goes out this many times in all (RFC 3376 §8.1 and RFC 3810 §9.1
    /// default 2; RFC 2236 §3 "repeat once or twice").
    /// </summary>
    public int MulticastRobustness { get; init; } = 2;
    /// <summary>
    /// Gap between those repetitions: 1 s, the IGMPv3/MLDv2 Unsolicited Report Interval (RFC 3376 §8.11, RFC 3810 §9.11),
    /// used for IGMPv2/MLDv1 too (their RFCs say 10 s, RFC 2236 §8.10 / RFC 2710 §7.10). Sent at this fixed interval, not
    /// at a random time within it, so runs repeat.
    /// </summary>
    public TimeSpan UnsolicitedReportInterval { get; init; } = TimeSpan.FromSeconds(1);
}
