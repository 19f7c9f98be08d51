using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;

namespace ActorFabric.Simulation;

/// <summary>
/// Real-time Akka scheduler with sub-millisecond intent: Akka's default hashed wheel ticks every 10 ms at best,
/// which would round every emulated link latency (typically 0.1–1 ms) up to 10 ms. One background thread waits
/// for the earliest timer of a (due, sequence) heap and fires it; tells only enqueue into mailboxes, so the
/// thread never runs actor code. Waits of a millisecond or more sleep on the monitor (which an earlier new timer
/// wakes); the last stretch sleeps in slices of at most <see cref="SleepSlice"/> (<see cref="ShortSleep"/>), so a
/// timer added meanwhile is late by at most a slice. Select with <c>akka.scheduler.implementation</c>.
/// </summary>
public sealed class PreciseScheduler : TimerQueueScheduler, IDisposable
{
    private static readonly TimeSpan ShortBelow = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan SleepSlice = TimeSpan.FromMicroseconds(200);
    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(1);
    private readonly object _gate = new();
    private readonly TimerQueue _timers = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Thread _thread;
    private bool _stopped;

    public PreciseScheduler(Config config, ILoggingAdapter log) : base(config, log)
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "actorfabric-scheduler" };
        _thread.Start();
    }

    protected override DateTimeOffset TimeNow => DateTimeOffset.UtcNow;

    public override TimeSpan MonotonicClock => _clock.Elapsed;

    public override TimeSpan HighResMonotonicClock => _clock.Elapsed;

    private protected override void Add(TimerQueue.Timer timer, TimeSpan delay)
    {
        lock (_gate)
        {
            if (_stopped) return;
            bool earliest = _timers.Count == 0 || _clock.Elapsed.Ticks + delay.Ticks < _timers.NextDue;
            _timers.Add(timer, _clock.Elapsed.Ticks, delay);
            if (earliest) Monitor.Pulse(_gate);
        }
    }

    private void Run()
    {
        var due = new List<TimerQueue.Timer>();
        while (true)
        {
            lock (_gate)
            {
                while (true)
                {
                    if (_stopped) return;
                    long now = _clock.Elapsed.Ticks;
                    while (_timers.Count > 0 && _timers.NextDue <= now) due.Add(_timers.Take());
                    if (due.Count > 0) break;
                    if (_timers.Count == 0) { Monitor.Wait(_gate); continue; }
                    // Monitor.Wait sleeps at most int.MaxValue ms (it throws beyond, which would end this thread and the
                    // process): a longer wait is taken in pieces.
                    var wait = TimeSpan.FromTicks(Math.Min(_timers.NextDue - now, MaxWait.Ticks));
                    // Monitor.Wait sleeps in whole milliseconds at best; the last stretch is slept in short slices
                    // (it was spun, which kept a core busy whenever frames crossed links with latency).
                    if (wait >= ShortBelow) Monitor.Wait(_gate, wait - ShortBelow / 2);
                    else
                    {
                        Monitor.Exit(_gate);
                        ShortSleep.For(wait < SleepSlice ? wait : SleepSlice);
                        Monitor.Enter(_gate);
                    }
                }
            }
            foreach (var t in due)
            {
                try
                {
                    t.Fire();
                }
                catch (Exception e)
                {
                    Log.Error(e, "scheduled action failed");
                }
            }
            due.Clear();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopped = true;
            _timers.Clear();
            Monitor.Pulse(_gate);
        }
    }
}
