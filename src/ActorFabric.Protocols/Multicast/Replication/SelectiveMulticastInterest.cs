using System.Net;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Protocols.Multicast.Replication;

/// <summary>
/// The remote listeners of one bridge domain as signalled by SMET routes (type 6, RFC 9251 §9.1), per originating
/// VTEP, and the ingress-replication rule built on them (RFC 9251 §8): a multicast flow goes to every flood-list PE
/// that is not an IGMP/MLD proxy for the flow's family, and to the proxies whose SMET routes match the flow.
/// Broadcast, unknown unicast and link-local groups are never pruned. Target sets are cached per flow and rebuilt
/// only when the flood list or the SMET routes change, so the per-frame path does not allocate.
/// </summary>
public sealed class SelectiveMulticastInterest
{
    private readonly record struct Interest(UInt128 Source, UInt128 Group, bool IsIpv6, bool AnySource, bool AnyGroup, bool Exclude);

    private sealed class CachedTargets(long floodVersion, long interestVersion, FloodTarget[] targets)
    {
        public readonly long FloodVersion = floodVersion;
        public readonly long InterestVersion = interestVersion;
        public readonly FloodTarget[] Targets = targets;
    }

    /// <summary>Flows cached at most; beyond it the cache starts again (a cache miss only costs one rebuild).</summary>
    private const int MaxCachedFlows = 4096;

    private readonly Dictionary<EvpnRoute, (IPAddress Vtep, Interest Interest)> _routes = new(EvpnRouteKeyComparer.Instance);
    private readonly Dictionary<IPAddress, List<Interest>> _byVtep = [];
    private readonly Dictionary<MulticastFlow, CachedTargets> _cache = [];

    /// <summary>Incremented whenever a SMET route is added, changed or withdrawn.</summary>
    public long Version { get; private set; }
    public int RouteCount => _routes.Count;

    /// <summary>The imported SMET routes with the VTEP each came from (allocates; for show commands).</summary>
    public IReadOnlyList<(SelectiveMulticastRoute Route, IPAddress Vtep)> Routes()
    {
        var list = new List<(SelectiveMulticastRoute, IPAddress)>(_routes.Count);
        foreach (var (route, entry) in _routes) list.Add(((SelectiveMulticastRoute)route, entry.Vtep));
        return list;
    }

    /// <summary>
    /// A remote SMET route for this bridge domain was installed; <paramref name="originatorVtep"/> is the VTEP it
    /// stands for (its IR tunnel endpoint, as in the flood list). Returns whether anything changed.
    /// </summary>
    public bool Apply(SelectiveMulticastRoute route, IPAddress originatorVtep)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(originatorVtep);
        var interest = InterestOf(route);
        if (_routes.TryGetValue(route, out var known))
        {
            if (known.Vtep.Equals(originatorVtep) && known.Interest == interest) return false;
            Forget(known.Vtep, known.Interest);
        }
        _routes[route] = (originatorVtep, interest);
        if (!_byVtep.TryGetValue(originatorVtep, out var list)) _byVtep[originatorVtep] = list = [];
        list.Add(interest);
        Version++;
        return true;
    }

    public bool Withdraw(SelectiveMulticastRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        if (!_routes.Remove(route, out var known)) return false;
        Forget(known.Vtep, known.Interest);
        Version++;
        return true;
    }

    /// <summary>
    /// Whether the SMET routes of <paramref name="vtep"/> ask for <paramref name="flow"/> (RFC 9251 §9.1): (*,G)
    /// matches every source; (S,G) include only S; (S,G) with IE (exclude, meaningful only with v3) every source
    /// except S — several exclude routes for one G exclude all their sources together; (*,*) matches every group of
    /// its family (RFC 9251 §9.1.3).
    /// </summary>
    public bool IsInterested(IPAddress vtep, in MulticastFlow flow)
    {
        if (!_byVtep.TryGetValue(vtep, out var list)) return false;
        bool excludes = false, excluded = false;
        foreach (var i in list)
        {
            if (i.IsIpv6 != flow.IsIpv6) continue;
            if (i.AnyGroup) return true;
            if (i.Group != flow.Group) continue;
            if (i.AnySource) return true;
            if (i.Exclude)
            {
                excludes = true;
                if (flow.HasSource && i.Source == flow.Source) excluded = true;
            }
            else if (flow.HasSource && i.Source == flow.Source) return true;
        }
        return excludes && !excluded;
    }

    /// <summary>Whether a copy of <paramref name="flow"/> goes to <paramref name="member"/>: non-proxies get every flow (RFC 9251 §8).</summary>
    public bool Receives(FloodListMember member, in MulticastFlow flow) =>
        flow.IsLinkLocal || !member.IsProxyFor(flow.IsIpv6) || IsInterested(member.Vtep, flow);

    /// <summary>
    /// Ingress-replication copies of a multicast data frame of <paramref name="flow"/> from a local port: the IR
    /// members of the flood list (BM-pruned ones left out, RFC 9574 §4) that receive it, one per VTEP, sorted.
    /// </summary>
    public ReadOnlySpan<FloodTarget> IngressReplicationTargets(FloodList floodList, in MulticastFlow flow)
    {
        ArgumentNullException.ThrowIfNull(floodList);
        if (flow.IsLinkLocal) return floodList.IngressReplicationTargets(BumTrafficKind.Multicast);
        if (_cache.TryGetValue(flow, out var cached) && cached.FloodVersion == floodList.Version && cached.InterestVersion == Version)
            return cached.Targets;
        if (_cache.Count >= MaxCachedFlows) _cache.Clear();
        var list = new List<FloodTarget>();
        foreach (var m in floodList.Members)
        {
            if (!m.WantsIngressReplicated(BumTrafficKind.Multicast)) continue;
            if (list.Count > 0 && list[^1].Vtep.Equals(m.Vtep)) continue;
            if (Receives(m, flow)) list.Add(new FloodTarget(m.Vtep, m.Vni));
        }
        var targets = list.ToArray();
        _cache[flow] = new CachedTargets(floodList.Version, Version, targets);
        return targets;
    }

    private void Forget(IPAddress vtep, Interest interest)
    {
        var list = _byVtep[vtep];
        list.Remove(interest);
        if (list.Count == 0) _byVtep.Remove(vtep);
    }

    private static Interest InterestOf(SelectiveMulticastRoute route)
    {
        var group = MulticastFlow.Of(route.Source, route.Group);
        bool anyGroup = route.Group.Equals(IPAddress.Any) || route.Group.Equals(IPAddress.IPv6Any);
        // RFC 9251 §9.1: the IE bit is ignored unless the v3 bit is set.
        bool exclude = route.Source is not null
            && (route.Flags & MulticastRouteFlags.IgmpV3) != 0 && (route.Flags & MulticastRouteFlags.Exclude) != 0;
        return new Interest(group.Source, group.Group, group.IsIpv6, route.Source is null, anyGroup, exclude);
    }
}
