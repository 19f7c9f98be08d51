using ActorFabric.Protocols.Bridging;

namespace ActorFabric.Protocols.Multicast.Snooping;

/// <summary>
/// One port's state for (<paramref name="Source"/>,<paramref name="Group"/>) for show commands.
/// <paramref name="ExcludedSources"/> lists what a (*,G) EXCLUDE entry filters out; <paramref name="Synced"/>
/// means the state came only from a peer's join sync (RFC 9251 §9.2), not from a report on this port.
/// </summary>
public sealed record MembershipSnapshot(
    InetAddress Group, InetAddress? Source, PortId Port, MembershipVersion Version, FilterMode Mode,
    IReadOnlyList<InetAddress> ExcludedSources, TimeSpan ExpiresIn, bool LeavePending, bool Synced);

/// <summary>A port where queries were heard, and when it stops being a router port.</summary>
public sealed record RouterPortSnapshot(PortId Port, TimeSpan ExpiresIn);
