using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cli.Control;

/// <summary>The real <see cref="IFabricControl"/>: forwards to a <see cref="FabricRuntime"/> (which serializes calls itself).</summary>
public sealed class RuntimeFabricControl(FabricRuntime runtime) : IFabricControl
{
    public FabricRuntime Runtime { get; } = runtime;

    public FabricTopology Topology => Runtime.Topology;

    public TimeSpan Now => Runtime.Now;

    public bool IsVirtualTime => Runtime.IsVirtualTime;

    public ConvergenceProgress Progress => Runtime.Progress;

    public string TraceDigest => Runtime.TraceDigest;

    public long MessagesProcessed => Runtime.MessagesProcessed;

    public Task<ConvergenceReport> WaitConvergedAsync(TimeSpan timeout, IProgress<ConvergenceProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Runtime.WaitConvergedAsync(timeout, progress, cancellationToken);

    public Task AdvanceAsync(TimeSpan duration) => Runtime.AdvanceAsync(duration);

    public Task<BgpSummary> BgpSummaryAsync(string device) => Runtime.BgpSummaryAsync(device);

    public Task<EvpnMacTable> EvpnMacTableAsync(string device, uint? vni) => Runtime.EvpnMacTableAsync(device, vni);

    public Task<EvpnDatabase> EvpnDatabaseAsync(string device) => Runtime.EvpnDatabaseAsync(device);

    public Task<EthernetSegmentTable> EthernetSegmentsAsync(string device) => Runtime.EthernetSegmentsAsync(device);

    public Task<RouteTable> RouteTableAsync(string device, string table) => Runtime.RouteTableAsync(device, table);

    public Task<VxlanTunnelTable> VxlanTunnelsAsync(string device) => Runtime.VxlanTunnelsAsync(device);

    public Task<FdbTable> FdbAsync(string device) => Runtime.FdbAsync(device);

    public Task<UnderlayRouteList> UnderlayRoutesAsync(string device) => Runtime.UnderlayRoutesAsync(device);

    public Task<AssistedReplicationTable> AssistedReplicationAsync(string device) => Runtime.AssistedReplicationAsync(device);

    public Task<SnoopingProxyTable> SnoopingProxyAsync(string device) => Runtime.SnoopingProxyAsync(device);

    public Task<OismTable> OismAsync(string device) => Runtime.OismAsync(device);

    public Task<ReplicationAccounting> ReplicationAsync(string device) => Runtime.ReplicationAsync(device);

    public Task<PingResult> PingAsync(string sourceHost, string destinationHost, int count, TimeSpan? timeout, bool ipv6 = false) =>
        Runtime.PingAsync(sourceHost, destinationHost, count, timeout, ipv6);

    public Task<CaptureInfo> StartCaptureAsync(string target, string path) => Runtime.StartCaptureAsync(target, path);

    public Task<CaptureInfo> StopCaptureAsync(string captureId) => Runtime.StopCaptureAsync(captureId);

    public Task<IReadOnlyList<CaptureInfo>> CapturesAsync() => Runtime.CapturesAsync();

    /// <summary>Stopping a stopped device (or starting a running one) changes nothing and says so: the device itself knows.</summary>
    public Task<ChaosResult> ApplyChaosAsync(ChaosAction action, string origin = ChaosOrigin.Api) => Runtime.ApplyChaosAsync(action, origin);

    public IReadOnlyList<ChaosEvent> ChaosTimeline => Runtime.ChaosTimeline;

    public TimeSpan? ReconvergedAt => Runtime.ReconvergedAt;

    public string ScrapeMetrics() => Runtime.Metrics.Scrape();
}
