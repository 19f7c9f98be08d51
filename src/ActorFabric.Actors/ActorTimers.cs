using ActorFabric.Actors.Messages;
using ActorFabric.Actors.Scheduling;

namespace ActorFabric.Actors;

/// <summary>Keyed single and periodic timers of one actor (see <see cref="ITimerScheduler"/>).</summary>
internal sealed class ActorTimers : ITimerScheduler
{
    private readonly record struct Entry(int Generation, ICancelable Handle, bool Periodic);

    private readonly ActorCell _owner;
    private readonly Dictionary<object, Entry> _timers = new();
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
        _timers[key] = new Entry(generation, item, intervalTicks > 0);
    }

    public void Cancel(object key)
    {
        if (_timers.Remove(key, out var entry)) entry.Handle.Cancel();
    }

    public bool IsTimerActive(object key) => _timers.ContainsKey(key);

    public void CancelAll()
    {
        foreach (var entry in _timers.Values)
            entry.Handle.Cancel();
        _timers.Clear();
    }

    /// <summary>Whether a queued tick is still current; a single timer is finished once its tick is accepted.</summary>
    public bool Accept(TimerMessage tick)
    {
        if (!_timers.TryGetValue(tick.Key, out var entry) || entry.Generation != tick.Generation) return false;
        if (!entry.Periodic) _timers.Remove(tick.Key);
        return true;
    }
}
