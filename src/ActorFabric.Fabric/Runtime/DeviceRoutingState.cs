namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// A device's answer to the routing query: every IP-VRF it routes (routes of both families, type-5 exports and
/// imports, the L3 context) and its routing counters. The facade cuts the show views out of it.
/// </summary>
public sealed record DeviceRoutingState(string Device, IReadOnlyList<IpVrfState> Vrfs, RoutingCounters Counters);

/// <param name="Routes">IPv4 then IPv6, by address and length.</param>
public sealed record IpVrfState(EvpnL3Context Context, IReadOnlyList<IpVrfRouteEntry> Routes, IReadOnlyList<EvpnExportedPrefix> Exported,
    IReadOnlyList<EvpnImportedPrefix> Imported);
