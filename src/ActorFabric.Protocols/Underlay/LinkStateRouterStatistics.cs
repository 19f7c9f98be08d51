namespace ActorFabric.Protocols.Underlay;

/// <summary>Counters of one router's protocol work, for tests (flooding must stop) and metrics.</summary>
public sealed class LinkStateRouterStatistics
{
    public long HellosSent { get; internal set; }
    public long LspsSent { get; internal set; }
    public long LspRetransmissions { get; internal set; }
    public long LspsReceived { get; internal set; }
    public long LspsOriginated { get; internal set; }
    public long CsnpsSent { get; internal set; }
    public long PsnpsSent { get; internal set; }
    public long SpfRuns { get; internal set; }
    public long MalformedPdusReceived { get; internal set; }
}
