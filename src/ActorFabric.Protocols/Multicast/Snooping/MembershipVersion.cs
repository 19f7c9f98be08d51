namespace ActorFabric.Protocols.Multicast.Snooping;

/// <summary>The protocol version a report or query was sent with (RFC 1112, 2236, 3376; RFC 2710, 3810).</summary>
public enum MembershipVersion : byte
{
    IgmpV1,
    IgmpV2,
    IgmpV3,
    MldV1,
    MldV2,
}
