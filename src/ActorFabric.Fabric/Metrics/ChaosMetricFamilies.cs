using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Fabric.Metrics;

/// <summary>
/// Chaos actions for dashboards: a counter per kind (Grafana annotations fire on
/// <c>changes(actorfabric_chaos_actions_total[1m]) > 0</c>) and the wall-clock time of each kind's last action.
/// Every kind has a sample from the start (0), so a panel never says "no data".
/// </summary>
public static class ChaosMetricFamilies
{
    public static void Register(MetricsRegistry registry, ChaosTimeline timeline)
    {
        registry.Register(new MetricFamily("actorfabric_chaos_actions_total", MetricType.Counter,
            "Chaos actions applied (CLI, control API or scenario), by kind.", ["kind"], () => Samples(timeline, k => k.Count)));
        registry.Register(new MetricFamily("actorfabric_chaos_last_action_timestamp_seconds", MetricType.Gauge,
            "Unix wall-clock time of the last chaos action of a kind (0 if none).", ["kind"],
            () => Samples(timeline, k => k.Last is { } t ? t.ToUnixTimeMilliseconds() / 1000.0 : 0)));
    }

    private static List<MetricSample> Samples(ChaosTimeline timeline, Func<(long Count, DateTimeOffset? Last), double> value)
    {
        var samples = new List<MetricSample>(ChaosKind.All.Count);
        foreach (var kind in ChaosKind.All) samples.Add(new MetricSample([kind], value(timeline.Of(kind))));
        return samples;
    }
}
