using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Protocols.Bgp.Rib;

/// <summary>
/// The routes one peer advertised and we accepted (RFC 4271 §3.2 Adj-RIB-In), keyed by EVPN route key.
/// The paths themselves are the set's elements (a path knows its route), so an entry costs no separate key.
/// Enumeration follows insertion history (set order), never hash values, so it is deterministic.
/// </summary>
public sealed class AdjRibIn
{
    private readonly HashSet<BgpPath> _paths = new(PathByRouteKey.Instance);
    private readonly HashSet<BgpPath>.AlternateLookup<EvpnRoute> _byKey;

    public AdjRibIn() => _byKey = _paths.GetAlternateLookup<EvpnRoute>();

    public int Count => _paths.Count;
    public int StaleCount { get; private set; }

    /// <summary>Store a path, replacing the peer's previous path for the same key (returned, or null).</summary>
    public BgpPath? Set(BgpPath path)
    {
        BgpPath? previous = null;
        if (!_paths.Add(path))
        {
            // Same key already present: the free slot of the removed path is reused, so the position stays.
            _paths.TryGetValue(path, out previous);
            _paths.Remove(previous!);
            _paths.Add(path);
            if (previous!.Stale) StaleCount--;
        }
        if (path.Stale) StaleCount++;
        return previous;
    }

    public BgpPath? Remove(EvpnRoute key)
    {
        if (!_byKey.TryGetValue(key, out var previous)) return null;
        _paths.Remove(previous);
        if (previous.Stale) StaleCount--;
        return previous;
    }

    public bool TryGet(EvpnRoute key, out BgpPath path) => _byKey.TryGetValue(key, out path!);

    public IEnumerable<BgpPath> Paths => _paths;

    /// <summary>Mark every path stale (GR helper, RFC 4724 §4.2: the peer is restarting).</summary>
    public void MarkAllStale()
    {
        foreach (var p in _paths) p.Stale = true;
        StaleCount = _paths.Count;
    }

    /// <summary>Remove and return all paths still stale, in enumeration order.</summary>
    public List<BgpPath> RemoveStale()
    {
        var removed = new List<BgpPath>(StaleCount);
        foreach (var p in _paths) if (p.Stale) removed.Add(p);
        foreach (var p in removed) _paths.Remove(p);
        StaleCount = 0;
        return removed;
    }

    /// <summary>Remove and return every path (session down without GR).</summary>
    public List<BgpPath> Clear()
    {
        var all = new List<BgpPath>(_paths);
        _paths.Clear();
        StaleCount = 0;
        return all;
    }

    /// <summary>Paths are equal when their routes have the same EVPN route key; a bare route looks a path up.</summary>
    private sealed class PathByRouteKey : IEqualityComparer<BgpPath>, IAlternateEqualityComparer<EvpnRoute, BgpPath>
    {
        public static readonly PathByRouteKey Instance = new();

        public bool Equals(BgpPath? x, BgpPath? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && EvpnRouteKeyComparer.Instance.Equals(x.Route, y.Route));

        public int GetHashCode(BgpPath path) => EvpnRouteKeyComparer.Instance.GetHashCode(path.Route);

        public bool Equals(EvpnRoute key, BgpPath path) => EvpnRouteKeyComparer.Instance.Equals(key, path.Route);

        public int GetHashCode(EvpnRoute key) => EvpnRouteKeyComparer.Instance.GetHashCode(key);

        public BgpPath Create(EvpnRoute key) => throw new NotSupportedException("an Adj-RIB-In stores paths, not bare routes");
    }
}
