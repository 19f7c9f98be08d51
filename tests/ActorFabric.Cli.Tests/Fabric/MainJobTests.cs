using System.Diagnostics;

namespace ActorFabric.Cli.Tests.Fabric;

/// <summary>The README's main job, as CI runs it: a separate process with no terminal must finish by itself.</summary>
public class MainJobTests
{
    [Fact]
    public void Up_without_a_terminal_prints_the_summary_and_exits_0_by_itself()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "actorfabric.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { dll, "up", RecordedFabric.QuickstartPath, "--state-file", Path.Combine(Path.GetTempPath(), $"af-{Guid.NewGuid():N}.json") })
            start.ArgumentList.Add(a);
        start.Environment.Remove("CI"); // the no-terminal rule alone must be enough
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // Wait on the real process with a deadline; kill it if it would serve forever.
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("`up` kept running without a terminal: " + stderr.Result);
        }
        Assert.True(process.ExitCode == 0, stderr.Result);
        Assert.Contains("quickstart: converged", stdout.Result);
        Assert.Contains("18/18 established", stdout.Result);
        Assert.Contains("use --serve", stderr.Result);
    }
}
