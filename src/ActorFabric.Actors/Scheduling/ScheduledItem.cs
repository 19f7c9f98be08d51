namespace ActorFabric.Actors.Scheduling;

/// <summary>
/// One scheduled firing (or series of firings). Cancellation and firing race through one
/// state word, so a cancelled one-shot never fires and a fired one cannot be cancelled.
/// </summary>
internal abstract class ScheduledItem : ICancelable
{
    private const int Pending = 0, Fired = 1, Cancelled = 2;
    private int _state;

    protected ScheduledItem(long intervalTicks) => IntervalTicks = intervalTicks;

    /// <summary>0 for a one-shot.</summary>
    public long IntervalTicks { get; }

    /// <summary>The real-time timer behind this item, when the clock is real.</summary>
    public Timer? RealTimer { get; set; }

    /// <summary>The real-time scheduler tracking this item until it fires or is cancelled.</summary>
    public KernelScheduler? RealOwner { get; set; }

    public bool IsCancelled => Volatile.Read(ref _state) == Cancelled;

    public bool IsPending => Volatile.Read(ref _state) == Pending;

    public bool Cancel()
    {
        if (Interlocked.CompareExchange(ref _state, Cancelled, Pending) != Pending) return false;
        RealTimer?.Dispose();
        RealOwner?.Forget(this);
        OnCancelled();
        return true;
    }

    /// <summary>Fires; a one-shot only once. Returns false when it was cancelled (or already fired).</summary>
    public bool Fire()
    {
        if (IntervalTicks == 0)
        {
            if (Interlocked.CompareExchange(ref _state, Fired, Pending) != Pending) return false;
        }
        else if (Volatile.Read(ref _state) != Pending)
        {
            return false;
        }
        Execute();
        return true;
    }

    protected abstract void Execute();

    protected virtual void OnCancelled()
    {
    }
}
