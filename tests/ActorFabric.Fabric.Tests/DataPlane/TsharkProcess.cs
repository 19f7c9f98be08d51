using System.Diagnostics;

namespace ActorFabric.Fabric.Tests.DataPlane;

/// <summary>Runs the real tshark (installed by scripts/test.sh) with a deadline; a missing tshark or a hang fails the test.</summary>
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
        start.Environment["HOME"] = Path.GetTempPath(); // no user profile may change what the dissectors report
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
