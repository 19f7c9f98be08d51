using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// Expected end state computed from the topology, and the figures devices reach, kept as counters that
/// devices adjust by deltas (one small update per change, never O(routes) messages). Read by the facade's
/// convergence wait between actor turns, so reads are cheap and lock-free.
/// </summary>
internal sealed class ConvergenceBoard
{
    private long _sessionsEstablished;
    private long _routesPresent;
    private long _floodListsComplete;
    private long _segmentsInFlight;
    private TimeSpan? _convergedAt;

    public ConvergenceBoard(FabricTopology topology, bool hostsAnnounced)
    {
        // Sessions: each configured session counts once per end (both ends must see Established).
        SessionsExpected = topology.BgpSessions.Length * 2;

        // Per leaf and VNI: one type-3 from every other leaf with the VNI (flood list), and (when hosts announce
        // themselves) a MAC-only and a MAC+IP type-2 per remote host of the VNI.
        var leavesPerVni = new Dictionary<uint, int>();
        var hostsPerVni = new Dictionary<uint, int>();
        foreach (var n in topology.Nodes)
        {
            if (!n.IsVtep) continue;
            foreach (var d in n.BroadcastDomains)
            {
                var vni = topology.BroadcastDomains[d].Vni;
                leavesPerVni[vni] = leavesPerVni.GetValueOrDefault(vni) + 1;
            }
        }
        foreach (var h in topology.Hosts) hostsPerVni[h.Vni] = hostsPerVni.GetValueOrDefault(h.Vni) + 1;
        long routes = 0;
        int floodLists = 0;
        foreach (var n in topology.Nodes)
        {
            if (!n.IsVtep) continue;
            var local = new Dictionary<uint, int>();
            foreach (var h in topology.HostsOn(n.Index)) local[h.Vni] = local.GetValueOrDefault(h.Vni) + 1;
            foreach (var d in n.BroadcastDomains)
            {
                var vni = topology.BroadcastDomains[d].Vni;
                int otherLeaves = leavesPerVni[vni] - 1;
                if (otherLeaves > 0) floodLists++;
                routes += otherLeaves;
                if (hostsAnnounced) routes += 2L * (hostsPerVni.GetValueOrDefault(vni) - local.GetValueOrDefault(vni));
            }
        }
        RoutesExpected = routes;
        _leavesPerVni = leavesPerVni;
        FloodListsExpected = floodLists;
    }

    private readonly Dictionary<uint, int> _leavesPerVni;

    /// <summary>How many remote VTEPs a complete flood list for <paramref name="vni"/> holds.</summary>
    public int ExpectedFloodListSize(uint vni) => _leavesPerVni.TryGetValue(vni, out var n) ? n - 1 : 0;

    public int SessionsExpected { get; }

    public long RoutesExpected { get; }

    public int FloodListsExpected { get; }

    public void SessionDelta(int delta) => Interlocked.Add(ref _sessionsEstablished, delta);

    public void RoutesDelta(long delta) => Interlocked.Add(ref _routesPresent, delta);

    public void FloodListsDelta(int delta) => Interlocked.Add(ref _floodListsComplete, delta);

    public void SegmentSent() => Interlocked.Increment(ref _segmentsInFlight);

    public void SegmentGone() => Interlocked.Decrement(ref _segmentsInFlight);

    public bool IsConverged
    {
        get
        {
            bool c = Volatile.Read(ref _sessionsEstablished) == SessionsExpected
                && Volatile.Read(ref _routesPresent) == RoutesExpected
                && Volatile.Read(ref _floodListsComplete) == FloodListsExpected
                && Volatile.Read(ref _segmentsInFlight) == 0;
            return c;
        }
    }

    /// <summary>Emulated time at which convergence was first observed by <see cref="Observe"/>.</summary>
    public TimeSpan? ConvergedAt => _convergedAt;

    public void Observe(TimeSpan now)
    {
        if (IsConverged) _convergedAt ??= now;
        else _convergedAt = null;
    }

    public ConvergenceProgress Snapshot(TimeSpan now) => new(
        SessionsExpected,
        (int)Volatile.Read(ref _sessionsEstablished),
        RoutesExpected,
        Volatile.Read(ref _routesPresent),
        FloodListsExpected,
        (int)Volatile.Read(ref _floodListsComplete),
        Volatile.Read(ref _segmentsInFlight),
        now);
}
