namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// One device's own convergence figures (sessions established, routes imported, flood lists complete, BGP bytes
/// not yet acknowledged by its peers). Owned by the device actor; at the end of a turn the device reports it to
/// the node's <see cref="ConvergenceMonitor"/> when it changed (<see cref="TakeReport"/>).
/// </summary>
internal sealed class ConvergenceTally(int node, ConvergenceExpectation expectation)
{
    private int _sessions;
    private long _routes;
    private int _floodLists;
    private long _bytesUnacknowledged;
    private bool _changed;

    public int ExpectedFloodListSize(uint vni) => expectation.ExpectedFloodListSize(vni);

    public void SessionDelta(int delta) => Change(ref _sessions, delta);

    public void RoutesDelta(long delta)
    {
        if (delta == 0) return;
        _routes += delta;
        _changed = true;
    }

    public void FloodListsDelta(int delta) => Change(ref _floodLists, delta);

    public void SetBytesUnacknowledged(long bytes)
    {
        if (bytes == _bytesUnacknowledged) return;
        _bytesUnacknowledged = bytes;
        _changed = true;
    }

    /// <summary>The figures as a report when they changed since the last one; null otherwise.</summary>
    public DeviceConvergence? TakeReport()
    {
        if (!_changed) return null;
        _changed = false;
        return new DeviceConvergence(node, _sessions, _routes, _floodLists, _bytesUnacknowledged);
    }

    private void Change(ref int field, int delta)
    {
        if (delta == 0) return;
        field += delta;
        _changed = true;
    }
}
