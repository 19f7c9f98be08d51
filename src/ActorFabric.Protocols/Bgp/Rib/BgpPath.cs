using System.Net;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Protocols.Bgp.Rib;

/// <summary>
/// One path for one EVPN route key: the route as received (its non-key fields such as labels and ESI travel
/// with it), the shared attribute set, the MP_REACH next hop and the source. Attributes and route objects are
/// shared, never copied per client, so a reflected route costs one path object however many clients get it.
/// </summary>
public sealed class BgpPath
{
    public BgpPath(EvpnRoute route, PathAttributes attributes, IPAddress nextHop, BgpPathSource source)
    {
        Route = route;
        Attributes = attributes;
        NextHop = nextHop;
        Source = source;
    }

    public EvpnRoute Route { get; private set; }
    public PathAttributes Attributes { get; }
    public IPAddress NextHop { get; }
    public BgpPathSource Source { get; }
    /// <summary>
    /// Kept for a restarting peer until its End-of-RIB or the stale timer (RFC 4724 §4.2). The mark lives with
    /// the source (only while a restart or enhanced refresh is in progress), not as a field of every path.
    /// </summary>
    public bool Stale => Source.IsStale(this);

    /// <summary>
    /// Point at an equal (every field, not just the key) route object another path already holds, so the two
    /// reflectors' copies of one route share a single decoded record (and its IP address) instead of two.
    /// </summary>
    internal void ShareRoute(EvpnRoute equal)
    {
        if (!ReferenceEquals(Route, equal) && Route.Equals(equal)) Route = equal;
    }

    public override string ToString() => $"{Route} via {NextHop} from {Source}{(Stale ? " (stale)" : "")}";
}
