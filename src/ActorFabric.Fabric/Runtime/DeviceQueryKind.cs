namespace ActorFabric.Fabric.Runtime;

/// <summary>Which table a facade query asks a device for.</summary>
internal enum DeviceQueryKind
{
    BgpSummary,
    EvpnMac,
    EvpnDatabase,
    RouteTable,
    VxlanTunnels,
    Fdb,
    UnderlayRoutes,
    DataPlaneCounters,
    EthernetSegments,
    AssistedReplication,
    SnoopingProxy,
    Replication,
    /// <summary>The IP-VRFs and routing counters (<see cref="DeviceRoutingState"/>).</summary>
    Routing,
    /// <summary>The device's part of <see cref="FabricStateDigest"/>, computed where the tables are (a reflector's table can be megabytes).</summary>
    StateDigest,
    Oism,
}
