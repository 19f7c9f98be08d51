namespace ActorFabric.Actors.Dispatch;

/// <summary>
/// Exact count of messages in flight, cheap under contention. Invariant: the published value
/// is never below the true number of enqueued-but-unprocessed messages, and it is zero only
/// when nothing is queued and no actor is mid-turn. Increments are published before the
/// message becomes visible (a turn reserves them in blocks of <see cref="Block"/>);
/// decrements are deferred to the end of the turn, which only over-counts meanwhile.
/// </summary>
internal sealed class FlightCounters
{
    private const int Block = 64;

    [ThreadStatic] private static FlightCounters? t_owner;
    [ThreadStatic] private static int t_credit;

    // Each counter on its own cache line so turns on two cores do not false-share.
    private PaddedLong _inFlightCell;
    private PaddedLong _processedCell;

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Explicit, Size = 128)]
    private struct PaddedLong
    {
        [System.Runtime.InteropServices.FieldOffset(64)] public long Value;
    }

    private ref long _inFlight => ref _inFlightCell.Value;

    private ref long _processed => ref _processedCell.Value;

    public long InFlight => Volatile.Read(ref _inFlight);

    public long Processed => Volatile.Read(ref _processed);

    /// <summary>Counts one message about to be enqueued.</summary>
    public void Increment()
    {
        if (t_owner == this)
        {
            if (t_credit > 0)
            {
                t_credit--;
                return;
            }
            Interlocked.Add(ref _inFlight, Block);
            t_credit = Block - 1;
            return;
        }
        Interlocked.Increment(ref _inFlight);
    }

    public void Add(long count) => Interlocked.Add(ref _inFlight, count);

    /// <summary>Starts an actor turn on this thread; returns the previous owner to restore.</summary>
    public FlightCounters? EnterTurn()
    {
        var previous = t_owner;
        if (previous is not null && previous != this) previous.ReturnCredit();
        t_owner = this;
        return previous;
    }

    /// <summary>Ends a turn that handled <paramref name="handled"/> messages (each leaves flight) of which <paramref name="processed"/> count as processed.</summary>
    public void ExitTurn(int handled, int processed, FlightCounters? previous)
    {
        var credit = t_credit;
        t_credit = 0;
        var delta = credit + handled;
        if (delta != 0) Interlocked.Add(ref _inFlight, -delta);
        if (processed != 0) Interlocked.Add(ref _processed, processed);
        t_owner = previous == this ? null : previous;
    }

    private void ReturnCredit()
    {
        var credit = t_credit;
        t_credit = 0;
        if (credit != 0) Interlocked.Add(ref _inFlight, -credit);
    }
}
