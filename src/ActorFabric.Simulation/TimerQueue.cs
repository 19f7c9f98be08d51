using Akka.Actor;
using Akka.Dispatch;

namespace ActorFabric.Simulation;

/// <summary>
/// The timers of a scheduler: a binary heap ordered by (due time, sequence number), so timers due at the same
/// instant fire in the order they were scheduled. Not thread-safe: the scheduler that owns it locks around it.
/// A repeating timer is put back for its next time when it is taken, unless cancelled.
/// </summary>
internal sealed class TimerQueue
{
    /// <summary>
    /// A scheduled tell (<see cref="Target"/> the receiver, <see cref="Message"/> set) or action (<see cref="Target"/>
    /// the runnable, no message). Kept small: a big fabric has millions of frames waiting out link latencies.
    /// </summary>
    internal struct Timer
    {
        public long Due;
        public long Interval;      // ticks; 0 = once
        public object Target;
        public object? Message;
        public IActorRef? Sender;
        public ICancelable? Cancelable;

        /// <summary>Delivers the tell or runs the action, unless the timer was cancelled.</summary>
        public readonly void Fire()
        {
            if (Cancelable is { IsCancellationRequested: true }) return;
            if (Message is not null) ((ICanTell)Target).Tell(Message, Sender!);
            else ((IRunnable)Target).Run();
        }
    }

    // The heap holds small entries (due, sequence, slot); the timers themselves wait in slots, so sifting moves
    // 24 bytes per level instead of a whole timer. Free slots are reused (a stack of their numbers).
    private struct Entry
    {
        public long Due;
        public long Seq;
        public int Slot;
    }

    private Entry[] _heap = new Entry[256];
    private Timer[] _slots = new Timer[256];
    private int[] _free = new int[256];
    private int _freeCount;
    private int _slotCount;
    private int _count;
    private long _seq;

    public static Timer Tell(ICanTell receiver, object message, IActorRef sender, ICancelable? cancelable, long interval)
        => new() { Target = receiver, Message = message, Sender = sender, Cancelable = cancelable, Interval = interval };

    public static Timer Run(IRunnable action, ICancelable? cancelable, long interval)
        => new() { Target = action, Cancelable = cancelable, Interval = interval };

    public int Count => _count;

    /// <summary>Due time (ticks) of the earliest timer; only when <see cref="Count"/> &gt; 0.</summary>
    public long NextDue => _heap[0].Due;

    /// <summary>Adds a timer due <paramref name="delay"/> after <paramref name="now"/> (a delay too large to add is "never").</summary>
    public void Add(Timer timer, long now, TimeSpan delay)
    {
        timer.Due = delay.Ticks > long.MaxValue - now ? long.MaxValue : now + delay.Ticks;
        Push(timer);
    }

    private void Push(Timer timer)
    {
        int slot;
        if (_freeCount > 0) slot = _free[--_freeCount];
        else
        {
            if (_slotCount == _slots.Length) Array.Resize(ref _slots, _slots.Length * 2);
            slot = _slotCount++;
        }
        _slots[slot] = timer;
        PushEntry(new Entry { Due = timer.Due, Seq = _seq++, Slot = slot });
    }

    private Timer Pop()
    {
        var entry = PopEntry();
        var timer = _slots[entry.Slot];
        _slots[entry.Slot] = default;
        if (_freeCount == _free.Length) Array.Resize(ref _free, _free.Length * 2);
        _free[_freeCount++] = entry.Slot;
        if (_slots.Length > 1024 && _count < _slots.Length / 4) Compact(_slots.Length / 2);
        return timer;
    }

    // Gives back the room a burst grew (a big fabric boots with one timer per device and frame in flight): the live
    // timers move to the front of smaller arrays. Halving at a quarter full keeps the cost amortized.
    private void Compact(int size)
    {
        var slots = new Timer[size];
        for (int i = 0; i < _count; i++)
        {
            slots[i] = _slots[_heap[i].Slot];
            _heap[i].Slot = i;
        }
        _slots = slots;
        _slotCount = _count;
        _freeCount = 0;
        if (_free.Length > size) _free = new int[size];
        if (_heap.Length > size) Array.Resize(ref _heap, size);
    }

    /// <summary>Removes and returns the earliest timer (re-adding a live repeating one for its next time).</summary>
    public Timer Take()
    {
        var t = Pop();
        // A next time past the end of time never comes (and the sum would wrap to the past).
        if (t.Interval > 0 && t.Interval < long.MaxValue - t.Due && t.Cancelable is not { IsCancellationRequested: true })
        {
            var next = t;
            next.Due = t.Due + t.Interval;
            Push(next);
        }
        return t;
    }

    public void Clear()
    {
        _heap = new Entry[256];
        _slots = new Timer[256];
        _free = new int[256];
        _count = _freeCount = _slotCount = 0;
    }

    private void PushEntry(Entry entry)
    {
        if (_count == _heap.Length) Array.Resize(ref _heap, _heap.Length * 2);
        int i = _count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Before(entry, _heap[parent])) break;
            _heap[i] = _heap[parent];
            i = parent;
        }
        _heap[i] = entry;
    }

    private Entry PopEntry()
    {
        var top = _heap[0];
        var last = _heap[--_count];
        if (_count > 0)
        {
            int i = 0;
            while (true)
            {
                int child = 2 * i + 1;
                if (child >= _count) break;
                if (child + 1 < _count && Before(_heap[child + 1], _heap[child])) child++;
                if (!Before(_heap[child], last)) break;
                _heap[i] = _heap[child];
                i = child;
            }
            _heap[i] = last;
        }
        return top;
    }

    private static bool Before(in Entry a, in Entry b) => a.Due < b.Due || (a.Due == b.Due && a.Seq < b.Seq);
}
