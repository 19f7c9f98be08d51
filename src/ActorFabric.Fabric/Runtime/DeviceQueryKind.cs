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
}
