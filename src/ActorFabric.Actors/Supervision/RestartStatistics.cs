namespace ActorFabric.Actors.Supervision;

/// <summary>A parent's count of one child's restarts inside the strategy's current window.</summary>
internal sealed class RestartStatistics
{
    private TimeSpan _windowStart;
    private int _count;

    /// <summary>Records a failure at <paramref name="now"/>; returns the restart number in the window, or -1 when the limit is exceeded.</summary>
    public int RecordRestart(SupervisorStrategy strategy, TimeSpan now)
    {
        if (_count == 0 || now - _windowStart > strategy.Within)
        {
            _windowStart = now;
            _count = 0;
        }
        _count++;
        if (strategy.MaxRestarts >= 0 && _count > strategy.MaxRestarts) return -1;
        return _count;
    }
}
