using System.Runtime.CompilerServices;

namespace ActorFabric.Protocols.Timing;

/// <summary>
/// The deadlines of one protocol machine: a fixed set of timer kinds (an enum numbered 0..N-1), each armed at
/// one instant or stopped. A machine's <c>PollTimeout</c> is <see cref="Next"/>; its <c>HandleTimeout(now)</c>
/// asks <see cref="TryExpire"/> per kind. Replaces a nullable deadline field per timer and their minimum.
/// </summary>
public sealed class TimerTable<TTimer> where TTimer : struct, Enum
{
    private static readonly int Count = CountKinds();
    private readonly TimeSpan?[] _deadlines = new TimeSpan?[Count];

    /// <summary>Arms <paramref name="timer"/> at <paramref name="deadline"/>, replacing any earlier setting.</summary>
    public void Set(TTimer timer, TimeSpan deadline) => _deadlines[Index(timer)] = deadline;

    /// <summary>Arms <paramref name="timer"/> only if it is stopped (a batching delay that the first change starts).</summary>
    public void SetIfStopped(TTimer timer, TimeSpan deadline) => _deadlines[Index(timer)] ??= deadline;

    /// <summary>Arms <paramref name="timer"/> at <paramref name="deadline"/> unless it is already due earlier.</summary>
    public void SetNoLaterThan(TTimer timer, TimeSpan deadline)
    {
        ref var slot = ref _deadlines[Index(timer)];
        if (slot is null || deadline < slot) slot = deadline;
    }

    /// <summary>Arms <paramref name="timer"/> at <paramref name="deadline"/>, or stops it when null (a sweep that recomputed its next instant).</summary>
    public void SetOrStop(TTimer timer, TimeSpan? deadline) => _deadlines[Index(timer)] = deadline;

    public void Stop(TTimer timer) => _deadlines[Index(timer)] = null;

    public void StopAll() => Array.Clear(_deadlines);

    public TimeSpan? Get(TTimer timer) => _deadlines[Index(timer)];

    public bool IsSet(TTimer timer) => _deadlines[Index(timer)] is not null;

    /// <summary>Armed and due at or before <paramref name="now"/>.</summary>
    public bool Expired(TTimer timer, TimeSpan now) => _deadlines[Index(timer)] is { } at && at <= now;

    /// <summary>When <paramref name="timer"/> is due at <paramref name="now"/>, stops it and returns true.</summary>
    public bool TryExpire(TTimer timer, TimeSpan now)
    {
        ref var slot = ref _deadlines[Index(timer)];
        if (slot is not { } at || at > now) return false;
        slot = null;
        return true;
    }

    /// <summary>The earliest armed deadline, or null when every timer is stopped.</summary>
    public TimeSpan? Next()
    {
        TimeSpan? next = null;
        foreach (var at in _deadlines) next = Deadline.Earliest(next, at);
        return next;
    }

    private static int Index(TTimer timer) => Unsafe.As<TTimer, int>(ref timer);

    private static int CountKinds()
    {
        if (Enum.GetUnderlyingType(typeof(TTimer)) != typeof(int))
            throw new InvalidOperationException($"{typeof(TTimer).Name}: a timer kind enum must be int-based");
        var values = Enum.GetValues<TTimer>();
        for (int i = 0; i < values.Length; i++)
            if (Index(values[i]) != i) throw new InvalidOperationException($"{typeof(TTimer).Name}: timer kinds must be numbered 0..N-1");
        return values.Length;
    }
}
