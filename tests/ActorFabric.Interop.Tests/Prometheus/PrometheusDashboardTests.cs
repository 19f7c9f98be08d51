using ActorFabric.Interop.Tests.Harness;

namespace ActorFabric.Interop.Tests.Prometheus;

/// <summary>
/// The Grafana dashboards against a real Prometheus scraping a running fabric: every query of every panel (and
/// every annotation and variable query) returns data, so no panel is empty or misspelt.
/// </summary>
[Collection(PrometheusCollection.Name)]
public sealed class PrometheusDashboardTests(PrometheusFabric fabric)
{
    [Fact]
    public void Every_query_of_every_single_fabric_dashboard_returns_series_after_a_link_down_and_up()
    {
        // The cluster dashboard graphs series only cluster nodes serve: PrometheusClusterDashboardTests checks it.
        var queries = DashboardQueries.Files().Where(f => Path.GetFileName(f) != "cluster.json").SelectMany(DashboardQueries.Of).ToList();
        Assert.True(queries.Count >= 60, $"only {queries.Count} queries found in {DashboardQueries.Folder}");
        var failures = DashboardQueries.Empty(fabric.Prometheus, queries, PrometheusFabric.Device);
        Assert.True(failures.Count == 0, $"{failures.Count} of {queries.Count} dashboard queries failed:\n{string.Join('\n', failures)}");
    }

    [Fact]
    public void Chaos_counter_counts_each_applied_action_once_under_its_kind_and_the_annotation_query_marks_them()
    {
        Assert.Equal(1, fabric.Prometheus.Scalar("sum(actorfabric_chaos_actions_total{kind=\"link-down\"})"));
        Assert.Equal(1, fabric.Prometheus.Scalar("sum(actorfabric_chaos_actions_total{kind=\"link-up\"})"));
        Assert.Equal(0, fabric.Prometheus.Scalar("sum(actorfabric_chaos_actions_total{kind!~\"link-down|link-up\"})"));
        var marked = fabric.Prometheus.Query("changes(actorfabric_chaos_actions_total[1m]) > 0");
        Assert.True(marked.Ok, marked.Error);
        var kinds = marked.Result.EnumerateArray().Select(s => s.GetProperty("metric").GetProperty("kind").GetString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["link-down", "link-up"], kinds);
    }

    [Fact]
    public void Promtool_accepts_a_scrape_of_the_fabric_metrics()
    {
        using var http = new HttpClient();
        var scrape = http.GetStringAsync(new Uri(fabric.ControlApi, "metrics")).GetAwaiter().GetResult();
        var file = Path.Combine(Path.GetTempPath(), $"af-scrape-{Guid.NewGuid():N}.txt");
        File.WriteAllText(file, scrape);
        try
        {
            // promtool reads the exposition from stdin; a shell redirect feeds it the file.
            var check = ProcessRunner.Run("sh", "-c", "promtool check metrics < \"$1\"", "sh", file);
            Assert.True(check.Succeeded, $"promtool check metrics:\n{check.StdOut}\n{check.StdErr}");
        }
        finally
        {
            File.Delete(file);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PrometheusCollection : ICollectionFixture<PrometheusFabric>
{
    public const string Name = "prometheus fabric";
}
