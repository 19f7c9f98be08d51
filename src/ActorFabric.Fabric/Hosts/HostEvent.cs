using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.Hosts;

/// <summary>Something an <see cref="EmulatedHost"/> reports, polled with <see cref="EmulatedHost.TryPollEvent"/>.</summary>
public abstract record HostEvent(TimeSpan At);

/// <summary>An address was resolved (or its MAC changed) by an ARP reply or request.</summary>
public sealed record ArpResolved(Ipv4Address Address, MacAddress Mac, TimeSpan At) : HostEvent(At);

/// <summary>No answer after every attempt: the packets queued for <see cref="Address"/> were dropped.</summary>
public sealed record ArpResolutionFailed(Ipv4Address Address, int DroppedPackets, TimeSpan At) : HostEvent(At);

/// <summary>An IPv6 neighbour (or the router) was resolved, or its MAC changed, by Neighbor Discovery (RFC 4861 §7.2).</summary>
public sealed record NeighborResolved(Ipv6Address Address, MacAddress Mac, TimeSpan At) : HostEvent(At);

/// <summary>No advertisement after every solicitation: the packets queued for <see cref="Address"/> were dropped.</summary>
public sealed record NeighborResolutionFailed(Ipv6Address Address, int DroppedPackets, TimeSpan At) : HostEvent(At);

/// <summary>An echo reply arrived; <see cref="RoundTrip"/> is in emulated time.</summary>
public sealed record PingReply(int SessionId, ushort Sequence, HostAddress From, TimeSpan RoundTrip, byte Ttl, TimeSpan At) : HostEvent(At);

/// <summary>No reply to one echo request within the session's timeout.</summary>
public sealed record PingTimeout(int SessionId, ushort Sequence, TimeSpan At) : HostEvent(At);

/// <summary>Every echo of the session was answered or timed out.</summary>
public sealed record PingCompleted(int SessionId, PingResult Result, TimeSpan At) : HostEvent(At);

/// <summary>A UDP flow sent its last datagram.</summary>
public sealed record UdpFlowCompleted(int FlowId, long Sent, TimeSpan At) : HostEvent(At);

/// <summary>A multicast stream sent its last datagram.</summary>
public sealed record MulticastStreamCompleted(uint StreamId, long Sent, TimeSpan At) : HostEvent(At);
