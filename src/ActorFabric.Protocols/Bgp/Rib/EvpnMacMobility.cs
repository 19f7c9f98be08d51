using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Bgp.Rib;

/// <summary>
/// MAC Mobility precedence between type-2 routes for the same MAC that have different route keys (different
/// RDs, i.e. different PEs), RFC 7432 §15 / multihoming.md §7. BGP best path still runs per key; this decides
/// which of the per-key winners an EVPN instance installs. Order: sticky (static) beats non-sticky
/// (§15.2); then the higher sequence number in serial-number arithmetic (wrap-around, RFC 1982 §3.2); a route
/// without the MAC Mobility community counts as sequence 0; equal sequence: the lower next-hop (PE) address.
/// </summary>
public static class EvpnMacMobility
{
    /// <summary>The MAC Mobility sequence and sticky flag of an attribute set (0, false when absent).</summary>
    public static (uint Sequence, bool Sticky) Read(PathAttributes attributes)
    {
        foreach (var c in attributes.ExtendedCommunities)
            if (c.IsMacMobility) return (c.MacMobilitySequence, c.MacMobilitySticky);
        return (0, false);
    }

    /// <summary>Serial-number "a is newer than b" (RFC 1982 §3.2 with 32-bit arithmetic).</summary>
    public static bool IsNewer(uint a, uint b) => a != b && (int)(a - b) > 0;

    /// <summary>Negative when <paramref name="a"/> takes precedence for the MAC.</summary>
    public static int Compare(BgpPath a, BgpPath b)
    {
        var (sa, ka) = Read(a.Attributes);
        var (sb, kb) = Read(b.Attributes);
        if (ka != kb) return ka ? -1 : 1;
        if (sa != sb) return IsNewer(sa, sb) ? -1 : 1;
        return BestPathSelector.CompareAddresses(a.NextHop, b.NextHop);
    }

    /// <summary>The path that wins for a MAC among candidates (null for none).</summary>
    public static BgpPath? SelectWinner(IEnumerable<BgpPath> candidates)
    {
        BgpPath? best = null;
        foreach (var p in candidates)
            if (best is null || Compare(p, best) < 0) best = p;
        return best;
    }
}

/// <summary>
/// An index over Loc-RIB best paths of type-2 routes by (Ethernet tag, MAC), answering "which PE owns this MAC
/// now" per <see cref="EvpnMacMobility"/>. Feed it every <see cref="LocRibChange"/> (the speaker does when
/// asked); an EVPN instance applies its own RT import filter to the candidates it reads.
/// </summary>
public sealed class EvpnMacResolver
{
    private readonly Dictionary<(uint Tag, ulong Mac), List<BgpPath>> _byMac = new();

    public void Apply(LocRibChange change)
    {
        if (change.OldBest?.Route is MacIpAdvertisementRoute oldRoute && _byMac.TryGetValue((oldRoute.EthernetTag, oldRoute.Mac.Value), out var list))
        {
            list.Remove(change.OldBest);
            if (list.Count == 0) _byMac.Remove((oldRoute.EthernetTag, oldRoute.Mac.Value));
        }
        if (change.NewBest?.Route is MacIpAdvertisementRoute newRoute)
        {
            var key = (newRoute.EthernetTag, newRoute.Mac.Value);
            if (!_byMac.TryGetValue(key, out list)) _byMac[key] = list = [];
            list.Add(change.NewBest);
        }
    }

    /// <summary>All current best type-2 paths for a MAC (MAC-only and MAC+IP, every RD).</summary>
    public IReadOnlyList<BgpPath> Candidates(MacAddress mac, uint ethernetTag = 0) =>
        _byMac.TryGetValue((ethernetTag, mac.Value), out var list) ? list : [];

    public BgpPath? Resolve(MacAddress mac, uint ethernetTag = 0) => EvpnMacMobility.SelectWinner(Candidates(mac, ethernetTag));
}
