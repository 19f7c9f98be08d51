namespace ActorFabric.Cli.Bgp.Speaker;

/// <summary>A snapshot of one peer for the API and tests.</summary>
public sealed record BgpPeerSummary(int Id, string Address, string State, bool Dynamic, int AdjRibIn, long UpdatesReceived, long RoutesAnnounced, long RoutesWithdrawn, string? PeerRouterId);
