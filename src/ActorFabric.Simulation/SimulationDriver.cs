using System.Collections.Concurrent;
using Akka.Dispatch;

namespace ActorFabric.Simulation;

/// <summary>
/// The loop of a virtual-time run: runs every queued mailbox turn of the fabric's actors in FIFO order until none
/// is left, then moves the <see cref="VirtualTimeScheduler"/> to its next due timer and fires it, and repeats —
/// until a time limit or a condition. Only one thread drives at a time; actors of the simulation dispatcher run
/// only on it, so one seed gives one event order. Work queued from another thread between two runs (a query told
/// by the CLI) waits for the next run. Never block on a task from inside the loop: run the loop until it completes
/// (<see cref="RunUntil"/>).
/// </summary>
public sealed class SimulationDriver
{
    private readonly VirtualTimeScheduler _clock;
    private readonly ConcurrentQueue<IRunnable> _ready = new();
    private int _driving;
    private long _turns;

    internal SimulationDriver(VirtualTimeScheduler clock) => _clock = clock;

    /// <summary>Virtual time now.</summary>
    public TimeSpan Now => _clock.Elapsed;

    /// <summary>Mailbox turns (and other queued work) run so far.</summary>
    public long TurnsRun => Volatile.Read(ref _turns);

    /// <summary>Work queued for the current instant (mailboxes waiting for a turn).</summary>
    public int Ready => _ready.Count;

    /// <summary>Timers waiting in the scheduler.</summary>
    public int PendingTimers => _clock.PendingTimers;

    /// <summary>Called by the simulation executor: a mailbox has messages and wants a turn.</summary>
    internal void Enqueue(IRunnable run) => _ready.Enqueue(run);

    /// <summary>Runs everything queued for the current instant (and what that queues in turn); time does not move.</summary>
    public void RunUntilIdle()
    {
        Enter();
        try
        {
            while (_ready.TryDequeue(out var run)) Run(run);
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>Runs every event due within <paramref name="duration"/>, then sets the clock to now + duration.</summary>
    public void Advance(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(duration), duration, "cannot advance by a negative duration");
        Enter();
        try
        {
            long target = Saturating(Now, duration);
            while (Step(target))
            {
            }
            // As in RunUntil: an unbounded run leaves the clock at its last event (the end of time would overflow
            // the scheduler's date).
            if (target != long.MaxValue) _clock.MoveTo(target);
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>
    /// Runs events until <paramref name="condition"/> holds (checked before each mailbox turn and timer) or
    /// <paramref name="limit"/> of virtual time has passed; returns whether the condition held. When the limit is
    /// reached the clock stands at now + limit.
    /// </summary>
    public bool RunUntil(Func<bool> condition, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (limit < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(limit), limit, "cannot run for a negative duration");
        Enter();
        try
        {
            long deadline = Saturating(Now, limit);
            while (true)
            {
                if (condition()) return true;
                if (!Step(deadline))
                {
                    if (deadline != long.MaxValue) _clock.MoveTo(deadline);
                    return condition();
                }
            }
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>Runs until <paramref name="task"/> completes or <paramref name="limit"/> passes, then returns its result.</summary>
    public T RunUntilCompleted<T>(Task<T> task, TimeSpan limit)
    {
        if (!RunUntil(() => task.IsCompleted, limit))
            throw new TimeoutException($"no answer within {limit.TotalSeconds:0.###} s of virtual time (now {Now}, {TurnsRun} turns run, {Ready} waiting, {PendingTimers} timers)");
        return task.GetAwaiter().GetResult();
    }

    // One step: a queued mailbox turn, else the next timer due by the deadline. False when neither is left.
    private bool Step(long deadline)
    {
        if (_ready.TryDequeue(out var run))
        {
            Run(run);
            return true;
        }
        return _clock.FireNext(deadline);
    }

    private void Run(IRunnable run)
    {
        _turns++;
        run.Run();
    }

    private static long Saturating(TimeSpan now, TimeSpan add)
        => add == TimeSpan.MaxValue || add.Ticks > long.MaxValue - now.Ticks ? long.MaxValue : now.Ticks + add.Ticks;

    private void Enter()
    {
        if (Interlocked.CompareExchange(ref _driving, 1, 0) != 0)
            throw new InvalidOperationException("the simulation is already being driven (one thread at a time; do not drive from inside an actor)");
    }

    private void Exit() => Volatile.Write(ref _driving, 0);
}
