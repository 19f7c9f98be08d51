namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// One Ethernet segment link failure measured by <see cref="FabricBenchmark.MeasureSegmentFailoverAsync"/>: the link
/// of <see cref="Segment"/> (<see cref="SegmentHosts"/> hosts) on <see cref="Leaf"/> goes down, and the remote leaves
/// of the segment's VNI drop that leaf's per-ES A-D route (mass withdrawal, RFC 7432 §8.2).
/// </summary>
/// <param name="RemoteLeaves">Leaves carrying the VNI, not members of the segment, that held the leaf's per-ES route before.</param>
/// <param name="RemoteLeavesUpdated">How many of them had dropped it when the measurement stopped.</param>
/// <param name="EmulatedSeconds">Emulated time from the failure until the last of them dropped it (to the poll step).</param>
/// <param name="WallSeconds">Wall time the fabric ran for that (the polling queries between steps excluded).</param>
/// <param name="Updates">BGP UPDATEs all devices sent from the failure to 1 s of emulated time after the last remote leaf updated.</param>
/// <param name="BackgroundUpdates">UPDATEs sent in 1 s of emulated time just before the failure (expected 0: a quiet fabric).</param>
public sealed record FabricBenchmarkFailover(
    string Segment,
    string Leaf,
    int SegmentHosts,
    int RemoteLeaves,
    int RemoteLeavesUpdated,
    double EmulatedSeconds,
    double WallSeconds,
    long Updates,
    long BackgroundUpdates)
{
    /// <summary>Every remote leaf dropped the failed leaf from the segment.</summary>
    public bool Completed => RemoteLeaves > 0 && RemoteLeavesUpdated == RemoteLeaves;
}
