using System.Globalization;

namespace ActorFabric.Fabric.Topology;

/// <summary>
/// Link latency and loss as users write them, with one set of rules for every place that takes them: topology
/// files, <c>chaos link-set</c>, the control API and scenario steps. Latency is a duration with a unit, 0..10s;
/// loss a fraction (<c>0.01</c>) or a percentage (<c>1%</c>), 0..1. No sign, no exponent, no NaN or infinity.
/// </summary>
public static class LinkParameters
{
    /// <summary>The longest one-way latency a link may have.</summary>
    public static readonly TimeSpan MaxLatency = TimeSpan.FromSeconds(10);

    public static bool TryParseLatency(string text, out TimeSpan latency, out string problem)
    {
        latency = default;
        if (!DurationSyntax.TryParse(text, out var value))
        {
            problem = $"bad latency '{Clip(text)}' (a duration with a unit, e.g. 10us, 2ms, 1s)";
            return false;
        }
        if (CheckLatency(value) is { } range)
        {
            problem = range;
            return false;
        }
        latency = value;
        problem = "";
        return true;
    }

    public static bool TryParseLoss(string text, out double loss, out string problem)
    {
        loss = 0;
        var s = text.Trim();
        bool percent = s.EndsWith('%');
        var number = percent ? s.AsSpan(0, s.Length - 1) : s.AsSpan();
        // AllowDecimalPoint only: "NaN", "Infinity", "-0.1" and "1e-3" are not numbers here.
        if (number.Length == 0 || !char.IsAsciiDigit(number[0]) && number[0] != '.'
            || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v))
        {
            problem = $"bad loss '{Clip(text)}' (a fraction such as 0.01 or a percentage such as 1%)";
            return false;
        }
        if (percent) v /= 100;
        if (CheckLoss(v) is not null)
        {
            problem = $"loss '{Clip(text)}' is out of range (0..1, or 0%..100%)";
            return false;
        }
        loss = v;
        problem = "";
        return true;
    }

    /// <summary>Null when <paramref name="latency"/> is allowed, else the problem.</summary>
    public static string? CheckLatency(TimeSpan latency) =>
        latency < TimeSpan.Zero || latency > MaxLatency
            ? $"latency {DurationSyntax.Format(latency.Duration())}{(latency < TimeSpan.Zero ? " (negative)" : "")} is out of range (0s..{DurationSyntax.Format(MaxLatency)})"
            : null;

    /// <summary>Null when <paramref name="loss"/> is allowed (0..1, not NaN), else the problem.</summary>
    public static string? CheckLoss(double loss) =>
        loss >= 0 && loss <= 1 ? null : string.Create(CultureInfo.InvariantCulture, $"loss {loss} is out of range (0..1)");

    private static string Clip(string text) => text.Length <= 40 ? text : text[..37] + "...";
}
