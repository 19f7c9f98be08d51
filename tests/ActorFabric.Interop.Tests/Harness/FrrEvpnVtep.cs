using System.Globalization;
using System.Net;
using System.Text;

namespace ActorFabric.Interop.Tests.Harness;

/// <summary>
/// An FRR VTEP that ORIGINATES EVPN routes from real kernel state, built per test:
/// <list type="bullet">
/// <item>a network namespace holding a bridge, a VXLAN device (VNI, <c>local</c> = the VTEP's 127.x address,
/// dstport 4789, nolearning) and a veth access port; static FDB entries on the access port become
/// type-2 MAC-only routes, permanent neighbor entries on the bridge (the SVI) type-2 MAC+IP routes,
/// and the VNI itself a type-3 route with PMSI ingress replication (RFC 7432 §7.2/§7.3, RFC 8365 §5.1.3);</item>
/// <item>zebra inside that namespace (it reads interfaces, FDB and neighbors by netlink);</item>
/// <item>bgpd in the host namespace, connected to zebra through zebra's unix socket (unix sockets
/// cross namespaces), so its BGP sessions stay on the host's 127/8 like every other peer.</item>
/// </list>
/// Gotchas this encodes: zebra ignores 127/8 addresses and routes, so (1) peer next-hop tracking resolves
/// only through a default route in the namespace plus <c>ip nht resolve-via-default</c>, and (2) bgpd can
/// only map a session's local address to an interface with <c>update-source lo</c>; with that, outgoing
/// connects would leave from 127.0.0.1, so bgpd is passive and the peers connect to it.
/// With an <see cref="FrrIpVrf"/> it also originates type-5 routes from that VRF (a second namespace, zebra -n). zebra
/// then treats every namespace under /run/netns as a VRF, other tests' VTEPs included: compare only this VTEP's
/// type-5 routes.
/// Needs root (CAP_NET_ADMIN/CAP_SYS_ADMIN), which the test command and CI have.
/// </summary>
public sealed class FrrEvpnVtep : IDisposable
{
    public const string ZebraPath = "/usr/lib/frr/zebra";
    public const string IpPath = "/usr/sbin/ip";
    public const string BridgePath = "/usr/sbin/bridge";
    const string Bridge = "br0";
    const string Vxlan = "vx0";
    const string AccessPort = "acc0";
    const string HostSide = "host0";

    static int counter;

    readonly DirectoryInfo dir;
    readonly List<IDisposable> owned = new();

    public string Namespace { get; }
    public uint Vni { get; }
    public FrrIpVrf? IpVrf { get; }
    /// <summary>The VRF's name in FRR: its namespace's name (null without <see cref="IpVrf"/>).</summary>
    public string? VrfName { get; }
    public IPAddress VtepIp => Bgpd.RouterId;
    public DaemonProcess Zebra { get; private set; } = null!;
    public FrrBgpd Bgpd { get; private set; } = null!;
    public string ZebraVtyDirectory { get; }

    FrrEvpnVtep(string ns, uint vni, DirectoryInfo dir, FrrIpVrf? ipVrf)
    {
        Namespace = ns;
        Vni = vni;
        IpVrf = ipVrf;
        VrfName = ipVrf is null ? null : ns + "r";
        this.dir = dir;
        ZebraVtyDirectory = Path.Combine(dir.FullName, "zvty");
    }

