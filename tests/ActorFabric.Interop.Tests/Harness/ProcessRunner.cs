using System.Diagnostics;
using System.Text;

namespace ActorFabric.Interop.Tests.Harness;

/// <summary>
/// Runs short commands to completion and polls real processes against a deadline.
/// Tests never sleep for a fixed time: they wait for an observable condition and fail
/// with a message naming what they waited for.
/// </summary>
public static class ProcessRunner
{
    public static readonly TimeSpan DefaultCommandTimeout = TimeSpan.FromSeconds(30);
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Runs <paramref name="file"/> with <paramref name="args"/> (no shell) and collects its output.</summary>
    public static ProcessResult Run(string file, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        var command = Describe(file, psi.ArgumentList);

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start `{command}`");
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout ?? DefaultCommandTimeout))
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            p.WaitForExit();
            throw new TimeoutException($"`{command}` did not finish within {(timeout ?? DefaultCommandTimeout).TotalSeconds} s");
        }
        p.WaitForExit(); // drains the redirected streams
        return new ProcessResult(command, p.ExitCode, stdout.Result, stderr.Result);
    }

    public static ProcessResult Run(string file, params string[] args) => Run(file, (IEnumerable<string>)args);

    /// <summary>
    /// Polls <paramref name="condition"/> until it holds or <paramref name="within"/> passes.
    /// On timeout the exception names <paramref name="what"/> and appends <paramref name="diagnostics"/>
    /// (typically the daemons' log tails and current RIBs). Exceptions thrown by the condition count
    /// as "not yet" and the last one is reported.
    /// </summary>
    public static void Eventually(Func<bool> condition, TimeSpan within, string what, Func<string>? diagnostics = null)
    {
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (true)
        {
            try
            {
                if (condition()) return;
                last = null;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                last = e;
            }
            if (clock.Elapsed >= within) break;
            Thread.Sleep(PollInterval); // a poll interval, not a wait for the behaviour itself
        }

        var msg = new StringBuilder();
        msg.Append("Timed out after ").Append(within.TotalSeconds).Append(" s waiting for: ").AppendLine(what);
        if (last is not null) msg.Append("last attempt threw: ").AppendLine(last.Message);
        if (diagnostics is not null)
        {
            string extra;
            try { extra = diagnostics(); }
            catch (Exception e) when (e is not OutOfMemoryException) { extra = "(diagnostics failed: " + e.Message + ")"; }
            msg.AppendLine(extra);
        }
        throw new TimeoutException(msg.ToString());
    }

    /// <summary>Polls <paramref name="probe"/> until it yields a value accepted by <paramref name="accept"/>; returns that value.</summary>
    public static T Eventually<T>(Func<T> probe, Func<T, bool> accept, TimeSpan within, string what, Func<string>? diagnostics = null)
    {
        T value = default!;
        Eventually(() =>
        {
            value = probe();
            return accept(value);
        }, within, what, diagnostics);
        return value;
    }

    internal static string Describe(string file, IEnumerable<string> args)
    {
        var sb = new StringBuilder(file);
        foreach (var a in args)
        {
            sb.Append(' ');
            if (a.Length == 0 || a.Contains(' ') || a.Contains('\'')) sb.Append('\'').Append(a.Replace("'", "'\\''")).Append('\'');
            else sb.Append(a);
        }
        return sb.ToString();
    }
}
