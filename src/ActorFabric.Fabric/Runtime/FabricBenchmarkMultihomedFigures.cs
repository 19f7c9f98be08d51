namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// Figures of one <c>bench fabric --multihomed</c> run: the single-homed fabric, the same fabric with every host
/// dual-homed (<see cref="Multihomed"/>), a segment link failure on it (<see cref="Failover"/>) and the same failure
/// on the variant with 2 hosts per segment (<see cref="SmallSegmentFailover"/>), to show the UPDATE count does not
/// follow the number of MACs behind the segment.
/// </summary>
public sealed record FabricBenchmarkMultihomedFigures(
    FabricBenchmarkFigures SingleHomed,
    FabricBenchmarkFigures Multihomed,
    FabricBenchmarkFailover Failover,
    FabricBenchmarkFailover SmallSegmentFailover)
{
    /// <summary>Issue 11 target: multihomed convergence at most 1.5× the single-homed one, in wall time and in memory.</summary>
    public const double TargetRatio = 1.5;

    public double WallRatio => Multihomed.ConvergeWallSeconds / SingleHomed.ConvergeWallSeconds;

    public double MemoryRatio => (double)Multihomed.PeakBytes / SingleHomed.PeakBytes;

    public bool Converged => SingleHomed.Converged && Multihomed.Converged;

    /// <summary>
    /// Both failures completed and sent the same number of UPDATEs although their segments differ in MACs
    /// (a per-ES withdrawal and per-peer packing, not one route per MAC).
    /// </summary>
    public bool UpdatesIndependentOfMacs =>
        Failover.Completed && SmallSegmentFailover.Completed && Failover.Updates == SmallSegmentFailover.Updates;
}