    /// <summary>
    /// Builds the namespace, starts zebra in it and bgpd (router id = VTEP address = <c>local</c> of the
    /// VXLAN device) with <c>advertise-all-vni</c>. <paramref name="peers"/> must connect to
    /// <see cref="FrrBgpd.ListenAddress"/>:<see cref="FrrBgpd.Port"/> of <see cref="Bgpd"/>.
    /// </summary>
    public static FrrEvpnVtep Start(uint asNumber, IPAddress vtepIp, uint vni, IEnumerable<IPAddress> peers, uint? peerAs = null, FrrIpVrf? ipVrf = null)
    {
        var ns = $"af{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}v{Interlocked.Increment(ref counter).ToString(CultureInfo.InvariantCulture)}";
        var dir = Directory.CreateTempSubdirectory("af-vtep-");
        var vtep = new FrrEvpnVtep(ns, vni, dir, ipVrf);
        try
        {
            File.SetUnixFileMode(dir.FullName, FrrBgpd.WorldWritable);
            vtep.BuildNamespace(vtepIp);
            vtep.StartZebra();
            var neighbors = new List<FrrNeighbor>();
            foreach (var p in peers)
            {
                neighbors.Add(new FrrNeighbor(p, peerAs ?? asNumber) { Passive = true, UpdateSource = "lo" });
            }
            vtep.Bgpd = vtep.Own(FrrBgpd.Start(new FrrBgpdConfig(asNumber, vtepIp)
                {
                    Neighbors = neighbors, AdvertiseAllVni = true, TrailingLines = vtep.VrfInstanceLines(asNumber, vtepIp),
                },
                zebraSocket: Path.Combine(dir.FullName, "zserv.api")));
            ProcessRunner.Eventually(
                // "* VNI" = known from the kernel (via zebra), not just configured
                () => vtep.Bgpd.Vtysh("show bgp l2vpn evpn vni").StdOut.Contains("* " + vni.ToString(CultureInfo.InvariantCulture) + " ", StringComparison.Ordinal),
                TimeSpan.FromSeconds(15), $"bgpd to learn VNI {vni} from zebra in netns {ns}", vtep.Diagnostics);
            return vtep;
        }
        catch
        {
            vtep.Dispose();
            throw;
        }
    }

    void BuildNamespace(IPAddress vtepIp)
    {
        Ip("netns", "add", Namespace);
        namespaceCreated = true;
        Exec("sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1"); // no ND/RS chatter to learn
        Exec("sysctl", "-qw", "net.ipv6.conf.default.disable_ipv6=1");
        IpNs("link", "set", "lo", "up");
        IpNs("link", "add", Bridge, "type", "bridge");
        IpNs("link", "add", Vxlan, "type", "vxlan", "id", Vni.ToString(CultureInfo.InvariantCulture),
            "local", vtepIp.ToString(), "dstport", "4789", "nolearning");
        IpNs("link", "set", Vxlan, "master", Bridge);
        IpNs("link", "add", HostSide, "type", "veth", "peer", "name", AccessPort);
        IpNs("link", "set", AccessPort, "master", Bridge);
        Run(BridgePath, "-n", Namespace, "link", "set", "dev", AccessPort, "learning", "off");
        foreach (var l in new[] { Bridge, Vxlan, AccessPort, HostSide }) IpNs("link", "set", l, "up");
        // SVI address so zebra maps neighbor entries on the bridge to the VNI; never leaves the namespace.
        IpNs("addr", "add", "192.0.2.1/24", "dev", Bridge);
        // zebra refuses 127/8 routes: give next-hop tracking of the 127.x peers something to resolve via.
        IpNs("route", "add", "default", "dev", HostSide);
        if (IpVrf is { } vrf) BuildVrfNamespace(vrf, vtepIp);
    }

    const string VrfBridge = "br-l3";
    const string VrfVxlan = "vx-l3";

    void BuildVrfNamespace(FrrIpVrf vrf, IPAddress vtepIp)
    {
        Ip("netns", "add", VrfName!);
        vrfNamespaceCreated = true;
        Run(IpPath, "-n", VrfName!, "link", "set", "lo", "up");
        Run(IpPath, "-n", VrfName!, "link", "add", VrfBridge, "type", "bridge");
        Run(IpPath, "-n", VrfName!, "link", "set", VrfBridge, "address", vrf.RouterMac);
        Run(IpPath, "-n", VrfName!, "addr", "add", vrf.SviCidr, "dev", VrfBridge);
        // FRR's netns VRFs find the L3 VNI's VXLAN device only when it was made in the underlay namespace and moved
        // into the VRF's (a device made in the VRF namespace stays "VxLAN IF None" in `show vrf vni`).
        IpNs("link", "add", VrfVxlan, "type", "vxlan", "id", vrf.L3Vni.ToString(CultureInfo.InvariantCulture),
            "local", vtepIp.ToString(), "dstport", "4789", "nolearning");
        IpNs("link", "set", VrfVxlan, "netns", VrfName!);
        Run(IpPath, "-n", VrfName!, "link", "set", VrfVxlan, "master", VrfBridge);
        foreach (var l in new[] { VrfBridge, VrfVxlan }) Run(IpPath, "-n", VrfName!, "link", "set", l, "up");
        if (vrf.HostVni is { } hostVni) BuildVrfHostBridge(hostVni, vrf.HostSviCidr ?? throw new ArgumentException("HostVni needs HostSviCidr"), vtepIp);
    }

