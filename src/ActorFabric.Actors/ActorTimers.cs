using ActorFabric.Actors.Messages;
using ActorFabric.Actors.Scheduling;

namespace ActorFabric.Actors;

/// <summary>Keyed single and periodic timers of one actor (see <see cref="ITimerScheduler"/>).</summary>
internal sealed class ActorTimers : ITimerScheduler
{
    private readonly record struct Entry(int Generation, ICancelable Handle, bool Periodic);

    private readonly ActorCell _owner;
    // Most actors have at most one timer at a time (a host's refresh, a device's tick): it lives in these
    // fields; a dictionary appears only when a second key is in use. One timer then costs no table.
    private object? _onlyKey;
    private Entry _only;
    private Dictionary<object, Entry>? _more;
    private int _generation;

    public ActorTimers(ActorCell owner) => _owner = owner;

    public void StartSingleTimer(object key, object message, TimeSpan delay) => Start(key, message, delay, 0);

    public void StartPeriodicTimer(object key, object message, TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval), "interval must be positive");
        Start(key, message, interval, interval.Ticks);
    }

    private void Start(object key, object message, TimeSpan delay, long intervalTicks)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        Cancel(key);
        message = _owner.SystemImpl.VerifyMessage(message, _owner);
        var generation = ++_generation;
        var tick = new TimerMessage(key, generation, message);
        var item = new ScheduledTell(_owner, tick, null, intervalTicks, counted: null);
        _owner.SystemImpl.SchedulerImpl.Schedule(item, delay);
        var entry = new Entry(generation, item, intervalTicks > 0);
        if (_onlyKey is null) (_onlyKey, _only) = (key, entry);
        else (_more ??= [])[key] = entry;
    }

    public void Cancel(object key)
    {
        if (TryRemove(key, out var entry)) entry.Handle.Cancel();
    }

    public bool IsTimerActive(object key) => TryGet(key, out _);

    public void CancelAll()
    {
        if (_onlyKey is not null) _only.Handle.Cancel();
        (_onlyKey, _only) = (null, default);
        if (_more is null) return;
        foreach (var entry in _more.Values)
            entry.Handle.Cancel();
        _more.Clear();
    }

    private bool TryGet(object key, out Entry entry)
    {
        if (_onlyKey is not null && _onlyKey.Equals(key))
        {
            entry = _only;
            return true;
        }
        entry = default;
        return _more is not null && _more.TryGetValue(key, out entry);
    }

    private bool TryRemove(object key, out Entry entry)
    {
        if (_onlyKey is not null && _onlyKey.Equals(key))
        {
            entry = _only;
            (_onlyKey, _only) = (null, default);
            return true;
        }
        entry = default;
        return _more is not null && _more.Remove(key, out entry);
    }

    /// <summary>Whether a queued tick is still current; a single timer is finished once its tick is accepted.</summary>
    public bool Accept(TimerMessage tick)
    {
        if (!TryGet(tick.Key, out var entry) || entry.Generation != tick.Generation) return false;
        if (!entry.Periodic) TryRemove(tick.Key, out _);
        return true;
    }
}
