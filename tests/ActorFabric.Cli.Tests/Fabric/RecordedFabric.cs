using ActorFabric.Cli.Control;
using ActorFabric.Fabric.Metrics;
using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cli.Tests.Fabric;

/// <summary>
/// An <see cref="IFabricControl"/> with fixed answers over the quickstart topology: tests of the HTTP layer
/// and output formats use it so they check exactly what the CLI does with a record, independent of the emulator.
/// It records the chaos actions and captures it is asked for.
/// </summary>
internal sealed partial class RecordedFabric : IFabricControl
{
    public static readonly string QuickstartPath = Path.Combine(RepositoryRoot(), "topologies", "quickstart.yaml");

    private readonly MetricsRegistry _metrics = new();
    private readonly List<CaptureInfo> _captures = [];

    public RecordedFabric()
    {
        Topology = TopologyLoader.Load(QuickstartPath);
        _metrics.Register(new MetricFamily("actorfabric_bgp_sessions", MetricType.Gauge, "BGP sessions by state.", ["device", "state"],
            () => [new MetricSample(["leaf1", "established"], 2)]));
    }

    public List<ChaosAction> Chaos { get; } = [];

    public TimeSpan Advanced { get; private set; }

    public FabricTopology Topology { get; }

    public TimeSpan Now { get; private set; } = TimeSpan.FromMilliseconds(420);

    public bool IsVirtualTime => true;

    public ConvergenceProgress Progress => new(18, 18, 72, 72, 8, 8, 0, Now);

    public string TraceDigest => "0123456789abcdef";

    public long MessagesProcessed => 1234;

    public Task<ConvergenceReport> WaitConvergedAsync(TimeSpan timeout, IProgress<ConvergenceProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ConvergenceReport(true, Now, Now, TimeSpan.FromMilliseconds(3), 1234, Progress));

    public Task AdvanceAsync(TimeSpan duration)
    {
        Now += duration;
        Advanced += duration;
        return Task.CompletedTask;
    }

    public Task<BgpSummary> BgpSummaryAsync(string device) => Task.FromResult(new BgpSummary(device, 65000, "10.0.0.11",
    [
        new BgpPeerSummary("10.0.0.1", "spine1", 65000, "Established", "Up", TimeSpan.FromMilliseconds(35), 0, 61, 62, 5, 5),
        new BgpPeerSummary("10.0.0.2", "spine2", 65000, "Active", "Down", TimeSpan.FromMilliseconds(2100), 1, 10, 11, 0, 0),
    ]));

    public Task<EvpnMacTable> EvpnMacTableAsync(string device, uint? vni) => Task.FromResult(new EvpnMacTable(device, vni,
    [
        new EvpnMacEntry(10100, "02:00:00:00:01:01", "local", "eth3", null, "192.168.100.11", 0, false),
        new EvpnMacEntry(10100, "02:00:00:00:01:03", "remote", null, "10.0.0.13", "192.168.100.13", 1, false),
    ]));

    public Task<EthernetSegmentTable> EthernetSegmentsAsync(string device) => Task.FromResult(new EthernetSegmentTable(device,
        [new EthernetSegmentEntry("00:11:22:33:44:55:66:77:88:99", "bond1", "eth5", "all-active", "Modulo", "DfDone", true, ["10.0.0.12"],
            [new EthernetSegmentDf(10100, "10.0.0.11", null, true)], 1)]));

    public Task<EvpnDatabase> EvpnDatabaseAsync(string device) => Task.FromResult(new EvpnDatabase(device,
        [new EvpnDatabaseEntry(10100, "02:00:00:00:01:03", "10.0.0.13", ["192.168.100.13"], 1, false)]));

    public Task<RouteTable> RouteTableAsync(string device, string table)
    {
        if (table != "bgp.evpn.0") throw new UnknownFabricObjectException("route table", table, ["bgp.evpn.0"]);
        return Task.FromResult(new RouteTable(device, table,
        [
            new RouteEntry("3:10.0.0.11:100::0::10.0.0.11/248", 3, "10.0.0.11:100", 0, null, "10.0.0.11", "10.0.0.11", "local", true, 100, null, [], ["target:65000:268445556"], 10100, null),
            new RouteEntry("2:10.0.0.13:100::0::02:00:00:00:01:03/304", 2, "10.0.0.13:100", 0, "02:00:00:00:01:03", null, "10.0.0.13", "10.0.0.1", true, 100, "10.0.0.13", ["10.0.0.1"], ["target:65000:268445556"], 10100, 1),
        ]));
    }

    public Task<VxlanTunnelTable> VxlanTunnelsAsync(string device) => Task.FromResult(new VxlanTunnelTable(device, "10.0.0.11",
        [new VxlanTunnel("10.0.0.13", "leaf3", [10100, 10200], 2)]));

