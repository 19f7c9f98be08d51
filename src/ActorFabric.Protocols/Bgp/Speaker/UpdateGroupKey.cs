namespace ActorFabric.Protocols.Bgp.Speaker;

/// <summary>
/// Peers with the same outbound policy and the same message-size limit share one update group: one export
/// computation and one set of UPDATE objects per change (FRR's update groups). With Route Target Constraint
/// the peer's <see cref="RouteTargetFilter"/> is part of the policy (null = every route), compared by content, so
/// peers that announced the same memberships still share one set of UPDATEs (RFC 4684 §4).
/// </summary>
public readonly record struct UpdateGroupKey(BgpPeerRole Role, int MaxMessageLength, RouteTargetFilter? Filter = null);
