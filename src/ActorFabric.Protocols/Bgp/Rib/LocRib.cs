using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Protocols.Bgp.Rib;

/// <summary>A change of the best path of one route key; either side null means absent.</summary>
public readonly record struct LocRibChange(EvpnRoute Key, BgpPath? OldBest, BgpPath? NewBest)
{
    public bool Changed => !ReferenceEquals(OldBest, NewBest);
}

/// <summary>
/// The Loc-RIB (RFC 4271 §3.2): every candidate path per EVPN route key, from all peers and local origination,
/// and the best one chosen by <see cref="BestPathSelector"/>. Almost every key has a single path, so the slot
/// holds that <see cref="BgpPath"/> itself; only keys with several candidates get a <c>RibEntry</c>. That keeps
/// a million-route table near one dictionary entry per key. Enumeration order follows insertion history,
/// never hash values.
/// </summary>
public sealed class LocRib
{
    private readonly Dictionary<EvpnRoute, object> _entries = new(EvpnRouteKeyComparer.Instance);
    private readonly IComparer<BgpPath> _selector;

    public LocRib(IComparer<BgpPath>? selector = null) => _selector = selector ?? BestPathSelector.Instance;

    /// <summary>Number of route keys with at least one path.</summary>
    public int Count => _entries.Count;

    /// <summary>
    /// Add or replace the path of <paramref name="path"/>'s source for its key. When a path of the key is already
    /// present and carries a route equal in every field, <paramref name="path"/> is pointed at that route object
    /// (memory: with two reflectors every route arrives twice), so store the path elsewhere only after this call.
    /// </summary>
    public LocRibChange Upsert(BgpPath path) => Upsert(path, out _);

