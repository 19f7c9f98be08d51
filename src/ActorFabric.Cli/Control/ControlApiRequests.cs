namespace ActorFabric.Cli.Control;

/// <summary>POST /api/ping body.</summary>
public sealed record PingRequest(string Source, string Destination, int Count = 3, TimeSpan? Timeout = null);

/// <summary>POST /api/chaos body: one action in the CLI grammar, e.g. <c>link-set leaf1 spine1 --latency 2ms</c>.</summary>
public sealed record ChaosRequest(string Action);

/// <summary>POST /api/captures body.</summary>
public sealed record CaptureRequest(string Target, string Path);

/// <summary>POST /api/advance body (virtual time only moves when asked).</summary>
public sealed record AdvanceRequest(TimeSpan Duration);

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
    long SegmentsInFlight)
{
    public static ConvergenceProgressView From(Fabric.Runtime.ConvergenceProgress p) =>
        new(p.SessionsExpected, p.SessionsEstablished, p.RoutesExpected, p.RoutesPresent, p.FloodListsExpected, p.FloodListsComplete, p.SegmentsInFlight);
}
