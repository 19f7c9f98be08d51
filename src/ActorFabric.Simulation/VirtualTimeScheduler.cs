using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Event;

namespace ActorFabric.Simulation;

/// <summary>
/// Akka scheduler (<c>akka.scheduler.implementation</c>) whose clock is virtual: it starts at zero and moves only
/// when the <see cref="SimulationDriver"/> takes the next due timer. Timers wait in a binary heap ordered by
/// (due time, sequence number), so timers due at the same instant fire in the order they were scheduled and one
/// seed gives one event order. <c>MonotonicClock</c>, <c>HighResMonotonicClock</c> and <c>Now</c> all read the
/// virtual clock, so Akka's own timers (<c>IWithTimers</c>, receive timeouts) run in virtual time too.
/// Scheduling is thread-safe (Akka schedules from its own threads while a system starts); firing happens only on
/// the driver's thread.
/// </summary>
public sealed class VirtualTimeScheduler : TimerQueueScheduler, IDisposable
{
    /// <summary>The wall-clock date that virtual time zero stands for (fixed, so runs replay exactly).</summary>
    public static readonly DateTimeOffset Epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly object _gate = new();
    private readonly TimerQueue _timers = new();
    private long _now;
    private bool _disposed;

    /// <summary>Akka creates the scheduler with the system's configuration and log.</summary>
    public VirtualTimeScheduler(Config config, ILoggingAdapter log) : base(config, log)
    {
        Driver = new SimulationDriver(this);
    }

    /// <summary>The loop that runs this system's fabric actors and moves this clock.</summary>
    public SimulationDriver Driver { get; }

    /// <summary>Virtual time since the system started.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(Volatile.Read(ref _now));

    /// <summary>Timers waiting (cancelled ones included until their time comes).</summary>
    public int PendingTimers
    {
        get
        {
            lock (_gate) return _timers.Count;
        }
    }

    protected override DateTimeOffset TimeNow => Epoch + Elapsed;

    public override TimeSpan MonotonicClock => Elapsed;

    public override TimeSpan HighResMonotonicClock => Elapsed;

    private protected override void Add(TimerQueue.Timer timer, TimeSpan delay)
    {
        lock (_gate)
        {
            if (_disposed) return;
            _timers.Add(timer, _now, delay);
        }
    }

    /// <summary>Due time of the earliest timer, or null when none is waiting.</summary>
    internal TimeSpan? NextDue
    {
        get
        {
            lock (_gate) return _timers.Count == 0 ? null : TimeSpan.FromTicks(_timers.NextDue);
        }
    }

    /// <summary>
    /// Takes the earliest timer if it is due at or before <paramref name="limit"/>, moves the clock to its time and
    /// fires it (a tell or an action, on the calling thread). Returns false when no timer is due by then.
    /// </summary>
    internal bool FireNext(long limit)
    {
        TimerQueue.Timer t;
        lock (_gate)
        {
            // long.MaxValue is "never" (a delay too large to add): it does not fire even in an unbounded run.
            if (_timers.Count == 0 || _timers.NextDue > limit || _timers.NextDue == long.MaxValue) return false;
            t = _timers.Take();
            if (t.Due > _now) Volatile.Write(ref _now, t.Due);
        }
        t.Fire();
        return true;
    }

    /// <summary>Sets the clock forward to <paramref name="ticks"/> (never back) once nothing earlier is left.</summary>
    internal void MoveTo(long ticks)
    {
        lock (_gate)
        {
            if (ticks > _now) Volatile.Write(ref _now, ticks);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timers.Clear();
        }
    }
}
