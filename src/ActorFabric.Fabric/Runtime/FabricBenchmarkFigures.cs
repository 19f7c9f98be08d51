namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// Figures of one <c>bench fabric</c> run; JSON keys per the issue: leaves, macs, converge_wall_s,
/// converge_emulated_s, peak_bytes, messages (write with <see cref="FabricBenchmark.WriteJson"/>).
/// </summary>
public sealed record FabricBenchmarkFigures(
    string Topology,
    int Leaves,
    long Macs,
    bool Converged,
    double ConvergeWallSeconds,
    double ConvergeEmulatedSeconds,
    long PeakBytes,
    long Messages,
    double LoadWallSeconds,
    ConvergenceProgress Progress)
{
    /// <summary>Whether reflectors sent clients only UPDATEs with route targets they import (RFC 4684 effect).</summary>
    public bool RouteTargetConstraint { get; init; }
}
