using ActorFabric.Wire.Underlay;

namespace ActorFabric.Protocols.Underlay;

/// <summary>
/// An immutable snapshot of a router's underlay routes, produced by SPF. Safe to hand to other
/// actors (e.g. the forwarding plane) since a new table replaces it on every change.
/// </summary>
public sealed class UnderlayRouteTable
{
    public static readonly UnderlayRouteTable Empty = new([]);

    private readonly UnderlayRoute[] _routes;
    private readonly Dictionary<ulong, UnderlayRoute> _byPrefix;
    // Prefix lengths present, longest first, so lookups try only lengths that exist.
    private readonly byte[] _lengths;

    internal UnderlayRouteTable(UnderlayRoute[] routesSortedByPrefix)
    {
        _routes = routesSortedByPrefix;
        _byPrefix = new Dictionary<ulong, UnderlayRoute>(routesSortedByPrefix.Length);
        Span<bool> seen = stackalloc bool[33];
        int lengthCount = 0;
        foreach (var route in routesSortedByPrefix)
        {
            _byPrefix[Key(route.Prefix)] = route;
            if (!seen[route.Prefix.Length]) { seen[route.Prefix.Length] = true; lengthCount++; }
        }
        _lengths = new byte[lengthCount];
        int n = 0;
        for (int len = 32; len >= 0; len--)
        {
            if (seen[len]) _lengths[n++] = (byte)len;
        }
    }

    /// <summary>All routes, sorted by prefix (address, then length).</summary>
    public ReadOnlySpan<UnderlayRoute> Routes => _routes;

    public int Count => _routes.Length;

    /// <summary>Exact-match lookup of one prefix.</summary>
    public bool TryGetRoute(UnderlayPrefix prefix, out UnderlayRoute route) =>
        _byPrefix.TryGetValue(Key(prefix), out route!);

    /// <summary>Longest-prefix match for a destination address (host byte order).</summary>
    public bool TryLookup(uint destination, out UnderlayRoute route)
    {
        foreach (byte length in _lengths)
        {
            uint mask = length == 0 ? 0u : uint.MaxValue << (32 - length);
            if (_byPrefix.TryGetValue(((ulong)(destination & mask) << 8) | length, out route!)) return true;
        }
        route = null!;
        return false;
    }

    internal static ulong Key(UnderlayPrefix prefix) => ((ulong)(prefix.Address & prefix.Mask) << 8) | prefix.Length;
}
