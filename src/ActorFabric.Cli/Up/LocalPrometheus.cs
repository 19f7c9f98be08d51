using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace ActorFabric.Cli.Up;

/// <summary>
/// A Prometheus server (Debian's <c>prometheus</c> package) that this process starts next to a running fabric:
/// bound to 127.0.0.1, its data in a fresh temporary folder, scraping the fabric's <c>/metrics</c> with the
/// shipped <c>config/prometheus/prometheus.yml</c> (embedded in the CLI) whose target is replaced by the address
/// the control API actually bound. Disposing stops exactly the PID it started (SIGTERM, then SIGKILL) and
/// deletes the folder.
/// </summary>
public sealed class LocalPrometheus : IAsyncDisposable
{
    public const string DefaultBinary = "/usr/bin/prometheus";
    public const int DefaultPort = 9090;

    /// <summary>The scrape target written in the shipped config (the default control API address).</summary>
    private const string ShippedTarget = "127.0.0.1:7179";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private const int TailLines = 40;

    private readonly Process _process;
    private readonly string _directory;
    private readonly Queue<string> _tail = new();
    private int _stopped;

    private LocalPrometheus(Process process, string directory, Uri url)
    {
        _process = process;
        _directory = directory;
        Url = url;
        Pid = process.Id;
    }

    /// <summary>http://127.0.0.1:PORT/ of Prometheus' web UI and HTTP API.</summary>
    public Uri Url { get; }

    public int Pid { get; }

    /// <summary>The folder holding the config and the TSDB (deleted on dispose).</summary>
    public string Directory => _directory;

    /// <summary>Null when <paramref name="binary"/> can be started, else a sentence saying how to install it.</summary>
    public static string? Missing(string binary = DefaultBinary) =>
        File.Exists(binary) ? null : $"Prometheus is not installed ({binary} not found); install Debian's package (apt-get install prometheus) or drop --prometheus";

    /// <summary>
    /// The shipped scrape config pointed at <paramref name="target"/> (HOST:PORT of /metrics). A control API bound
    /// beyond loopback answers only requests with its bearer token, so the token goes into the scrape config then.
    /// </summary>
    public static string Config(string target, string? bearerToken = null, TimeSpan? scrapeInterval = null)
    {
        var text = ShippedConfig().Replace(ShippedTarget, target, StringComparison.Ordinal);
        if (scrapeInterval is { } every)
        {
            var seconds = every.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s";
            text = text.Replace("scrape_interval: 5s", "scrape_interval: " + seconds, StringComparison.Ordinal)
                .Replace("evaluation_interval: 5s", "evaluation_interval: " + seconds, StringComparison.Ordinal);
        }
        if (bearerToken is not null)
            text = text.Replace("    metrics_path: /metrics\n", $"    metrics_path: /metrics\n    authorization:\n      credentials: \"{bearerToken}\"\n", StringComparison.Ordinal);
        return text;
    }

    /// <summary>The text of config/prometheus/prometheus.yml as built into this binary.</summary>
    public static string ShippedConfig()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("prometheus.yml")
            ?? throw new InvalidOperationException("the Prometheus config is not embedded in this build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    /// <summary>
    /// Starts Prometheus with <paramref name="config"/> on 127.0.0.1:<paramref name="port"/> (0: a free port) and
    /// returns once its readiness endpoint answers. Throws <see cref="InvalidOperationException"/> with the last lines
    /// Prometheus printed when it exits or is not ready in time.
    /// </summary>
    public static async Task<LocalPrometheus> StartAsync(string config, int port, string binary = DefaultBinary, CancellationToken ct = default)
    {
        if (port == 0) port = Bench.BenchChildProcess.FreePort();
        var directory = System.IO.Directory.CreateTempSubdirectory("actorfabric-prometheus-").FullName;
        var configPath = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(configPath, config, ct).ConfigureAwait(false);
        // The config may hold the control API's token: readable by this user only.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(configPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var a in (string[])[$"--config.file={configPath}", $"--storage.tsdb.path={Path.Combine(directory, "data")}",
                     $"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "--log.level=warn"])
            start.ArgumentList.Add(a);
        var process = new Process { StartInfo = start };
        try
        {
            if (!process.Start()) throw new InvalidOperationException($"could not start {binary}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            System.IO.Directory.Delete(directory, recursive: true);
            throw new InvalidOperationException($"could not start {binary}: {e.Message}", e);
        }
        var prometheus = new LocalPrometheus(process, directory, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"));
        process.OutputDataReceived += (_, e) => prometheus.Append(e.Data);
        process.ErrorDataReceived += (_, e) => prometheus.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await prometheus.WaitReadyAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await prometheus.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return prometheus;
    }

    /// <summary>The last lines Prometheus printed (its log goes to stderr).</summary>
    public string OutputTail()
    {
        lock (_tail) return string.Join('\n', _tail);
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_tail)
        {
            _tail.Enqueue(line);
            while (_tail.Count > TailLines) _tail.Dequeue();
        }
    }

    private async Task WaitReadyAsync(CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (_process.HasExited)
                throw new InvalidOperationException($"Prometheus exited with code {_process.ExitCode}: {OutputTail()}");
            try
            {
                using var answer = await http.GetAsync(new Uri(Url, "-/ready"), ct).ConfigureAwait(false);
                if (answer.IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                // Not listening yet.
            }
            if (deadline.Elapsed > ReadyTimeout)
                throw new InvalidOperationException($"Prometheus was not ready on {Url} within {ReadyTimeout.TotalSeconds:0} s: {OutputTail()}");
            await Task.Delay(100, ct).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        try
        {
            if (!_process.HasExited)
            {
                Terminate(Pid);
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill();
                    await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Already reaped.
        }
        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open: the folder stays in the temp directory.
        }
    }

    /// <summary>SIGTERM to this one PID (Prometheus flushes its head block then); .NET itself only sends SIGKILL.</summary>
    private static void Terminate(int pid)
    {
        var kill = new ProcessStartInfo("kill") { UseShellExecute = false, RedirectStandardError = true };
        kill.ArgumentList.Add("-TERM");
        kill.ArgumentList.Add(pid.ToString(CultureInfo.InvariantCulture));
        try
        {
            using var p = Process.Start(kill);
            p?.WaitForExit(5000);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No kill(1): the SIGKILL after the grace period stops it.
        }
    }


    /// <summary>True when 127.0.0.1:<paramref name="port"/> can be bound now.</summary>
    public static bool PortFree(int port)
    {
        var probe = new TcpListener(IPAddress.Loopback, port) { ExclusiveAddressUse = true };
        try
        {
            probe.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            probe.Stop();
        }
    }
}
