namespace ActorFabric.Fabric.Hosts;

/// <summary>A finished multicast stream: who sent it (host and source address), its id and how many datagrams left.</summary>
public sealed record MulticastStreamResult(string Host, string Group, string Source, uint StreamId, long Sent, int Rate, int PayloadSize, TimeSpan StartedAt, TimeSpan FinishedAt);
