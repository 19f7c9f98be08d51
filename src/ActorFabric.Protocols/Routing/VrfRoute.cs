using System.Net;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Protocols.Routing;

/// <summary>
/// One prefix of an IP-VRF with every path known for it and the best ones. Best = the most preferred
/// <see cref="VrfRouteSource"/> present; among remote host routes the highest MAC Mobility sequence (the newest
/// location, RFC 7432 §15; RFC 9135 §7); the remaining paths are equal-cost and kept one per VTEP, ordered by VTEP
/// address so that a flow hash indexes the same VTEP in every process.
/// </summary>
public sealed class VrfRoute
{
    // Both arrays are replaced, never written in place, so they can be shared: a route with one path (every host
    // route of a routed fabric, millions at scale) keeps a single one-element array as its paths and its best paths,
    // instead of a list, the list's array and a second array (~90 bytes less per host route).
    private VrfPath[] _paths = [];
    private VrfPath[] _best = [];

    internal VrfRoute(IpPrefix prefix) => Prefix = prefix;

    /// <summary>The network (masked) prefix.</summary>
    public IpPrefix Prefix { get; }
    public IReadOnlyList<VrfPath> Paths => _paths;
    /// <summary>The equal-cost best paths, ordered by VTEP address (one element for local sources).</summary>
    public ReadOnlySpan<VrfPath> BestPaths => _best;
    public VrfRouteSource BestSource => _best.Length > 0 ? _best[0].Source : default;
    internal bool IsEmpty => _paths.Length == 0;

    /// <summary>The best path a flow takes: stable for one hash, spread across the ECMP set.</summary>
    public VrfPath PathFor(uint flowHash) => _best.Length == 1 ? _best[0] : _best[(int)(flowHash % (uint)_best.Length)];

    internal int IndexOf(Predicate<VrfPath> match) => Array.FindIndex(_paths, match);

    /// <summary>The index of the remote path learned from <paramref name="route"/> (same route key) via <paramref name="vtep"/>; -1 when none.</summary>
    internal int IndexOfRemote(EvpnRoute route, IPAddress vtep)
    {
        for (int i = 0; i < _paths.Length; i++)
            if (_paths[i] is { Route: { } r, Vtep: { } v } && v.Equals(vtep) && EvpnRouteKeyComparer.Instance.Equals(r, route)) return i;
        return -1;
    }

    internal void Set(int index, VrfPath path)
    {
        VrfPath[] paths;
        if (index < 0)
        {
            paths = new VrfPath[_paths.Length + 1];
            _paths.CopyTo(paths, 0);
            paths[^1] = path;
        }
        else
        {
            paths = (VrfPath[])_paths.Clone();
            paths[index] = path;
        }
        _paths = paths;
        Reselect();
    }

    internal void RemoveAt(int index)
    {
        var paths = new VrfPath[_paths.Length - 1];
        Array.Copy(_paths, 0, paths, 0, index);
        Array.Copy(_paths, index + 1, paths, index, paths.Length - index);
        _paths = paths;
        Reselect();
    }

    private void Reselect()
    {
        // One path is its own best set (the common case: a host route known from one VTEP, or a local one).
        if (_paths.Length <= 1) { _best = _paths; return; }
        var source = _paths[0].Source;
        uint sequence = 0;
        foreach (var p in _paths) if (p.Source < source) source = p.Source;
        foreach (var p in _paths) if (p.Source == source && p.Sequence > sequence) sequence = p.Sequence;
        var best = new List<VrfPath>(_paths.Length);
        foreach (var p in _paths)
        {
            if (p.Source != source || p.Sequence != sequence) continue;
            if (p.Vtep is not null && best.Exists(b => b.Vtep is not null && b.Vtep.Equals(p.Vtep))) continue;
            best.Add(p);
        }
        best.Sort((a, b) => VtepAddressOrder.Instance.Compare(a.Vtep, b.Vtep));
        _best = [.. best];
    }

    public override string ToString() => $"{Prefix} {string.Join(", ", _best.Select(p => p.ToString()))}";
}
