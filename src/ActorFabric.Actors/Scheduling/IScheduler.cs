namespace ActorFabric.Actors.Scheduling;

/// <summary>
/// Delayed and periodic sends, driven by the system's clock (real or virtual). A one-shot
/// <see cref="ScheduleTellOnce"/> counts in <see cref="ActorSystem.MessagesInFlight"/> from the
/// moment it is scheduled (it models a message in transit, e.g. link latency); periodic
/// tells and actions do not.
/// </summary>
public interface IScheduler
{
    /// <summary>Time since the system started, from the active clock.</summary>
    TimeSpan Now { get; }

    ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef target, object message, IActorRef? sender);

    ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef target, object message, IActorRef? sender);

    /// <summary>Runs <paramref name="action"/> after <paramref name="delay"/> (on the virtual loop, or a pool thread).</summary>
    ICancelable ScheduleOnce(TimeSpan delay, Action action);
}
