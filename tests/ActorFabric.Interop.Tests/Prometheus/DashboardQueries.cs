using System.Text.Json;

namespace ActorFabric.Interop.Tests.Prometheus;

/// <summary>One PromQL expression of a dashboard: a panel target, an annotation or a template variable's query.</summary>
internal sealed record DashboardQuery(string Dashboard, string Where, string Expr)
{
    /// <summary>
    /// The expression as Prometheus gets it from Grafana: the dashboard variables replaced by <paramref name="device"/>
    /// and <paramref name="rateInterval"/>; Grafana's label_values(METRIC, LABEL) (a variable query Grafana answers
    /// itself from the series API) becomes a query that yields one series per label value.
    /// </summary>
    public string Resolved(string device, string rateInterval)
    {
        var expr = Expr.Replace("$__rate_interval", rateInterval, StringComparison.Ordinal)
            .Replace("$device", device, StringComparison.Ordinal);
        if (expr.StartsWith("label_values(", StringComparison.Ordinal))
        {
            var args = expr["label_values(".Length..^1].Split(',', StringSplitOptions.TrimEntries);
            expr = $"count by ({args[1]}) ({args[0]})";
        }
        return expr;
    }

    public override string ToString() => $"{Dashboard} / {Where}: {Expr}";
}

/// <summary>Every PromQL expression of the dashboards in config/grafana/dashboards.</summary>
internal static class DashboardQueries
{
    public static string Folder => RepositoryFolder.File("config", "grafana", "dashboards");

    public static IReadOnlyList<string> Files() => [.. Directory.GetFiles(Folder, "*.json").Order(StringComparer.Ordinal)];

    public static IReadOnlyList<DashboardQuery> Of(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        var root = doc.RootElement;
        var name = Path.GetFileName(file);
        var queries = new List<DashboardQuery>();
        if (root.TryGetProperty("panels", out var panels)) Panels(name, panels, queries);
        if (root.TryGetProperty("annotations", out var annotations) && annotations.TryGetProperty("list", out var list))
            foreach (var a in list.EnumerateArray())
                if (a.TryGetProperty("expr", out var expr))
                    queries.Add(new DashboardQuery(name, "annotation " + a.GetProperty("name").GetString(), expr.GetString()!));
        if (root.TryGetProperty("templating", out var templating) && templating.TryGetProperty("list", out var variables))
            foreach (var v in variables.EnumerateArray())
                if (v.TryGetProperty("definition", out var definition))
                    queries.Add(new DashboardQuery(name, "variable $" + v.GetProperty("name").GetString(), definition.GetString()!));
        return queries;
    }

    private static void Panels(string dashboard, JsonElement panels, List<DashboardQuery> into)
    {
        foreach (var p in panels.EnumerateArray())
        {
            if (p.TryGetProperty("panels", out var nested)) Panels(dashboard, nested, into);
            if (!p.TryGetProperty("targets", out var targets)) continue;
            foreach (var t in targets.EnumerateArray())
                into.Add(new DashboardQuery(dashboard, $"panel '{p.GetProperty("title").GetString()}' {t.GetProperty("refId").GetString()}", t.GetProperty("expr").GetString()!));
        }
    }

    /// <summary>
    /// Evaluates every query (with the rate interval of 5 s and of 1 m) and returns one line per query that fails
    /// or returns no series: all of them, so one run names every empty or misspelt panel.
    /// </summary>
    public static List<string> Empty(PrometheusApi prometheus, IEnumerable<DashboardQuery> queries, string device)
    {
        var failures = new List<string>();
        foreach (var q in queries)
        {
            foreach (var interval in (string[])["5s", "1m"])
            {
                var expr = q.Resolved(device, interval);
                var answer = prometheus.Query(expr);
                if (!answer.Ok) failures.Add($"{q.Dashboard} / {q.Where}: `{expr}` is rejected: {answer.Error}");
                else if (answer.Series == 0) failures.Add($"{q.Dashboard} / {q.Where}: `{expr}` returns no series");
                else continue;
                break;
            }
        }
        return failures;
    }
}
