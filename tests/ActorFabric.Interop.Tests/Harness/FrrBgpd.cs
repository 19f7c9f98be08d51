using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace ActorFabric.Interop.Tests.Harness;

/// <summary>
/// FRR 8.4's bgpd run alone (Debian package frr) on a loopback address and port, with its own config,
/// pid file and vty socket directory, in the foreground so this process owns the PID:
/// <c>bgpd -Z -n -l ADDR -p PORT -P 0 -f CONF -i PIDFILE --vty_socket DIR</c>.
/// It drops privileges to user frr, so its directory is made world-writable.
/// Talk to it with <see cref="Vtysh"/>. Dispose stops it by PID and removes the directory.
/// </summary>
public sealed class FrrBgpd : IDisposable
{
    public const string BgpdPath = "/usr/lib/frr/bgpd";
    public const string VtyshPath = "/usr/bin/vtysh";

    readonly DirectoryInfo dir;
    readonly DaemonProcess process;

    public FrrBgpdConfig Config { get; }
    public IPAddress ListenAddress { get; }
    public int Port { get; }
    public IPAddress RouterId => Config.RouterId;
    public string VtyDirectory { get; }
    public string ConfigPath { get; }
    public string PidFile { get; }
    public DaemonProcess Process => process;

    FrrBgpd(FrrBgpdConfig config, DirectoryInfo dir, IPAddress listen, int port, string vtyDir, string configPath, string pidFile, DaemonProcess process)
    {
        Config = config;
        this.dir = dir;
        ListenAddress = listen;
        Port = port;
        VtyDirectory = vtyDir;
        ConfigPath = configPath;
        PidFile = pidFile;
        this.process = process;
    }

    /// <summary>
    /// Starts bgpd listening on <paramref name="listenAddress"/> (default: the router id) and
    /// <paramref name="port"/> (default: a free one). With <paramref name="zebraSocket"/> it talks to
    /// that zebra instead of running with -Z (needed to originate EVPN routes from kernel state).
    /// </summary>
    public static FrrBgpd Start(FrrBgpdConfig config, IPAddress? listenAddress = null, int port = 0,
        string? zebraSocket = null, TimeSpan? readyWithin = null)
    {
        var listen = listenAddress ?? config.RouterId;
        var dir = Directory.CreateTempSubdirectory("af-frr-");
        DaemonProcess? p = null;
        try
        {
            File.SetUnixFileMode(dir.FullName, WorldWritable);
            var vtyDir = Path.Combine(dir.FullName, "vty");
            Directory.CreateDirectory(vtyDir);
            File.SetUnixFileMode(vtyDir, WorldWritable);
            var configPath = Path.Combine(dir.FullName, "bgpd.conf");
            File.WriteAllText(configPath, config.Render("af-" + config.RouterId));
            File.SetUnixFileMode(configPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            var pidFile = Path.Combine(dir.FullName, "bgpd.pid");
            if (port == 0) port = Loopback.FreeTcpPort(listen);

            var args = new List<string>
            {
                "-n", "-l", listen.ToString(), "-p", port.ToString(CultureInfo.InvariantCulture), "-P", "0",
                "-f", configPath, "-i", pidFile, "--vty_socket", vtyDir,
            };
            if (zebraSocket is null) args.Insert(0, "-Z");
            else args.AddRange(["-z", zebraSocket]);
            p = DaemonProcess.Start("bgpd " + config.RouterId, BgpdPath, args);
            var daemon = new FrrBgpd(config, dir, listen, port, vtyDir, configPath, pidFile, p);
            // The vty socket opens after the config (and with it the BGP listener) is in place.
            ProcessRunner.Eventually(
                () => !p.HasExited && daemon.Vtysh("show bgp summary json").Succeeded,
                readyWithin ?? TimeSpan.FromSeconds(15),
                $"bgpd {config.RouterId} on {listen}:{port} to answer vtysh",
                daemon.Diagnostics);
            return daemon;
        }
        catch
        {
            p?.Dispose();
            dir.Delete(recursive: true);
            throw;
        }
    }

    internal const UnixFileMode WorldWritable =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Runs each command through `vtysh --vty_socket DIR -c CMD …` in order.</summary>
    public ProcessResult Vtysh(params string[] commands)
    {
        var args = new List<string> { "--vty_socket", VtyDirectory };
        foreach (var c in commands) args.AddRange(["-c", c]);
        return ProcessRunner.Run(VtyshPath, args);
    }

    /// <summary>Applies config lines in `configure terminal` (e.g. "router bgp 65000", " neighbor …").</summary>
    public void Configure(params string[] lines)
    {
        var cmds = new List<string> { "configure terminal" };
        cmds.AddRange(lines);
        var r = Vtysh([.. cmds]).EnsureSuccess();
        if (r.StdOut.Contains("% ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"vtysh rejected configuration:\n{r.StdOut}");
        }
    }

    /// <summary>The EVPN table from `show bgp l2vpn evpn route detail json` (the detailed form has VNI, PMSI, ORIGINATOR_ID, CLUSTER_LIST).</summary>
    public IReadOnlyList<EvpnRoute> GetEvpnRib() =>
        FrrEvpnJson.Parse(Vtysh("show bgp l2vpn evpn route detail json").EnsureSuccess().StdOut);

    /// <summary>Session state towards <paramref name="neighbor"/> from `show bgp neighbors ADDR json` (bgpState).</summary>
    public BgpPeerState NeighborState(IPAddress neighbor)
    {
        var r = Vtysh($"show bgp neighbors {neighbor} json");
        if (!r.Succeeded || string.IsNullOrWhiteSpace(r.StdOut)) return BgpPeerState.Unknown;
        using var doc = JsonDocument.Parse(r.StdOut);
        if (!doc.RootElement.TryGetProperty(neighbor.ToString(), out var n) ||
            !n.TryGetProperty("bgpState", out var s)) return BgpPeerState.Unknown;
        return Enum.TryParse<BgpPeerState>(s.GetString(), ignoreCase: true, out var st) ? st : BgpPeerState.Unknown;
    }

    public void WaitEstablished(IPAddress neighbor, TimeSpan? within = null) =>
        ProcessRunner.Eventually(() => NeighborState(neighbor) == BgpPeerState.Established,
            within ?? TimeSpan.FromSeconds(30), $"bgpd {RouterId} session with {neighbor} to be Established", Diagnostics);

    /// <summary>Log tail, summary and EVPN table, for failure messages.</summary>
    public string Diagnostics()
    {
        var sb = new StringBuilder();
        sb.Append("--- ").Append(process.Name).Append(" pid ").Append(process.Pid)
          .Append(process.HasExited ? $" EXITED {process.ExitCode}" : "").AppendLine(" ---");
        if (!process.HasExited)
        {
            try
            {
                sb.AppendLine(Vtysh("show bgp l2vpn evpn summary").StdOut);
                sb.AppendLine(Vtysh("show bgp l2vpn evpn").StdOut);
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException) { sb.AppendLine(e.Message); }
        }
        sb.AppendLine("log tail:").Append(process.OutputTail());
        return sb.ToString();
    }

    public void Dispose()
    {
        process.Dispose();
        try { dir.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
