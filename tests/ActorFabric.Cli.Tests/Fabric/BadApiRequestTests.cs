using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ActorFabric.Cli.Control;

namespace ActorFabric.Cli.Tests.Fabric;

/// <summary>
/// Malformed and hostile requests to the fabric's control API, one row each: a 4xx with a JSON error naming the
/// problem at once, no exception type or trace in it, and nothing unbounded echoed back.
/// </summary>
public sealed class BadApiRequestTests : IAsyncLifetime
{
    private readonly RecordedFabric _fabric = new();
    private readonly string _captures = Directory.CreateTempSubdirectory("af-captures-").FullName;
    private ControlApiServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await ControlApiServer.StartAsync(_fabric, new ControlApiOptions { Port = 0, CaptureDirectory = _captures });

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_captures, recursive: true);
    }

    public static TheoryData<string, string, string?, int, string> Requests() => new()
    {
        { "POST", "/api/ping", """{"source":"h1"}""", 400, "missing field 'destination'" },
        { "POST", "/api/ping", """{"destination":"h1"}""", 400, "missing field 'source'" },
        { "POST", "/api/ping", "null", 400, "the request body must be a JSON object" },
        { "POST", "/api/ping", "", 400, "bad request body" },
        { "POST", "/api/ping", """{"source":"h1","destination":"h1"}""", 400, "'h1' is both source and destination" },
        { "POST", "/api/ping", """{"source":"h1","destination":"h5","timeout":-1}""", 400, "ping timeout -1s is out of range" },
        { "POST", "/api/ping", """{"source":"h1","destination":"h5","timeout":1e30}""", 400, "bad request body" },
        { "POST", "/api/ping", """{"source":"h1","destination":"h5","count":0}""", 400, "ping count 0 is out of range (1..1000)" },
        { "POST", "/api/ping", """{"source":"h1","destination":"h55"}""", 404, "unknown host 'h55'" },
        { "POST", "/api/chaos", "{}", 400, "missing field 'action'" },
        { "POST", "/api/chaos", """{"action":"link-set leaf1 spine1 --loss NaN"}""", 400, "bad loss 'NaN'" },
        { "POST", "/api/chaos", """{"action":"link-set leaf1 spine1 --latency 100000000s"}""", 400, "latency 100000000s is out of range (0s..10s)" },
        { "POST", "/api/chaos", """{"action":"link-set leaf1 spine1 --latency -5ms"}""", 400, "bad latency '-5ms'" },
        { "POST", "/api/advance", """{"duration":-1}""", 400, "duration must be in (0, 1h]" },
        { "POST", "/api/captures", """{"target":"leaf1 spine1"}""", 400, "missing field 'path'" },
        { "POST", "/api/captures", """{"target":"leaf1 spine1","path":"/etc/evil.pcap"}""", 400, "is outside" },
        { "POST", "/api/captures", """{"target":"leaf1 spine1","path":"../escape.pcap"}""", 400, "is outside" },
        { "POST", "/api/captures", """{"target":"leaf1 spine1","path":"."}""", 400, "is a directory: give a file name" },
        { "POST", "/api/captures", """{"target":"leaf1 spine1","path":"no/such/dir/x.pcap"}""", 400, "does not exist" },
        { "GET", "/api/devices/leaf1/evpn-mac?vni=99999", null, 400, "VNI 99999 is not configured on leaf1 (it carries 10100, 10200)" },
        { "GET", "/api/devices/spine1/evpn-mac?vni=10100", null, 400, "VNI 10100 is not configured on spine1 (spine1 carries no VNI)" },
        { "GET", "/api/devices/leaf1/evpn-mac?vni=abc", null, 400, "bad VNI 'abc'" },
        { "GET", "/api/devices/" + new string('x', 4000) + "/fdb", null, 404, "unknown device 'xxxxxxxx" },
        { "DELETE", "/api/captures/nope", null, 404, "unknown capture 'nope'" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task A_bad_request_gets_a_4xx_naming_the_problem(string method, string path, string? body, int status, string message)
    {
        using var http = Client(token: _server.Token);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{method} {path[..Math.Min(path.Length, 60)]}: {(int)response.StatusCode} {text}");
        Assert.Contains(message, JsonDocument.Parse(text).RootElement.GetProperty("error").GetString());
        NoStackTrace.In(text);
        Assert.True(text.Length < 1000, $"the answer echoes unbounded input ({text.Length} chars)");
    }

    [Fact]
    public async Task An_oversized_body_is_answered_413_without_echoing_it()
    {
        using var http = Client(token: _server.Token);
        var huge = "{\"source\":\"" + new string('h', 1_000_000) + "\",\"destination\":\"h5\"}";
        using var response = await http.PostAsync("/api/ping", new StringContent(huge, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains($"request body larger than {ControlApiOptions.MaxBodyBytes} bytes", text);
        Assert.True(text.Length < 1000);
    }

    [Fact]
    public async Task An_oversized_chunked_body_is_answered_413_too()
    {
        using var http = Client(token: _server.Token);
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"action\":\"" + new string('a', 200_000) + "\"}")));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chaos") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(_fabric.Chaos);
    }

    [Fact]
    public async Task Ping_a_host_with_itself_is_refused_before_the_fabric_is_asked()
    {
        var run = CliRun.Run("ping", "h1", "h1", "--api", _server.Address.ToString(), "--token", _server.Token);
        Assert.Equal(2, run.Code);
        Assert.Contains("'h1' is both source and destination", run.Err);
        await Task.CompletedTask;
    }

    private HttpClient Client(string? token)
    {
        var http = new HttpClient { BaseAddress = _server.Address };
        if (token is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }
}
