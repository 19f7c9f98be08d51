using System.Text.RegularExpressions;
using ActorFabric.Cli;
using ActorFabric.Interop.Tests.Harness;
using Xunit.Abstractions;

namespace ActorFabric.Interop.Tests;

/// <summary>
/// <c>actorfabric run --report</c> opened in a real browser (Debian's headless Chromium): the page renders (the
/// screenshot is not one flat colour and shows the chaos markers' red), and the DOM Chromium builds from it holds one
/// series per plotted measure and one marker per chaos action of the scenario.
/// </summary>
public sealed partial class HtmlReportChromiumTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("actorfabric-report-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Chromium_renders_the_report_of_a_scenario_with_its_series_and_chaos_markers()
    {
        // leaf-uplink-failure: link-down leaf1 spine1 at 4 s, link-up at 8 s (two chaos actions; pings are not).
        var scenario = Path.Combine(RepositoryRoot(), "scenarios", "leaf-uplink-failure.yaml");
        var report = Path.Combine(_directory, "report.html");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await CliApp.RunAsync(["run", "--scenario", scenario, "--report", report], stdout, stderr);
        Assert.True(code == 0, $"run failed ({code}): {stderr}");

        string[] browser = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"];
        var png = Path.Combine(_directory, "report.png");
        var shot = ProcessRunner.Run("chromium", [.. browser, $"--screenshot={png}", "--window-size=1200,900", new Uri(report).AbsoluteUri], TimeSpan.FromSeconds(120));
        Assert.True(File.Exists(png), $"no screenshot: {shot}");
        var image = PngImage.Read(File.ReadAllBytes(png));
        Assert.Equal((1200, 900), (image.Width, image.Height));
        var colours = new HashSet<(byte, byte, byte)>();
        int red = 0;
        for (int y = 0; y < image.Height; y++)
            for (int x = 0; x < image.Width; x++)
            {
                var p = image.Pixel(x, y);
                colours.Add(p);
                if (p.R > 180 && p.G < 90 && p.B < 90) red++; // the chaos markers' #d62728
            }
        output.WriteLine($"{colours.Count} colours, {red} red pixels");
        Assert.True(colours.Count > 16, $"the screenshot is (nearly) one colour: {colours.Count} colours");
        Assert.True(red > 50, $"no chaos marker drawn: {red} red pixels");

        var dom = ProcessRunner.Run("chromium", [.. browser, "--dump-dom", new Uri(report).AbsoluteUri], TimeSpan.FromSeconds(120));
        Assert.Equal(4, Series().Count(dom.StdOut));
        Assert.Equal(2, ChaosMarks().Count(dom.StdOut));
        Assert.Contains("link-down leaf1 spine1", dom.StdOut);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ActorFabric.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    [GeneratedRegex("<polyline class=\"series ")]
    private static partial Regex Series();

    [GeneratedRegex("<line class=\"chaos-mark\"")]
    private static partial Regex ChaosMarks();
}
