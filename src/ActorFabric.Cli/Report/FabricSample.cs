using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Report;

/// <summary>
/// The fabric at one emulated instant: the runtime's convergence progress (sessions and routes against what the
/// topology expects) and the device gauges (FDB entries, BUM copies sent so far), with each device's figures
/// by topology node index.
/// </summary>
public sealed record FabricSample(TimeSpan Time, ConvergenceProgress Progress, long FdbEntries, long BumCopies, IReadOnlyList<DeviceFigures> Devices);
