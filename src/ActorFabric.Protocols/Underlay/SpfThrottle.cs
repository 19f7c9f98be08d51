namespace ActorFabric.Protocols.Underlay;

/// <summary>
/// Exponential SPF back-off as in real IGPs (cf. RFC 8405's idea, simplified): the first trigger
/// after a quiet period runs after a short initial delay; while triggers keep coming, runs are
/// spaced by a hold that doubles up to a maximum. Input-driven: it only computes deadlines.
/// </summary>
public sealed class SpfThrottle
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _secondary;
    private readonly TimeSpan _maximum;
    private TimeSpan _hold;
    private TimeSpan? _lastRun;

    public SpfThrottle(TimeSpan initial, TimeSpan secondary, TimeSpan maximum)
    {
        _initial = initial;
        _secondary = secondary;
        _maximum = maximum;
        _hold = secondary;
    }

    /// <summary>When a run is scheduled, its time; null when none is pending.</summary>
    public TimeSpan? Due { get; private set; }

    /// <summary>Something changed: schedule a run unless one is pending.</summary>
    public void Trigger(TimeSpan now)
    {
        if (Due is not null) return;
        if (_lastRun is not { } last || now - last >= _maximum)
        {
            _hold = _secondary;
            Due = now + _initial;
            return;
        }
        var earliest = last + _hold;
        Due = earliest > now ? earliest : now;
        _hold = _hold + _hold > _maximum ? _maximum : _hold + _hold;
    }

    /// <summary>Whether a run is due at <paramref name="now"/>; if so, records it as started.</summary>
    public bool TryStart(TimeSpan now)
    {
        if (Due is not { } due || due > now) return false;
        Due = null;
        _lastRun = now;
        return true;
    }
}
