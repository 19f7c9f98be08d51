namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// Every chaos action applied to a fabric, in order, whatever its origin, with per-kind totals for /metrics. Written
/// by the runtime's serialized chaos path, read by scrapes and the control API from other threads (hence the lock).
/// Wall times come from <see cref="TimeProvider"/>: they are for dashboards only and never enter emulated state.
/// </summary>
public sealed class ChaosTimeline(TimeProvider wallClock)
{
    private readonly object _gate = new();
    private readonly List<ChaosEvent> _events = [];
    private readonly Dictionary<string, (long Count, DateTimeOffset Last)> _byKind = new(StringComparer.Ordinal);

    public ChaosTimeline() : this(TimeProvider.System) { }

    /// <summary>A copy of the events so far, oldest first.</summary>
    public IReadOnlyList<ChaosEvent> Events
    {
        get { lock (_gate) return [.. _events]; }
    }

    public ChaosEvent Record(ChaosAction action, ChaosResult result, string origin)
    {
        var kind = ChaosKind.Of(action);
        var wall = wallClock.GetUtcNow();
        lock (_gate)
        {
            var e = new ChaosEvent(_events.Count + 1, kind, result.Action, result.Description, result.At.TotalSeconds, wall, origin);
            _events.Add(e);
            _byKind[kind] = (_byKind.GetValueOrDefault(kind).Count + 1, wall);
            return e;
        }
    }

    /// <summary>Actions of <paramref name="kind"/> so far and the wall time of the last one (null if none).</summary>
    public (long Count, DateTimeOffset? Last) Of(string kind)
    {
        lock (_gate)
            return _byKind.TryGetValue(kind, out var k) ? (k.Count, k.Last) : (0, null);
    }
}
