using System.Diagnostics;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Protocols.Bgp.Rib;

/// <summary>
/// The routes one peer advertised and we accepted (RFC 4271 §3.2 Adj-RIB-In), as a view over the
/// <see cref="LocRib"/>: the RFC's Adj-RIB-In is conceptual, and every accepted path is a Loc-RIB candidate anyway
/// (routes failing import are not kept), so the peer's paths are the Loc-RIB paths of its source — stored once,
/// like an implementation without soft-reconfiguration inbound. This class writes the peer's paths into the
/// Loc-RIB and keeps their count and the stale marks of graceful restart / enhanced route refresh.
/// Enumeration follows the Loc-RIB's insertion history, never hash values, so it is deterministic.
/// </summary>
public sealed class AdjRibIn
{
    private readonly LocRib _rib;
    private readonly BgpPathSource _source;

    public AdjRibIn(LocRib rib, BgpPathSource source)
    {
        _rib = rib;
        _source = source;
    }

    public int Count { get; private set; }
    public int StaleCount => _source.StalePaths?.Count ?? 0;

    /// <summary>Store a path of this peer in the Loc-RIB, replacing the peer's previous path for the same key.</summary>
    public LocRibChange Set(BgpPath path)
    {
        Debug.Assert(ReferenceEquals(path.Source, _source), "a peer's Adj-RIB-In holds only that peer's paths");
        var change = _rib.Upsert(path, out var replaced);
        if (replaced is null) Count++;
        else _source.StalePaths?.Remove(replaced); // re-sent: the new path is fresh
        return change;
    }

    /// <summary>Withdraw the peer's path for <paramref name="key"/> (no change when it has none).</summary>
    public LocRibChange Remove(EvpnRoute key)
    {
        var change = _rib.Remove(key, _source, out var removed);
        if (removed is not null)
        {
            Count--;
            _source.StalePaths?.Remove(removed);
        }
        return change;
    }

    public bool TryGet(EvpnRoute key, out BgpPath path)
    {
        path = _rib.GetPath(key, _source)!;
        return path is not null;
    }

    public IEnumerable<BgpPath> Paths => Count == 0 ? [] : _rib.PathsOf(_source);

    /// <summary>Mark every path stale (GR helper, RFC 4724 §4.2: the peer is restarting).</summary>
    public void MarkAllStale()
    {
        if (Count == 0) return;
        var stale = _source.StalePaths ??= new HashSet<BgpPath>(Count, ReferenceEqualityComparer.Instance);
        foreach (var p in _rib.PathsOf(_source)) stale.Add(p);
    }

    /// <summary>Remove every path still stale from the Loc-RIB; the changes come in Loc-RIB order.</summary>
    public List<LocRibChange> RemoveStale()
    {
        var stale = _source.StalePaths;
        if (stale is null || stale.Count == 0) return [];
        var victims = new List<BgpPath>(stale.Count);
        foreach (var p in _rib.PathsOf(_source)) if (stale.Contains(p)) victims.Add(p);
        _source.StalePaths = null;
        return RemoveAll(victims);
    }

    /// <summary>Remove every path of the peer from the Loc-RIB (session down without GR); changes in Loc-RIB order.</summary>
    public List<LocRibChange> Clear()
    {
        _source.StalePaths = null;
        if (Count == 0) return [];
        return RemoveAll(new List<BgpPath>(_rib.PathsOf(_source)));
    }

    private List<LocRibChange> RemoveAll(List<BgpPath> victims)
    {
        var changes = new List<LocRibChange>(victims.Count);
        foreach (var p in victims)
        {
            changes.Add(_rib.Remove(p.Route, _source, out _));
            Count--;
        }
        return changes;
    }
}
