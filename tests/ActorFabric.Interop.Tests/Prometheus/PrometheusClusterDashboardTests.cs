using ActorFabric.Cli.Up;
using ActorFabric.Interop.Tests.Harness;

namespace ActorFabric.Interop.Tests.Prometheus;

/// <summary>
/// The cluster dashboard against a real two-node cluster: <c>cluster status --prometheus-sd</c> writes the nodes'
/// metrics endpoints, Prometheus discovers them through config/prometheus/prometheus-cluster.yml, and every query
/// of the cluster dashboard returns series after a link-down and link-up through the launcher's control API.
/// </summary>
public sealed class PrometheusClusterDashboardTests
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(120);

    [Fact]
    public void Every_query_of_the_cluster_dashboard_returns_series_from_nodes_found_through_file_sd()
    {
        var work = Directory.CreateTempSubdirectory("af-prometheus-cluster-").FullName;
        var seedPort = Loopback.FreeTcpPort();
        var seed = $"127.0.0.1:{seedPort}";
        var processes = new List<ActorFabricProcess>();
        LocalPrometheus? server = null;
        string Diagnostics() => string.Join('\n', processes.Select(p => p.OutputTail())) + "\n--- prometheus ---\n" + server?.OutputTail();
        try
        {
            var node1 = ActorFabricProcess.Start("node1", "node", "--listen", seed, "--seed", seed, "--http", "127.0.0.1:0");
            processes.Add(node1);
            node1.WaitForLine(": up", Startup);
            var node2 = ActorFabricProcess.Start("node2", "node", "--listen", $"127.0.0.1:{Loopback.FreeTcpPort()}", "--seed", seed, "--http", "127.0.0.1:0");
            processes.Add(node2);
            node2.WaitForLine(": up", Startup);
            var state = Path.Combine(work, "launch.json");
            var launch = ActorFabricProcess.Start("launch", "launch", RepositoryFolder.File("topologies", "quickstart.yaml"), "--seed", seed, "--nodes", "2",
                "--serve", "--api-port", "0", "--state-file", state);
            processes.Add(launch);
            launch.WaitForLine("control API on", Startup);
            var (api, token) = ActorFabricProcess.ReadState(state);

            // The shipped cluster config, with the targets file `cluster status` writes beside it.
            Directory.CreateDirectory(Path.Combine(work, "targets"));
            var targets = Path.Combine(work, "targets", "actorfabric-nodes.json");
            var status = ActorFabricProcess.Run(TimeSpan.FromSeconds(60), "cluster", "status", "--seed", seed, "--prometheus-sd", targets).EnsureSuccess();
            var sd = File.ReadAllText(targets);
            Assert.True(System.Text.Json.JsonDocument.Parse(sd).RootElement.GetArrayLength() == 2, $"{sd}\n{status.StdOut}");
            var config = File.ReadAllText(RepositoryFolder.File("config", "prometheus", "prometheus-cluster.yml"))
                .Replace("scrape_interval: 5s", "scrape_interval: 1s", StringComparison.Ordinal)
                .Replace("- targets/*.json", $"- {Path.Combine(work, "targets")}/*.json", StringComparison.Ordinal)
                .Replace("- 127.0.0.1:7179", $"- {api.Host}:{api.Port}", StringComparison.Ordinal);
            server = LocalPrometheus.StartAsync(config, 0).GetAwaiter().GetResult();
            using var prometheus = new PrometheusApi(server.Url);
            ProcessRunner.Eventually(() => prometheus.Query("up{job=\"actorfabric-cluster\"} == 1").Series == 2 && prometheus.Query("up{job=\"actorfabric-launcher\"} == 1").Series == 1,
                TimeSpan.FromSeconds(60), "Prometheus to scrape both nodes it found in the file_sd targets, and the launcher", () => Diagnostics() + prometheus.Targets());
            foreach (var action in PrometheusFabric.ChaosActions) ChaosRequests.Apply(api, token, action);
            var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0 + 3;
            ProcessRunner.Eventually(() => prometheus.LastScrape() >= after, TimeSpan.FromSeconds(30), "scrapes after the chaos actions", Diagnostics);

            var queries = DashboardQueries.Of(Path.Combine(DashboardQueries.Folder, "cluster.json"));
            var failures = DashboardQueries.Empty(prometheus, queries, PrometheusFabric.Device);
            Assert.True(failures.Count == 0, $"{failures.Count} of {queries.Count} cluster dashboard queries failed:\n{string.Join('\n', failures)}");
        }
        finally
        {
            server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            // The launcher first, then the nodes in reverse order (the seed last).
            for (var i = processes.Count - 1; i >= 0; i--) processes[i].Dispose();
            Directory.Delete(work, recursive: true);
        }
    }
}
