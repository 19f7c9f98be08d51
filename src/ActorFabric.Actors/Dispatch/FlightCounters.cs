using System.Runtime.InteropServices;

namespace ActorFabric.Actors.Dispatch;

/// <summary>
/// Exact count of messages in flight, cheap under contention. Invariant: the published value
/// is never below the true number of enqueued-but-unprocessed messages, and it is zero only
/// when nothing is queued and no actor is mid-turn. Increments are published before the
/// message becomes visible (a turn reserves them in blocks of <see cref="Block"/>);
/// decrements are deferred to the end of the turn, which only over-counts meanwhile.
/// The virtual clock's loop thread keeps its reservation and deferred decrements across turns
/// (no atomics per turn) and subtracts them when it reads the count itself.
/// </summary>
internal sealed class FlightCounters
{
    private const int Block = 64;

    [ThreadStatic] private static FlightCounters? t_owner;
    [ThreadStatic] private static int t_credit;
    [ThreadStatic] private static long t_handled;
    [ThreadStatic] private static long t_processed;

    // Each counter on its own cache line so turns on two cores do not false-share.
    private PaddedLong _inFlightCell;
    private PaddedLong _processedCell;

    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct PaddedLong
    {
        [FieldOffset(64)] public long Value;
    }

    public long InFlight
    {
        get
        {
            var value = Volatile.Read(ref _inFlightCell.Value);
            if (t_owner == this) value -= t_credit + t_handled;
            return value;
        }
    }

    public long Processed
    {
        get
        {
            var value = Volatile.Read(ref _processedCell.Value);
            if (t_owner == this) value += t_processed;
            return value;
        }
    }

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
            Interlocked.Add(ref _inFlightCell.Value, Block);
            t_credit = Block - 1;
            return;
        }
        Interlocked.Increment(ref _inFlightCell.Value);
    }

    public void Add(long count) => Interlocked.Add(ref _inFlightCell.Value, count);

    /// <summary>Starts an actor turn on this thread; returns the previous owner to restore.</summary>
    public FlightCounters? EnterTurn()
    {
        var previous = t_owner;
        if (previous == this) return this;
        previous?.Flush();
        t_owner = this;
        return previous;
    }

    /// <summary>
    /// Ends a turn that handled <paramref name="handled"/> messages (each leaves flight) of which
    /// <paramref name="processed"/> count as processed. With <paramref name="retain"/> (virtual loop) the
    /// updates stay on this thread until <see cref="ReleaseThread"/>.
    /// </summary>
    public void ExitTurn(int handled, int processed, FlightCounters? previous, bool retain)
    {
        t_handled += handled;
        t_processed += processed;
        if (retain) return;
        Flush();
        t_owner = previous == this ? null : previous;
    }

    /// <summary>Publishes everything this thread holds for these counters and lets go of them.</summary>
    public void ReleaseThread()
    {
        if (t_owner != this) return;
        Flush();
        t_owner = null;
    }

    private void Flush()
    {
        var delta = t_credit + t_handled;
        var processed = t_processed;
        t_credit = 0;
        t_handled = 0;
        t_processed = 0;
        if (delta != 0) Interlocked.Add(ref _inFlightCell.Value, -delta);
        if (processed != 0) Interlocked.Add(ref _processedCell.Value, processed);
    }
}
