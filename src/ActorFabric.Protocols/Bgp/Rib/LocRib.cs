using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Protocols.Bgp.Rib;

/// <summary>A change of the best path of one route key; either side null means absent.</summary>
public readonly record struct LocRibChange(EvpnRoute Key, BgpPath? OldBest, BgpPath? NewBest)
{
    public bool Changed => !ReferenceEquals(OldBest, NewBest);
}

/// <summary>
/// The Loc-RIB (RFC 4271 §3.2): every candidate path per EVPN route key, from all peers and local origination,
/// and the best one chosen by <see cref="BestPathSelector"/>. Candidates per key are few (one per source), kept
/// in a small array. Enumeration order follows insertion history, never hash values.
/// </summary>
public sealed class LocRib
{
    private readonly Dictionary<EvpnRoute, RibEntry> _entries = new(EvpnRouteKeyComparer.Instance);
    private readonly IComparer<BgpPath> _selector;

    public LocRib(IComparer<BgpPath>? selector = null) => _selector = selector ?? BestPathSelector.Instance;

    /// <summary>Number of route keys with at least one path.</summary>
    public int Count => _entries.Count;

    /// <summary>Add or replace the path of <paramref name="path"/>'s source for its key.</summary>
    public LocRibChange Upsert(BgpPath path)
    {
        ref var entry = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_entries, path.Route, out bool existed);
        if (!existed) entry = new RibEntry();
        var old = entry!.Best;
        entry.Upsert(path, _selector);
        return new LocRibChange(path.Route, old, entry.Best);
    }

    /// <summary>Remove the path of <paramref name="source"/> for <paramref name="key"/> (no change if it has none).</summary>
    public LocRibChange Remove(EvpnRoute key, BgpPathSource source)
    {
        if (!_entries.TryGetValue(key, out var entry)) return new LocRibChange(key, null, null);
        var old = entry.Best;
        entry.Remove(source, _selector);
        if (entry.Best is null) _entries.Remove(key);
        return new LocRibChange(old?.Route ?? key, old, entry.Best);
    }

    public BgpPath? GetBest(EvpnRoute key) => _entries.TryGetValue(key, out var e) ? e.Best : null;

    public ReadOnlySpan<BgpPath> GetPaths(EvpnRoute key) => _entries.TryGetValue(key, out var e) ? e.Paths : [];

    /// <summary>Best paths of all keys, in deterministic (insertion-history) order.</summary>
    public IEnumerable<BgpPath> BestPaths
    {
        get { foreach (var e in _entries.Values) yield return e.Best!; }
    }

    private sealed class RibEntry
    {
        private BgpPath[] _paths = new BgpPath[1];
        private int _count;

        public BgpPath? Best { get; private set; }
        public ReadOnlySpan<BgpPath> Paths => _paths.AsSpan(0, _count);

        public void Upsert(BgpPath path, IComparer<BgpPath> selector)
        {
            int i = IndexOf(path.Source);
            if (i >= 0) _paths[i] = path;
            else
            {
                if (_count == _paths.Length) Array.Resize(ref _paths, _count * 2);
                _paths[_count++] = path;
            }
            Reselect(selector);
        }

        public void Remove(BgpPathSource source, IComparer<BgpPath> selector)
        {
            int i = IndexOf(source);
            if (i < 0) return;
            _paths[i] = _paths[--_count];
            _paths[_count] = null!;
            Reselect(selector);
        }

        private int IndexOf(BgpPathSource source)
        {
            for (int i = 0; i < _count; i++) if (ReferenceEquals(_paths[i].Source, source)) return i;
            return -1;
        }

        private void Reselect(IComparer<BgpPath> selector)
        {
            BgpPath? best = null;
            for (int i = 0; i < _count; i++)
                if (best is null || selector.Compare(_paths[i], best) < 0) best = _paths[i];
            Best = best;
        }
    }
}
