using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ActorFabric.Cli.Bgp.Speaker;

namespace ActorFabric.Cli.Tests.Bgp;

/// <summary>
/// <c>bgp speaker</c> end to end through <see cref="CliApp.Run"/>: a route reflector and a leaf with a routes file,
/// over real loopback TCP; <c>bgp rib</c> reads the reflector's Loc-RIB, <c>bgp inject</c>/<c>withdraw</c> change
/// the leaf's routes, and <c>POST /shutdown</c> ends both commands with exit code 0.
/// </summary>
public sealed class BgpSpeakerCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("af-speaker-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static int FreePort(IPAddress address)
    {
        var l = new TcpListener(address, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    private static Thread RunInBackground(string[] args, StringWriter output, Action<int> exited)
    {
        var t = new Thread(() => exited(CliApp.Run(args, TextWriter.Synchronized(output), TextWriter.Synchronized(output)))) { IsBackground = true };
        t.Start();
        return t;
    }

    private static T Eventually<T>(Func<T> probe, Func<T, bool> accept, string what, Func<string> diagnostics)
    {
        var deadline = Stopwatch.StartNew();
        T last = probe();
        while (!accept(last))
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(30)) throw new Xunit.Sdk.XunitException($"timed out waiting for {what}\n{diagnostics()}");
            Thread.Sleep(100);
            last = probe();
        }
        return last;
    }

    private static JsonElement[] Routes(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("routes").EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    [Fact]
    public void LeafRoutesFromARoutesFileAppearInTheReflectorsRibJsonAndInjectAndWithdrawChangeThem()
    {
        var rr = IPAddress.Parse("127.0.0.61");
        var leaf = IPAddress.Parse("127.0.0.62");
        int bgpPort = FreePort(rr), rrApi = FreePort(rr), leafApi = FreePort(leaf);
        var routesFile = Path.Combine(_dir, "routes.json");
        File.WriteAllText(routesFile, """
            {"routes": [
              {"type": 2, "rd": "127.0.0.62:100", "mac": "02:af:00:00:00:01", "vni": 10100, "route_targets": ["65000:100"]},
              {"type": 3, "rd": "127.0.0.62:100", "vni": 10100, "route_targets": ["65000:100"]}
            ]}
            """);
        var rrLog = new StringWriter();
        var leafLog = new StringWriter();
        int rrExit = -1, leafExit = -1;
        var rrThread = RunInBackground(["bgp", "speaker", "--listen", $"{rr}:{bgpPort}", "--asn", "65000", "--router-id", rr.ToString(),
            "--accept", "127.0.0.0/8", "--route-reflector", "--api", $"{rr}:{rrApi}", "--json"], rrLog, c => rrExit = c);
        var leafThread = RunInBackground(["bgp", "speaker", "--asn", "65000", "--router-id", leaf.ToString(), "--local-address", leaf.ToString(),
            "--peer", $"{rr}:{bgpPort}", "--routes", routesFile, "--api", $"{leaf}:{leafApi}", "--json"], leafLog, c => leafExit = c);
        string Diag() => $"--- rr ---\n{rrLog}\n--- leaf ---\n{leafLog}";
        try
        {
            var routes = Eventually(() => Cli("bgp", "rib", "--api", $"{rr}:{rrApi}"), r => r.Code == 0 && Routes(r.Out).Length == 2,
                "the leaf's two routes in the reflector's rib", Diag);
            var all = Routes(routes.Out);
            var mac = all.Single(r => r.GetProperty("route").GetProperty("route_type").GetInt32() == 2);
            Assert.Equal("02:af:00:00:00:01", mac.GetProperty("route").GetProperty("mac").GetString());
            Assert.Equal(10100, mac.GetProperty("route").GetProperty("label1").GetInt32());
            Assert.Equal("127.0.0.62", mac.GetProperty("next_hop").GetString());
            Assert.Equal("127.0.0.62", mac.GetProperty("learned_from").GetString());
            var imet = all.Single(r => r.GetProperty("route").GetProperty("route_type").GetInt32() == 3);
            var pmsi = imet.GetProperty("attributes").GetProperty("pmsi_tunnel");
            Assert.Equal(6, pmsi.GetProperty("tunnel_type").GetInt32());
            Assert.Equal(10100, pmsi.GetProperty("label").GetInt32());
            Assert.Equal("127.0.0.62", pmsi.GetProperty("tunnel_endpoint").GetString());

            // The API's per-run token is in a file only its owner can read; the rib/inject/withdraw commands found it there.
            var tokenFile = BgpApiToken.DefaultPath(new IPEndPoint(rr, rrApi));
            Assert.True(File.Exists(tokenFile), tokenFile);
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));

            var filtered = Cli("bgp", "rib", "--api", $"{rr}:{rrApi}", "--type", "3", "--rd", "127.0.0.62:100");
            Assert.Equal(0, filtered.Code);
            Assert.Single(Routes(filtered.Out));

            var extra = Path.Combine(_dir, "extra.json");
            File.WriteAllText(extra, """[{"type": 2, "rd": "127.0.0.62:100", "mac": "02:af:00:00:00:02", "ip": "10.1.0.2", "vni": 10100, "route_targets": ["65000:100"]}]""");
            Assert.Equal(0, Cli("bgp", "inject", "--api", $"{leaf}:{leafApi}", extra).Code);
            Eventually(() => Routes(Cli("bgp", "rib", "--api", $"{rr}:{rrApi}").Out), r => r.Length == 3, "the injected route at the reflector", Diag);
            Assert.Equal(0, Cli("bgp", "withdraw", "--api", $"{leaf}:{leafApi}", routesFile).Code);
            var left = Eventually(() => Routes(Cli("bgp", "rib", "--api", $"{rr}:{rrApi}").Out), r => r.Length == 1, "the withdrawals at the reflector", Diag);
            Assert.Equal("10.1.0.2", left[0].GetProperty("route").GetProperty("ip").GetString());

            Assert.Contains("\"event\":\"open_received\"", rrLog.ToString());
            Assert.Contains("\"to\":\"Established\"", rrLog.ToString());
        }
        finally
        {
            BgpControlClient.SendAsync(new IPEndPoint(leaf, leafApi), HttpMethod.Post, "shutdown").Wait(TimeSpan.FromSeconds(10));
            Assert.True(leafThread.Join(TimeSpan.FromSeconds(20)), "leaf speaker did not stop\n" + Diag());
            // The leaf's Cease reaches the reflector, which forgets the dynamic peer.
            Eventually(() => rrLog.ToString(), l => l.Contains("\"event\":\"peer_removed\"", StringComparison.Ordinal), "the reflector to drop the leaf", Diag);
            BgpControlClient.SendAsync(new IPEndPoint(rr, rrApi), HttpMethod.Post, "shutdown").Wait(TimeSpan.FromSeconds(10));
            Assert.True(rrThread.Join(TimeSpan.FromSeconds(20)), "reflector did not stop\n" + Diag());
        }
        Assert.Equal(0, leafExit);
        Assert.Equal(0, rrExit);
        Assert.Contains("\"event\":\"notification_received\",\"peer\":\"127.0.0.62\",\"peer_id\":1,\"code\":6,\"subcode\":2", rrLog.ToString()); // the leaf's Cease
    }

    [Fact]
    public void SpeakerWithoutListenOrPeerIsAUsageError()
    {
        var (code, _, err) = Cli("bgp", "speaker", "--asn", "65000", "--router-id", "127.0.0.1");
        Assert.Equal(CliApp.ExitUsage, code);
        Assert.Contains("--listen", err);
    }

    [Fact]
    public void RoutesFileEntriesBindToRoutesWithAttributes()
    {
        var specs = EvpnRoutesFile.Parse("""[{"type": 3, "rd": "1.2.3.4:5", "vni": 77, "route_targets": ["RT:65000:9"]}]""");
        var o = specs[0].ToOrigination(IPAddress.Parse("1.2.3.4"));
        var r = Assert.IsType<ActorFabric.Wire.Bgp.Evpn.InclusiveMulticastRoute>(o.Route);
        Assert.Equal(IPAddress.Parse("1.2.3.4"), r.OriginatorIp);
        Assert.Equal(77u, o.Attributes.PmsiTunnel!.Label);
        Assert.Equal("RT:65000:9", o.Attributes.ExtendedCommunities[0].ToString());
        Assert.True(o.Attributes.ExtendedCommunities[1].IsEncapsulation);
        Assert.Throws<FormatException>(() => EvpnRoutesFile.Parse("""[{"type": 2, "rd": "1.2.3.4:5"}]""")[0].ToOrigination(IPAddress.Loopback));
    }
}
