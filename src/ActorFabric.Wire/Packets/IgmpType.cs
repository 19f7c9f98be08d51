namespace ActorFabric.Wire.Packets;

/// <summary>IGMP message types (RFC 2236 §2.1, RFC 3376 §4).</summary>
public enum IgmpType : byte
{
    MembershipQuery = 0x11,
    V1MembershipReport = 0x12,
    V2MembershipReport = 0x16,
    LeaveGroup = 0x17,
    V3MembershipReport = 0x22,
}