    const string VrfHostBridge = "br-h";
    const string VrfHostVxlan = "vx-h";
    const string VrfHostAccess = "acc-h";
    const string VrfHostSide = "host-h";

    /// <summary>An L2 VNI inside the VRF's namespace (its SVI is in the VRF), made like the L3 VNI's device.</summary>
    void BuildVrfHostBridge(uint vni, string sviCidr, IPAddress vtepIp)
    {
        void VrfIp(params string[] args) => Run(IpPath, ["-n", VrfName!, .. args]);
        VrfIp("link", "add", VrfHostBridge, "type", "bridge");
        VrfIp("addr", "add", sviCidr, "dev", VrfHostBridge);
        IpNs("link", "add", VrfHostVxlan, "type", "vxlan", "id", vni.ToString(CultureInfo.InvariantCulture),
            "local", vtepIp.ToString(), "dstport", "4789", "nolearning");
        IpNs("link", "set", VrfHostVxlan, "netns", VrfName!);
        VrfIp("link", "set", VrfHostVxlan, "master", VrfHostBridge);
        VrfIp("link", "add", VrfHostSide, "type", "veth", "peer", "name", VrfHostAccess);
        VrfIp("link", "set", VrfHostAccess, "master", VrfHostBridge);
        Run(BridgePath, "-n", VrfName!, "link", "set", "dev", VrfHostAccess, "learning", "off");
        foreach (var l in new[] { VrfHostBridge, VrfHostVxlan, VrfHostAccess, VrfHostSide }) VrfIp("link", "set", l, "up");
    }

    /// <summary>A host in the VRF's L2 VNI (<see cref="FrrIpVrf.HostVni"/>): static FDB entry plus neighbor entry on its SVI.</summary>
    public void AddVrfHost(string mac, string ip)
    {
        Run(BridgePath, "-n", VrfName!, "fdb", "replace", mac, "dev", VrfHostAccess, "master", "static");
        Run(IpPath, "-n", VrfName!, "neigh", "replace", ip, "lladdr", mac, "dev", VrfHostBridge, "nud", "permanent");
    }

    /// <summary>bgpd's `router bgp AS vrf NAME` block: the VRF's prefixes, exported as type 5 (`advertise ipv4 unicast`).</summary>
    IReadOnlyList<string> VrfInstanceLines(uint asNumber, IPAddress vtepIp)
    {
        if (IpVrf is not { } vrf) return [];
        var lines = new List<string>
        {
            $"router bgp {asNumber.ToString(CultureInfo.InvariantCulture)} vrf {VrfName}",
            $" bgp router-id {vtepIp}",
            " no bgp network import-check",
            " address-family ipv4 unicast",
            "  redistribute connected",
        };
        foreach (var n in vrf.Networks) lines.Add("  network " + n);
        lines.AddRange([" exit-address-family", " address-family l2vpn evpn", "  advertise ipv4 unicast", " exit-address-family", "exit"]);
        return lines;
    }

