using Akka.Actor;

namespace ActorFabric.Simulation;

/// <summary>
/// The emulation's time for actors: the virtual clock under the <see cref="VirtualTimeScheduler"/>, otherwise the
/// scheduler's monotonic clock counted from when this extension was first asked for (the run's start). Actors
/// fetch it once and read <see cref="Now"/> per message.
/// </summary>
public sealed class EmulatedClock : IExtension
{
    private readonly IScheduler _scheduler;
    private readonly VirtualTimeScheduler? _virtual;
    private readonly TimeSpan _origin;

    public EmulatedClock(ExtendedActorSystem system)
    {
        _scheduler = system.Scheduler;
        _virtual = system.Scheduler as VirtualTimeScheduler;
        _origin = _virtual is null ? _scheduler.MonotonicClock : TimeSpan.Zero;
    }

    public static EmulatedClock Get(ActorSystem system) => system.WithExtension<EmulatedClock, EmulatedClockId>();

    /// <summary>Time since the run started.</summary>
    public TimeSpan Now => _virtual is { } v ? v.Elapsed : _scheduler.MonotonicClock - _origin;

    /// <summary>The driver of a virtual-time system; null in real time.</summary>
    public SimulationDriver? Driver => _virtual?.Driver;
}

public sealed class EmulatedClockId : ExtensionIdProvider<EmulatedClock>
{
    public override EmulatedClock CreateExtension(ExtendedActorSystem system) => new(system);
}
