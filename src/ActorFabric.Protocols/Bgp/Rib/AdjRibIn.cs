using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Protocols.Bgp.Rib;

/// <summary>
/// The routes one peer advertised and we accepted (RFC 4271 §3.2 Adj-RIB-In), keyed by EVPN route key.
/// Enumeration follows insertion history (Dictionary order), never hash values, so it is deterministic.
/// </summary>
public sealed class AdjRibIn
{
    private readonly Dictionary<EvpnRoute, BgpPath> _paths = new(EvpnRouteKeyComparer.Instance);

    public int Count => _paths.Count;
    public int StaleCount { get; private set; }

    /// <summary>Store a path, replacing the peer's previous path for the same key (returned, or null).</summary>
    public BgpPath? Set(BgpPath path)
    {
        ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_paths, path.Route, out bool existed);
        var previous = existed ? slot : null;
        if (previous is not null && previous.Stale) StaleCount--;
        slot = path;
        if (path.Stale) StaleCount++;
        return previous;
    }

    public BgpPath? Remove(EvpnRoute key)
    {
        if (!_paths.Remove(key, out var previous)) return null;
        if (previous.Stale) StaleCount--;
        return previous;
    }

    public bool TryGet(EvpnRoute key, out BgpPath path) => _paths.TryGetValue(key, out path!);

    public IEnumerable<BgpPath> Paths => _paths.Values;

    /// <summary>Mark every path stale (GR helper, RFC 4724 §4.2: the peer is restarting).</summary>
    public void MarkAllStale()
    {
        foreach (var p in _paths.Values) p.Stale = true;
        StaleCount = _paths.Count;
    }

    /// <summary>Remove and return all paths still stale, in enumeration order.</summary>
    public List<BgpPath> RemoveStale()
    {
        var removed = new List<BgpPath>(StaleCount);
        foreach (var p in _paths.Values) if (p.Stale) removed.Add(p);
        foreach (var p in removed) _paths.Remove(p.Route);
        StaleCount = 0;
        return removed;
    }

    /// <summary>Remove and return every path (session down without GR).</summary>
    public List<BgpPath> Clear()
    {
        var all = new List<BgpPath>(_paths.Values);
        _paths.Clear();
        StaleCount = 0;
        return all;
    }
}
