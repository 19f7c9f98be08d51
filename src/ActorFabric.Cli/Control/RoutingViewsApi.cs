using ActorFabric.Fabric.Runtime;
using Microsoft.AspNetCore.Builder;

namespace ActorFabric.Cli.Control;

/// <summary>
/// The L3 routes of the control API: GET /api/devices/D/route-table?table=VRF.inet.0 (answered here when the table is
/// an IP-VRF's), /api/devices/D/evpn-ip-prefix-database[?l3-context=VRF] and /api/devices/D/evpn-l3-context. A fabric
/// without the views answers 501.
/// </summary>
internal static class RoutingViewsApi
{
    public static void Map(WebApplication app, IFabricControl fabric)
    {
        var views = RuntimeRoutingViews.Of(fabric);
        IRoutingViews Available() => views ?? throw new NotSupportedException("this fabric has no L3 views");

        ControlApiServer.MapDevice(app, fabric, "evpn-ip-prefix-database", async (d, q) =>
            await Available().EvpnIpPrefixDatabaseAsync(d, q["l3-context"].FirstOrDefault() is { Length: > 0 } vrf ? vrf : null).ConfigureAwait(false));
        ControlApiServer.MapDevice(app, fabric, "evpn-l3-context", async (d, _) => await Available().EvpnL3ContextAsync(d).ConfigureAwait(false));
    }

    /// <summary>The route table of <c>?table=</c>: an IP-VRF's (VRF.inet.0, VRF.inet6.0) or the EVPN one.</summary>
    public static async Task<object> RouteTable(IFabricControl fabric, string device, string table)
    {
        if (!FabricRuntime.IsIpVrfTable(table, out _, out _)) return await fabric.RouteTableAsync(device, table).ConfigureAwait(false);
        var views = RuntimeRoutingViews.Of(fabric) ?? throw new NotSupportedException("this fabric has no L3 views");
        return await views.IpVrfRouteTableAsync(device, table).ConfigureAwait(false);
    }
}
