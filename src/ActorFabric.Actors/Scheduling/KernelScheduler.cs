using System.Diagnostics;
using ActorFabric.Actors.Dispatch;

namespace ActorFabric.Actors.Scheduling;

/// <summary>
/// The one scheduler of a system; its clock is either the virtual event queue or real time
/// (one <see cref="Timer"/> per pending item, all cancelled when the system terminates).
/// </summary>
internal sealed class KernelScheduler : IScheduler
{
    private readonly ActorSystem _system;
    private readonly VirtualClock? _virtual;
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();
    private readonly HashSet<ScheduledItem> _realPending = new(ReferenceEqualityComparer.Instance);
    private bool _closed;

    public KernelScheduler(ActorSystem system, VirtualClock? virtualClock)
    {
        _system = system;
        _virtual = virtualClock;
    }

    public TimeSpan Now => _virtual is not null ? _virtual.Now : Stopwatch.GetElapsedTime(_startTimestamp);

    public ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef target, object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        message = _system.VerifyMessage(message, target);
        var counters = _system.Counters;
        counters.Increment();
        var item = new ScheduledTell(target, message, sender, 0, counters);
        Schedule(item, delay);
        return item;
    }

    public ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef target, object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        if (interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval), "interval must be positive");
        message = _system.VerifyMessage(message, target);
        var item = new ScheduledTell(target, message, sender, interval.Ticks, null);
        Schedule(item, initialDelay);
        return item;
    }

    public ICancelable ScheduleOnce(TimeSpan delay, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var item = new ScheduledAction(action);
        Schedule(item, delay);
        return item;
    }

    internal void Schedule(ScheduledItem item, TimeSpan delay)
    {
        if (delay < TimeSpan.Zero) delay = TimeSpan.Zero;
        if (_virtual is not null)
        {
            _virtual.Schedule(item, delay.Ticks);
            return;
        }
        lock (_realPending)
        {
            if (_closed)
            {
                item.Cancel();
                return;
            }
            _realPending.Add(item);
            item.RealOwner = this;
        }
        var period = item.IntervalTicks == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromTicks(item.IntervalTicks);
        // The timer is created unstarted so RealTimer is set before the first callback can run.
        var timer = new Timer(static state => ((KernelScheduler)((object[])state!)[0]).FireReal((ScheduledItem)((object[])state!)[1]),
            new object[] { this, item }, Timeout.Infinite, Timeout.Infinite);
        item.RealTimer = timer;
        timer.Change(delay, period);
        if (item.IsCancelled) timer.Dispose();
    }

    private void FireReal(ScheduledItem item)
    {
        try
        {
            item.Fire();
        }
        catch (Exception ex)
        {
            _system.Log.Error(ex, "Scheduled item failed");
        }
        if (item.IntervalTicks == 0)
        {
            item.RealTimer?.Dispose();
            Forget(item);
        }
    }

    internal void Forget(ScheduledItem item)
    {
        lock (_realPending) _realPending.Remove(item);
    }

    /// <summary>Cancels everything still pending in real time (system termination).</summary>
    internal void Close()
    {
        ScheduledItem[] pending;
        lock (_realPending)
        {
            _closed = true;
            pending = [.. _realPending];
            _realPending.Clear();
        }
        foreach (var item in pending)
        {
            item.Cancel();
            item.RealTimer?.Dispose();
        }
    }
}
