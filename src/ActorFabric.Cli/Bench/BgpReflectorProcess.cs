using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ActorFabric.Cli.Bench;

/// <summary>
/// A route reflector under test in its own process, for the TCP benchmark: FRR 8.4's bgpd (alone, no zebra) or our
/// <c>actorfabric bgp speaker --route-reflector</c>, both accepting every iBGP peer from 127.0.0.0/8 as an RR client.
/// Peak memory is the kernel's high-water mark of the process's resident set (VmHWM).
/// </summary>
public sealed class BgpReflectorProcess : IDisposable
{
    public const string FrrBgpdPath = "/usr/lib/frr/bgpd";
    public const string VtyshPath = "/usr/bin/vtysh";

    private readonly Process _process;
    private readonly string? _directory;
    private readonly Queue<string> _tail = new();

    private BgpReflectorProcess(string name, Process process, IPEndPoint endpoint, string? directory)
    {
        Name = name;
        _process = process;
        Endpoint = endpoint;
        _directory = directory;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }
    public IPEndPoint Endpoint { get; }
    public int Pid => _process.Id;

    public string OutputTail { get { lock (_tail) return string.Join('\n', _tail); } }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_tail)
        {
            _tail.Enqueue(line);
            while (_tail.Count > 50) _tail.Dequeue();
        }
    }

    /// <summary>Peak resident set of the process so far (VmHWM from /proc/PID/status), in bytes.</summary>
    public long PeakResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
            var kb = line["VmHWM:".Length..].Trim().Split(' ')[0];
            return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
        }
        return 0;
    }

    /// <summary>FRR's bgpd as the reflector (config as in docs/interop.md: listen range, allow-martian-nexthop).</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static BgpReflectorProcess StartFrr(IPAddress address, int port)
    {
        var dir = Directory.CreateTempSubdirectory("af-bench-frr-").FullName;
        var all = (UnixFileMode)0x1FF;
        File.SetUnixFileMode(dir, all);
        var vty = Path.Combine(dir, "vty");
        Directory.CreateDirectory(vty);
        File.SetUnixFileMode(vty, all);
        var conf = Path.Combine(dir, "bgpd.conf");
        File.WriteAllText(conf, $"""
            hostname af-bench-rr
            log stdout warnings
            router bgp {BgpTcpLoadGenerator.Asn}
             bgp router-id {address}
             no bgp default ipv4-unicast
             no bgp ebgp-requires-policy
             bgp allow-martian-nexthop
             neighbor CLIENTS peer-group
             neighbor CLIENTS remote-as {BgpTcpLoadGenerator.Asn}
             bgp listen range 127.0.0.0/8 peer-group CLIENTS
             address-family l2vpn evpn
              neighbor CLIENTS activate
              neighbor CLIENTS route-reflector-client
             exit-address-family
            """ + "\n");
        File.SetUnixFileMode(conf, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var psi = Redirected(FrrBgpdPath, "-Z", "-n", "-l", address.ToString(), "-p", port.ToString(CultureInfo.InvariantCulture), "-P", "0",
            "-f", conf, "-i", Path.Combine(dir, "bgpd.pid"), "--vty_socket", vty);
        var rr = new BgpReflectorProcess("frr", Process.Start(psi)!, new IPEndPoint(address, port), dir);
        rr.WaitReady(() =>
        {
            var check = Redirected(VtyshPath, "--vty_socket", vty, "-c", "show bgp summary json");
            using var p = Process.Start(check)!;
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0;
        });
        return rr;
    }

    /// <summary>Our speaker as the reflector: <c>dotnet actorfabric.dll bgp speaker --route-reflector --accept 127.0.0.0/8</c>.</summary>
    public static BgpReflectorProcess StartOurs(IPAddress address, int port)
    {
        var dll = typeof(BgpReflectorProcess).Assembly.Location;
        var psi = Redirected("dotnet", dll, "bgp", "speaker", "--listen", $"{address}:{port}", "--asn", BgpTcpLoadGenerator.Asn.ToString(CultureInfo.InvariantCulture),
            "--router-id", address.ToString(), "--accept", "127.0.0.0/8", "--route-reflector");
        var rr = new BgpReflectorProcess("ours", Process.Start(psi)!, new IPEndPoint(address, port), null);
        rr.WaitReady(() => rr.OutputTail.Contains("listening on", StringComparison.Ordinal));
        return rr;
    }

    private static ProcessStartInfo Redirected(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        return psi;
    }

    private void WaitReady(Func<bool> ready)
    {
        var clock = Stopwatch.StartNew();
        while (!ready())
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} reflector exited: {OutputTail}");
            if (clock.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException($"{Name} reflector not ready: {OutputTail}");
            Thread.Sleep(100);
        }
    }

    /// <summary>A port that is free on <paramref name="address"/> now.</summary>
    public static int FreePort(IPAddress address)
    {
        var l = new TcpListener(address, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public void Dispose()
    {
        try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); _process.WaitForExit(10_000); }
        catch (InvalidOperationException) { }
        _process.Dispose();
        if (_directory is not null) try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
