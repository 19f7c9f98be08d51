using System.Net;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Protocols.Bridging;

/// <summary>
/// The remote VTEPs of one bridge domain as announced by their type-3 routes (RFC 7432 §11; RFC 8365 §9).
/// It holds every member, whatever its PMSI tunnel type, and leaves the choice of copies to an
/// <see cref="IBumReplication"/> policy. The ingress-replication target sets are cached per BUM kind,
/// sorted by VTEP address and rebuilt only when membership changes, so the per-frame path never allocates.
/// </summary>
public sealed class FloodList
{
    private readonly Dictionary<EvpnRoute, FloodListMember> _members = new(EvpnRouteKeyComparer.Instance);
    private FloodListMember[] _ordered = [];
    private FloodTarget[] _broadcastTargets = [];
    private FloodTarget[] _unknownUnicastTargets = [];
    private bool _dirty;
    private int _ingressReplicationCount;

    /// <summary>Incremented on every membership change; policies that cache derived sets compare it.</summary>
    public long Version { get; private set; }
    public int Count => _members.Count;

    /// <summary>Members that are ingress-replication endpoints (type-3 routes with PMSI type 6): one per remote VTEP of the domain; a replicator's AR route is not one.</summary>
    /// <remarks>
    /// Kept as members come and go: the switch reads it after every batch of type-3 routes to tell whether its flood
    /// lists are complete, and counting through <see cref="Members"/> would rebuild the ordered arrays each time
    /// (~130,000 rebuilds while bench-256 converges, where forwarding needs them only once the lists settle).
    /// </remarks>
    public int IngressReplicationCount => _ingressReplicationCount;

    /// <summary>Members ordered by (VTEP address, route key hash) — stable across processes.</summary>
    public ReadOnlySpan<FloodListMember> Members { get { Rebuild(); return _ordered; } }

    /// <summary>
    /// Adds or replaces the member announced by <paramref name="route"/>; returns true when something changed.
    /// <paramref name="multicastFlags"/> is the value of the route's Multicast Flags EC, null when it carries none.
    /// </summary>
    public bool Upsert(InclusiveMulticastRoute route, IPAddress nextHop, PmsiTunnel? pmsi, ushort? multicastFlags = null)
    {
        var member = new FloodListMember(route, nextHop, pmsi, multicastFlags);
        bool had = _members.TryGetValue(route, out var existing);
        if (had && existing!.Equals(member)) return false;
        _members[route] = member;
        _ingressReplicationCount += (member.IsIngressReplication ? 1 : 0) - (had && existing!.IsIngressReplication ? 1 : 0);
        Changed();
        return true;
    }

    public bool Remove(InclusiveMulticastRoute route)
    {
        if (!_members.Remove(route, out var removed)) return false;
        if (removed.IsIngressReplication) _ingressReplicationCount--;
        Changed();
        return true;
    }

    /// <summary>
    /// Remote VTEPs that receive a copy of a BUM frame of <paramref name="kind"/> under plain ingress replication:
    /// every IR member, minus those that asked to be pruned for that kind (RFC 9574 §4), one copy per VTEP.
    /// </summary>
    public ReadOnlySpan<FloodTarget> IngressReplicationTargets(BumTrafficKind kind)
    {
        Rebuild();
        return kind == BumTrafficKind.UnknownUnicast ? _unknownUnicastTargets : _broadcastTargets;
    }

    private void Changed()
    {
        Version++;
        _dirty = true;
    }

    private void Rebuild()
    {
        if (!_dirty) return;
        _dirty = false;
        var ordered = new FloodListMember[_members.Count];
        _members.Values.CopyTo(ordered, 0);
        Array.Sort(ordered, CompareMembers);
        _ordered = ordered;
        _broadcastTargets = Targets(ordered, BumTrafficKind.Broadcast);
        _unknownUnicastTargets = Targets(ordered, BumTrafficKind.UnknownUnicast);
    }

    private static FloodTarget[] Targets(FloodListMember[] ordered, BumTrafficKind kind)
    {
        var list = new List<FloodTarget>(ordered.Length);
        foreach (var m in ordered)
        {
            if (!m.WantsIngressReplicated(kind)) continue;
            // Ordered by VTEP, so a second route from the same VTEP is adjacent: one copy per VTEP.
            if (list.Count > 0 && list[^1].Vtep.Equals(m.Vtep)) continue;
            list.Add(new FloodTarget(m.Vtep, m.Vni));
        }
        return list.ToArray();
    }

    private static int CompareMembers(FloodListMember a, FloodListMember b)
    {
        var c = VtepAddressOrder.Instance.Compare(a.Vtep, b.Vtep);
        if (c != 0) return c;
        c = a.Route.Distinguisher.CompareTo(b.Route.Distinguisher);
        if (c != 0) return c;
        return VtepAddressOrder.Instance.Compare(a.Route.OriginatorIp, b.Route.OriginatorIp);
    }
}
