using System.Globalization;

namespace ActorFabric.Interop.Tests.Harness;

/// <summary>
/// A tshark (Debian's, Wireshark 4.0) capture of one TCP port on the loopback interface, written to a
/// pcapng file in a temp dir. Start returns once dumpcap really captures; Stop makes sure every packet
/// so far is in, then signals the PID (SIGINT, which makes tshark flush and close the file). <see cref="Analyze"/> re-reads the file decoding
/// the port as BGP (our ports are never 179) and collects expert warnings/errors.
/// </summary>
public sealed class TsharkCapture : IDisposable
{
    public const string TsharkPath = "/usr/bin/tshark";

    readonly DirectoryInfo dir;
    readonly DaemonProcess process;
    readonly ManualResetEventSlim started = new();
    readonly ManualResetEventSlim sentinelSeen = new();
    readonly string sentinelLine;
    static readonly byte[] SentinelPayload = "actorfabric-capture-end"u8.ToArray();

    public int Port { get; }
    public string FilePath { get; }

    TsharkCapture(int port, DirectoryInfo dir, string file, Func<Action<string>, DaemonProcess> start)
    {
        Port = port;
        this.dir = dir;
        FilePath = file;
        sentinelLine = $"\u2192 {port.ToString(CultureInfo.InvariantCulture)} Len={SentinelPayload.Length}";
        process = start(line =>
        {
            // tshark 4.0 prints "Capturing on 'Loopback: lo'" and "Capture started." once dumpcap is live.
            if (line.Contains("Capture started", StringComparison.Ordinal)) started.Set();
            else if (line.Contains("UDP", StringComparison.Ordinal) && line.Contains(sentinelLine, StringComparison.Ordinal)) sentinelSeen.Set();
        });
    }

