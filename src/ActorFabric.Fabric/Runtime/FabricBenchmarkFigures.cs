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

    /// <summary>IP-VRFs of the topology (0: a bridging-only fabric, and the IP-VRF figures below are 0).</summary>
    public int IpVrfs { get; init; }

    /// <summary>Prefixes in every device's IP-VRF tables at convergence.</summary>
    public long IpVrfRoutes { get; init; }

    /// <summary>Host routes (/32, /128) installed fabric-wide at convergence, local and remote.</summary>
    public long IpVrfHostRoutes { get; init; }

    /// <summary>
    /// CPU time (user + system, every thread) the process used from the start to convergence: on a machine shared with
    /// other jobs it follows the work done more closely than wall time does.
    /// </summary>
    public double CpuSeconds { get; init; }

    /// <summary>Bytes the process allocated from the start to convergence (the same work allocates the same, however busy the machine).</summary>
    public long AllocatedBytes { get; init; }

    /// <summary>Time the garbage collector paused the process from the start to convergence.</summary>
    public double GcPauseSeconds { get; init; }

    /// <summary>Full (generation 2) collections from the start to convergence.</summary>
    public int Gen2Collections { get; init; }

    /// <summary>Managed heap still in use once converged (after a full collection): what the fabric's state costs.</summary>
    public long LiveBytes { get; init; }

    /// <summary>Host routes the topology implies (<see cref="FabricBenchmark.ExpectedHostRoutes"/>; -1: not modelled, CRB).</summary>
    public long IpVrfHostRoutesExpected { get; init; }
}
