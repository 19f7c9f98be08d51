namespace ActorFabric.Cli.Report;

/// <summary>
/// What followed one chaos action, from the samples between it and the next later action (or the end): whether the
/// fabric left convergence and when it came back, and each device whose sessions, routes or FDB changed.
/// Times are emulated and relative to the action; their resolution is the sampling interval.
/// </summary>
/// <param name="WindowEnd">Emulated time the observation stops (the next later action, or the last sample).</param>
/// <param name="ConvergedBefore">Whether the fabric was converged in the sample taken just before the action.</param>
/// <param name="LeftConvergence">Whether the sample before the action or any in the window was not converged.</param>
/// <param name="ReconvergedAfter">Time from the action to the first converged sample after it had left convergence; null if it did not come back in the window (or never left).</param>
public sealed record ActionReconvergence(ChaosMark Action, TimeSpan WindowEnd, bool ConvergedBefore, bool LeftConvergence, TimeSpan? ReconvergedAfter, IReadOnlyList<DeviceReconvergence> Devices)
{
    /// <summary>One reconvergence per mark, computed from <paramref name="samples"/> (in time order).</summary>
    public static IReadOnlyList<ActionReconvergence> Analyse(IReadOnlyList<FabricSample> samples, IReadOnlyList<ChaosMark> marks, IReadOnlyList<string> deviceNames)
    {
        var result = new List<ActionReconvergence>();
        if (samples.Count == 0) return result;
        foreach (var mark in marks)
        {
            var end = samples[^1].Time;
            foreach (var other in marks)
                if (other.At > mark.At && other.At < end) end = other.At;
            // The sample at the action's instant was taken before the action ran (see TimelineSampler).
            int baseIndex = 0;
            for (int i = 0; i < samples.Count && samples[i].Time <= mark.At; i++) baseIndex = i;
            var baseline = samples[baseIndex];
            var window = new List<FabricSample>();
            for (int i = baseIndex + 1; i < samples.Count && samples[i].Time <= end; i++) window.Add(samples[i]);

            bool left = !baseline.Progress.Converged; // an action during an outage: count from the outage
            TimeSpan? back = null;
            foreach (var s in window)
            {
                if (!s.Progress.Converged) { left = true; back = null; }
                else if (left && back is null) back = s.Time - mark.At;
            }
            var devices = new List<DeviceReconvergence>();
            for (int d = 0; d < deviceNames.Count; d++)
                if (DeviceReconvergence.Of(deviceNames[d], d, baseline, window, mark.At) is { } changed) devices.Add(changed);
            result.Add(new ActionReconvergence(mark, end, baseline.Progress.Converged, left, back, devices));
        }
        return result;
    }
}
