using System.Net;
using System.Text;
using System.Text.Json;

namespace ActorFabric.Cli.Bgp.Speaker;

/// <summary>
/// The speaker's small local HTTP JSON endpoint (<c>--api 127.0.0.1:PORT</c>):
/// <c>GET /rib[?type=N&amp;rd=RD]</c> (Loc-RIB), <c>GET /peers</c>, <c>POST /routes</c> and <c>POST /withdraw</c>
/// (body: a routes file), <c>POST /shutdown</c>. Used by <c>actorfabric bgp rib|inject|withdraw --api …</c>. Loopback use only.
/// </summary>
public sealed class BgpControlApi : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly BgpSpeakerHost _host;

    private readonly Action? _shutdown;

    /// <param name="shutdown">What <c>POST /shutdown</c> does (stop the speaker process); null = not offered.</param>
    public BgpControlApi(BgpSpeakerHost host, IPEndPoint endpoint, Action? shutdown = null)
    {
        _host = host;
        _shutdown = shutdown;
        Endpoint = endpoint;
        _listener.Prefixes.Add($"http://{endpoint}/");
    }

    public IPEndPoint Endpoint { get; }

    public void Start()
    {
        _listener.Start();
        _ = ServeAsync();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync().ConfigureAwait(false); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            _ = HandleAsync(context);
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        int status = 200;
        string body;
        bool stopAfter = false;
        try
        {
            var path = request.Url?.AbsolutePath.TrimEnd('/') ?? "";
            switch (request.HttpMethod, path)
            {
                case ("GET", "/rib"):
                    int? type = request.QueryString["type"] is { } t ? int.Parse(t, System.Globalization.CultureInfo.InvariantCulture) : null;
                    body = await _host.LocRibJsonAsync(new BgpRibFilter(type, request.QueryString["rd"])).ConfigureAwait(false);
                    break;
                case ("GET", "/peers"):
                    body = JsonSerializer.Serialize(await _host.PeersAsync().ConfigureAwait(false), JsonOptions);
                    break;
                case ("POST", "/routes"):
                case ("POST", "/withdraw"):
                    using (var reader = new StreamReader(request.InputStream, Encoding.UTF8))
                    {
                        var specs = EvpnRoutesFile.Parse(await reader.ReadToEndAsync().ConfigureAwait(false));
                        int n = path == "/routes" ? await _host.OriginateAsync(specs).ConfigureAwait(false) : await _host.WithdrawAsync(specs).ConfigureAwait(false);
                        body = $"{{\"{(path == "/routes" ? "originated" : "withdrawn")}\":{n}}}";
                    }
                    break;
                case ("POST", "/shutdown") when _shutdown is not null:
                    body = "{\"stopping\":true}";
                    stopAfter = true;
                    break;
                default:
                    status = 404;
                    body = "{\"error\":\"GET /rib, GET /peers, POST /routes, POST /withdraw\"}";
                    break;
            }
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            status = 400;
            body = JsonSerializer.Serialize(new { error = e.Message });
        }
        catch (Exception e) when (e is ObjectDisposedException or TimeoutException)
        {
            status = 503;
            body = JsonSerializer.Serialize(new { error = e.Message });
        }
        try
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            response.StatusCode = status;
            response.ContentType = "application/json";
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
            response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException) { }
        if (stopAfter) _shutdown!();
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public void Dispose()
    {
        try { _listener.Stop(); } catch (ObjectDisposedException) { }
        _listener.Close();
    }
}
