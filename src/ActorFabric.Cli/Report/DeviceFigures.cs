namespace ActorFabric.Cli.Report;

/// <summary>What one device shows at one sample: BGP sessions established, EVPN routes imported (all types), FDB entries.</summary>
public readonly record struct DeviceFigures(long Sessions, long Routes, long Fdb);