    void StartZebra()
    {
        Directory.CreateDirectory(ZebraVtyDirectory);
        File.SetUnixFileMode(ZebraVtyDirectory, FrrBgpd.WorldWritable);
        var conf = Path.Combine(dir.FullName, "zebra.conf");
        var vrfLines = IpVrf is { } vrf ? $"vrf {VrfName}\n vni {vrf.L3Vni.ToString(CultureInfo.InvariantCulture)}\nexit-vrf\n" : "";
        File.WriteAllText(conf, $"hostname af-zebra-{Namespace}\nlog stdout informational\nip nht resolve-via-default\n{vrfLines}");
        File.SetUnixFileMode(conf, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        // `ip netns exec` execs zebra in place, so the PID we hold is zebra's.
        Zebra = Own(DaemonProcess.Start("zebra " + Namespace, IpPath,
        [
            "netns", "exec", Namespace, ZebraPath,
            "-z", Path.Combine(dir.FullName, "zserv.api"), "-i", Path.Combine(dir.FullName, "zebra.pid"),
            "--vty_socket", ZebraVtyDirectory, "-f", conf, .. (IpVrf is null ? Array.Empty<string>() : ["-n"]), // -n: netns VRFs
        ]));
        ProcessRunner.Eventually(
            () => !Zebra.HasExited && ZebraVtysh("show interface brief").StdOut.Contains(Vxlan, StringComparison.Ordinal),
            TimeSpan.FromSeconds(15), $"zebra in netns {Namespace} to see {Vxlan}", Diagnostics);
    }

    /// <summary>A local MAC behind the access port: becomes a type-2 MAC-only route (RFC 7432 §7.2).</summary>
    public void AddLocalMac(string mac) => Run(BridgePath, "-n", Namespace, "fdb", "replace", mac, "dev", AccessPort, "master", "static");

    public void RemoveLocalMac(string mac) => Run(BridgePath, "-n", Namespace, "fdb", "del", mac, "dev", AccessPort, "master");

    /// <summary>A local MAC with an IPv4 neighbor entry on the SVI: adds the type-2 MAC+IP route (and the MAC-only one).</summary>
    public void AddLocalMacIp(string mac, string ip)
    {
        AddLocalMac(mac);
        IpNs("neigh", "replace", ip, "lladdr", mac, "dev", Bridge, "nud", "permanent");
    }

    public void RemoveLocalIp(string ip) => IpNs("neigh", "del", ip, "dev", Bridge);

    public ProcessResult ZebraVtysh(params string[] commands)
    {
        var args = new List<string> { "--vty_socket", ZebraVtyDirectory };
        foreach (var c in commands) args.AddRange(["-c", c]);
        return ProcessRunner.Run(FrrBgpd.VtyshPath, args);
    }

    public string Diagnostics()
    {
        var sb = new StringBuilder();
        if (Zebra is not null)
        {
            sb.Append("--- zebra ").Append(Namespace).Append(" pid ").Append(Zebra.Pid).AppendLine(" ---");
            if (!Zebra.HasExited)
            {
                try { sb.AppendLine(ZebraVtysh("show evpn vni", "show vrf vni", "show evpn mac vni all", "show evpn arp-cache vni all").StdOut); }
                catch (Exception e) when (e is TimeoutException or InvalidOperationException) { sb.AppendLine(e.Message); }
            }
            sb.AppendLine(Zebra.OutputTail());
        }
        if (Bgpd is not null) sb.AppendLine(Bgpd.Diagnostics());
        return sb.ToString();
    }

    bool namespaceCreated, vrfNamespaceCreated;

    void IpNs(params string[] args)
    {
        var all = new List<string> { "-n", Namespace };
        all.AddRange(args);
        Run(IpPath, [.. all]);
    }

    void Ip(params string[] args) => Run(IpPath, args);

    void Exec(params string[] args)
    {
        var all = new List<string> { "netns", "exec", Namespace };
        all.AddRange(args);
        Run(IpPath, [.. all]);
    }

    static void Run(string file, params string[] args) => ProcessRunner.Run(file, args).EnsureSuccess();

    T Own<T>(T d) where T : IDisposable
    {
        owned.Add(d);
        return d;
    }

    public void Dispose()
    {
        for (var i = owned.Count - 1; i >= 0; i--) owned[i].Dispose();
        owned.Clear();
        if (namespaceCreated)
        {
            namespaceCreated = false;
            ProcessRunner.Run(IpPath, "netns", "del", Namespace); // removes every device in it
        }
        if (vrfNamespaceCreated)
        {
            vrfNamespaceCreated = false;
            ProcessRunner.Run(IpPath, "netns", "del", VrfName!);
        }
        try { dir.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
