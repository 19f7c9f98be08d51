using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ActorFabric.Cli.Control;

namespace ActorFabric.Cli.Tests.Fabric;

/// <summary>
/// What keeps a web page open on the same machine from driving the control API: loopback Host headers only (DNS
/// rebinding), the run's token on every write, JSON content on every POST (a cross-site form is text/plain).
/// </summary>
public sealed class ApiGuardTests : IAsyncLifetime
{
    private readonly RecordedFabric _fabric = new();
    private ControlApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ControlApiServer.StartAsync(_fabric, 0);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string, string, string?, string?, string?, int> Requests() => new()
    {
        // method, path, Host header, token, content type, status
        { "GET", "/api/status", null, null, null, 200 },
        { "GET", "/api/status", "localhost", null, null, 200 },
        { "GET", "/api/status", "[::1]", null, null, 200 },
        { "GET", "/api/status", "evil.example", null, null, 403 },
        { "GET", "/api/status", "127.0.0.1.evil.example", null, null, 403 },
        { "POST", "/api/chaos", "evil.example", "good", "application/json", 403 },
        { "POST", "/api/chaos", null, null, "application/json", 401 },
        { "POST", "/api/chaos", null, "wrong", "application/json", 401 },
        { "POST", "/api/chaos", null, "good", "text/plain", 415 },
        { "POST", "/api/chaos", null, "good", "application/x-www-form-urlencoded", 415 },
        { "POST", "/api/chaos", null, "good", "application/json", 200 },
        { "DELETE", "/api/captures/c1", null, null, null, 401 },
        { "POST", "/api/advance", null, null, "application/json", 401 },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Only_loopback_hosts_and_token_bearing_json_writes_get_through(string method, string path, string? host, string? token, string? contentType, int status)
    {
        using var http = new HttpClient { BaseAddress = _server.Address };
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (host is not null) request.Headers.Host = $"{host}:{_server.Address.Port}";
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token == "good" ? _server.Token : token);
        if (contentType is not null) request.Content = new StringContent("""{"action":"device-stop leaf2"}""", Encoding.UTF8, contentType);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{method} {path} Host={host} token={token} type={contentType}: {(int)response.StatusCode} {text}");
        if (status != 200)
        {
            Assert.StartsWith("{\"error\":", text);
            Assert.Empty(_fabric.Chaos);
        }
    }

    [Fact]
    public void Each_run_has_its_own_long_random_token()
    {
        Assert.Equal(64, _server.Token.Length);
        Assert.NotEqual(new ControlApiOptions().Token, new ControlApiOptions().Token);
    }

    [Fact]
    public async Task Bound_beyond_loopback_every_request_needs_the_token_whatever_the_host()
    {
        await using var open = await ControlApiServer.StartAsync(_fabric, new ControlApiOptions { Port = 0, Address = IPAddress.Any });
        var local = new UriBuilder("http", "127.0.0.1", open.Address.Port).Uri;
        using var http = new HttpClient { BaseAddress = local };
        using (var anonymous = await http.GetAsync("/api/status"))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/status");
        request.Headers.Host = $"fabric.example:{open.Address.Port}";
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", open.Token);
        using var authorized = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, authorized.StatusCode);
    }

    [Fact]
    public void The_cli_sends_the_token_and_a_write_without_it_is_refused_with_exit_2()
    {
        var without = CliRun.Run("chaos", "device-stop", "leaf2", "--api", _server.Address.ToString(), "--token", "not-the-token");
        Assert.Equal(2, without.Code);
        Assert.Contains("missing or wrong token", without.Err);
        Assert.Empty(_fabric.Chaos);
        var with = CliRun.Run("chaos", "device-stop", "leaf2", "--api", _server.Address.ToString(), "--token", _server.Token);
        Assert.Equal(0, with.Code);
        Assert.Single(_fabric.Chaos);
    }
}
