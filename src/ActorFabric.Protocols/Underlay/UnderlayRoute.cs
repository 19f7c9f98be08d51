using ActorFabric.Wire.Underlay;

namespace ActorFabric.Protocols.Underlay;

/// <summary>
/// One installed route: a prefix and its equal-cost next hops, sorted by interface id so that
/// ECMP selection by index is the same on every run. Local routes (our own prefixes) have none.
/// Immutable; shared between successive tables when unchanged.
/// </summary>
public sealed class UnderlayRoute
{
    private readonly UnderlayNextHop[] _nextHops;

    internal UnderlayRoute(UnderlayPrefix prefix, long metric, bool isLocal, UnderlayNextHop[] nextHops)
    {
        Prefix = prefix;
        Metric = metric;
        IsLocal = isLocal;
        _nextHops = nextHops;
    }

    public UnderlayPrefix Prefix { get; }

    /// <summary>Total path cost from this router (0 for local routes).</summary>
    public long Metric { get; }

    /// <summary>True for a prefix this router advertises itself: deliver locally.</summary>
    public bool IsLocal { get; }

    /// <summary>The ECMP set, sorted by (interface id, neighbor router id).</summary>
    public ReadOnlySpan<UnderlayNextHop> NextHops => _nextHops;

    public int NextHopCount => _nextHops.Length;

    internal bool SameAs(long metric, bool isLocal, ReadOnlySpan<UnderlayNextHop> nextHops) =>
        Metric == metric && IsLocal == isLocal && nextHops.SequenceEqual(_nextHops);

    public override string ToString() =>
        IsLocal ? $"{Prefix} local" : $"{Prefix} metric {Metric} via {string.Join(", ", _nextHops)}";
}
