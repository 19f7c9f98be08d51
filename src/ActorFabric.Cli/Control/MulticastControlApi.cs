using ActorFabric.Fabric.Hosts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ActorFabric.Cli.Control;

/// <summary>
/// The multicast routes of the control API: POST /api/mcast/join, /api/mcast/leave, /api/mcast/stream and
/// GET /api/mcast/receivers?group=G; POST /api/mcast/external (the external source behind an OISM PEG). A fabric without multicast operations answers 501.
/// </summary>
internal static class MulticastControlApi
{
    /// <summary>Largest stream one request may ask for (emulated seconds × rate stays sane for a CLI call).</summary>
    public const int MaxCount = 1_000_000, MaxRate = 1_000_000;

    public static void Map(WebApplication app, IFabricControl fabric)
    {
        var multicast = RuntimeMulticastControl.Of(fabric);
        var topology = fabric.Topology;

        void Host(string host)
        {
            if (!FabricNames.IsHost(topology, host)) throw UnknownNameException.Host(topology, host);
        }

        IMulticastControl Available() =>
            multicast ?? throw new NotSupportedException("this fabric has no multicast operations");

        app.MapPost("/api/mcast/join", (HttpRequest request) => Guarded(async () =>
        {
            var body = await ControlApiServer.ReadBody<MulticastJoinRequest>(request).ConfigureAwait(false);
            ControlApiServer.Require(body.Host, "host");
            ControlApiServer.Require(body.Group, "group");
            Host(body.Host);
            return ControlApiServer.Json(await Available().JoinGroupAsync(body.Host, body.Group, body.Version, body.Sources).ConfigureAwait(false));
        }));

        app.MapPost("/api/mcast/leave", (HttpRequest request) => Guarded(async () =>
        {
            var body = await ControlApiServer.ReadBody<MulticastLeaveRequest>(request).ConfigureAwait(false);
            ControlApiServer.Require(body.Host, "host");
            ControlApiServer.Require(body.Group, "group");
            Host(body.Host);
            return ControlApiServer.Json(await Available().LeaveGroupAsync(body.Host, body.Group).ConfigureAwait(false));
        }));

        app.MapPost("/api/mcast/stream", (HttpRequest request) => Guarded(async () =>
        {
            var body = await ControlApiServer.ReadBody<MulticastStreamRequest>(request).ConfigureAwait(false);
            ControlApiServer.Require(body.Host, "host");
            ControlApiServer.Require(body.Group, "group");
            Host(body.Host);
            if (CheckStream(body.Rate, body.Size, body.Count) is { } problem) throw new FormatException(problem);
            return ControlApiServer.Json(await Available().StartMulticastStreamAsync(body.Host, body.Group, body.Rate, body.Size, body.Count, body.Port, body.Ttl)
                .ConfigureAwait(false));
        }));

        app.MapPost("/api/mcast/external", (HttpRequest request) => Guarded(async () =>
        {
            var body = await ControlApiServer.ReadBody<MulticastExternalStreamRequest>(request).ConfigureAwait(false);
            ControlApiServer.Require(body.Gateway, "gateway");
            ControlApiServer.Require(body.Group, "group");
            if (!FabricNames.IsDevice(topology, body.Gateway)) throw UnknownNameException.Device(topology, body.Gateway);
            if (CheckStream(body.Rate, body.Size, body.Count) is { } problem) throw new FormatException(problem);
            if (body.Ttl < 2) throw new FormatException("ttl must be at least 2 (the PEG routes the datagrams: TTL − 1)");
            return ControlApiServer.Json(await Available().SendExternalMulticastAsync(body.Gateway, body.Vrf, body.Group, body.Rate, body.Size, body.Count, body.Ttl, body.Source)
                .ConfigureAwait(false));
        }));

        app.MapGet("/api/mcast/receivers", (HttpRequest request) => Guarded(async () =>
        {
            var group = request.Query["group"].FirstOrDefault();
            ControlApiServer.Require(group, "group");
            return ControlApiServer.Json(await Available().MulticastReceiversAsync(group!).ConfigureAwait(false));
        }));
    }

    /// <summary>Null when rate, size and count are acceptable, else the reason (shared by the command and the server).</summary>
    public static string? CheckStream(int rate, int size, int count) =>
        rate is < 1 or > MaxRate ? $"rate {rate} is out of range (1..{MaxRate} packets/s)"
        : count is < 1 or > MaxCount ? $"count {count} is out of range (1..{MaxCount})"
        : size is < MulticastStream.HeaderLength or > 1472 ? $"size {size} is out of range ({MulticastStream.HeaderLength}..1472 octets; 1452 for IPv6 groups)"
        : null;

    private static Task<IResult> Guarded(Func<Task<IResult>> handler) => ControlApiServer.Guarded(async () =>
    {
        try
        {
            return await handler().ConfigureAwait(false);
        }
        catch (NotSupportedException e)
        {
            return ControlApiServer.Error(StatusCodes.Status501NotImplemented, new ControlApiError(e.Message));
        }
    });
}
