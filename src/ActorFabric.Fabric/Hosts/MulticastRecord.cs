using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.Hosts;

/// <summary>
/// One IGMPv3 group record or MLDv2 address record a host is about to send, family-neutral (RFC 3376 §4.2.4,
/// RFC 3810 §5.2.4; both use the same six record types).
/// </summary>
internal readonly record struct MulticastRecord(Igmpv3RecordType Type, HostAddress Group, HostAddress[] Sources)
{
    /// <summary>
    /// The records announcing a change of filter from <paramref name="oldSources"/> to <paramref name="newSources"/>
    /// (null = EXCLUDE{}, any source; empty = INCLUDE{}, not a member), RFC 3376 §5.1 / RFC 3810 §6.1:
    /// INCLUDE(A) → INCLUDE(B): ALLOW(B−A), BLOCK(A−B); INCLUDE(A) → EXCLUDE{}: TO_EX{}; EXCLUDE{} → INCLUDE(B): TO_IN(B).
    /// </summary>
    public static MulticastRecord[] StateChange(HostAddress group, HostAddress[]? oldSources, HostAddress[]? newSources)
    {
        if (oldSources is null && newSources is null) return [];
        if (newSources is null) return [new(Igmpv3RecordType.ChangeToExclude, group, [])];
        if (oldSources is null) return [new(Igmpv3RecordType.ChangeToInclude, group, newSources)];
        var allow = newSources.Except(oldSources).ToArray();
        var block = oldSources.Except(newSources).ToArray();
        var records = new List<MulticastRecord>(2);
        if (allow.Length > 0) records.Add(new(Igmpv3RecordType.AllowNewSources, group, allow));
        if (block.Length > 0) records.Add(new(Igmpv3RecordType.BlockOldSources, group, block));
        return [.. records];
    }

    /// <summary>The current-state record of a membership, as a query answer carries it (RFC 3376 §5.2, RFC 3810 §6.2).</summary>
    public static MulticastRecord CurrentState(MulticastMembership membership) =>
        membership.IsSourceSpecific
            ? new(Igmpv3RecordType.ModeIsInclude, membership.Group, [.. membership.Sources])
            : new(Igmpv3RecordType.ModeIsExclude, membership.Group, []);

    public int Length => Group.IsIpv6 ? Mldv2AddressRecord.HeaderLength + Ipv6Address.Length * Sources.Length : 8 + Ipv4Address.Length * Sources.Length;

    public Igmpv3GroupRecord ToIgmp() => new(Type, Group.Ipv4, Array.ConvertAll(Sources, static s => s.Ipv4));

    public Mldv2AddressRecord ToMld() => new(Type, Group.Ipv6, Array.ConvertAll(Sources, static s => s.Ipv6));
}
