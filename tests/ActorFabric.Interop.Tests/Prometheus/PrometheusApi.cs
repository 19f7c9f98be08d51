using System.Globalization;
using System.Text.Json;

namespace ActorFabric.Interop.Tests.Prometheus;

/// <summary>The answer of Prometheus' instant query endpoint: status, error, and the series of a vector (or 1 for a scalar).</summary>
public sealed record PrometheusAnswer(string Status, string? Error, int Series, JsonElement Result)
{
    public bool Ok => Status == "success";
}

/// <summary>A client of Prometheus' HTTP API (/api/v1/query, /api/v1/targets) for the dashboard tests.</summary>
public sealed class PrometheusApi(Uri url) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = url, Timeout = TimeSpan.FromSeconds(10) };

    public PrometheusAnswer Query(string expr)
    {
        using var answer = _http.GetAsync("api/v1/query?query=" + Uri.EscapeDataString(expr)).GetAwaiter().GetResult();
        var body = answer.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        var status = root.GetProperty("status").GetString() ?? "";
        if (status != "success") return new PrometheusAnswer(status, root.TryGetProperty("error", out var e) ? e.GetString() : body, 0, default);
        var data = root.GetProperty("data");
        var result = data.GetProperty("result").Clone();
        int series = data.GetProperty("resultType").GetString() is "vector" or "matrix" ? result.GetArrayLength() : 1;
        return new PrometheusAnswer(status, null, series, result);
    }

    /// <summary>The value of a query that yields one series (NaN when it yields none).</summary>
    public double Scalar(string expr)
    {
        var a = Query(expr);
        if (!a.Ok) throw new InvalidOperationException($"{expr}: {a.Error}");
        if (a.Series == 0) return double.NaN;
        var value = a.Result.ValueKind == JsonValueKind.Array && a.Result[0].ValueKind == JsonValueKind.Object ? a.Result[0].GetProperty("value") : a.Result;
        return double.Parse(value[1].GetString()!, CultureInfo.InvariantCulture);
    }

    /// <summary>Unix time (s) of the newest scrape of any target, NaN before the first.</summary>
    public double LastScrape() => Scalar("max(timestamp(up))");

    /// <summary>Scrape URL, health and last error of each active target, for failure messages.</summary>
    public string Targets()
    {
        try
        {
            return _http.GetStringAsync("api/v1/targets").GetAwaiter().GetResult();
        }
        catch (HttpRequestException e)
        {
            return "targets: " + e.Message;
        }
    }

    public void Dispose() => _http.Dispose();
}
