using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace ActorFabric.Interop.Tests.Harness;

/// <summary>
/// A gobgpd (GoBGP 3.10 from Debian) started by a test: config in its own temp dir, gRPC API on a
/// free loopback port, driven through the `gobgp` CLI. Dispose stops it by PID and deletes the dir.
/// </summary>
public sealed class GoBgpDaemon : IDisposable
{
    public const string DaemonPath = "/usr/bin/gobgpd";
    public const string CliPath = "/usr/bin/gobgp";

    readonly DirectoryInfo dir;
    readonly DaemonProcess process;

    public GoBgpConfig Config { get; }
    public int ApiPort { get; }
    public IPAddress RouterId => Config.RouterId;
    public string ConfigPath { get; }
    public DaemonProcess Process => process;

    GoBgpDaemon(GoBgpConfig config, DirectoryInfo dir, int apiPort, string configPath, DaemonProcess process)
    {
        Config = config;
        this.dir = dir;
        ApiPort = apiPort;
        ConfigPath = configPath;
        this.process = process;
    }

    /// <summary>Writes the config, starts gobgpd and returns once its API answers.</summary>
    public static GoBgpDaemon Start(GoBgpConfig config, TimeSpan? readyWithin = null)
    {
        var dir = Directory.CreateTempSubdirectory("af-gobgp-");
        DaemonProcess? p = null;
        try
        {
            var apiPort = Loopback.FreeTcpPort();
            var configPath = Path.Combine(dir.FullName, "gobgpd.toml");
            File.WriteAllText(configPath, config.ToToml());
            p = DaemonProcess.Start("gobgpd " + config.RouterId, DaemonPath,
            [
                "-f", configPath, "-t", "toml",
                "--api-hosts", $"127.0.0.1:{apiPort.ToString(CultureInfo.InvariantCulture)}",
                "--pprof-disable", "-p", "-l", "info",
            ]);
            var daemon = new GoBgpDaemon(config, dir, apiPort, configPath, p);
            ProcessRunner.Eventually(
                () => !p.HasExited && daemon.Cli("global").Succeeded,
                readyWithin ?? TimeSpan.FromSeconds(15),
                $"gobgpd {config.RouterId} API on 127.0.0.1:{apiPort} to answer",
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

    /// <summary>Runs `gobgp -u 127.0.0.1 -p API ARGS…` against this daemon.</summary>
    public ProcessResult Cli(params string[] args)
    {
        var all = new List<string>(args.Length + 4) { "-u", "127.0.0.1", "-p", ApiPort.ToString(CultureInfo.InvariantCulture) };
        all.AddRange(args);
        return ProcessRunner.Run(CliPath, all);
    }

    /// <summary>
    /// Originates a type-2 MAC/IP Advertisement (RFC 7432 §7.2) with the VNI in the label field
    /// (RFC 8365 §5.1.3) and the VXLAN encapsulation community. <paramref name="ip"/> null = MAC only.
    /// Symmetric IRB (RFC 9135 §9.1): <paramref name="l3Vni"/> becomes label 2 and <paramref name="routerMac"/> the
    /// Router's MAC community. Grammar (3.10): global rib -a evpn add macadv MAC IP [esi ESI] etag T label L[,L2]
    /// rd RD rt RT encap vxlan [router-mac MAC] nexthop NH.
    /// </summary>
    public void AddMacIpRoute(string mac, string? ip, string rd, uint vni, string routeTarget,
        uint ethernetTag = 0, string? nextHop = null, string? esi = null, uint? l3Vni = null, string? routerMac = null)
    {
        var args = new List<string> { "global", "rib", "-a", "evpn", "add", "macadv", mac, ip ?? "0.0.0.0" };
        if (esi is not null) args.AddRange(["esi", esi]);
        args.AddRange(["etag", U(ethernetTag), "label", l3Vni is { } l2 ? $"{U(vni)},{U(l2)}" : U(vni), "rd", rd, "rt", routeTarget, "encap", "vxlan"]);
        if (routerMac is not null) args.AddRange(["router-mac", routerMac]);
        args.AddRange(["nexthop", nextHop ?? RouterId.ToString()]);
        Cli([.. args]).EnsureSuccess();
    }

    /// <summary>
    /// Originates a type-5 IP Prefix route (RFC 9136 §3.1): label = L3 VNI, gateway 0 for the interface-less
    /// model (§4.4.1) or an IP as overlay index. Grammar (3.10): global rib -a evpn add prefix P/LEN esi 0 etag T
    /// rd RD rt RT gw GW label L encap vxlan [router-mac MAC] nexthop NH.
    /// </summary>
    public void AddPrefixRoute(string prefix, string? gateway, string rd, uint l3Vni, string routeTarget,
        string? routerMac = null, uint ethernetTag = 0, string? nextHop = null)
    {
        var args = new List<string> { "global", "rib", "-a", "evpn", "add", "prefix", prefix, "esi", "0", "etag", U(ethernetTag),
            "rd", rd, "rt", routeTarget, "gw", gateway ?? (prefix.Contains(':') ? "::" : "0.0.0.0"), "label", U(l3Vni), "encap", "vxlan" };
        if (routerMac is not null) args.AddRange(["router-mac", routerMac]);
        args.AddRange(["nexthop", nextHop ?? RouterId.ToString()]);
        Cli([.. args]).EnsureSuccess();
    }

    /// <summary>Withdraws a type-5 route added with <see cref="AddPrefixRoute"/>.</summary>
    public void DeletePrefixRoute(string prefix, string rd, uint l3Vni, uint ethernetTag = 0) =>
        Cli("global", "rib", "-a", "evpn", "del", "prefix", prefix, "esi", "0", "etag", U(ethernetTag), "rd", rd,
            "label", U(l3Vni)).EnsureSuccess();

    /// <summary>Withdraws a type-2 route added with <see cref="AddMacIpRoute"/> (GoBGP wants the label again).</summary>
    public void DeleteMacIpRoute(string mac, string? ip, string rd, uint vni, uint ethernetTag = 0) =>
        Cli("global", "rib", "-a", "evpn", "del", "macadv", mac, ip ?? "0.0.0.0",
            "etag", U(ethernetTag), "label", U(vni), "rd", rd).EnsureSuccess();

    /// <summary>
    /// Originates a type-3 Inclusive Multicast Ethernet Tag route (RFC 7432 §7.3) with a PMSI Tunnel
    /// attribute of type ingress replication whose label is the VNI and whose endpoint is the VTEP
    /// (RFC 8365 §5.1.3, RFC 6514 §5). Grammar (3.10): add multicast IP etag T rd RD rt RT encap vxlan
    /// pmsi ingress-repl LABEL TUNNEL-ID nexthop NH.
    /// </summary>
    public void AddMulticastRoute(string originatorIp, string rd, uint vni, string routeTarget,
        uint ethernetTag = 0, string? nextHop = null)
    {
        Cli("global", "rib", "-a", "evpn", "add", "multicast", originatorIp, "etag", U(ethernetTag), "rd", rd,
            "rt", routeTarget, "encap", "vxlan", "pmsi", "ingress-repl", U(vni), originatorIp,
            "nexthop", nextHop ?? RouterId.ToString()).EnsureSuccess();
    }

    public void DeleteMulticastRoute(string originatorIp, string rd, uint ethernetTag = 0) =>
        Cli("global", "rib", "-a", "evpn", "del", "multicast", originatorIp, "etag", U(ethernetTag), "rd", rd).EnsureSuccess();

    /// <summary>The EVPN Loc-RIB (`gobgp global rib -a evpn -j`), every path, local ones with LearnedFrom null.</summary>
    public IReadOnlyList<EvpnRoute> GetEvpnRib() =>
        GoBgpEvpnJson.Parse(Cli("global", "rib", "-a", "evpn", "-j").EnsureSuccess().StdOut);

    /// <summary>Session state towards <paramref name="neighbor"/> from `gobgp neighbor ADDR -j` (state.session_state).</summary>
    public BgpPeerState NeighborState(IPAddress neighbor)
    {
        var r = Cli("neighbor", neighbor.ToString(), "-j");
        if (!r.Succeeded || string.IsNullOrWhiteSpace(r.StdOut)) return BgpPeerState.Unknown;
        using var doc = JsonDocument.Parse(r.StdOut);
        if (!doc.RootElement.TryGetProperty("state", out var state) ||
            !state.TryGetProperty("session_state", out var s)) return BgpPeerState.Unknown;
        // apipb.PeerState.SessionState: 1 IDLE … 6 ESTABLISHED; serialized as a number by 3.10.
        var n = s.ValueKind == JsonValueKind.Number ? s.GetInt32() : -1;
        return n is >= 1 and <= 6 ? (BgpPeerState)n : BgpPeerState.Unknown;
    }

    public void WaitEstablished(IPAddress neighbor, TimeSpan? within = null) =>
        ProcessRunner.Eventually(() => NeighborState(neighbor) == BgpPeerState.Established,
            within ?? TimeSpan.FromSeconds(30), $"gobgpd {RouterId} session with {neighbor} to be Established", Diagnostics);

    /// <summary>Log tail, neighbor table and EVPN RIB, for failure messages.</summary>
    public string Diagnostics()
    {
        var sb = new StringBuilder();
        sb.Append("--- ").Append(process.Name).Append(" pid ").Append(process.Pid)
          .Append(process.HasExited ? $" EXITED {process.ExitCode}" : "").AppendLine(" ---");
        if (!process.HasExited)
        {
            try
            {
                sb.AppendLine(Cli("neighbor").StdOut);
                sb.AppendLine(Cli("global", "rib", "-a", "evpn").StdOut);
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException) { sb.AppendLine(e.Message); }
        }
        sb.AppendLine("log tail:").Append(process.OutputTail());
        return sb.ToString();
    }

    static string U(uint v) => v.ToString(CultureInfo.InvariantCulture);

    public void Dispose()
    {
        process.Dispose();
        try { dir.Delete(recursive: true); } catch (IOException) { }
    }
}
