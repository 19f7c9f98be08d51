using System.Diagnostics;
using System.Text;

namespace ActorFabric.Interop.Tests.Harness;

/// <summary>
/// A long-running child process (gobgpd, bgpd, zebra, tshark) started in the foreground so that
/// this process owns its PID and reaps it. Keeps the last lines of stdout/stderr for failure messages.
/// Stopping signals exactly this PID, never a process name.
/// </summary>
public sealed class DaemonProcess : IDisposable
{
    const int TailLines = 200;
    readonly Process process;
    readonly Queue<string> tail = new();
    readonly object gate = new();
    int stopped;

    public string Name { get; }
    public string Command { get; }
    public int Pid { get; }

    DaemonProcess(string name, Process process, string command)
    {
        Name = name;
        this.process = process;
        Command = command;
        Pid = process.Id;
    }

    /// <summary>Starts <paramref name="file"/> with <paramref name="args"/>; stdout and stderr lines go to the tail and to <paramref name="onLine"/>.</summary>
    public static DaemonProcess Start(string name, string file, IEnumerable<string> args, Action<string>? onLine = null, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        foreach (var a in args) psi.ArgumentList.Add(a);
        var p = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var command = ProcessRunner.Describe(file, psi.ArgumentList);
        DaemonProcess? daemon = null;
        void Line(object? _, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            daemon?.Append(e.Data);
            onLine?.Invoke(e.Data);
        }
        p.OutputDataReceived += Line;
        p.ErrorDataReceived += Line;
        if (!p.Start()) throw new InvalidOperationException($"could not start `{command}`");
        daemon = new DaemonProcess(name, p, command);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return daemon;
    }

    public bool HasExited => process.HasExited;
    public int? ExitCode => process.HasExited ? process.ExitCode : null;

    void Append(string line)
    {
        lock (gate)
        {
            tail.Enqueue(line);
            while (tail.Count > TailLines) tail.Dequeue();
        }
    }

    /// <summary>The last lines the process printed (stdout and stderr interleaved).</summary>
    public string OutputTail()
    {
        lock (gate)
        {
            var sb = new StringBuilder();
            foreach (var l in tail) sb.AppendLine(l);
            return sb.ToString();
        }
    }

    /// <summary>Sends SIGTERM to this PID and waits for exit; SIGKILL if it does not go within <paramref name="grace"/>.</summary>
    public void Stop(TimeSpan? grace = null)
    {
        if (Interlocked.Exchange(ref stopped, 1) == 1) return;
        try
        {
            if (!process.HasExited)
            {
                Signal(Pid, "TERM");
                if (!process.WaitForExit(grace ?? TimeSpan.FromSeconds(5)))
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(TimeSpan.FromSeconds(5));
                }
            }
            process.WaitForExit(TimeSpan.FromSeconds(2)); // lets the async readers see end of stream
        }
        catch (InvalidOperationException) { }
    }

    /// <summary>Sends a named signal to one PID (kill(1) is used because .NET only exposes SIGKILL).</summary>
    internal static void Signal(int pid, string signal)
    {
        try { ProcessRunner.Run("kill", "-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)); }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception) { }
    }

    public void Dispose()
    {
        Stop();
        process.Dispose();
    }

    public override string ToString() => $"{Name} (pid {Pid})";
}
