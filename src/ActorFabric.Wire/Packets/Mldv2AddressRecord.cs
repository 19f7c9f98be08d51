namespace ActorFabric.Wire.Packets;

/// <summary>
/// One multicast address record of an MLDv2 report to write (RFC 3810 §5.2.4). The six record types
/// have the same values as IGMPv3's (§5.2.12), so <see cref="Igmpv3RecordType"/> serves both. "Join G"
/// is CHANGE_TO_EXCLUDE with no sources, "leave G" CHANGE_TO_INCLUDE with no sources (§6.1).
/// </summary>
public readonly record struct Mldv2AddressRecord(Igmpv3RecordType Type, Ipv6Address Group, ReadOnlyMemory<Ipv6Address> Sources = default)
{
    public const int HeaderLength = 20;

    public int Length => HeaderLength + Ipv6Address.Length * Sources.Length;

    public static Mldv2AddressRecord Join(Ipv6Address group) => new(Igmpv3RecordType.ChangeToExclude, group);

    public static Mldv2AddressRecord Leave(Ipv6Address group) => new(Igmpv3RecordType.ChangeToInclude, group);
}
