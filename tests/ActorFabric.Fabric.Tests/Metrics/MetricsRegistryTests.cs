using ActorFabric.Fabric.Metrics;

namespace ActorFabric.Fabric.Tests.Metrics;

public class MetricsRegistryTests
{
    [Fact]
    public void Scrape_writes_help_type_and_labelled_samples_in_text_format()
    {
        var registry = new MetricsRegistry();
        registry.Register(new MetricFamily("actorfabric_link_frames_total", MetricType.Counter, "Frames carried per link.", ["link"],
            () => [new MetricSample(["leaf1:eth1-spine1:eth1"], 42), new MetricSample(["a\"b\\c\nd"], 1)]));
        registry.Register(new MetricFamily("actorfabric_convergence_seconds", MetricType.Gauge, "Time to converge.", [],
            () => [new MetricSample([], 0.25)]));

        var text = registry.Scrape();

        Assert.Equal(
            "# HELP actorfabric_link_frames_total Frames carried per link.\n" +
            "# TYPE actorfabric_link_frames_total counter\n" +
            "actorfabric_link_frames_total{link=\"leaf1:eth1-spine1:eth1\"} 42\n" +
            "actorfabric_link_frames_total{link=\"a\\\"b\\\\c\\nd\"} 1\n" +
            "# HELP actorfabric_convergence_seconds Time to converge.\n" +
            "# TYPE actorfabric_convergence_seconds gauge\n" +
            "actorfabric_convergence_seconds 0.25\n", text);
    }

    [Theory]
    [InlineData("actorfabric_frames")]          // counter without _total
    [InlineData("actorfabric frames_total")]    // space in name
    [InlineData("9actorfabric_total")]          // leading digit
    public void Bad_names_are_refused_at_registration(string name)
    {
        var registry = new MetricsRegistry();
        Assert.Throws<ArgumentException>(() =>
            registry.Register(new MetricFamily(name, MetricType.Counter, "x", [], () => [])));
    }

    [Fact]
    public void A_sample_with_the_wrong_number_of_label_values_fails_the_scrape_loudly()
    {
        var registry = new MetricsRegistry();
        registry.Register(new MetricFamily("actorfabric_fdb_entries", MetricType.Gauge, "x", ["device"], () => [new MetricSample([], 1)]));
        Assert.Throws<InvalidOperationException>(() => registry.Scrape());
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(1e21, "1E+21")]
    public void Special_values_use_prometheus_spelling(double value, string expected) =>
        Assert.Equal(expected, PrometheusTextWriter.FormatValue(value));
}
