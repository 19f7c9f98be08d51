namespace ActorFabric.Fabric.Metrics;

/// <summary>
/// The families a fabric exposes on <c>/metrics</c>. Values are not pushed into the registry: each family has
/// a collector that reads the current figures at scrape time (from device snapshots), so the hot path of the
/// emulator never touches shared counters. Families are written in registration order, samples in the order
/// the collector yields them (deterministic output for tests and diffs).
/// </summary>
public sealed class MetricsRegistry
{
    private readonly List<MetricFamily> _families = [];

    public void Register(MetricFamily family)
    {
        MetricName.Validate(family.Name);
        foreach (var l in family.LabelNames) MetricName.ValidateLabel(l);
        if (family.Type == MetricType.Counter && !family.Name.EndsWith("_total", StringComparison.Ordinal))
            throw new ArgumentException($"counter '{family.Name}' must end in _total (Prometheus convention)");
        if (_families.Exists(f => f.Name == family.Name))
            throw new ArgumentException($"metric family '{family.Name}' is registered twice");
        _families.Add(family);
    }

    public IReadOnlyList<MetricFamily> Families => _families;

    public string Scrape()
    {
        var writer = new PrometheusTextWriter();
        foreach (var family in _families)
        {
            writer.Family(family.Name, family.Type == MetricType.Counter ? "counter" : "gauge", family.Help);
            foreach (var sample in family.Collect())
            {
                if (sample.LabelValues.Length != family.LabelNames.Length)
                    throw new InvalidOperationException($"metric '{family.Name}' sample has {sample.LabelValues.Length} label values, expected {family.LabelNames.Length}");
                var pairs = new (string, string)[family.LabelNames.Length];
                for (int i = 0; i < pairs.Length; i++) pairs[i] = (family.LabelNames[i], sample.LabelValues[i]);
                writer.Sample(family.Name, pairs, sample.Value);
            }
        }
        return writer.ToString();
    }
}

public enum MetricType
{
    Counter,
    Gauge,
}

public readonly record struct MetricSample(string[] LabelValues, double Value);

/// <summary>One metric family: name, type, help, label names, and the collector that yields its samples at scrape time.</summary>
public sealed record MetricFamily(string Name, MetricType Type, string Help, string[] LabelNames, Func<IEnumerable<MetricSample>> Collect);
