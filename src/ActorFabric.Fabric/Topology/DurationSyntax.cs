using System.Globalization;

namespace ActorFabric.Fabric.Topology;

/// <summary>Durations in topology files: a number and a unit, <c>ns</c>, <c>us</c> (or <c>µs</c>), <c>ms</c>, <c>s</c>, <c>m</c>.</summary>
public static class DurationSyntax
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        var s = text.Trim();
        int split = 0;
        while (split < s.Length && (char.IsAsciiDigit(s[split]) || s[split] == '.')) split++;
        if (split == 0 || split == s.Length) return false;
        if (!double.TryParse(s.AsSpan(0, split), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)) return false;
        double ticksPerUnit = s[split..].Trim() switch
        {
            "ns" => 0.01,
            "us" or "µs" => TimeSpan.TicksPerMicrosecond,
            "ms" => TimeSpan.TicksPerMillisecond,
            "s" => TimeSpan.TicksPerSecond,
            "m" or "min" => TimeSpan.TicksPerMinute,
            _ => -1,
        };
        if (ticksPerUnit < 0) return false;
        double ticks = Math.Round(value * ticksPerUnit);
        if (ticks > TimeSpan.MaxValue.Ticks) return false;
        duration = TimeSpan.FromTicks((long)ticks);
        return true;
    }

    /// <summary>The shortest exact form: <c>10us</c>, <c>300ms</c>, <c>90s</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        long t = duration.Ticks;
        if (t == 0) return "0s";
        if (t % TimeSpan.TicksPerSecond == 0) return string.Create(CultureInfo.InvariantCulture, $"{t / TimeSpan.TicksPerSecond}s");
        if (t % TimeSpan.TicksPerMillisecond == 0) return string.Create(CultureInfo.InvariantCulture, $"{t / TimeSpan.TicksPerMillisecond}ms");
        if (t % TimeSpan.TicksPerMicrosecond == 0) return string.Create(CultureInfo.InvariantCulture, $"{t / TimeSpan.TicksPerMicrosecond}us");
        return string.Create(CultureInfo.InvariantCulture, $"{t * 100}ns");
    }
}