    public Task<FdbTable> FdbAsync(string device) => Task.FromResult(new FdbTable(device,
    [
        new FdbRow(100, 10100, "02:00:00:00:01:01", "Learned", "eth3", null),
        new FdbRow(100, 10100, "02:00:00:00:01:03", "Remote", null, "10.0.0.13"),
    ]));

    public Task<UnderlayRouteList> UnderlayRoutesAsync(string device) => Task.FromResult(new UnderlayRouteList(device,
        [new UnderlayRouteRow("10.0.0.13/32", 20, false, [new UnderlayNextHopRow("eth1", "spine1"), new UnderlayNextHopRow("eth2", "spine2")])]));

    public Task<AssistedReplicationTable> AssistedReplicationAsync(string device) => Task.FromResult(new AssistedReplicationTable(device, "AR Leaf", null,
    [
        new AssistedReplicationInstance("evpn-vxlanA", 10100, "AR Leaf", "Extended AR", "192.168.104.1",
        [
            new ReplicatorEntry("192.168.104.1", "10.0.0.21", "spine1", true, "Extended AR"),
            new ReplicatorEntry("192.168.105.1", "10.0.0.22", null, false, "Extended AR"),
        ],
        [new DeterministicArEntry("arpol1", "Loose/192.168.104.1/192.168.105.1", "192.168.104.1")], 5.025, "No replicators/Ingress Replication (-) -> Extended AR (192.168.104.1)"),
    ], 1));

    public Task<SnoopingProxyTable> SnoopingProxyAsync(string device) => Task.FromResult(new SnoopingProxyTable(device, true,
    [
        new SnoopingProxyEntry("evpn-vxlanA", 10100, "233.252.0.1", "0.0.0.0", [], ["10.0.0.13 (leaf3)"], "IgmpV3", null),
        new SnoopingProxyEntry("evpn-vxlanA", 10100, "233.252.0.2", "0.0.0.0", ["eth3", "eth5"], ["10.0.0.12 (leaf2)", "10.0.0.13 (leaf3)"], "IgmpV2",
            "Strict/192.168.104.1/0.0.0.0"),
    ]));

    public Task<ReplicationAccounting> ReplicationAsync(string device) => Task.FromResult(new ReplicationAccounting(device, 50, 2, 7800, 0, 0, 3,
        [new ReplicationPort("eth1", "spine1", true, 50, 7800), new ReplicationPort("eth3", "h1", false, 2, 120)],
        [new ActorFabric.Fabric.DataPlane.MulticastFlowCounters(10100, "192.168.100.11", "233.252.0.1", 50, 0, 0, 50, 0)]));

    public Task<PingResult> PingAsync(string sourceHost, string destinationHost, int count, TimeSpan? timeout, bool ipv6 = false)
    {
        var replies = new List<PingReply>();
        for (int i = 1; i <= count; i++) replies.Add(new PingReply(i, TimeSpan.FromMicroseconds(84), 64));
        return Task.FromResult(new PingResult(sourceHost, destinationHost, "192.168.100.13", count, count, replies,
            [new PathHop(sourceHost, null, null), new PathHop("leaf1", "eth3", "eth1"), new PathHop("spine1", "eth1", "eth3"), new PathHop("leaf3", "eth1", "eth3"), new PathHop(destinationHost, null, null)]));
    }

    public Task<CaptureInfo> StartCaptureAsync(string target, string path)
    {
        var info = new CaptureInfo($"c{_captures.Count + 1}", target, path, 0, true);
        _captures.Add(info);
        return Task.FromResult(info);
    }

    public Task<CaptureInfo> StopCaptureAsync(string captureId)
    {
        var i = _captures.FindIndex(c => c.Id == captureId);
        if (i < 0) throw new UnknownFabricObjectException("capture", captureId, []);
        _captures[i] = _captures[i] with { Active = false, Packets = 7 };
        return Task.FromResult(_captures[i]);
    }

    public Task<IReadOnlyList<CaptureInfo>> CapturesAsync() => Task.FromResult<IReadOnlyList<CaptureInfo>>(_captures);

    private readonly ChaosTimeline _chaosTimeline = new();

    public Task<ChaosResult> ApplyChaosAsync(ChaosAction action, string origin = ChaosOrigin.Api)
    {
        Chaos.Add(action);
        var result = new ChaosResult(action.GetType().Name, Now, $"applied {action}");
        _chaosTimeline.Record(action, result, origin);
        return Task.FromResult(result);
    }

    public IReadOnlyList<ChaosEvent> ChaosTimeline => _chaosTimeline.Events;

    public TimeSpan? ReconvergedAt => Progress.Converged ? Progress.EmulatedTime : null;

    public string ScrapeMetrics() => _metrics.Scrape();

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ActorFabric.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
