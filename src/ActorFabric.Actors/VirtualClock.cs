using ActorFabric.Actors.Scheduling;

namespace ActorFabric.Actors;

/// <summary>
/// Discrete-event clock. Runnable actors wait in a FIFO for the current instant; future
/// events wait in a binary heap; both are ordered by (time, sequence), so one seed gives one
/// event order. Time only moves when the FIFO is empty, and jumps straight to the next event.
/// Actors run on the thread that calls <see cref="RunUntilIdle"/>, <see cref="Advance"/> or
/// <see cref="RunUntil"/>; nothing runs between those calls.
/// </summary>
public sealed class VirtualClock
{
    private struct Runnable
    {
        public ActorCell Cell;
        public long Seq;
    }

    private struct Timed
    {
        public long Due;
        public long Seq;
        public ScheduledItem Item;
    }

    private readonly object _gate = new();
    private readonly ActorSystem _system;
    // Work arriving from other threads (e.g. the test between Run calls) waits here under the lock;
    // the loop thread itself touches the FIFO and heap without locking.
    private readonly List<(ActorCell? Cell, ScheduledItem? Item, long Due)> _inbox = new();
    private volatile int _inboxCount;
    private Runnable[] _fifo = new Runnable[256];
    private int _fifoHead;
    private int _fifoCount;
    private Timed[] _heap = new Timed[256];
    private int _heapCount;
    private long _now;
    private long _seq;
    private long _events;
    private volatile int _runningThread;

    internal VirtualClock(ActorSystem system) => _system = system;

    /// <summary>Virtual time since the system started.</summary>
    public TimeSpan Now => TimeSpan.FromTicks(Volatile.Read(ref _now));

    /// <summary>Messages delivered (user and system) plus scheduled items fired, since start.</summary>
    public long EventsProcessed => Volatile.Read(ref _events);

    /// <summary>Runnable actors at the current instant plus future events (timers included).</summary>
    public int Pending
    {
        get
        {
            lock (_gate) return _fifoCount + _heapCount + _inbox.Count;
        }
    }

    /// <summary>
    /// Runs until no message is in flight and nothing is runnable. Time jumps forward as far as
    /// needed to deliver pending one-shot tells and restarts; timers alone do not keep it running.
    /// </summary>
    public void RunUntilIdle()
    {
        EnterLoop();
        try
        {
            while (true)
            {
                if (_system.MessagesInFlight == 0 && FifoEmpty()) return;
                if (!Step(long.MaxValue)) return;
            }
        }
        finally
        {
            ExitLoop();
        }
    }

