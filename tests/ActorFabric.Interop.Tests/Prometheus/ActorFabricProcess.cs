using System.Text.Json;
using ActorFabric.Interop.Tests.Harness;

namespace ActorFabric.Interop.Tests.Prometheus;

/// <summary>
/// The CLI (<c>dotnet actorfabric.dll …</c>, built next to the tests) as a real child process: <c>up</c>,
/// <c>node</c> or <c>launch</c>. Stopped by its PID (SIGTERM, the same as Ctrl-C for the CLI).
/// </summary>
internal sealed class ActorFabricProcess : IDisposable
{
    private readonly DaemonProcess _daemon;

    private ActorFabricProcess(DaemonProcess daemon) => _daemon = daemon;

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "actorfabric.dll");

    public int Pid => _daemon.Pid;

    public bool HasExited => _daemon.HasExited;

    public static ActorFabricProcess Start(string name, params string[] args) =>
        new(DaemonProcess.Start(name, "dotnet", [Dll, .. args], workingDirectory: RepositoryFolder.Root));

    /// <summary>Runs a short CLI command to completion.</summary>
    public static ProcessResult Run(TimeSpan timeout, params string[] args) => ProcessRunner.Run("dotnet", [Dll, .. args], timeout);

    /// <summary>Waits until the process printed a line containing <paramref name="text"/>; returns that line.</summary>
    public string WaitForLine(string text, TimeSpan within)
    {
        string? found = null;
        ProcessRunner.Eventually(() =>
        {
            if (_daemon.HasExited) throw new InvalidOperationException($"{_daemon} exited with {_daemon.ExitCode}");
            found = _daemon.OutputTail().Split('\n').FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
            return found is not null;
        }, within, $"{_daemon} to print '{text}'", OutputTail);
        return found!.TrimEnd('\r');
    }

    /// <summary>The control API address and token an <c>up</c> or <c>launch</c> wrote to its --state-file.</summary>
    public static (Uri Api, string Token) ReadState(string stateFile)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(stateFile));
        return (new Uri(doc.RootElement.GetProperty("url").GetString()!), doc.RootElement.GetProperty("token").GetString()!);
    }

    public string OutputTail() => $"--- {_daemon} ---\n{_daemon.OutputTail()}";

    public void Stop() => _daemon.Stop(TimeSpan.FromSeconds(20));

    public void Dispose() => _daemon.Dispose();
}
