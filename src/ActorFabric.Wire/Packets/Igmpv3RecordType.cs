namespace ActorFabric.Wire.Packets;

/// <summary>IGMPv3 group record types (RFC 3376 §4.2.12).</summary>
public enum Igmpv3RecordType : byte
{
    ModeIsInclude = 1,
    ModeIsExclude = 2,
    ChangeToInclude = 3,
    ChangeToExclude = 4,
    AllowNewSources = 5,
    BlockOldSources = 6,
}
