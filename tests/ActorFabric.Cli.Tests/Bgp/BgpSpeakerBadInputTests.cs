using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ActorFabric.Cli.Bgp.Speaker;
using ActorFabric.Wire.Bgp;

namespace ActorFabric.Cli.Tests.Bgp;

/// <summary>
/// Issue 9 for <c>bgp speaker</c>: bad options and routes files are exit 2 with a message naming the value (no
/// stack trace, nothing started); a busy port is exit 1 naming the port; the control API answers every malformed
/// request at once with a JSON error, refuses foreign Host headers, non-JSON writes, writes without the token and
/// oversized bodies; dynamic peers whose connection closed before Established are forgotten.
/// </summary>
public sealed class BgpSpeakerBadInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("af-speaker-bad-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    private static void AssertNoStackTrace(string text)
    {
        Assert.DoesNotContain("   at ", text);
        Assert.DoesNotContain("Exception", text);
    }

    private static int FreePort(IPAddress address)
    {
        var l = new TcpListener(address, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public static TheoryData<string[], string> BadOptions => new()
    {
        { ["--listen", "127.0.0.1:99999"], "--listen '127.0.0.1:99999': the port must be a number from 0 to 65535" },
        { ["--listen", "127.0.0.1:http"], "--listen '127.0.0.1:http': the port must be" },
        { ["--router-id", "1.2.3"], "--router-id '1.2.3' is not an IPv4 address" },
        { ["--router-id", "10.1"], "--router-id '10.1' is not an IPv4 address" },
        { ["--asn", "0"], "--asn 0 is reserved" },
        { ["--hold-time", "1"], "--hold-time 1: give 0 or 3 to 65535 seconds" },
        { ["--hold-time", "2"], "--hold-time 2: give 0 or 3 to 65535 seconds" },
        { ["--hold-time", "70000"], "--hold-time 70000" },
        { ["--accept", "10.1/8"], "--accept '10.1' is not an IPv4 address" },
        { ["--accept", "10.0.0.0/33"], "--accept '10.0.0.0/33': the prefix length must be 0 to 32" },
        { ["--peer", "127.0.0.1:0"], "--peer '127.0.0.1:0': the port must be a number from 1 to 65535" },
        { ["--peer", "127.0.1"], "--peer '127.0.1' is not ADDR:PORT" },
        { ["--local-address", "127.1"], "--local-address '127.1' is not an IPv4 address" },
        { ["--cluster-id", "1.2.3"], "--cluster-id '1.2.3' is not an IPv4 address" },
        { ["--api", "127.0.0.1:65536"], "--api '127.0.0.1:65536': the port must be" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void ABadOptionValueIsExit2NamingItBeforeAnythingStarts(string[] bad, string message)
    {
        // The listen port is taken: had anything started before the options were checked, this would be exit 1.
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var args = new List<string> { "bgp", "speaker", "--asn", "65000", "--router-id", "127.0.0.1", "--listen", $"127.0.0.1:{((IPEndPoint)busy.LocalEndpoint).Port}" };
        for (int i = 0; i < bad.Length; i += 2)
        {
            int at = args.IndexOf(bad[i]);
            if (at >= 0) args[at + 1] = bad[i + 1];
            else args.AddRange([bad[i], bad[i + 1]]);
        }
        var (code, output, error) = Cli([.. args]);
        Assert.Equal(CliApp.ExitUsage, code);
        Assert.Contains(message, error);
        AssertNoStackTrace(output + error);
    }

    public static TheoryData<string, string> BadRoutesFiles => new()
    {
        { """[{"type": 2, "rd": "1.2.3.4:5", "mac": "02:00:00:00:00:01", "next_hop": "1.2.3"}]""", "routes[0]: next_hop '1.2.3' is not an IPv4 address" },
        { """{"routes": [{"type": 3, "rd": "1.2.3.4:5"}, {"type": 2, "rd": "1.2.3.4:5", "mac": "02:00:00:00:00:01", "ip": "10.1"}]}""", "routes[1]: ip '10.1' is not an IPv4 address" },
        { """[{"type": 3, "rd": "1.2.3.4:5", "originator_ip": "1.2.3"}]""", "routes[0]: originator_ip '1.2.3'" },
        { """[{"type": 3, "rd": "1.2.3.4:5", "route_targets": ["1.2.3:7"]}]""", "routes[0]: route target '1.2.3:7': the administrator is not an IPv4 address" },
        { """[{"type": 3, "rd": "1.2.3.4:5", "route_targets": ["65000:99999999999"]}]""", "routes[0]: route target '65000:99999999999'" },
        { """[{"type": 3, "rd": "1.2.3.4:5", "vni": 16777216}]""", "routes[0]: 'vni' and 'vni2' are 24-bit labels" },
        { """[{"type": "two", "rd": "1.2.3.4:5"}]""", "routes[0]: 'type' has the wrong type or range" },
        { """[{"type": 3}]""", "routes[0]: a route needs 'rd'" },
        { """[null]""", "routes[0]: a route is a JSON object" },
        { """null""", "a routes file is a JSON array or an object with a \"routes\" array" },
        { """{"routes": null}""", "a routes file is a JSON array or an object with a \"routes\" array" },
        { """{"routes": [""", "not JSON" },
    };

    [Theory]
    [MemberData(nameof(BadRoutesFiles))]
    public void ABadRoutesFileIsExit2NamingTheEntryForSpeakerAndInject(string json, string message)
    {
        var file = Path.Combine(_dir, "routes.json");
        File.WriteAllText(file, json);
        var speaker = Cli("bgp", "speaker", "--asn", "65000", "--router-id", "127.0.0.1", "--listen", "127.0.0.1:0", "--routes", file);
        Assert.Equal(CliApp.ExitUsage, speaker.Code);
        Assert.Contains(message, speaker.Err);
        AssertNoStackTrace(speaker.Out + speaker.Err);
        // inject checks the file before it calls anyone: nothing listens on this port, yet the answer is exit 2 at once.
        var clock = Stopwatch.StartNew();
        var inject = Cli("bgp", "inject", "--api", $"127.0.0.1:{FreePort(IPAddress.Loopback)}", file);
        Assert.Equal(CliApp.ExitUsage, inject.Code);
        Assert.Contains(message, inject.Err);
        AssertNoStackTrace(inject.Out + inject.Err);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"inject took {clock.Elapsed}");
    }

    [Fact]
    public void TwoSpeakersCannotListenOnOnePort()
    {
        var address = IPAddress.Parse("127.0.0.81");
        using var first = new BgpSpeakerHost(new BgpSpeakerHostOptions { Asn = 65000, RouterId = address, Listen = new IPEndPoint(address, 0) });
        first.Start();
        using var second = new BgpSpeakerHost(new BgpSpeakerHostOptions { Asn = 65000, RouterId = address, Listen = first.ListenEndpoint });
        var e = Assert.Throws<SocketException>(second.Start);
        Assert.Equal(SocketError.AddressAlreadyInUse, e.SocketErrorCode);

        var (code, output, error) = Cli("bgp", "speaker", "--asn", "65000", "--router-id", address.ToString(), "--listen", first.ListenEndpoint!.ToString());
        Assert.Equal(1, code);
        Assert.Contains($"cannot listen on {first.ListenEndpoint}: the port is already in use", error);
        Assert.DoesNotContain("listening", output);
        AssertNoStackTrace(output + error);
    }

    [Fact]
    public void AnApiPortInUseIsExit1NamingThePortWithoutAStackTrace()
    {
        var address = IPAddress.Parse("127.0.0.82");
        using var busy = new TcpListener(address, 0);
        busy.Start();
        var api = (IPEndPoint)busy.LocalEndpoint;
        var (code, output, error) = Cli("bgp", "speaker", "--asn", "65000", "--router-id", address.ToString(), "--listen", $"{address}:0", "--api", api.ToString(),
            "--api-token-file", Path.Combine(_dir, "token"));
        Assert.Equal(1, code);
        Assert.Contains($"cannot serve the API on {api}", error);
        AssertNoStackTrace(output + error);
    }

    // ---- the control API ----

    private sealed class RunningApi : IDisposable
    {
        public const string Token = "test-token-0123456789";
        public readonly BgpSpeakerHost Host;
        public readonly BgpControlApi Api;
        public int Shutdowns;

        public RunningApi(string address)
        {
            var ip = IPAddress.Parse(address);
            Host = new BgpSpeakerHost(new BgpSpeakerHostOptions { Asn = 65000, RouterId = ip, Listen = new IPEndPoint(ip, 0), AcceptRanges = ["127.0.0.0/8"] });
            Host.Start();
            Api = new BgpControlApi(Host, new IPEndPoint(ip, FreePort(ip)), Token, () => Interlocked.Increment(ref Shutdowns));
            Api.Start();
        }

        public (int Status, string Body) Send(HttpMethod method, string path, string? body = null, string? contentType = "application/json",
            string? token = Token, string? hostHeader = null)
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            using var request = new HttpRequestMessage(method, $"http://{Api.Endpoint}/{path}");
            if (body is not null)
            {
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
                if (contentType is not null) request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }
            if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (hostHeader is not null) request.Headers.Host = hostHeader;
            using var response = client.Send(request); // a hang fails the test by the client's timeout
            return ((int)response.StatusCode, response.Content.ReadAsStringAsync().Result);
        }

        public void Dispose()
        {
            Api.Dispose();
            Host.Dispose();
        }
    }

    public static TheoryData<string, string, string?, string?, string?, int, string> BadRequests => new()
    {
        // method, path, body, content type, token → status, message
        { "GET", "rib?type=99999999999", null, null, RunningApi.Token, 400, "type '99999999999' is not an EVPN route type" },
        { "GET", "rib?type=abc", null, null, RunningApi.Token, 400, "type 'abc' is not an EVPN route type" },
        { "GET", "rib?rd=nonsense", null, null, RunningApi.Token, 400, "nonsense" },
        { "POST", "routes", "null", "application/json", RunningApi.Token, 400, "a routes file is a JSON array or an object with a \"routes\" array" },
        { "POST", "routes", """{"routes": null}""", "application/json", RunningApi.Token, 400, "a routes file is a JSON array or an object with a \"routes\" array" },
        { "POST", "withdraw", """[{"type": 2, "rd": "1.2.3.4:5", "mac": "02:00:00:00:00:01", "ip": "10.1"}]""", "application/json", RunningApi.Token, 400, "routes[0]: ip '10.1' is not an IPv4 address" },
        { "POST", "routes", "[]", "application/json", null, 401, "needs the speaker's API token" },
        { "POST", "routes", "[]", "application/json", "wrong-token", 401, "needs the speaker's API token" },
        { "POST", "routes", "[]", "text/plain", RunningApi.Token, 415, "Content-Type: application/json" },
        { "POST", "routes", "[]", null, RunningApi.Token, 415, "Content-Type: application/json" },
        { "POST", "shutdown", "{}", "text/plain", RunningApi.Token, 415, "Content-Type: application/json" },
        { "POST", "shutdown", "{}", "application/x-www-form-urlencoded", RunningApi.Token, 415, "Content-Type: application/json" },
        { "POST", "shutdown", "{}", "application/json", null, 401, "needs the speaker's API token" },
        { "GET", "nothing-here", null, null, null, 404, "GET /rib" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public void EveryBadRequestGetsA4xxJsonErrorAtOnce(string method, string path, string? body, string? contentType, string? token, int status, string message)
    {
        using var api = new RunningApi("127.0.0.83");
        var (code, text) = api.Send(new HttpMethod(method), path, body, contentType, token);
        Assert.Equal(status, code);
        using var doc = JsonDocument.Parse(text);
        Assert.Contains(message, doc.RootElement.GetProperty("error").GetString());
        AssertNoStackTrace(text);
        Assert.Equal(0, api.Shutdowns);
        // The speaker still answers afterwards.
        Assert.Equal(200, api.Send(HttpMethod.Get, "peers", token: null).Status);
    }

    [Fact]
    public void AnOversizedBodyIs413WithoutEchoingIt()
    {
        using var api = new RunningApi("127.0.0.84");
        // A raw request that announces 50 MB and sends only the first bytes: the answer comes from the length alone.
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 10_000 };
        s.Connect(api.Api.Endpoint);
        s.Send(Encoding.ASCII.GetBytes($"POST /routes HTTP/1.1\r\nHost: {api.Api.Endpoint}\r\nContent-Type: application/json\r\n" +
            $"Authorization: Bearer {RunningApi.Token}\r\nContent-Length: {50 << 20}\r\n\r\n[{{\"type\": 3, \"rd\": \""));
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        int n;
        while ((n = s.Receive(buffer)) > 0) answer.Append(Encoding.ASCII.GetString(buffer, 0, n));
        var text = answer.ToString();
        Assert.StartsWith("HTTP/1.1 413", text);
        Assert.Contains($"larger than {BgpControlApi.MaxBodyBytes} bytes", text);
        Assert.True(text.Length < 1000, $"answer of {text.Length} chars");

        // The same through HttpClient, which writes the whole body.
        var huge = "[" + new string(' ', BgpControlApi.MaxBodyBytes) + "]";
        try { Assert.Equal(413, api.Send(HttpMethod.Post, "routes", huge).Status); }
        catch (HttpRequestException) { } // the server may close while the client still writes; it must not accept it
        Assert.Equal(200, api.Send(HttpMethod.Get, "peers").Status);
    }

    [Fact]
    public void TheApiStartsWhileAClientKeepsConnectingToItsPort()
    {
        // A script that polls the API while the speaker starts: .NET's HttpListener could crash in Start() when a
        // connection arrived while it bound (dotnet/corefx#35191).
        var ip = IPAddress.Parse("127.0.0.91");
        using var host = new BgpSpeakerHost(new BgpSpeakerHostOptions { Asn = 65000, RouterId = ip, Listen = new IPEndPoint(ip, 0), AcceptRanges = ["127.0.0.0/8"] });
        host.Start();
        for (int round = 0; round < 20; round++)
        {
            var endpoint = new IPEndPoint(ip, FreePort(ip));
            using var stop = new CancellationTokenSource();
            var poller = Task.Run(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    try { s.Connect(endpoint); } catch (SocketException) { }
                }
            });
            using (var api = new BgpControlApi(host, endpoint, RunningApi.Token))
            {
                api.Start();
                stop.Cancel();
                poller.Wait();
                using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
                Assert.Equal(HttpStatusCode.OK, client.GetAsync($"http://{endpoint}/peers").Result.StatusCode);
            }
        }
    }

    [Fact]
    public void AForeignHostHeaderIsRefused()
    {
        using var api = new RunningApi("127.0.0.85");
        var (code, _) = api.Send(HttpMethod.Post, "shutdown", "{}", hostHeader: "attacker.example");
        Assert.InRange(code, 400, 499);
        Assert.Equal(0, api.Shutdowns);
        Assert.Equal(200, api.Send(HttpMethod.Post, "shutdown", "{}").Status); // with a loopback Host it works
        var deadline = Stopwatch.StartNew();
        while (Volatile.Read(ref api.Shutdowns) == 0 && deadline.Elapsed < TimeSpan.FromSeconds(10)) Thread.Sleep(20);
        Assert.Equal(1, api.Shutdowns);
    }

    [Fact]
    public void ValidWritesWithTheTokenSucceed()
    {
        using var api = new RunningApi("127.0.0.86");
        var (code, text) = api.Send(HttpMethod.Post, "routes", """[{"type": 3, "rd": "127.0.0.86:1", "vni": 10}]""", "application/json; charset=utf-8");
        Assert.Equal(200, code);
        Assert.Equal("""{"originated":1}""", text);
    }

    [Fact]
    public void ADynamicPeerWhoseConnectionClosedInOpenSentIsForgotten()
    {
        var address = IPAddress.Parse("127.0.0.87");
        using var host = new BgpSpeakerHost(new BgpSpeakerHostOptions { Asn = 65000, RouterId = address, Listen = new IPEndPoint(address, 0), AcceptRanges = ["127.0.0.0/8"] });
        host.Start();
        for (int i = 0; i < 3; i++)
        {
            using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 10_000 };
            s.Bind(new IPEndPoint(IPAddress.Parse($"127.0.0.{88 + i}"), 0));
            s.Connect(host.ListenEndpoint!);
            // The speaker's OPEN arrives: the session is in OpenSent. Then we go away without an OPEN of our own.
            var header = new byte[BgpConstants.HeaderLength];
            int n = 0;
            while (n < header.Length) n += s.Receive(header, n, header.Length - n, SocketFlags.None);
            Assert.Equal(1, header[18]);
            s.Close();
        }
        var deadline = Stopwatch.StartNew();
        BgpPeerSummary[] peers;
        while ((peers = host.PeersAsync().Result).Length != 0 && deadline.Elapsed < TimeSpan.FromSeconds(10)) Thread.Sleep(50);
        Assert.Empty(peers);
    }
}
