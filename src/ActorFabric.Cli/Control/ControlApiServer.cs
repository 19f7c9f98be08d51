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

    private ControlApiServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>http://127.0.0.1:PORT (the port actually bound when 0 was asked).</summary>
    public Uri Address { get; }

    public static async Task<ControlApiServer> StartAsync(IFabricControl fabric, int port, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        Map(app, fabric);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (port != 0)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new ControlApiException($"cannot listen on 127.0.0.1:{port} ({e.Message}); another `actorfabric up` may be running: use --api-port 0 for a free port");
        }
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var bound = new Uri(addresses.First());
        return new ControlApiServer(app, new Uri($"http://127.0.0.1:{bound.Port}"));
    }

    public async ValueTask DisposeAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(deadline.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static void Map(WebApplication app, IFabricControl fabric)
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
        MapDevice(app, fabric, "evpn-mac", (d, q) => Boxed(fabric.EvpnMacTableAsync(d, ParseVni(q))));
        MapDevice(app, fabric, "evpn-database", (d, _) => Boxed(fabric.EvpnDatabaseAsync(d)));
        MapDevice(app, fabric, "route-table", (d, q) => Boxed(fabric.RouteTableAsync(d, q["table"].FirstOrDefault() ?? "bgp.evpn.0")));
        MapDevice(app, fabric, "vxlan-tunnels", (d, _) => Boxed(fabric.VxlanTunnelsAsync(d)));
        MapDevice(app, fabric, "fdb", (d, _) => Boxed(fabric.FdbAsync(d)));
        MapDevice(app, fabric, "underlay-routes", (d, _) => Boxed(fabric.UnderlayRoutesAsync(d)));

        app.MapPost("/api/ping", (HttpRequest request) => Guarded(async () =>
        {
            var body = await ReadBody<PingRequest>(request).ConfigureAwait(false);
            foreach (var host in new[] { body.Source, body.Destination })
                if (!FabricNames.IsHost(topology, host))
                    throw UnknownNameException.Host(topology, host);
            if (body.Count is < 1 or > 1000) throw new FormatException("count must be 1..1000");
            return Json(await fabric.PingAsync(body.Source, body.Destination, body.Count, body.Timeout).ConfigureAwait(false));
        }));

        app.MapPost("/api/chaos", (HttpRequest request) => Guarded(async () =>
        {
            var body = await ReadBody<ChaosRequest>(request).ConfigureAwait(false);
            var action = ChaosAction.Parse(body.Action);
            CheckNames(topology, action);
            return Json(await fabric.ApplyChaosAsync(action).ConfigureAwait(false));
        }));

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
            if (string.IsNullOrWhiteSpace(body.Path)) throw new FormatException("capture needs a file path");
            return Json(await fabric.StartCaptureAsync(body.Target, Path.GetFullPath(body.Path)).ConfigureAwait(false));
        }));
        app.MapDelete("/api/captures/{id}", (string id) => Guarded(async () => Json(await fabric.StopCaptureAsync(id).ConfigureAwait(false))));

        app.MapGet("/metrics", () => Guarded(() => Task.FromResult(Results.Text(fabric.ScrapeMetrics(), PrometheusTextWriter.ContentType))));
    }

    private static void MapDevice(WebApplication app, IFabricControl fabric, string what, Func<string, IQueryCollection, Task<object>> query)
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
        }
    }

    private static uint? ParseVni(IQueryCollection query)
    {
        var text = query["vni"].FirstOrDefault();
        if (string.IsNullOrEmpty(text)) return null;
        return uint.TryParse(text, out var vni) && vni is > 0 and < (1 << 24) ? vni : throw new FormatException($"bad VNI '{text}' (1..16777215)");
    }

    private static async Task<object> Boxed<T>(Task<T> task) where T : notnull => await task.ConfigureAwait(false);

    private static async Task<T> ReadBody<T>(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync().ConfigureAwait(false);
        try
        {
            return CliJson.Deserialize<T>(text);
        }
        catch (JsonException e)
        {
            throw new FormatException($"bad request body: {e.Message}");
        }
    }

    private static IResult Json(object value) => Results.Text(CliJson.Serialize(value), "application/json; charset=utf-8");

    private static IResult Error(int status, ControlApiError error) => Results.Text(CliJson.Serialize(error), "application/json; charset=utf-8", statusCode: status);

    /// <summary>Maps what the fabric throws to an HTTP status the client turns into an exit code and a message.</summary>
    private static async Task<IResult> Guarded(Func<Task<IResult>> handler)
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
            return Error(StatusCodes.Status404NotFound, new ControlApiError(e.Message, e.Kind, e.Name, e.Suggestions));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return Error(StatusCodes.Status400BadRequest, new ControlApiError(e.Message));
        }
        catch (TimeoutException e)
        {
            return Error(StatusCodes.Status504GatewayTimeout, new ControlApiError(e.Message));
        }
        catch (Exception e)
        {
            return Error(StatusCodes.Status500InternalServerError, new ControlApiError($"{e.GetType().Name}: {e.Message}"));
        }
    }
}
