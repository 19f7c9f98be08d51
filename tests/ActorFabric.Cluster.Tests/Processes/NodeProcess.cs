using System.Diagnostics;
using System.Text;
using ActorFabric.Cluster.Tests.Launch;

namespace ActorFabric.Cluster.Tests.Processes;

/// <summary>An `actorfabric node` process on 127.0.0.1 (the CLI the solution build produced), with its output kept for failure messages.</summary>
internal sealed class NodeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NodeProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public bool HasExited => _process.HasExited;

    public static string CliDll
    {
        get
        {
            var dll = Path.Combine(RepositoryFiles.Root, "src", "ActorFabric.Cli", "bin", "Release", "net10.0", "actorfabric.dll");
            if (!File.Exists(dll)) throw new FileNotFoundException($"{dll} is missing: build the solution in Release first (scripts/test.sh does)", dll);
            return dll;
        }
    }

    public static NodeProcess Start(int port, string seed, params string[] extra)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { CliDll, "node", "--listen", $"127.0.0.1:{port}", "--seed", seed, "--http", "127.0.0.1:0" }.Concat(extra)) info.ArgumentList.Add(a);
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        var node = new NodeProcess(process, port);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (node._output) node._output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (node._output) node._output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>Waits (with a deadline) until the node printed that it is up.</summary>
    public async Task WaitUpAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(": up", StringComparison.Ordinal))
        {
            if (_process.HasExited) throw new InvalidOperationException($"node on port {Port} exited ({_process.ExitCode}):\n{Output}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"node on port {Port} not up within {timeout}:\n{Output}");
            await Task.Delay(50);
        }
    }

    /// <summary>kill -9: no goodbye to the cluster.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
            catch (InvalidOperationException)
            {
            }
        }
        _process.Dispose();
    }
}
