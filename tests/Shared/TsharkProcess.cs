using System.Diagnostics;

namespace ActorFabric.Tests.Shared;

/// <summary>Runs the real tshark with a deadline; a missing tshark or a hang fails the test (CI installs it).</summary>
internal static class TsharkProcess
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public static string Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("tshark")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // No per-user profile or GUI settings should change what the dissectors report.
        start.Environment["HOME"] = Path.GetTempPath();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start tshark");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Deadline))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"tshark {string.Join(' ', arguments)} did not finish within {Deadline}");
        }
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"tshark {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }
}
