namespace ActorFabric.Fabric.Runtime;

/// <summary>Junos <c>show route table bgp.evpn.0</c>: every EVPN path in a device's Loc-RIB.</summary>
public sealed record RouteTable(string Device, string Table, IReadOnlyList<RouteEntry> Routes);

/// <param name="Prefix">Junos-style EVPN prefix, e.g. <c>2:10.0.0.3:1::10100::00:00:5e:00:01:01::100.64.0.1/304</c>.</param>
/// <param name="Source">"local" or the address of the peer it was learned from.</param>
/// <param name="RouteTargets">"target:65000:10100" strings.</param>
public sealed record RouteEntry(
    string Prefix,
    int RouteType,
    string RouteDistinguisher,
    uint EthernetTag,
    string? Mac,
    string? Ip,
    string NextHop,
    string Source,
    bool Best,
    uint LocalPreference,
    string? OriginatorId,
    IReadOnlyList<string> ClusterList,
    IReadOnlyList<string> RouteTargets,
    uint? Vni,
    uint? MobilitySequence,
    string? Pmsi = null,
    IReadOnlyList<string>? Communities = null);
