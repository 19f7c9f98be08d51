using ActorFabric.Protocols.Bridging;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Multicast.Snooping;

/// <summary>A parsed IGMP/MLD message seen on a local port, as <see cref="MembershipTranslator"/> produces it.</summary>
public abstract record SnoopingInput(PortId Port);

/// <summary>
/// One group record heard on <paramref name="Port"/>: an IGMPv3 or MLDv2 record as sent (both use the six record
/// types of RFC 3376 §4.2.12 / RFC 3810 §5.2.12), or the record equivalent of a v1/v2 report (IS_EX{}) or a
/// leave/Done (TO_IN{}), as RFC 3376 §7.3.2 and RFC 3810 §8.3.2 equate them.
/// </summary>
public sealed record MembershipRecord(PortId Port, MembershipVersion Version, Igmpv3RecordType Type, InetAddress Group, IReadOnlyList<InetAddress> Sources)
    : SnoopingInput(Port)
{
    public MembershipRecord(PortId port, MembershipVersion version, Igmpv3RecordType type, InetAddress group)
        : this(port, version, type, group, []) { }

    /// <summary>The v1/v2 report, or v3 EXCLUDE{} join, of <paramref name="group"/>.</summary>
    public static MembershipRecord Join(PortId port, InetAddress group, MembershipVersion version) =>
        new(port, version, version is MembershipVersion.IgmpV3 or MembershipVersion.MldV2 ? Igmpv3RecordType.ChangeToExclude : Igmpv3RecordType.ModeIsExclude, group);

    /// <summary>The v2 Leave / MLDv1 Done, or v3 TO_IN{}, of <paramref name="group"/>.</summary>
    public static MembershipRecord Leave(PortId port, InetAddress group, MembershipVersion version) =>
        new(port, version, Igmpv3RecordType.ChangeToInclude, group);
}

/// <summary>
/// A membership query heard on <paramref name="Port"/>: the port leads to a multicast router (RFC 4541 §2.1.1).
/// <paramref name="Group"/> null for a general query; <paramref name="Querier"/> is the IP source of the query.
/// </summary>
public sealed record QueryObservation(PortId Port, IpFamily Family, MembershipVersion Version, InetAddress Querier, InetAddress? Group, TimeSpan MaxResponseTime)
    : SnoopingInput(Port);
