namespace ActorFabric.Protocols.Multicast.Snooping;

/// <summary>
/// The six group record types, numbered alike in IGMPv3 (RFC 3376 §4.2.12) and MLDv2 (RFC 3810 §5.2.12).
/// IGMPv1/v2 and MLDv1 reports are fed as <see cref="ModeIsExclude"/> with no sources, leaves and Dones as
/// <see cref="ChangeToInclude"/> with no sources (the equivalences RFC 3376 §7.3.2 and RFC 3810 §8.3.2 use).
/// </summary>
public enum MembershipRecordType : byte
{
    ModeIsInclude = 1,
    ModeIsExclude = 2,
    ChangeToInclude = 3,
    ChangeToExclude = 4,
    AllowNewSources = 5,
    BlockOldSources = 6,
}
