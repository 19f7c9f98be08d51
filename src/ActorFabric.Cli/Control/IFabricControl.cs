using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cli.Control;

/// <summary>
/// What the CLI asks of a running fabric: the slice of <see cref="FabricRuntime"/> that <c>up</c>'s control
/// API and the scenario runner use. An interface so the HTTP layer and the output formats can be tested
/// with recorded answers, independently of the emulator.
/// </summary>
public interface IFabricControl
{
    FabricTopology Topology { get; }

    TimeSpan Now { get; }

    bool IsVirtualTime { get; }

    ConvergenceProgress Progress { get; }

    /// <summary>Stable digest of every delivery so far (same seed, same digest).</summary>
    string TraceDigest { get; }

    long MessagesProcessed { get; }

    Task<ConvergenceReport> WaitConvergedAsync(TimeSpan timeout, IProgress<ConvergenceProgress>? progress = null, CancellationToken cancellationToken = default);

    Task AdvanceAsync(TimeSpan duration);

    Task<BgpSummary> BgpSummaryAsync(string device);

    Task<EvpnMacTable> EvpnMacTableAsync(string device, uint? vni);

    Task<EvpnDatabase> EvpnDatabaseAsync(string device);

    Task<EthernetSegmentTable> EthernetSegmentsAsync(string device);

    Task<RouteTable> RouteTableAsync(string device, string table);

    Task<VxlanTunnelTable> VxlanTunnelsAsync(string device);

    Task<FdbTable> FdbAsync(string device);

    Task<UnderlayRouteList> UnderlayRoutesAsync(string device);

    /// <summary>Assisted Replication role, replicators and chosen replicator per VNI (RFC 9574).</summary>
    Task<AssistedReplicationTable> AssistedReplicationAsync(string device);

    /// <summary>IGMP/MLD snooping proxy state: local listeners and remote SMET routes per (VNI, S, G) (RFC 9251).</summary>
    Task<SnoopingProxyTable> SnoopingProxyAsync(string device);

    /// <summary>BUM replication counters per device, port and multicast flow.</summary>
    Task<ReplicationAccounting> ReplicationAsync(string device);

    /// <summary>Optimized Inter-Subnet Multicast state per tenant (RFC 9625): SBD, role, OISM PEs, SBD-SMET routes, routed flows.</summary>
    Task<OismTable> OismAsync(string device);

    Task<PingResult> PingAsync(string sourceHost, string destinationHost, int count, TimeSpan? timeout, bool ipv6 = false);

    Task<CaptureInfo> StartCaptureAsync(string target, string path);

    Task<CaptureInfo> StopCaptureAsync(string captureId);

    Task<IReadOnlyList<CaptureInfo>> CapturesAsync();

    /// <summary>Applies a chaos action; the fabric records it in its chaos timeline with <paramref name="origin"/> (<see cref="ChaosOrigin"/>).</summary>
    Task<ChaosResult> ApplyChaosAsync(ChaosAction action, string origin = ChaosOrigin.Api);

    /// <summary>Every chaos action applied so far, oldest first.</summary>
    IReadOnlyList<ChaosEvent> ChaosTimeline { get; }

    /// <summary>Emulated time the fabric last became converged after sessions, routes or flood lists were off (keepalives in flight do not count).</summary>
    TimeSpan? ReconvergedAt { get; }

    /// <summary>The Prometheus text exposition of every metric family.</summary>
    string ScrapeMetrics();
}
