using ActorFabric.Protocols.Bridging;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Protocols.Multicast.Snooping;

/// <summary>An output of <see cref="MulticastSnooping"/>, drained in order with <see cref="MulticastSnooping.TryPollEffect"/>.</summary>
public abstract record SnoopingEffect;

/// <summary>
/// The domain's local interest in (<paramref name="Source"/>,<paramref name="Group"/>) (null source = (*,G))
/// appeared or changed flags (<paramref name="Present"/> true: originate or re-originate the SMET, RFC 9251 §9.1;
/// a version change re-advertises, never withdraws first) or went away (false: withdraw it).
/// </summary>
public sealed record LocalInterestChanged(InetAddress Group, InetAddress? Source, MulticastRouteFlags Flags, bool Present) : SnoopingEffect;

/// <summary>
/// A report for (x,G) arrived on <paramref name="Port"/> itself (not via sync): when the port is on a multihomed
/// ES the host originates a type-7 route (RFC 9251 §9.2); re-sent with new flags on a version change; withdrawn
/// (<paramref name="Present"/> false) when the port's state for (x,G) ends.
/// </summary>
public sealed record JoinSyncChanged(PortId Port, InetAddress Group, InetAddress? Source, MulticastRouteFlags Flags, bool Present) : SnoopingEffect;

/// <summary>
/// A leave arrived on <paramref name="Port"/> itself and its last-member procedure started (<paramref name="Present"/>
/// true: originate a type-8 route carrying <paramref name="MaxResponseTime"/>, RFC 9251 §9.3) or ended, by removal
/// or by a report that kept the port (false: withdraw it).
/// </summary>
public sealed record LeaveSyncChanged(PortId Port, InetAddress Group, InetAddress? Source, MulticastRouteFlags Flags, TimeSpan MaxResponseTime, bool Present) : SnoopingEffect;

/// <summary>
/// Send a membership query. <paramref name="Port"/> null: on every port of the domain (general queries of the
/// querier). <paramref name="Group"/> null: a general query; with <paramref name="Sources"/> non-empty a
/// group-and-source-specific query (RFC 3376 §4.1.9). <paramref name="Querier"/> is the IP source to use.
/// </summary>
public sealed record SendQuery(PortId? Port, IpFamily Family, MembershipVersion Version, InetAddress? Querier, InetAddress? Group, IReadOnlyList<InetAddress> Sources, TimeSpan MaxResponseTime) : SnoopingEffect;
