namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// Junos <c>show evpn l3-context</c>: the IP-VRFs (L3 contexts) a device routes, with their L3 VNI, router MAC, RD
/// and route targets, route counts by source, and the device's routing counters.
/// </summary>
public sealed record EvpnL3ContextTable(string Device, IReadOnlyList<EvpnL3Context> Contexts, RoutingCounters Counters);

/// <param name="Type">"Configured" (from the topology).</param>
/// <param name="Advertisement">"Direct" (interface-less type 5, RFC 9136 §4.4.1) or "Gateway" (GW IP overlay index, §4.4.2).</param>
/// <param name="IrbMode">"symmetric" or "asymmetric" (RFC 9135 §5, §6).</param>
/// <param name="Interfaces">The IRB interfaces: "irb.100".</param>
/// <param name="Routes">Routes by the source of their active path (connected, gateway_address, local_host, static, remote_host, remote_prefix).</param>
public sealed record EvpnL3Context(
    string Name,
    string Type,
    string Advertisement,
    string Encapsulation,
    uint L3Vni,
    string RouterMac,
    string RouteDistinguisher,
    IReadOnlyList<string> ImportTargets,
    IReadOnlyList<string> ExportTargets,
    string IrbMode,
    bool HostRoutes,
    IReadOnlyList<string> Interfaces,
    IReadOnlyDictionary<string, int> Routes);

/// <summary>What the device's IRB data plane did so far (counters survive a device restart).</summary>
/// <param name="Drops">Routed packets dropped, by reason (only non-zero reasons).</param>
/// <param name="GatewayNeighborAdvertisements">Neighbor Solicitations for an anycast gateway IPv6 address answered (the IPv6 counterpart of <paramref name="GatewayArpReplies"/>).</param>
/// <param name="GleanSolicitations">Neighbor Solicitations the gateway flooded to find a silent IPv6 host (the counterpart of <paramref name="GleanRequests"/>).</param>
public sealed record RoutingCounters(long RoutedPackets, long GatewayArpReplies, long GleanRequests, IReadOnlyDictionary<string, long> Drops,
    long GatewayNeighborAdvertisements = 0, long GleanSolicitations = 0);
