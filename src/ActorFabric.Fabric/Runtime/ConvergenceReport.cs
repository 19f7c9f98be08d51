namespace ActorFabric.Fabric.Runtime;

/// <summary>The outcome of <see cref="FabricRuntime.WaitConvergedAsync"/>.</summary>
/// <param name="EmulatedTime">Emulated time from the start of the fabric (or of the wait, see <paramref name="WaitedEmulated"/>) to convergence.</param>
/// <param name="WallTime">Wall-clock time the wait took (not deterministic: keep it out of scenario output).</param>
public sealed record ConvergenceReport(
    bool Converged,
    TimeSpan EmulatedTime,
    TimeSpan WaitedEmulated,
    TimeSpan WallTime,
    long MessagesProcessed,
    ConvergenceProgress Progress)
{
    public double EmulatedSeconds => EmulatedTime.TotalSeconds;
    public double WallSeconds => WallTime.TotalSeconds;
}
