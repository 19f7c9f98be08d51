namespace ActorFabric.Actors;

/// <summary>Which clock drives the scheduler.</summary>
public enum ClockMode
{
    /// <summary>Wall-clock time; actors run on the thread pool.</summary>
    Real,

    /// <summary>Discrete-event time; actors run on the caller of <see cref="VirtualClock"/>'s Run methods.</summary>
    Virtual,
}