    /// <summary>Runs every event due within <paramref name="duration"/>, then sets the clock to now + duration.</summary>
    public void Advance(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(duration));
        EnterLoop();
        try
        {
            var target = _now + duration.Ticks;
            while (Step(target))
            {
            }
            Volatile.Write(ref _now, target);
        }
        finally
        {
            ExitLoop();
        }
    }

    /// <summary>
    /// Runs events until <paramref name="condition"/> holds (checked before each step) or
    /// <paramref name="limit"/> of virtual time has passed; returns whether the condition held.
    /// </summary>
    public bool RunUntil(Func<bool> condition, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(condition);
        EnterLoop();
        try
        {
            var deadline = limit == TimeSpan.MaxValue ? long.MaxValue : _now + limit.Ticks;
            while (true)
            {
                if (condition()) return true;
                if (!Step(deadline))
                {
                    if (deadline != long.MaxValue) Volatile.Write(ref _now, deadline);
                    return condition();
                }
            }
        }
        finally
        {
            ExitLoop();
        }
    }

    internal bool IsLoopThread => _runningThread == Environment.CurrentManagedThreadId;

    private void EnterLoop()
    {
        var me = Environment.CurrentManagedThreadId;
#pragma warning disable CS0420 // a volatile field passed by ref to Interlocked is still accessed atomically
        if (Interlocked.CompareExchange(ref _runningThread, me, 0) != 0)
#pragma warning restore CS0420
            throw new InvalidOperationException("The virtual clock is already running (re-entrant or concurrent Run/Advance call).");
    }

    private void ExitLoop()
    {
        _system.Counters.ReleaseThread();
        _runningThread = 0;
    }

    private bool FifoEmpty()
    {
        DrainInbox();
        return _fifoCount == 0;
    }

    /// <summary>Makes <paramref name="cell"/> runnable at the current instant.</summary>
    internal void Enqueue(ActorCell cell)
    {
        if (Environment.CurrentManagedThreadId != _runningThread)
        {
            lock (_gate)
            {
                _inbox.Add((cell, null, 0));
                _inboxCount = _inbox.Count;
            }
            return;
        }
        if (_fifoCount == _fifo.Length) GrowFifo();
        var tail = _fifoHead + _fifoCount;
        if (tail >= _fifo.Length) tail -= _fifo.Length;
        _fifo[tail] = new Runnable { Cell = cell, Seq = _seq++ };
        _fifoCount++;
    }

    internal void Schedule(ScheduledItem item, long delayTicks)
    {
        var due = Volatile.Read(ref _now) + delayTicks;
        if (Environment.CurrentManagedThreadId != _runningThread)
        {
            lock (_gate)
            {
                _inbox.Add((null, item, due));
                _inboxCount = _inbox.Count;
            }
            return;
        }
        Push(new Timed { Due = due, Seq = _seq++, Item = item });
    }

    /// <summary>Moves work that arrived from other threads into the FIFO/heap, in arrival order.</summary>
    private void DrainInbox()
    {
        if (_inboxCount == 0) return;
        lock (_gate)
        {
            foreach (var (cell, item, due) in _inbox)
            {
                if (cell is not null)
                {
                    if (_fifoCount == _fifo.Length) GrowFifo();
                    var tail = _fifoHead + _fifoCount;
                    if (tail >= _fifo.Length) tail -= _fifo.Length;
                    _fifo[tail] = new Runnable { Cell = cell, Seq = _seq++ };
                    _fifoCount++;
                }
                else
                {
                    Push(new Timed { Due = Math.Max(due, _now), Seq = _seq++, Item = item! });
                }
            }
            _inbox.Clear();
            _inboxCount = 0;
        }
    }

    /// <summary>Runs the next event due no later than <paramref name="limit"/>; false when there is none.</summary>
    private bool Step(long limit)
    {
        ActorCell? cell = null;
        ScheduledItem? item = null;
        DrainInbox();
        {
            // Merge by (time, seq): a heap event due now with a smaller sequence goes before the FIFO head.
            var heapFirst = _heapCount > 0 && _heap[0].Due <= _now &&
                            (_fifoCount == 0 || _heap[0].Seq < _fifo[_fifoHead].Seq);
            if (_fifoCount > 0 && !heapFirst)
            {
                cell = _fifo[_fifoHead].Cell;
                _fifo[_fifoHead] = default;
                _fifoHead = _fifoHead + 1 == _fifo.Length ? 0 : _fifoHead + 1;
                _fifoCount--;
            }
            else if (_heapCount > 0 && _heap[0].Due <= limit)
            {
                var timed = Pop();
                if (timed.Due > _now) Volatile.Write(ref _now, timed.Due);
                item = timed.Item;
                if (item.IntervalTicks > 0 && item.IsPending)
                    Push(new Timed { Due = timed.Due + item.IntervalTicks, Seq = _seq++, Item = item });
            }
            else
            {
                return false;
            }
        }
        if (cell is not null)
        {
            _events += cell.Run();
        }
        else
        {
            try
            {
                if (item!.Fire()) _events++;
            }
            catch (Exception ex)
            {
                _system.Log.Error(ex, "Scheduled item failed");
            }
        }
        return true;
    }

    private void GrowFifo()
    {
        var bigger = new Runnable[_fifo.Length * 2];
        for (var i = 0; i < _fifoCount; i++)
        {
            var j = _fifoHead + i;
            if (j >= _fifo.Length) j -= _fifo.Length;
            bigger[i] = _fifo[j];
        }
        _fifo = bigger;
        _fifoHead = 0;
    }

    private static bool Before(in Timed a, in Timed b) => a.Due < b.Due || (a.Due == b.Due && a.Seq < b.Seq);

    private void Push(Timed entry)
    {
        if (_heapCount == _heap.Length) Array.Resize(ref _heap, _heap.Length * 2);
        var i = _heapCount++;
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (!Before(entry, _heap[parent])) break;
            _heap[i] = _heap[parent];
            i = parent;
        }
        _heap[i] = entry;
    }

    private Timed Pop()
    {
        var top = _heap[0];
        var last = _heap[--_heapCount];
        _heap[_heapCount] = default;
        if (_heapCount > 0)
        {
            var i = 0;
            while (true)
            {
                var child = 2 * i + 1;
                if (child >= _heapCount) break;
                if (child + 1 < _heapCount && Before(_heap[child + 1], _heap[child])) child++;
                if (!Before(_heap[child], last)) break;
                _heap[i] = _heap[child];
                i = child;
            }
            _heap[i] = last;
        }
        // A burst (a fabric booting) can grow the heap to millions of entries; halve the array once it is
        // three-quarters empty so that room is not kept for the rest of the run.
        if (_heap.Length > 4096 && _heapCount < _heap.Length / 4) Array.Resize(ref _heap, _heap.Length / 2);
        return top;
    }
}
