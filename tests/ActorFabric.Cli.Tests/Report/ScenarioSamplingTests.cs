using System.Text.RegularExpressions;
using ActorFabric.Cli.Report;
using ActorFabric.Cli.Scenarios;
using ActorFabric.Cli.Tests.Fabric;

namespace ActorFabric.Cli.Tests.Report;

/// <summary>The runner's sampling hook and <c>run --report</c> end to end.</summary>
public partial class ScenarioSamplingTests
{
    private static readonly string DeviceRestart = Path.Combine(Path.GetDirectoryName(RecordedFabric.QuickstartPath)!, "..", "scenarios", "device-restart.yaml");

    [Fact]
    public async Task The_runner_samples_every_interval_while_it_advances_and_once_per_instant()
    {
        Assert.True(ScenarioReader.TryParse("steps:\n  - {at: 1s, observe: fdb leaf1}\n  - {at: 2s, observe: fdb leaf2}\n", "s.yaml", RecordedFabric.QuickstartPath, null,
            out var scenario, out var errors), string.Join("\n", errors));
        var sampler = new TimelineSampler(scenario!.Topology, TimeSpan.FromMilliseconds(500));
        await ScenarioRunner.RunAsync(scenario, new RecordedFabric(), sampler: sampler); // the recorded fabric starts at 420 ms
        Assert.Equal([0.42, 0.92, 1.0, 1.5, 2.0], sampler.Samples.Select(s => s.Time.TotalSeconds));
        Assert.All(sampler.Samples, s => Assert.Equal(2, s.Devices[2].Sessions)); // leaf1's established sessions from the scrape
    }

    [Fact]
    public async Task A_run_with_a_report_gives_the_same_document_as_one_without_and_writes_the_page()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("actorfabric-report-").FullName, "report.html");
        try
        {
            var plain = await CliRun.RunAsync("run", "--scenario", DeviceRestart, "--json");
            var reported = await CliRun.RunAsync("run", "--scenario", DeviceRestart, "--json", "--report", file);
            Assert.Equal(0, reported.Code);
            Assert.Equal(plain.Out, reported.Out); // sampling only reads: same steps, same digest
            var html = File.ReadAllText(file);
            Assert.Equal(2, ChaosMarks().Count(html));
            Assert.Equal(4, Series().Count(html));
            Assert.Contains("data-device=\"spine2\"", html);
            // spine2 stops at 3 s: leaves drop its session (BFD, 900 ms) and the fabric is converged again after the restart at 14 s.
            Assert.Contains("left convergence and was not converged again by 14 s", html);
            Assert.Matches(@"was converged again [0-9.]+ s after the action", html);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    [Theory]
    [InlineData("0ms")]
    [InlineData("soon")]
    public async Task A_bad_report_interval_is_a_usage_error_and_nothing_runs(string interval)
    {
        var (code, output, error) = await CliRun.RunAsync("run", "--scenario", DeviceRestart, "--report", "x.html", "--report-interval", interval);
        Assert.Equal(CliApp.ExitUsage, code);
        Assert.Contains("--report-interval", error);
        Assert.Empty(output);
        Assert.False(File.Exists("x.html"));
    }

    [GeneratedRegex("class=\"chaos-mark\"")]
    private static partial Regex ChaosMarks();

    [GeneratedRegex("<polyline class=\"series ")]
    private static partial Regex Series();
}
