using ActorFabric.Wire.Hashing;

namespace ActorFabric.Protocols.Underlay;

/// <summary>
/// Picks one member of an ECMP set for a flow. Deterministic: the same flow hash, seed and
/// member set give the same choice on every run and every machine (no string or HashCode hashing).
/// </summary>
public static class EcmpNextHopSelector
{
    /// <summary>
    /// Chooses among <paramref name="members"/> (sorted, as in <see cref="UnderlayRoute.NextHops"/>).
    /// <paramref name="flowHash"/> is typically the VXLAN outer UDP source port, itself a hash of the
    /// inner flow (RFC 7348 §5). <paramref name="seed"/> is per router, so successive tiers do not all
    /// make the same choice (hash polarisation); use e.g. the router id.
    /// </summary>
    public static int SelectIndex(int memberCount, uint flowHash, uint seed = 0)
    {
        if (memberCount <= 0) throw new ArgumentOutOfRangeException(nameof(memberCount));
        if (memberCount == 1) return 0;
        return (int)(HashMixer.Mix(flowHash ^ seed) % (uint)memberCount);
    }

    public static UnderlayNextHop Select(ReadOnlySpan<UnderlayNextHop> members, uint flowHash, uint seed = 0) =>
        members[SelectIndex(members.Length, flowHash, seed)];

    /// <summary>Longest-match <paramref name="destination"/> in <paramref name="table"/> and pick the flow's next hop.</summary>
    public static UnderlayForwardingDecision Decide(UnderlayRouteTable table, uint destination, uint flowHash, uint seed = 0)
    {
        if (!table.TryLookup(destination, out var route)) return new UnderlayForwardingDecision(UnderlayForwardingKind.NoRoute, default);
        if (route.IsLocal) return new UnderlayForwardingDecision(UnderlayForwardingKind.Local, default);
        if (route.NextHopCount == 0) return new UnderlayForwardingDecision(UnderlayForwardingKind.NoRoute, default);
        return new UnderlayForwardingDecision(UnderlayForwardingKind.Forward, Select(route.NextHops, flowHash, seed));
    }
}
