using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Bench;

/// <summary>
/// Figures of <c>bench fabric --l3</c>: the bridging fabric (<see cref="L2"/>) and the same shape routed (<see cref="L3"/>,
/// tenant VRFs of <see cref="VnisPerVrf"/> VNIs, host routes everywhere); <see cref="PeakIsolation"/> says how each
/// run's peak memory was kept its own (<c>process</c>: a child process per run; <c>clear_refs</c>: one process, the
/// peak restarted between the runs).
/// </summary>
internal sealed record FabricL3BenchFigures(FabricBenchmarkFigures L2, FabricBenchmarkFigures L3, int VnisPerVrf, string PeakIsolation)
{
    /// <summary>Issue 14 target: the routed fabric converges within 1.5× the bridging one, in wall time and in memory.</summary>
    public const double TargetRatio = 1.5;

    public double WallRatio => L3.ConvergeWallSeconds / L2.ConvergeWallSeconds;

    public double MemoryRatio => (double)L3.PeakBytes / L2.PeakBytes;

    /// <summary>The CPU time ratio: the wall ratio's steadier companion on a busy machine.</summary>
    public double CpuRatio => L2.CpuSeconds > 0 ? L3.CpuSeconds / L2.CpuSeconds : 0;

    /// <summary>The routed fabric installed every host route its shape implies (and the shape implies some).</summary>
    public bool RoutesInstalled => L3.IpVrfHostRoutesExpected > 0 && L3.IpVrfHostRoutes == L3.IpVrfHostRoutesExpected;

    /// <summary>The benchmark's verdict (exit 0): both converged and the routed one did its routing work.</summary>
    public bool Passed => L2.Converged && L3.Converged && RoutesInstalled;
}