    /// <summary>As <see cref="Upsert(BgpPath)"/>; <paramref name="replaced"/> is the source's previous path of the key, or null.</summary>
    public LocRibChange Upsert(BgpPath path, out BgpPath? replaced)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, path.Route, out bool existed);
        if (!existed)
        {
            slot = path;
            replaced = null;
            return new LocRibChange(path.Route, null, path);
        }
        path.ShareRoute(slot is BgpPath present ? present.Route : ((RibEntry)slot!).Best!.Route);
        if (slot is BgpPath single)
        {
            if (ReferenceEquals(single.Source, path.Source))
            {
                slot = path;
                replaced = single;
                return new LocRibChange(path.Route, single, path);
            }
            var entry = new RibEntry(single);
            replaced = entry.Upsert(path, _selector);
            slot = entry;
            return new LocRibChange(path.Route, single, entry.Best);
        }
        var multi = (RibEntry)slot!;
        var old = multi.Best;
        replaced = multi.Upsert(path, _selector);
        return new LocRibChange(path.Route, old, multi.Best);
    }

    /// <summary>Remove the path of <paramref name="source"/> for <paramref name="key"/> (no change if it has none).</summary>
    public LocRibChange Remove(EvpnRoute key, BgpPathSource source) => Remove(key, source, out _);

    /// <summary>As <see cref="Remove(EvpnRoute, BgpPathSource)"/>; <paramref name="removed"/> is the path taken out, or null.</summary>
    public LocRibChange Remove(EvpnRoute key, BgpPathSource source, out BgpPath? removed)
    {
        removed = null;
        ref var slot = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, key);
        if (Unsafe.IsNullRef(ref slot)) return new LocRibChange(key, null, null);
        if (slot is BgpPath single)
        {
            if (!ReferenceEquals(single.Source, source)) return new LocRibChange(single.Route, single, single);
            _entries.Remove(key);
            removed = single;
            return new LocRibChange(single.Route, single, null);
        }
        var entry = (RibEntry)slot;
        var old = entry.Best!;
        removed = entry.Remove(source, _selector);
        // Back to one candidate: store it directly again.
        if (entry.Count == 1) slot = entry.Best!;
        return new LocRibChange(old.Route, old, entry.Best);
    }

    /// <summary>The path <paramref name="source"/> contributes to <paramref name="key"/>, or null.</summary>
    public BgpPath? GetPath(EvpnRoute key, BgpPathSource source)
    {
        if (!_entries.TryGetValue(key, out var slot)) return null;
        return slot is BgpPath single ? (ReferenceEquals(single.Source, source) ? single : null) : ((RibEntry)slot).Find(source);
    }

    /// <summary>
    /// Every path of one source, in the Loc-RIB's insertion-history order of keys (deterministic). This is how a
    /// peer's Adj-RIB-In is read: the Loc-RIB holds each accepted path once, no per-peer copy.
    /// </summary>
    public IEnumerable<BgpPath> PathsOf(BgpPathSource source)
    {
        foreach (var slot in _entries.Values)
        {
            var p = slot as BgpPath ?? ((RibEntry)slot).Find(source);
            if (p is not null && ReferenceEquals(p.Source, source)) yield return p;
        }
    }

    public BgpPath? GetBest(EvpnRoute key) =>
        _entries.TryGetValue(key, out var slot) ? slot as BgpPath ?? ((RibEntry)slot).Best : null;

    /// <summary>Every candidate path of a key (a fresh array; for queries and checks, not the hot path).</summary>
    public BgpPath[] GetPaths(EvpnRoute key) =>
        !_entries.TryGetValue(key, out var slot) ? [] : slot is BgpPath single ? [single] : ((RibEntry)slot).Paths;

    /// <summary>Best paths of all keys, in deterministic (insertion-history) order.</summary>
    public IEnumerable<BgpPath> BestPaths
    {
        get { foreach (var slot in _entries.Values) yield return slot as BgpPath ?? ((RibEntry)slot).Best!; }
    }

    /// <summary>
    /// Two or more candidates of one key. The first two live in fields (the common case: one path per route
    /// reflector), further ones in an overflow array, so a two-path key costs one object, not an object and an array.
    /// </summary>
    private sealed class RibEntry
    {
        private BgpPath? _first;
        private BgpPath? _second;
        private BgpPath[]? _more;

        public RibEntry(BgpPath first)
        {
            _first = first;
            Count = 1;
            Best = first;
        }

        public int Count { get; private set; }
        public BgpPath? Best { get; private set; }

        public BgpPath[] Paths
        {
            get
            {
                var all = new BgpPath[Count];
                for (int i = 0; i < Count; i++) all[i] = this[i];
                return all;
            }
        }

        private BgpPath this[int i]
        {
            get => i switch { 0 => _first!, 1 => _second!, _ => _more![i - 2] };
            set
            {
                switch (i)
                {
                    case 0: _first = value; break;
                    case 1: _second = value; break;
                    default: _more![i - 2] = value; break;
                }
            }
        }

        /// <summary>Add or replace the source's path; returns the replaced one, or null.</summary>
        public BgpPath? Upsert(BgpPath path, IComparer<BgpPath> selector)
        {
            int i = IndexOf(path.Source);
            BgpPath? replaced = null;
            if (i >= 0)
            {
                replaced = this[i];
                this[i] = path;
            }
            else
            {
                if (Count >= 2)
                {
                    _more ??= new BgpPath[2];
                    if (Count - 2 == _more.Length) Array.Resize(ref _more, _more.Length * 2);
                }
                this[Count++] = path;
            }
            Reselect(selector);
            return replaced;
        }

        /// <summary>Remove the source's path; returns it, or null when the source has none here.</summary>
        public BgpPath? Remove(BgpPathSource source, IComparer<BgpPath> selector)
        {
            int i = IndexOf(source);
            if (i < 0) return null;
            var removed = this[i];
            Count--;
            this[i] = this[Count];
            this[Count] = null!;
            Reselect(selector);
            return removed;
        }

        public BgpPath? Find(BgpPathSource source)
        {
            int i = IndexOf(source);
            return i < 0 ? null : this[i];
        }

        private int IndexOf(BgpPathSource source)
        {
            for (int i = 0; i < Count; i++) if (ReferenceEquals(this[i].Source, source)) return i;
            return -1;
        }

        private void Reselect(IComparer<BgpPath> selector)
        {
            BgpPath? best = null;
            for (int i = 0; i < Count; i++)
            {
                var p = this[i];
                if (best is null || selector.Compare(p, best) < 0) best = p;
            }
            Best = best;
        }
    }
}
