using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Control;

/// <summary>The L3 views of a running fabric the control API offers (a separate slice so recorded fabrics need not implement them).</summary>
public interface IRoutingViews
{
    /// <summary>Junos <c>show route table VRF.inet.0</c> / <c>VRF.inet6.0</c>.</summary>
    Task<IpVrfRouteTable> IpVrfRouteTableAsync(string device, string table);

    /// <summary>Junos <c>show evpn ip-prefix-database [l3-context VRF]</c>.</summary>
    Task<EvpnIpPrefixDatabase> EvpnIpPrefixDatabaseAsync(string device, string? vrf);

    /// <summary>Junos <c>show evpn l3-context</c>, with the device's routing counters.</summary>
    Task<EvpnL3ContextTable> EvpnL3ContextAsync(string device);
}
