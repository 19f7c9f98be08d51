namespace ActorFabric.Simulation;

/// <summary>How a run keeps time.</summary>
public enum ClockMode
{
    /// <summary>Akka's dispatchers and scheduler: actors run on the thread pool, time is the wall clock.</summary>
    Real,

    /// <summary>Deterministic discrete-event time: one driver thread, idle time skipped, same seed → same events.</summary>
    Virtual,
}
