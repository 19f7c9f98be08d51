using ActorFabric.Protocols.Bridging;

namespace ActorFabric.Protocols.Routing;

/// <summary>
/// One prefix of an IP-VRF with every path known for it and the best ones. Best = the most preferred
/// <see cref="VrfRouteSource"/> present; among remote host routes the highest MAC Mobility sequence (the newest
/// location, RFC 7432 §15; RFC 9135 §7); the remaining paths are equal-cost and kept one per VTEP, ordered by VTEP
/// address so that a flow hash indexes the same VTEP in every process.
/// </summary>
public sealed class VrfRoute
{
    private readonly List<VrfPath> _paths = [];
    private VrfPath[] _best = [];

    internal VrfRoute(IpPrefix prefix) => Prefix = prefix;

    /// <summary>The network (masked) prefix.</summary>
    public IpPrefix Prefix { get; }
    public IReadOnlyList<VrfPath> Paths => _paths;
    /// <summary>The equal-cost best paths, ordered by VTEP address (one element for local sources).</summary>
    public ReadOnlySpan<VrfPath> BestPaths => _best;
    public VrfRouteSource BestSource => _best.Length > 0 ? _best[0].Source : default;
    internal bool IsEmpty => _paths.Count == 0;

    /// <summary>The best path a flow takes: stable for one hash, spread across the ECMP set.</summary>
    public VrfPath PathFor(uint flowHash) => _best.Length == 1 ? _best[0] : _best[(int)(flowHash % (uint)_best.Length)];

    internal int IndexOf(Predicate<VrfPath> match) => _paths.FindIndex(match);

    internal void Set(int index, VrfPath path)
    {
        if (index < 0) _paths.Add(path); else _paths[index] = path;
        Reselect();
    }

    internal void RemoveAt(int index)
    {
        _paths.RemoveAt(index);
        Reselect();
    }

    private void Reselect()
    {
        if (_paths.Count == 0) { _best = []; return; }
        var source = _paths[0].Source;
        uint sequence = 0;
        foreach (var p in _paths) if (p.Source < source) source = p.Source;
        foreach (var p in _paths) if (p.Source == source && p.Sequence > sequence) sequence = p.Sequence;
        var best = new List<VrfPath>(_paths.Count);
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
