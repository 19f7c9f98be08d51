namespace ActorFabric.Cli.Control;

/// <summary>GET /api/status.</summary>
public sealed record ControlStatus(
    string Topology,
    string Clock,
    TimeSpan Now,
    bool Converged,
    ConvergenceProgressView Progress,
    IReadOnlyList<string> Devices,
    IReadOnlyList<string> Hosts,
    long MessagesProcessed);

/// <summary>The convergence figures as the API reports them (the facade's record plus nothing computed).</summary>
public sealed record ConvergenceProgressView(
    int SessionsExpected,
    int SessionsEstablished,
    long RoutesExpected,
    long RoutesPresent,
    int FloodListsExpected,
    int FloodListsComplete,
    long BgpBytesInFlight)
{
    public static ConvergenceProgressView From(Fabric.Runtime.ConvergenceProgress p) =>
        new(p.SessionsExpected, p.SessionsEstablished, p.RoutesExpected, p.RoutesPresent, p.FloodListsExpected, p.FloodListsComplete, p.BgpBytesInFlight);
}
