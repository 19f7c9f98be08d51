namespace ActorFabric.Wire.Packets;

/// <summary>
/// ICMPv6 types used by MLD: Query 130, v1 Report 131, v1 Done 132 (RFC 2710 §3) and v2 Report
/// 143 (RFC 3810 §5). A v1 and a v2 query share type 130 and are told apart by length (RFC 3810 §8.1).
/// </summary>
public enum MldType : byte
{
    Query = 130,
    V1Report = 131,
    V1Done = 132,
    V2Report = 143,
}
