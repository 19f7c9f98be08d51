using System.Net;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Protocols.Bgp.Speaker;

/// <summary>
/// Shares decoded EVPN routes and MP_REACH next hops among speakers (<see cref="BgpSpeakerConfig.RouteInterner"/>):
/// in an emulated fabric every leaf decodes its own copy of each reflected route, so without it a route imported
/// by N leaves over two reflectors exists 2N times. Routes are pooled by full equality (every field, labels and
/// ESI too, not only the RFC 7432 route key), so a shared instance is indistinguishable from the decoded one.
/// Thread-safe and bounded like <see cref="AttributeInterner"/>.
/// </summary>
public sealed class EvpnRouteInterner
{
    private readonly InternPool<EvpnRoute> _routes;
    private readonly InternPool<IPAddress> _nextHops;

    /// <param name="capacity">Routes kept before the pool starts over; above the distinct routes of the fabric.</param>
    public EvpnRouteInterner(int capacity = 1 << 19)
    {
        _routes = new InternPool<EvpnRoute>(capacity);
        _nextHops = new InternPool<IPAddress>(Math.Min(capacity, 1 << 16));
    }

    /// <summary>Distinct routes held (approximate under concurrency).</summary>
    public int Count => _routes.Count;

    /// <summary>An instance equal in every field to <paramref name="route"/> (that one if none is pooled yet).</summary>
    public EvpnRoute Intern(EvpnRoute route) => _routes.Intern(route);

    /// <summary>A shared instance of a next-hop address (a fabric has one per VTEP).</summary>
    public IPAddress InternNextHop(IPAddress nextHop) => _nextHops.Intern(nextHop);
}
