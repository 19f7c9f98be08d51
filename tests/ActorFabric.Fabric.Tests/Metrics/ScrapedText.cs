using System.Globalization;

namespace ActorFabric.Fabric.Tests.Metrics;

/// <summary>Reads a Prometheus text scrape back: the value of one series, the families and their sample counts.</summary>
internal static class ScrapedText
{
    /// <summary>The value of the series written exactly as <paramref name="series"/> (name and label set); fails when absent.</summary>
    public static double Value(string text, string series)
    {
        foreach (var line in text.Split('\n'))
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
                return double.Parse(line.AsSpan(series.Length + 1), NumberStyles.Float, CultureInfo.InvariantCulture);
        Assert.Fail($"the scrape has no series {series}");
        return double.NaN;
    }

    /// <summary>Every family with a HELP line, and how many samples it has.</summary>
    public static Dictionary<string, int> SampleCounts(string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal)) counts[line.Split(' ')[2]] = 0;
            else if (line.Length > 0 && line[0] != '#')
            {
                var name = line[..line.IndexOfAny(['{', ' '])];
                counts[name] = counts.GetValueOrDefault(name) + 1;
            }
        }
        return counts;
    }
}
