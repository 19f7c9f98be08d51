using System.Net;
using System.Text.Json;
using ActorFabric.Cli.Output;
using ActorFabric.Fabric.Metrics;
using ActorFabric.Fabric.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ActorFabric.Cli.Control;

/// <summary>
/// The local HTTP control API of <c>actorfabric up</c> (ASP.NET Core minimal API, bound to 127.0.0.1 only):
/// read-only queries per device, ping, captures, chaos, advancing virtual time, and <c>/metrics</c> in the
/// Prometheus text format. Every answer is JSON in the <see cref="CliJson"/> convention; errors are a
/// <see cref="ControlApiError"/> with 400 (bad input), 404 (unknown device/host/link), 501 or 500.
/// Routes are listed in docs/cli.md.
/// </summary>
public sealed class ControlApiServer : IAsyncDisposable
{
    public const int DefaultPort = 7179;

    private readonly WebApplication _app;

    private ControlApiServer(WebApplication app, Uri address, string token)
    {
        _app = app;
        Address = address;
        Token = token;
    }

    /// <summary>http://127.0.0.1:PORT (the port actually bound when 0 was asked).</summary>
    public Uri Address { get; }

    /// <summary>The bearer token every write (every request, when bound beyond loopback) must carry.</summary>
    public string Token { get; }

    public static Task<ControlApiServer> StartAsync(IFabricControl fabric, int port, CancellationToken cancellationToken = default) =>
        StartAsync(fabric, new ControlApiOptions { Port = port }, cancellationToken);

