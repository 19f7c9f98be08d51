namespace ActorFabric.Protocols.Bgp.Speaker;

/// <summary>
/// Peers with the same outbound policy and the same message-size limit share one update group: one export
/// computation and one set of UPDATE objects per change (FRR's update groups).
/// </summary>
public readonly record struct UpdateGroupKey(BgpPeerRole Role, int MaxMessageLength);
