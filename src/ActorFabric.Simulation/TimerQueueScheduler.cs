using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Event;

namespace ActorFabric.Simulation;

/// <summary>
/// Akka's six scheduling entry points turned into one <see cref="Add"/> of a <see cref="TimerQueue.Timer"/>: the
/// virtual and the real-time scheduler differ only in how they keep time and who fires the timers.
/// </summary>
public abstract class TimerQueueScheduler(Config config, ILoggingAdapter log) : SchedulerBase(config, log)
{
    private protected abstract void Add(TimerQueue.Timer timer, TimeSpan delay);

    protected override void InternalScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable)
        => Add(TimerQueue.Tell(receiver, message, sender, cancelable, 0), delay);

    protected override void InternalScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable)
        => Add(TimerQueue.Tell(receiver, message, sender, cancelable, interval.Ticks), initialDelay);

    protected override void InternalScheduleOnce(TimeSpan delay, Action action, ICancelable cancelable)
        => Add(TimerQueue.Run(new ActionRunnable(action), cancelable, 0), delay);

    protected override void InternalScheduleOnce(TimeSpan delay, IRunnable action, ICancelable cancelable)
        => Add(TimerQueue.Run(action, cancelable, 0), delay);

    protected override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action, ICancelable cancelable)
        => Add(TimerQueue.Run(new ActionRunnable(action), cancelable, interval.Ticks), initialDelay);

    protected override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, IRunnable action, ICancelable cancelable)
        => Add(TimerQueue.Run(action, cancelable, interval.Ticks), initialDelay);
}