    /// <summary>
    /// Starts `tshark -i lo -f 'port PORT' -w FILE -P -l` and waits until capturing. -P -l prints a
    /// summary line per captured packet as it arrives; Stop uses that to know the kernel ring is drained.
    /// </summary>
    public static TsharkCapture Start(int port, TimeSpan? readyWithin = null)
    {
        var dir = Directory.CreateTempSubdirectory("af-tshark-");
        var file = Path.Combine(dir.FullName, $"bgp-{port}.pcapng");
        var p = port.ToString(CultureInfo.InvariantCulture);
        TsharkCapture? capture = null;
        try
        {
            capture = new TsharkCapture(port, dir, file, onLine => DaemonProcess.Start("tshark port " + p, TsharkPath,
                ["-i", "lo", "-f", "port " + p, "-w", file, "-P", "-l"], onLine));
            var within = readyWithin ?? TimeSpan.FromSeconds(15);
            var c = capture;
            ProcessRunner.Eventually(() => c.started.IsSet || c.process.HasExited, within, $"tshark on lo port {port} to start capturing", c.Diagnostics);
            if (capture.process.HasExited)
            {
                throw new InvalidOperationException($"tshark exited {capture.process.ExitCode}:\n{capture.process.OutputTail()}");
            }
            return capture;
        }
        catch
        {
            capture?.Dispose();
            if (capture is null) dir.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>
    /// Stops capturing without losing the tail: dumpcap hands packets over in batches and SIGINT drops
    /// what is still in the kernel ring, so a UDP datagram is sent to the port (the capture filter takes
    /// UDP too; BGP is TCP, so nobody answers it) and tshark's own packet line for it is awaited first.
    /// Then SIGINT to the PID, which makes tshark flush and close the file.
    /// </summary>
    public void Stop()
    {
        if (process.HasExited || Volatile.Read(ref stopping) == 1) return;
        Interlocked.Exchange(ref stopping, 1);
        using (var udp = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(Loopback.Localhost, 0)))
        {
            var to = new System.Net.IPEndPoint(Loopback.Localhost, Port);
            ProcessRunner.Eventually(() =>
            {
                if (sentinelSeen.IsSet || process.HasExited) return true;
                udp.Send(SentinelPayload, to); // repeated each poll in case one is lost
                return sentinelSeen.Wait(TimeSpan.FromMilliseconds(400));
            }, TimeSpan.FromSeconds(15), $"tshark to capture the end-of-capture datagram on port {Port}", Diagnostics);
        }
        DaemonProcess.Signal(process.Pid, "INT");
        process.Stop(TimeSpan.FromSeconds(10));
    }

    int stopping;

    /// <summary>
    /// Stops the capture if running, then decodes it twice: `tshark -r FILE -d tcp.port==PORT,bgp
    /// -Y tcp -T fields …` (the display filter drops the end-of-capture datagram) for every frame's expert severities/messages and BGP message types, and
    /// `-q -z expert,warn` (kept in <see cref="ExpertReport"/>) for a human-readable summary.
    /// </summary>
    public CaptureAnalysis Analyze()
    {
        Stop();
        var decodeAs = "tcp.port==" + Port.ToString(CultureInfo.InvariantCulture) + ",bgp";
        var fields = ProcessRunner.Run(TsharkPath,
        [
            "-r", FilePath, "-d", decodeAs, "-Y", "tcp", "-T", "fields",
            "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=|",
            "-e", "frame.number", "-e", "bgp.type", "-e", "_ws.expert.severity", "-e", "_ws.expert.message",
            "-e", "_ws.expert.group", "-e", "_ws.malformed", "-e", "frame.protocols",
        ]).EnsureSuccess();
        ExpertReport = ProcessRunner.Run(TsharkPath, ["-r", FilePath, "-d", decodeAs, "-q", "-z", "expert,warn,tcp"]).StdOut;

        var frames = 0;
        var problems = new List<ExpertItem>();
        var byType = new SortedDictionary<int, int>();
        foreach (var line in fields.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split('\t');
            if (f.Length < 7 || !int.TryParse(f[0], CultureInfo.InvariantCulture, out var frame)) continue;
            frames++;
            foreach (var t in Values(f[1]))
            {
                if (int.TryParse(t, CultureInfo.InvariantCulture, out var type)) byType[type] = byType.GetValueOrDefault(type) + 1;
            }
            var severities = Values(f[2]);
            var messages = Values(f[3]);
            var lastProtocol = LastProtocol(f[6]);
            for (var i = 0; i < severities.Length; i++)
            {
                if (!TryParseSeverity(severities[i], out var sev) || sev < WarnLevel) continue;
                var msg = i < messages.Length ? messages[i] : "";
                problems.Add(new ExpertItem(frame, sev >= ErrorLevel ? "Error" : "Warning", lastProtocol, msg));
            }
            if (f[5].Length > 0 && severities.Length == 0)
            {
                problems.Add(new ExpertItem(frame, "Error", "_ws.malformed", "Malformed packet"));
            }
        }
        return new CaptureAnalysis(frames, problems, byType);
    }

    /// <summary>The text of `tshark -q -z expert,warn` from the last <see cref="Analyze"/>.</summary>
    public string ExpertReport { get; private set; } = "";

    // Wireshark's PI_WARN and PI_ERROR severity values (epan/proto.h).
    const long WarnLevel = 0x00600000;
    const long ErrorLevel = 0x00800000;

    static bool TryParseSeverity(string s, out long value)
    {
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return long.TryParse(s.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out value);
        }
        return long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    }

    static string[] Values(string field) =>
        field.Length == 0 ? [] : field.Split('|', StringSplitOptions.RemoveEmptyEntries);

    static string LastProtocol(string protocols)
    {
        var i = protocols.LastIndexOf(':');
        return i < 0 ? protocols : protocols[(i + 1)..];
    }

    /// <summary>File size and tshark's own output, for failure messages.</summary>
    public string Diagnostics() =>
        $"--- {process} capture {FilePath} ({(File.Exists(FilePath) ? new FileInfo(FilePath).Length : -1)} bytes) ---\n{process.OutputTail()}";

    public void Dispose()
    {
        process.Dispose();
        started.Dispose();
        sentinelSeen.Dispose();
        try { dir.Delete(recursive: true); } catch (IOException) { }
    }
}
