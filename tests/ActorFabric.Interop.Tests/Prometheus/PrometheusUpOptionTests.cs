using System.Globalization;
using System.Text.RegularExpressions;
using ActorFabric.Interop.Tests.Harness;

namespace ActorFabric.Interop.Tests.Prometheus;

/// <summary><c>actorfabric up … --prometheus</c>: starts Prometheus against the fabric, and stops it with the fabric.</summary>
public sealed partial class PrometheusUpOptionTests
{
    [Fact]
    public void Up_with_prometheus_starts_a_prometheus_that_scrapes_the_fabric_and_stops_it_on_exit()
    {
        var state = Path.Combine(Path.GetTempPath(), $"af-up-prometheus-{Guid.NewGuid():N}.json");
        using var up = ActorFabricProcess.Start("up", "up", RepositoryFolder.File("topologies", "quickstart.yaml"), "--serve", "--api-port", "0",
            "--prometheus", "--prometheus-port", "0", "--state-file", state);
        try
        {
            var line = up.WaitForLine("prometheus: http://127.0.0.1:", TimeSpan.FromSeconds(120));
            var match = PrometheusLine().Match(line);
            Assert.True(match.Success, line);
            var pid = int.Parse(match.Groups["pid"].Value, CultureInfo.InvariantCulture);
            var data = match.Groups["dir"].Value;
            Assert.True(Directory.Exists(data), data);
            using (var prometheus = new PrometheusApi(new Uri(match.Groups["url"].Value)))
            {
                ProcessRunner.Eventually(() => prometheus.Query("actorfabric_bgp_sessions{state=\"established\"} > 0").Series > 0, TimeSpan.FromSeconds(30),
                    "the Prometheus of `up --prometheus` to scrape established sessions", () => up.OutputTail() + prometheus.Targets());
                Assert.Equal(1, prometheus.Scalar("up{job=\"actorfabric\"}"));
            }
            up.Stop();
            Assert.True(up.HasExited);
            Assert.False(ProcessAlive(pid), $"Prometheus (pid {pid}) still runs after `up` stopped");
            Assert.False(Directory.Exists(data), $"{data} left behind");
        }
        finally
        {
            File.Delete(state);
        }
    }

    [Fact]
    public void Up_with_prometheus_but_no_api_to_scrape_is_a_usage_error_before_the_fabric_starts()
    {
        var run = ActorFabricProcess.Run(TimeSpan.FromSeconds(60), "up", RepositoryFolder.File("topologies", "quickstart.yaml"), "--exit-when-converged", "--prometheus");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--prometheus needs the control API", run.StdErr);
        Assert.DoesNotContain("converged", run.StdOut);
    }

    private static bool ProcessAlive(int pid)
    {
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"prometheus: (?<url>http://127\.0\.0\.1:\d+/) \(pid (?<pid>\d+), scraping \S+; data in (?<dir>\S+), removed on exit\)")]
    private static partial Regex PrometheusLine();
}
