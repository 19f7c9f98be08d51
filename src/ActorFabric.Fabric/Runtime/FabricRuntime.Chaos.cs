namespace ActorFabric.Fabric.Runtime;

// The chaos timeline: every applied action, recorded on the serialized chaos path whatever its origin.
public sealed partial class FabricRuntime
{
    private readonly ChaosTimeline _chaosTimeline = new();

    /// <summary>Every chaos action applied so far (CLI, control API, scenario), oldest first.</summary>
    public IReadOnlyList<ChaosEvent> ChaosTimeline => _chaosTimeline.Events;

    /// <summary>
    /// Emulated time the fabric last became converged after its sessions, routes or flood lists were off (keepalives
    /// in flight do not count); null before the first convergence. Scenario timelines measure reconvergence with it.
    /// </summary>
    public TimeSpan? ReconvergedAt => _convergence.ReconvergedAt;

    private ChaosResult Recorded(ChaosAction action, ChaosResult result, string origin)
    {
        _chaosTimeline.Record(action, result, origin);
        return result;
    }
}
