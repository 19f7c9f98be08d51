namespace ActorFabric.Wire.Packets;

/// <summary>
/// One group record of an IGMPv3 report to write (RFC 3376 §4.2.4). "Join G" is
/// <see cref="Igmpv3RecordType.ChangeToExclude"/> with no sources; "leave G" is
/// <see cref="Igmpv3RecordType.ChangeToInclude"/> with no sources.
/// </summary>
public readonly record struct Igmpv3GroupRecord(Igmpv3RecordType Type, Ipv4Address Group, ReadOnlyMemory<Ipv4Address> Sources = default)
{
    public int Length => 8 + 4 * Sources.Length;

    public static Igmpv3GroupRecord Join(Ipv4Address group) => new(Igmpv3RecordType.ChangeToExclude, group);

    public static Igmpv3GroupRecord Leave(Ipv4Address group) => new(Igmpv3RecordType.ChangeToInclude, group);
}
