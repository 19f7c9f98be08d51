using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Protocols.Routing;

/// <summary>An output of <see cref="IpVrf"/>, polled in order with <see cref="IpVrf.TryPollEffect"/>.</summary>
public abstract record IpVrfEffect;

/// <summary>Advertise (or re-advertise) a type-5 route of this VTEP; next hop = the local VTEP.</summary>
public sealed record OriginatePrefix(IpPrefixRoute Route, PathAttributes Attributes) : IpVrfEffect;

/// <summary>Withdraw a type-5 route previously originated (matched by route key).</summary>
public sealed record WithdrawPrefix(IpPrefixRoute Route) : IpVrfEffect;

/// <summary>
/// The best location of a host route changed: appeared (<see cref="Previous"/> null), moved, or went away
/// (<see cref="Current"/> null). A VM move shows as remote → local on the new leaf and local → remote on the old.
/// </summary>
public sealed record HostRouteChanged(IpPrefix Host, HostLocation? Previous, HostLocation? Current) : IpVrfEffect;
