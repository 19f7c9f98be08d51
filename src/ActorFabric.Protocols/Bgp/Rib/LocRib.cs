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
/// and the best one chosen by <see cref="BestPathSelector"/>. Each key's slot is a small struct held inline in
/// the dictionary entry: the best path, and the other candidates (none, the one other — the usual case with two
/// route reflectors — or an array). A two-path key therefore costs no object beyond its two paths; at 256
/// leaves that is five million objects fewer than a per-key candidate record. Enumeration order follows
/// insertion history of keys, never hash values; the choice of best path does not depend on candidate order
/// because the selector's last tie-break (peer address, then source id) is total.
/// </summary>
public sealed class LocRib
{
    private readonly Dictionary<EvpnRoute, Candidates> _entries = new(EvpnRouteKeyComparer.Instance);
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
            slot = new Candidates(path, null);
            replaced = null;
            return new LocRibChange(path.Route, null, path);
        }
        path.ShareRoute(slot.Best.Route);
        var old = slot.Best;
        if (ReferenceEquals(old.Source, path.Source))
        {
            replaced = old;
            slot.Best = path;
        }
        else replaced = slot.Put(path);
        if (slot.Others is not null) slot.Reselect(_selector);
        return new LocRibChange(path.Route, old, slot.Best);
    }

    /// <summary>Remove the path of <paramref name="source"/> for <paramref name="key"/> (no change if it has none).</summary>
    public LocRibChange Remove(EvpnRoute key, BgpPathSource source) => Remove(key, source, out _);

    /// <summary>As <see cref="Remove(EvpnRoute, BgpPathSource)"/>; <paramref name="removed"/> is the path taken out, or null.</summary>
    public LocRibChange Remove(EvpnRoute key, BgpPathSource source, out BgpPath? removed)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, key);
        if (Unsafe.IsNullRef(ref slot))
        {
            removed = null;
            return new LocRibChange(key, null, null);
        }
        var old = slot.Best;
        if (!ReferenceEquals(old.Source, source))
        {
            removed = slot.Take(source);
            return new LocRibChange(old.Route, old, old);
        }
        removed = old;
        if (slot.Others is null)
        {
            _entries.Remove(key);
            return new LocRibChange(old.Route, old, null);
        }
        slot.PromoteBestOther(_selector);
        return new LocRibChange(old.Route, old, slot.Best);
    }

    /// <summary>The path <paramref name="source"/> contributes to <paramref name="key"/>, or null.</summary>
    public BgpPath? GetPath(EvpnRoute key, BgpPathSource source) =>
        _entries.TryGetValue(key, out var slot) ? slot.Find(source) : null;

    /// <summary>
    /// Every path of one source, in the Loc-RIB's insertion-history order of keys (deterministic). This is how a
    /// peer's Adj-RIB-In is read: the Loc-RIB holds each accepted path once, no per-peer copy.
    /// </summary>
    public IEnumerable<BgpPath> PathsOf(BgpPathSource source)
    {
        foreach (var slot in _entries.Values)
            if (slot.Find(source) is { } p) yield return p;
    }

    public BgpPath? GetBest(EvpnRoute key) => _entries.TryGetValue(key, out var slot) ? slot.Best : null;

    /// <summary>Every candidate path of a key, the best first (a fresh array; for queries and checks, not the hot path).</summary>
    public BgpPath[] GetPaths(EvpnRoute key) => _entries.TryGetValue(key, out var slot) ? slot.All() : [];

    /// <summary>Best paths of all keys, in deterministic (insertion-history) order.</summary>
    public IEnumerable<BgpPath> BestPaths
    {
        get { foreach (var slot in _entries.Values) yield return slot.Best; }
    }

    /// <summary>
    /// The candidates of one key: <see cref="Best"/>, and <see cref="Others"/> = null (the only path), a
    /// <see cref="BgpPath"/> (one other) or a <see cref="BgpPath"/>[] (two or more others, exact length).
    /// </summary>
    private struct Candidates(BgpPath best, object? others)
    {
        public BgpPath Best = best;
        public object? Others = others;

        public readonly BgpPath? Find(BgpPathSource source)
        {
            if (ReferenceEquals(Best.Source, source)) return Best;
            switch (Others)
            {
                case BgpPath one: return ReferenceEquals(one.Source, source) ? one : null;
                case BgpPath[] many:
                    foreach (var p in many) if (ReferenceEquals(p.Source, source)) return p;
                    return null;
                default: return null;
            }
        }

        public readonly BgpPath[] All() => Others switch
        {
            null => [Best],
            BgpPath one => [Best, one],
            _ => [Best, .. (BgpPath[])Others],
        };

        /// <summary>Add or replace a path among the others (its source is not the best's); returns the replaced one.</summary>
        public BgpPath? Put(BgpPath path)
        {
            switch (Others)
            {
                case null:
                    Others = path;
                    return null;
                case BgpPath one:
                    if (ReferenceEquals(one.Source, path.Source))
                    {
                        Others = path;
                        return one;
                    }
                    Others = new[] { one, path };
                    return null;
                default:
                    var many = (BgpPath[])Others;
                    for (int i = 0; i < many.Length; i++)
                    {
                        if (!ReferenceEquals(many[i].Source, path.Source)) continue;
                        var previous = many[i];
                        many[i] = path;
                        return previous;
                    }
                    Others = (BgpPath[])[.. many, path];
                    return null;
            }
        }

        /// <summary>Take a source's path out of the others; returns it, or null when it has none.</summary>
        public BgpPath? Take(BgpPathSource source)
        {
            switch (Others)
            {
                case BgpPath one when ReferenceEquals(one.Source, source):
                    Others = null;
                    return one;
                case BgpPath[] many:
                    int i = Array.FindIndex(many, p => ReferenceEquals(p.Source, source));
                    if (i < 0) return null;
                    var taken = many[i];
                    Others = many.Length == 2 ? many[1 - i] : (BgpPath[])[.. many.AsSpan(0, i), .. many.AsSpan(i + 1)];
                    return taken;
                default:
                    return null;
            }
        }

        /// <summary>After <see cref="Best"/> changed: if another candidate now beats it, they trade places.</summary>
        public void Reselect(IComparer<BgpPath> selector)
        {
            switch (Others)
            {
                case BgpPath one:
                    if (selector.Compare(one, Best) < 0) (Best, Others) = (one, Best);
                    break;
                case BgpPath[] many:
                    int winner = -1;
                    for (int i = 0; i < many.Length; i++)
                        if (selector.Compare(many[i], winner < 0 ? Best : many[winner]) < 0) winner = i;
                    if (winner >= 0) (Best, many[winner]) = (many[winner], Best);
                    break;
            }
        }

        /// <summary>The best path was removed: the best of the others takes its place.</summary>
        public void PromoteBestOther(IComparer<BgpPath> selector)
        {
            if (Others is BgpPath one)
            {
                (Best, Others) = (one, null);
                return;
            }
            var many = (BgpPath[])Others!;
            int winner = 0;
            for (int i = 1; i < many.Length; i++)
                if (selector.Compare(many[i], many[winner]) < 0) winner = i;
            Best = many[winner];
            Take(Best.Source);
        }
    }
}
