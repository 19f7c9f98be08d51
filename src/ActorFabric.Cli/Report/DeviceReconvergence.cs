namespace ActorFabric.Cli.Report;

/// <summary>
/// One device whose figures moved after a chaos action: its figures before, the lowest seen and at the end of the
/// window, when they first changed, when they last changed (settled) and when they were back to the pre-action values
/// for good (null if they ended elsewhere). Times are relative to the action.
/// </summary>
public sealed record DeviceReconvergence(string Device, DeviceFigures Before, DeviceFigures Lowest, DeviceFigures End, TimeSpan FirstChange, TimeSpan Settled, TimeSpan? Restored)
{
    /// <summary>The device's reconvergence in <paramref name="window"/> (samples after the action), or null if nothing changed.</summary>
    public static DeviceReconvergence? Of(string name, int device, FabricSample baseline, IReadOnlyList<FabricSample> window, TimeSpan actionAt)
    {
        var before = baseline.Devices[device];
        TimeSpan? first = null;
        var settled = TimeSpan.Zero;
        TimeSpan? restored = null;
        var previous = before;
        var lowest = before;
        foreach (var s in window)
        {
            var now = s.Devices[device];
            if (now != previous)
            {
                settled = s.Time - actionAt;
                first ??= settled;
                restored = now == before ? settled : null;
            }
            lowest = new DeviceFigures(Math.Min(lowest.Sessions, now.Sessions), Math.Min(lowest.Routes, now.Routes), Math.Min(lowest.Fdb, now.Fdb));
            previous = now;
        }
        return first is { } f ? new DeviceReconvergence(name, before, lowest, previous, f, settled, restored) : null;
    }
}
