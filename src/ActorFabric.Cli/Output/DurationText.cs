using System.Globalization;

namespace ActorFabric.Cli.Output;

/// <summary>Emulated times as show commands print them.</summary>
public static class DurationText
{
    /// <summary>Junos "Last Up/Dwn" style, with milliseconds since emulated fabrics converge in under a second: <c>0:02.350</c>, <c>1:02:03.000</c>.</summary>
    public static string Clock(TimeSpan t)
    {
        if (t < TimeSpan.Zero) t = TimeSpan.Zero;
        return t.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}.{t.Milliseconds:000}")
            : string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}:{t.Seconds:00}.{t.Milliseconds:000}");
    }

    /// <summary>A short human form: <c>350 µs</c>, <c>12.5 ms</c>, <c>2.431 s</c>.</summary>
    public static string Short(TimeSpan t)
    {
        var us = t.Ticks / 10.0;
        if (us < 1000) return string.Create(CultureInfo.InvariantCulture, $"{us:0.#} µs");
        if (us < 1_000_000) return string.Create(CultureInfo.InvariantCulture, $"{us / 1000:0.###} ms");
        return string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0.###} s");
    }
}