    public static async Task<ControlApiServer> StartAsync(IFabricControl fabric, ControlApiOptions options, CancellationToken cancellationToken = default)
    {
        int port = options.Port;
        if (port is < 0 or > 65535) throw new ControlApiException($"--api-port {port} is out of range (0..65535)", CliApp.ExitUsage);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = ControlApiOptions.MaxBodyBytes;
            k.Listen(options.Address, port);
        });
        var app = builder.Build();
        app.Use(RequestGuard.Create(options));
        Map(app, fabric, options);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new ControlApiException($"cannot listen on {options.Address}:{port} ({e.Message}); another `actorfabric up` may be running: use --api-port 0 for a free port");
        }
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var bound = new Uri(addresses.First());
        var host = options.IsLoopback ? "127.0.0.1" : options.Address.ToString();
        return new ControlApiServer(app, new UriBuilder("http", host, bound.Port).Uri, options.Token);
    }

    public async ValueTask DisposeAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(deadline.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static void Map(WebApplication app, IFabricControl fabric, ControlApiOptions options)
    {
        var topology = fabric.Topology;

        app.MapGet("/api/status", () => Json(new ControlStatus(
            topology.Name,
            fabric.IsVirtualTime ? "virtual" : "real",
            fabric.Now,
            fabric.Progress.Converged,
            ConvergenceProgressView.From(fabric.Progress),
            [.. topology.Nodes.Select(n => n.Name)],
            [.. topology.Hosts.Select(h => h.Name)],
            fabric.MessagesProcessed)));

        MapDevice(app, fabric, "bgp-summary", (d, _) => Boxed(fabric.BgpSummaryAsync(d)));
        MapDevice(app, fabric, "evpn-mac", (d, q) =>
        {
            var vni = ParseVni(q);
            if (vni is { } v && FabricNames.VniProblem(topology, d, v) is { } problem) throw new FormatException(problem);
            return Boxed(fabric.EvpnMacTableAsync(d, vni));
        });
        MapDevice(app, fabric, "evpn-database", (d, _) => Boxed(fabric.EvpnDatabaseAsync(d)));
        MapDevice(app, fabric, "evpn-ethernet-segment", async (d, q) =>
        {
            var table = await fabric.EthernetSegmentsAsync(d).ConfigureAwait(false);
            if (q["esi"].FirstOrDefault() is not { Length: > 0 } esi) return table;
            if (!Wire.Bgp.EthernetSegmentId.TryParse(esi, out var wanted))
                throw new FormatException($"--esi '{esi}' is not an ESI (ten hex octets separated by ':')");
            return table with { Segments = [.. table.Segments.Where(s => s.Esi == wanted.ToString())] };
        });
        MapDevice(app, fabric, "route-table", (d, q) => RoutingViewsApi.RouteTable(fabric, d, q["table"].FirstOrDefault() ?? "bgp.evpn.0"));
        MapDevice(app, fabric, "vxlan-tunnels", (d, _) => Boxed(fabric.VxlanTunnelsAsync(d)));
        MapDevice(app, fabric, "fdb", (d, _) => Boxed(fabric.FdbAsync(d)));
        MapDevice(app, fabric, "underlay-routes", (d, _) => Boxed(fabric.UnderlayRoutesAsync(d)));
        MapDevice(app, fabric, "evpn-ar-replicators", (d, _) => Boxed(fabric.AssistedReplicationAsync(d)));
        MapDevice(app, fabric, "evpn-igmp-snooping-proxy", (d, _) => Boxed(fabric.SnoopingProxyAsync(d)));
        MapDevice(app, fabric, "evpn-replication", (d, _) => Boxed(fabric.ReplicationAsync(d)));
        MapDevice(app, fabric, "evpn-oism", (d, _) => Boxed(fabric.OismAsync(d)));

        app.MapPost("/api/ping", (HttpRequest request) => Guarded(async () =>
        {
            var body = await ReadBody<PingRequest>(request).ConfigureAwait(false);
            Require(body.Source, "source");
            Require(body.Destination, "destination");
            if (!FabricNames.IsHost(topology, body.Source)) throw UnknownNameException.Host(topology, body.Source);
            // The destination may also be an IPv4 address (a gateway, an external prefix) or an IPv6 address (pinged with
            // ICMPv6 from the source's IPv6 address).
            bool toIpv6Address = PingDestination.IsIpv6Address(body.Destination);
            if (!PingDestination.IsDestination(topology, body.Destination)) throw UnknownNameException.Host(topology, body.Destination);
            if (body.Source == body.Destination)
                throw new FormatException($"'{body.Source}' is both source and destination: ping another host");
            if (PingLimits.CheckCount(body.Count) is { } badCount) throw new FormatException(badCount);
            if (body.Timeout is { } t && PingLimits.CheckTimeout(t) is { } badTimeout) throw new FormatException(badTimeout);
            return Json(await fabric.PingAsync(body.Source, body.Destination, body.Count, body.Timeout, body.Ipv6 || toIpv6Address).ConfigureAwait(false));
        }));

        app.MapPost("/api/chaos", (HttpRequest request) => Guarded(async () =>
        {
            var body = await ReadBody<ChaosRequest>(request).ConfigureAwait(false);
            Require(body.Action, "action");
            var action = ChaosAction.Parse(body.Action);
            CheckNames(topology, action);
            var origin = body.Origin ?? ChaosOrigin.Api;
            if (origin is not (ChaosOrigin.Api or ChaosOrigin.Cli)) throw new FormatException($"origin '{FabricNames.Clip(origin)}' is not cli or api");
            return Json(await fabric.ApplyChaosAsync(action, origin).ConfigureAwait(false));
        }));
        ChaosTimelineApi.Map(app, fabric);

        app.MapPost("/api/advance", (HttpRequest request) => Guarded(async () =>
        {
            var body = await ReadBody<AdvanceRequest>(request).ConfigureAwait(false);
            if (body.Duration <= TimeSpan.Zero || body.Duration > TimeSpan.FromHours(1)) throw new FormatException("duration must be in (0, 1h]");
            await fabric.AdvanceAsync(body.Duration).ConfigureAwait(false);
            return Json(new { now = fabric.Now, converged = fabric.Progress.Converged });
        }));

        app.MapGet("/api/captures", async () => Json(await fabric.CapturesAsync()));
        app.MapPost("/api/captures", (HttpRequest request) => Guarded(async () =>
        {
            var body = await ReadBody<CaptureRequest>(request).ConfigureAwait(false);
            Require(body.Target, "target");
            Require(body.Path, "path");
            var path = CapturePath.Check(body.Path, options.CaptureDirectory);
            return Json(await fabric.StartCaptureAsync(body.Target, path).ConfigureAwait(false));
        }));
        app.MapDelete("/api/captures/{id}", (string id) => Guarded(async () => Json(await fabric.StopCaptureAsync(id).ConfigureAwait(false))));

        MulticastControlApi.Map(app, fabric);
        RoutingViewsApi.Map(app, fabric);

        app.MapGet("/metrics", () => Guarded(() => Task.FromResult(Results.Text(fabric.ScrapeMetrics(), PrometheusTextWriter.ContentType))));
    }

    internal static void MapDevice(WebApplication app, IFabricControl fabric, string what, Func<string, IQueryCollection, Task<object>> query)
    {
        app.MapGet($"/api/devices/{{device}}/{what}", (string device, HttpContext http) => Guarded(async () =>
        {
            if (!FabricNames.IsDevice(fabric.Topology, device))
                throw UnknownNameException.Device(fabric.Topology, device);
            return Json(await query(device, http.Request.Query).ConfigureAwait(false));
        }));
    }

    /// <summary>The names in a chaos action must exist; checked here so the answer lists near matches.</summary>
    private static void CheckNames(Fabric.Topology.FabricTopology topology, ChaosAction action)
    {
        void Device(string name)
        {
            if (!FabricNames.IsDevice(topology, name)) throw UnknownNameException.Device(topology, name);
        }
        void Endpoint(string name)
        {
            if (!FabricNames.IsHost(topology, name)) Device(name);
        }
        switch (action)
        {
            case LinkDownAction a: Device(a.A); Device(a.B); break;
            case LinkUpAction a: Device(a.A); Device(a.B); break;
            case LinkSetAction a: Device(a.A); Device(a.B); break;
            case DeviceStopAction a: Device(a.Device); break;
            case DeviceStartAction a: Device(a.Device); break;
            case VmMoveAction a:
                if (!FabricNames.IsHost(topology, a.Host)) throw UnknownNameException.Host(topology, a.Host);
                Device(a.Leaf);
                break;
            case PartitionAction a:
                foreach (var (x, y) in a.Links) { Endpoint(x); Endpoint(y); }
                break;
            case HealAction a:
                foreach (var (x, y) in a.Links) { Endpoint(x); Endpoint(y); }
                break;
        }
    }

    private static uint? ParseVni(IQueryCollection query)
    {
        var text = query["vni"].FirstOrDefault();
        if (string.IsNullOrEmpty(text)) return null;
        return uint.TryParse(text, out var vni) && vni is > 0 and < (1 << 24) ? vni : throw new FormatException($"bad VNI '{text}' (1..16777215)");
    }

    private static async Task<object> Boxed<T>(Task<T> task) where T : notnull => await task.ConfigureAwait(false);

    internal static async Task<T> ReadBody<T>(HttpRequest request) where T : class
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync().ConfigureAwait(false);
        if (text.Trim() == "null") throw new FormatException("the request body must be a JSON object");
        T? body;
        try
        {
            body = CliJson.Deserialize<T?>(text);
        }
        catch (Exception e) when (e is JsonException or FormatException or OverflowException or InvalidOperationException or NotSupportedException)
        {
            // The parser's message may quote the input: keep its start only.
            throw new FormatException($"bad request body: {FabricNames.Clip(e.Message)}");
        }
        return body ?? throw new FormatException("the request body must be a JSON object");
    }

    /// <summary>A required field of a request body; missing (or null) is a 400 naming it.</summary>
    internal static void Require(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new FormatException($"missing field '{field}'");
    }

    internal static IResult Json(object value) => Results.Text(CliJson.Serialize(value), "application/json; charset=utf-8");

    internal static IResult Error(int status, ControlApiError error) => Results.Text(CliJson.Serialize(error), "application/json; charset=utf-8", statusCode: status);

    /// <summary>Maps what the fabric throws to an HTTP status the client turns into an exit code and a message.</summary>
    internal static async Task<IResult> Guarded(Func<Task<IResult>> handler)
    {
        try
        {
            return await handler().ConfigureAwait(false);
        }
        catch (UnknownNameException e)
        {
            return Error(StatusCodes.Status404NotFound, new ControlApiError(e.Message, e.Kind, e.Name, e.Suggestions));
        }
        catch (UnknownFabricObjectException e)
        {
            var message = $"unknown {e.Kind} '{FabricNames.Clip(e.Name)}'" + (e.Suggestions.Count > 0 ? $" (did you mean {string.Join(", ", e.Suggestions)}?)" : "");
            return Error(StatusCodes.Status404NotFound, new ControlApiError(message, e.Kind, FabricNames.Clip(e.Name), e.Suggestions));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Error(e.StatusCode, new ControlApiError($"request body larger than {ControlApiOptions.MaxBodyBytes} bytes"));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return Error(StatusCodes.Status400BadRequest, new ControlApiError(e.Message.Length > 300 ? e.Message[..297] + "..." : e.Message));
        }
        catch (TimeoutException e)
        {
            return Error(StatusCodes.Status504GatewayTimeout, new ControlApiError(e.Message));
        }
        catch (NotSupportedException e)
        {
            return Error(StatusCodes.Status501NotImplemented, new ControlApiError(e.Message));
        }
        catch (Exception e)
        {
            // No exception type names or traces in answers: the message alone, cut.
            return Error(StatusCodes.Status500InternalServerError, new ControlApiError($"internal error: {FabricNames.Clip(e.Message)}"));
        }
    }
}
