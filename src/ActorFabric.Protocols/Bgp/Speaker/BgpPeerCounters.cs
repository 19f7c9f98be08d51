namespace ActorFabric.Protocols.Bgp.Speaker;

/// <summary>What went to and came from one peer since it was created (for metrics; never drives behaviour).</summary>
public sealed class BgpPeerCounters
{
    public long MessagesSent { get; internal set; }
    public long MessagesReceived { get; internal set; }
    public long UpdatesSent { get; internal set; }
    public long UpdatesReceived { get; internal set; }
    public long RoutesAnnounced { get; internal set; }
    public long RoutesWithdrawn { get; internal set; }
    /// <summary>UPDATEs handled as withdrawals under RFC 7606.</summary>
    public long TreatAsWithdraw { get; internal set; }
}
