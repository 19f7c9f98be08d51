using System.Diagnostics;
using System.Text;

namespace ActorFabric.Cluster.Tests.Infrastructure;

/// <summary>Runs a short command to completion (no shell) and keeps what it printed for failure messages.</summary>
public static class ChildProcess
{
    public sealed record Result(string Command, int ExitCode, string Output)
    {
        public Result EnsureSuccess()
            => ExitCode == 0 ? this : throw new InvalidOperationException($"`{Command}` exited with {ExitCode}:\n{Output}");
    }

    public static Result Run(string file, IEnumerable<string> args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        var command = file + " " + string.Join(' ', start.ArgumentList);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start `{command}`");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"`{command}` did not finish within {timeout.TotalSeconds} s:\n{stdout.Result}{stderr.Result}");
        }
        process.WaitForExit(); // drains the redirected streams
        return new Result(command, process.ExitCode, new StringBuilder(stdout.Result).Append(stderr.Result).ToString());
    }
}
