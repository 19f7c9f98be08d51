using System.Globalization;
using System.Text.RegularExpressions;

namespace ActorFabric.Cli.Tests.Fabric;

/// <summary>
/// A strict reader of the Prometheus text exposition format (0.0.4) for tests: every line is a HELP, a TYPE or a
/// sample of the family last declared; names and labels follow the grammar; values parse as floats.
/// </summary>
internal static partial class PrometheusText
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    public sealed record Family(string Name, string Type, string Help, List<Sample> Samples);

    public static Dictionary<string, Family> Parse(string text)
    {
        var families = new Dictionary<string, Family>(StringComparer.Ordinal);
        Family? current = null;
        string? pendingHelp = null;
        int lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0) continue;
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                pendingHelp = line[7..];
                continue;
            }
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line[7..].Split(' ');
                if (parts.Length != 2 || !MetricName().IsMatch(parts[0]) || parts[1] is not ("counter" or "gauge" or "histogram" or "summary" or "untyped"))
                    throw new FormatException($"line {lineNumber}: bad TYPE line '{line}'");
                var help = pendingHelp is not null && pendingHelp.StartsWith(parts[0] + " ", StringComparison.Ordinal) ? pendingHelp[(parts[0].Length + 1)..] : "";
                current = new Family(parts[0], parts[1], help, []);
                if (!families.TryAdd(parts[0], current)) throw new FormatException($"line {lineNumber}: family {parts[0]} declared twice");
                continue;
            }
            if (line.StartsWith('#')) continue;
            var m = SampleLine().Match(line);
            if (!m.Success) throw new FormatException($"line {lineNumber}: not a sample: '{line}'");
            var name = m.Groups["name"].Value;
            if (current is null || (name != current.Name && !name.StartsWith(current.Name + "_", StringComparison.Ordinal)))
                throw new FormatException($"line {lineNumber}: sample {name} outside its family");
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match l in Label().Matches(m.Groups["labels"].Value))
                labels[l.Groups["k"].Value] = l.Groups["v"].Value.Replace("\\\"", "\"").Replace("\\n", "\n").Replace("\\\\", "\\");
            var valueText = m.Groups["value"].Value;
            double value = valueText switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                _ => double.Parse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            current.Samples.Add(new Sample(name, labels, value));
        }
        return families;
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*)\})? (?<value>\S+)( \d+)?$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex(""""(?<k>[a-zA-Z_][a-zA-Z0-9_]*)="(?<v>(\\.|[^"\\])*)"""")]
    private static partial Regex Label();
}
