using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Control;

/// <summary>The real <see cref="IRoutingViews"/>: forwards to a <see cref="FabricRuntime"/>.</summary>
public sealed class RuntimeRoutingViews(FabricRuntime runtime) : IRoutingViews
{
    /// <summary>The L3 views of <paramref name="fabric"/>: its own, those of the runtime it wraps, or null.</summary>
    public static IRoutingViews? Of(IFabricControl fabric) =>
        fabric as IRoutingViews ?? (fabric is RuntimeFabricControl r ? new RuntimeRoutingViews(r.Runtime) : null);

    public Task<IpVrfRouteTable> IpVrfRouteTableAsync(string device, string table) => runtime.IpVrfRouteTableAsync(device, table);

    public Task<EvpnIpPrefixDatabase> EvpnIpPrefixDatabaseAsync(string device, string? vrf) => runtime.EvpnIpPrefixDatabaseAsync(device, vrf);

    public Task<EvpnL3ContextTable> EvpnL3ContextAsync(string device) => runtime.EvpnL3ContextAsync(device);
}
