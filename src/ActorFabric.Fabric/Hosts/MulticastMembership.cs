using ActorFabric.Protocols.Timing;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.Hosts;

/// <summary>
/// A host's membership of one group: the protocol it reports with, the sources it asked for (none = any source,
/// i.e. EXCLUDE{}; some = INCLUDE{sources}, v3/MLDv2 only), and the timers of its pending reports. Owned by an
/// <see cref="EmulatedHost"/>; readers get a snapshot through <see cref="EmulatedHost.Memberships"/>.
/// </summary>
public sealed class MulticastMembership
{
    internal MulticastMembership(HostAddress group, MulticastProtocol protocol, HostAddress[] sources, TimeSpan joinedAt)
    {
        Group = group;
        Protocol = protocol;
        Sources = sources;
        JoinedAt = joinedAt;
    }

    public HostAddress Group { get; }
    public MulticastProtocol Protocol { get; }
    /// <summary>Empty: any source (EXCLUDE{}); otherwise the INCLUDE list.</summary>
    public IReadOnlyList<HostAddress> Sources { get; }
    public TimeSpan JoinedAt { get; }
    /// <summary>Reports (unsolicited and answers to queries) and leave messages sent for this group.</summary>
    public long MessagesSent { get; internal set; }
    public long QueriesAnswered { get; internal set; }
    /// <summary>Left: only the leave's retransmissions remain; data for the group is unsolicited again.</summary>
    public bool IsLeaving { get; internal set; }

    public bool IsSourceSpecific => Sources.Count > 0;

    // State-change retransmissions still to send (join or leave) and when the next one is due.
    internal int RetransmitsLeft;
    internal TimeSpan NextRetransmitAt;
    // When the answer to a group-specific (or, for v2/MLDv1, general) query is due.
    internal TimeSpan? ResponseAt;
    // The v3/MLDv2 change records a join or leave announces, repeated by each retransmission.
    internal MulticastRecord[] PendingChange = [];

    internal TimeSpan? NextDeadline => Deadline.Earliest(RetransmitsLeft > 0 ? NextRetransmitAt : null, ResponseAt);

    /// <summary>Accepts data from <paramref name="source"/> (RFC 3376 §3.2 / RFC 3810 §4.2 filter modes).</summary>
    internal bool Accepts(HostAddress source)
    {
        if (IsLeaving) return false;
        if (Sources.Count == 0) return true;
        foreach (var s in Sources) if (s == source) return true;
        return false;
    }

    /// <summary>
    /// The protocol for <paramref name="group"/> at <paramref name="version"/> (IPv4: 2 or 3, default 3; IPv6: 1 or 2,
    /// default 2 — the defaults of a Linux host), or an <see cref="ArgumentException"/> explaining what is wrong.
    /// </summary>
    public static MulticastProtocol Resolve(HostAddress group, int? version, IReadOnlyCollection<HostAddress> sources)
    {
        // Messages without a parameter name: they reach CLI users as they are.
        if (!group.IsMulticast) throw new ArgumentException($"{group} is not a multicast group address");
        // The all-systems / all-nodes group is never reported (RFC 2236 §6, RFC 3376 §5, RFC 3810 §6).
        if (group == Ipv4Address.AllSystems || group == MldAddresses.AllNodes)
            throw new ArgumentException($"{group} is joined by every host and never reported");
        foreach (var source in sources)
            if (source.IsIpv6 != group.IsIpv6 || source.IsMulticast || source.IsUnspecified)
                throw new ArgumentException($"source {source} is not a unicast address of the group's family");
        var protocol = (group.IsIpv6, version) switch
        {
            (false, null or 3) => MulticastProtocol.Igmpv3,
            (false, 2) => MulticastProtocol.Igmpv2,
            (true, null or 2) => MulticastProtocol.Mldv2,
            (true, 1) => MulticastProtocol.Mldv1,
            (false, _) => throw new ArgumentException($"IGMP version {version} is not supported for {group} (2 or 3)"),
            (true, _) => throw new ArgumentException($"MLD version {version} is not supported for {group} (1 or 2)"),
        };
        if (sources.Count > 0 && protocol is MulticastProtocol.Igmpv2 or MulticastProtocol.Mldv1)
            throw new ArgumentException($"{(protocol == MulticastProtocol.Igmpv2 ? "IGMPv2" : "MLDv1")} cannot name sources: source-specific joins need IGMPv3 or MLDv2");
        return protocol;
    }
}
