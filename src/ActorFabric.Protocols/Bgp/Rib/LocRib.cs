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

    /// <summary>Every candidate path of a key (a fresh array; for queries and checks, not the hot path).</summary>
    public BgpPath[] GetPaths(EvpnRoute key) => _entries.TryGetValue(key, out var e) ? e.Paths : [];

    /// <summary>Best paths of all keys, in deterministic (insertion-history) order.</summary>
    public IEnumerable<BgpPath> BestPaths
    {
        get { foreach (var e in _entries.Values) yield return e.Best!; }
    }

    /// <summary>
    /// Candidates of one key. Almost every key has one path, so the first lives in a field and only extra
    /// paths get an array (saves an allocation per route at a million routes).
    /// </summary>
    private sealed class RibEntry
    {
        private BgpPath? _first;
        private BgpPath[]? _more;
        private int _moreCount;

        public BgpPath? Best { get; private set; }

        public BgpPath[] Paths
        {
            get
            {
                if (_first is null) return [];
                if (_moreCount == 0) return [_first];
                var all = new BgpPath[_moreCount + 1];
                all[0] = _first;
                Array.Copy(_more!, 0, all, 1, _moreCount);
                return all;
            }
        }

        public void Upsert(BgpPath path, IComparer<BgpPath> selector)
        {
            if (_first is null || ReferenceEquals(_first.Source, path.Source)) _first = path;
            else
            {
                int i = IndexOfMore(path.Source);
                if (i >= 0) _more![i] = path;
                else
                {
                    _more ??= new BgpPath[2];
                    if (_moreCount == _more.Length) Array.Resize(ref _more, _moreCount * 2);
                    _more[_moreCount++] = path;
                }
            }
            Reselect(selector);
        }

        public void Remove(BgpPathSource source, IComparer<BgpPath> selector)
        {
            if (_first is null) return;
            if (ReferenceEquals(_first.Source, source))
            {
                if (_moreCount == 0) _first = null;
                else
                {
                    _first = _more![--_moreCount];
                    _more[_moreCount] = null!;
                }
            }
            else
            {
                int i = IndexOfMore(source);
                if (i < 0) return;
                _more![i] = _more[--_moreCount];
                _more[_moreCount] = null!;
            }
            Reselect(selector);
        }

        private int IndexOfMore(BgpPathSource source)
        {
            for (int i = 0; i < _moreCount; i++) if (ReferenceEquals(_more![i].Source, source)) return i;
            return -1;
        }

        private void Reselect(IComparer<BgpPath> selector)
        {
            var best = _first;
            for (int i = 0; i < _moreCount; i++)
                if (selector.Compare(_more![i], best) < 0) best = _more[i];
            Best = best;
        }
    }
}
