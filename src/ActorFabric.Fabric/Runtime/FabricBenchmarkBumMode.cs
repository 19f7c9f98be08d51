namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// What one replication mode of <c>bench bum</c> cost and delivered, for one stream per VNI, all measured during the
/// streams only (joins, queries and convergence come before the window).
/// </summary>
/// <param name="Mode"><c>ir</c>, <c>ar</c> or <c>ar_smet</c>.</param>
/// <param name="Converged">The fabric converged; when false no stream was sent and the counts are 0.</param>
/// <param name="BusiestLeafCopies">
/// VXLAN copies per stream packet made by the leaf (not replicator) that made the most for the streams: the ingress
/// leaf's replication fan-out (N−1 with ingress replication, 1 with Assisted Replication).
/// </param>
/// <param name="BusiestLeafCopiesTotal">All the copies that leaf made for the streams.</param>
/// <param name="FabricBytes">BUM bytes sent on fabric ports by every device (spine transit included) during the streams.</param>
/// <param name="BackgroundFabricBytes">The same in a quiet window of the same length just before the streams.</param>
/// <param name="FabricCopies">VXLAN copies of stream packets made by every VTEP (leaves and replicators).</param>
/// <param name="ReplicatorCopies">The part of <paramref name="FabricCopies"/> the replicators made.</param>
/// <param name="Streams">Streams sent (one per VNI with a host outside the interested leaves).</param>
/// <param name="Packets">Stream packets sent, all streams.</param>
/// <param name="InterestedLeaves">Leaves with a joined host (every 10th leaf).</param>
/// <param name="JoinedHosts">Hosts that joined their VNI's group.</param>
/// <param name="Receivers">Hosts that received at least one stream packet (joined or not).</param>
/// <param name="Delivered">Stream packets received by joined hosts (duplicates not counted).</param>
/// <param name="DeliveredExpected">Joined hosts × packets of their VNI's stream.</param>
/// <param name="Unsolicited">Stream packets received by hosts that had not joined (flooding without snooping).</param>
/// <param name="Duplicates">Stream packets a host received more than once: always a bug.</param>
public sealed record FabricBenchmarkBumMode(
    string Mode,
    string Topology,
    bool Converged,
    double BusiestLeafCopies,
    string? BusiestLeaf,
    long BusiestLeafCopiesTotal,
    long FabricBytes,
    long BackgroundFabricBytes,
    long FabricCopies,
    long ReplicatorCopies,
    int Streams,
    long Packets,
    int InterestedLeaves,
    int JoinedHosts,
    int Receivers,
    long Delivered,
    long DeliveredExpected,
    long Unsolicited,
    long Duplicates,
    double WallSeconds,
    double EmulatedSeconds,
    double ConvergeEmulatedSeconds);
