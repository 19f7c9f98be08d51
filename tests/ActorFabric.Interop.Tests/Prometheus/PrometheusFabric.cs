using System.Globalization;
using ActorFabric.Cli.Up;
using ActorFabric.Interop.Tests.Harness;

namespace ActorFabric.Interop.Tests.Prometheus;

/// <summary>
/// A real <c>actorfabric up</c> process (the assisted-replication topology: besides the quickstart's families it has
/// the AR and Ethernet-segment ones the BUM dashboard graphs) scraped every second by a real Prometheus on loopback,
/// after a link-down and a link-up through the control API. Both processes are stopped by PID.
/// </summary>
public sealed class PrometheusFabric : IDisposable
{
    public const string Device = "leaf1";
    public static readonly string[] ChaosActions = ["link-down leaf1 spine1", "link-up leaf1 spine1"];
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(120);

    private readonly string _state = Path.Combine(Path.GetTempPath(), $"af-prometheus-{Guid.NewGuid():N}.json");
    private readonly ActorFabricProcess _up;
    private readonly LocalPrometheus? _prometheus;

    public PrometheusFabric()
    {
        _up = ActorFabricProcess.Start("up", "up", RepositoryFolder.File("topologies", "assisted-replication.yaml"), "--serve", "--api-port", "0", "--state-file", _state);
        try
        {
            _up.WaitForLine("control API on", Startup);
            (ControlApi, Token) = ActorFabricProcess.ReadState(_state);
            var target = $"{ControlApi.Host}:{ControlApi.Port.ToString(CultureInfo.InvariantCulture)}";
            _prometheus = LocalPrometheus.StartAsync(LocalPrometheus.Config(target, scrapeInterval: TimeSpan.FromSeconds(1)), 0).GetAwaiter().GetResult();
            Prometheus = new PrometheusApi(_prometheus.Url);
            ProcessRunner.Eventually(() => Prometheus.Query("actorfabric_bgp_sessions").Series > 0, TimeSpan.FromSeconds(30),
                "Prometheus to hold the fabric's first scrape", Diagnostics);
            foreach (var action in ChaosActions)
            {
                ChaosRequests.Apply(ControlApi, Token, action);
                WaitForScrapesAfterNow(2);
            }
            // rate(…[5s]) needs two samples inside its window after the last action.
            WaitForScrapesAfterNow(3);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public Uri ControlApi { get; } = null!;

    public string Token { get; } = "";

    public PrometheusApi Prometheus { get; } = null!;

    /// <summary>Waits until Prometheus stored a scrape taken <paramref name="seconds"/> s after now (so it saw what just happened).</summary>
    public void WaitForScrapesAfterNow(double seconds)
    {
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0 + seconds;
        ProcessRunner.Eventually(() => Prometheus.LastScrape() >= after, TimeSpan.FromSeconds(30), $"a scrape {seconds} s after now", Diagnostics);
    }

    public string Diagnostics() =>
        $"{_up.OutputTail()}\n--- prometheus ---\n{_prometheus?.OutputTail()}\n{Prometheus?.Targets()}";

    public void Dispose()
    {
        Prometheus?.Dispose();
        _prometheus?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _up.Stop();
        _up.Dispose();
        File.Delete(_state);
    }
}
