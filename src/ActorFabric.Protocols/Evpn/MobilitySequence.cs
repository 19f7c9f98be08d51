namespace ActorFabric.Protocols.Evpn;

/// <summary>
/// MAC Mobility sequence numbers compared as serial numbers so that wrap-around does not make an old
/// route look new (RFC 7432 §15; RFC 1982 style on 32 bits).
/// </summary>
public static class MobilitySequence
{
    public static bool IsNewer(uint candidate, uint than) => (int)(candidate - than) > 0;
    public static uint Max(uint a, uint b) => IsNewer(a, b) ? a : b;
}
