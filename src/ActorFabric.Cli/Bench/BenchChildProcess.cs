using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorFabric.Cli.Bench;

/// <summary>
/// An <c>actorfabric</c> child process of a benchmark (a cluster node, a frame sink), on this machine, with its output
/// kept for failure messages. Every child still running is killed when this process exits (normally, on Ctrl-C or
/// SIGTERM), so a benchmark never leaves nodes behind; a child the benchmark kills on purpose (fail-over) is killed
/// with SIGKILL, no goodbye to the cluster.
/// </summary>
internal sealed class BenchChildProcess : IDisposable
{
    private static readonly List<BenchChildProcess> Running = [];
    private static bool _exitHooked;

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BenchChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>CPU time the child has used so far (user + system).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            try
            {
                _process.Refresh();
                return _process.TotalProcessorTime;
            }
            catch (InvalidOperationException)
            {
                return TimeSpan.Zero;
            }
        }
    }

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>Starts <c>actorfabric ARGS…</c> (the same build as this process), stdin kept open so the child can tell when we are gone.</summary>
    public static BenchChildProcess Start(string name, params string[] args)
    {
        var (file, prefix) = Command();
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in prefix.Concat(args)) info.ArgumentList.Add(a);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var child = new BenchChildProcess(name, process);
        process.OutputDataReceived += (_, e) => child.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (Running)
        {
            Running.Add(child);
            if (!_exitHooked)
            {
                _exitHooked = true;
                AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
            }
        }
        return child;
    }

    /// <summary>Waits until the child printed <paramref name="marker"/>; fails if it exits first or the deadline passes.</summary>
    public async Task WaitForOutputAsync(string marker, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (!Output.Contains(marker, StringComparison.Ordinal))
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited ({_process.ExitCode}) before '{marker}':\n{Tail()}");
            if (deadline.Elapsed > timeout) throw new TimeoutException($"{Name}: no '{marker}' within {timeout.TotalSeconds:0} s:\n{Tail()}");
            await Task.Delay(50, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the child to exit and returns its exit code, its output read to the
    /// end; null when it is still running.
    /// </summary>
    public int? WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) return null;
        _process.WaitForExit(); // flushes the asynchronous output readers
        return _process.ExitCode;
    }

    /// <summary>kill -9.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    public string Tail(int lines = 30)
    {
        var all = Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    public void Dispose()
    {
        Kill();
        try
        {
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
        }
        lock (Running) Running.Remove(this);
        _process.Dispose();
    }

    /// <summary>A TCP port free on 127.0.0.1 now.</summary>
    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private static void KillAll()
    {
        lock (Running)
            foreach (var child in Running) child.Kill();
    }

    /// <summary>
    /// How to start this same CLI: the apphost when we are it, else <c>dotnet actorfabric.dll</c> (run with dotnet, or
    /// hosted by a test runner, whose output folder holds the dll but maybe not its runtimeconfig: then the CLI's own
    /// Release build, found upwards from here).
    /// </summary>
    private static (string File, string[] Prefix) Command()
    {
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "actorfabric") return (self, []);
        var dll = typeof(BenchChildProcess).Assembly.Location;
        if (File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json"))) return ("dotnet", [dll]);
        if (RepositoryPath.Upwards(Path.Combine("src", "ActorFabric.Cli", "bin", "Release", "net10.0", "actorfabric.dll")) is { } built) return ("dotnet", [built]);
        throw new FileNotFoundException($"cannot start child processes: no runtimeconfig next to {dll} and no Release build of the CLI (dotnet build -c Release)");
    }
}
