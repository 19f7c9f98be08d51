using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ActorFabric.Cli.Bgp.Speaker;

/// <summary>
/// The speaker's small HTTP JSON endpoint (<c>--api 127.0.0.1:PORT</c>): <c>GET /rib[?type=N&amp;rd=RD]</c>
/// (Loc-RIB), <c>GET /peers</c>, <c>POST /routes</c> and <c>POST /withdraw</c> (body: a routes file),
/// <c>POST /shutdown</c>. Used by <c>actorfabric bgp rib|inject|withdraw --api …</c>.
/// A web page must not be able to drive it: the Host header must name a loopback address (or the bound address),
/// writes need <c>Content-Type: application/json</c> (a cross-site form cannot send it without a CORS preflight,
/// which we never answer) and the per-run token (<see cref="BgpApiToken"/>); bound to a non-loopback address,
/// every request needs the token. Bodies are limited to <see cref="MaxBodyBytes"/> (413 beyond). Every request is
/// answered at once with JSON, errors as <c>{"error": …}</c> that quote input only in bounded length.
/// Served by Kestrel, as the fabric's control API is: .NET's managed <c>HttpListener</c> could crash the speaker at
/// start when a client connected while it bound (dotnet/corefx#35191).
/// </summary>
public sealed class BgpControlApi : IDisposable
{
    /// <summary>Largest request body: 4 MiB (about 20,000 routes in a routes file).</summary>
    public const int MaxBodyBytes = 4 << 20;

    private readonly WebApplication _app;
    private readonly BgpSpeakerHost _host;
    private readonly string _token;
    private readonly bool _loopback;
    private readonly Action? _shutdown;

    /// <param name="token">The per-run token required on writes (and on every request off loopback).</param>
    /// <param name="shutdown">What <c>POST /shutdown</c> does (stop the speaker process); null = not offered.</param>
    public BgpControlApi(BgpSpeakerHost host, IPEndPoint endpoint, string token, Action? shutdown = null)
    {
        _host = host;
        _token = token;
        _shutdown = shutdown;
        Endpoint = endpoint;
        _loopback = IPAddress.IsLoopback(endpoint.Address);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        // Kestrel refuses a longer body as soon as it is read (its Content-Length, or the bytes of a chunked one) and then
        // closes the connection instead of draining the rest; ReadBodyAsync turns that into our JSON 413.
        builder.WebHost.UseKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = MaxBodyBytes;
            k.Listen(endpoint);
        });
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    public IPEndPoint Endpoint { get; }

    /// <summary>Binds the port and starts serving; <see cref="IOException"/> when the port is taken.</summary>
    public void Start() => _app.StartAsync().GetAwaiter().GetResult();

    /// <summary>An answer that is not 200: status and message.</summary>
    private sealed class RequestRefused(int status, string message) : Exception(message)
    {
        public int Status { get; } = status;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        int status = 200;
        string body;
        bool stopAfter = false;
        try
        {
            var path = request.Path.Value?.TrimEnd('/') ?? "";
            bool write = request.Method == "POST";
            CheckHost(request);
            if (write || !_loopback) CheckToken(request);
            if (write) CheckJson(request);
            switch (request.Method, path)
            {
                case ("GET", "/rib"):
                    body = await _host.LocRibJsonAsync(new BgpRibFilter(RouteType(Query(request, "type")), Rd(Query(request, "rd")))).ConfigureAwait(false);
                    break;
                case ("GET", "/peers"):
                    body = JsonSerializer.Serialize(await _host.PeersAsync().ConfigureAwait(false), JsonOptions);
                    break;
                case ("POST", "/routes"):
                case ("POST", "/withdraw"):
                    var specs = EvpnRoutesFile.Parse(await ReadBodyAsync(request).ConfigureAwait(false));
                    int n = path == "/routes" ? await _host.OriginateAsync(specs).ConfigureAwait(false) : await _host.WithdrawAsync(specs).ConfigureAwait(false);
                    body = $"{{\"{(path == "/routes" ? "originated" : "withdrawn")}\":{n}}}";
                    break;
                case ("POST", "/shutdown") when _shutdown is not null:
                    body = "{\"stopping\":true}";
                    stopAfter = true;
                    break;
                default:
                    throw new RequestRefused(404, "GET /rib, GET /peers, POST /routes, POST /withdraw, POST /shutdown");
            }
        }
        catch (RequestRefused e) { (status, body) = (e.Status, Error(e.Message)); }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException) { (status, body) = (400, Error(e.Message)); }
        catch (Exception e) when (e is AskTimeoutException or ObjectDisposedException or TimeoutException or InvalidOperationException)
        {
            (status, body) = (503, Error("the speaker is not running or did not answer"));
        }
        catch (Exception) { (status, body) = (500, Error("internal error")); } // never leave a request unanswered
        await RespondAsync(context.Response, status, body).ConfigureAwait(false);
        // Off the request: stopping the speaker stops this server, which waits for the requests under way.
        if (stopAfter) _ = Task.Run(_shutdown!);
    }

    private static string? Query(HttpRequest request, string key) => request.Query.TryGetValue(key, out var value) ? value.ToString() : null;

    private void CheckHost(HttpRequest request)
    {
        // DNS rebinding: a page on evil.example resolved to 127.0.0.1 still sends "Host: evil.example".
        var host = request.Host.Value ?? "";
        var colon = host.LastIndexOf(':');
        if (colon > 0 && !host.EndsWith(']')) host = host[..colon];
        host = host.Trim('[', ']');
        bool ok = host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
                  || (IPAddress.TryParse(host, out var a) && (IPAddress.IsLoopback(a) || a.Equals(Endpoint.Address)));
        if (!ok) throw new RequestRefused(403, $"Host '{BgpHostAddress.Shorten(host)}' is not allowed: use the address the API listens on");
    }

    private void CheckToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        string? presented = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..].Trim() : null;
        if (!BgpApiToken.Matches(_token, presented))
            throw new RequestRefused(401, "this request needs the speaker's API token (Authorization: Bearer TOKEN; see docs/bgp-speaker.md)");
    }

    private static void CheckJson(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !string.Equals(type.MediaType, "application/json", StringComparison.OrdinalIgnoreCase))
            throw new RequestRefused(415, "requests that change something need Content-Type: application/json");
    }

    private static int? RouteType(string? text)
    {
        if (text is null) return null;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var t) || t is < 1 or > 255)
            throw new FormatException($"type '{BgpHostAddress.Shorten(text)}' is not an EVPN route type (1 to 255)");
        return t;
    }

    private static string? Rd(string? text) => text is null ? null : ActorFabric.Wire.Bgp.RouteDistinguisher.Parse(text).ToString();

    private static async Task<string> ReadBodyAsync(HttpRequest request)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int n;
        try
        {
            while ((n = await request.Body.ReadAsync(chunk).ConfigureAwait(false)) > 0) buffer.Write(chunk, 0, n);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static RequestRefused TooLarge() => new(413, $"request body larger than {MaxBodyBytes} bytes");

    private static string Error(string message) => JsonSerializer.Serialize(new { error = BgpHostAddress.Shorten(message, 300) });

    private static async Task RespondAsync(HttpResponse response, int status, string body)
    {
        try
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            response.StatusCode = status;
            response.ContentType = "application/json";
            response.ContentLength = bytes.Length;
            await response.Body.WriteAsync(bytes).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ObjectDisposedException or IOException or InvalidOperationException) { }
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public void Dispose()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try { _app.StopAsync(deadline.Token).GetAwaiter().GetResult(); }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or InvalidOperationException) { }
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
