using Akka.Actor;
using ActorFabric.Fabric.Metrics;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// The emulated fabric, running: one Akka.NET actor per switch, route reflector, host and link under
/// <c>/user/fabric</c>. The facade the CLI and scenario runner program against. Calls are serialized (one at a
/// time); under the virtual clock a call that waits for an answer runs the simulation driver until the answer
/// arrives, and nothing moves between calls (use <see cref="AdvanceAsync"/> to let emulated time pass).
/// </summary>
public sealed partial class FabricRuntime : IAsyncDisposable
{
    /// <summary>Builds the actors for every node, link and host and starts them (time 0).</summary>
    public static FabricRuntime Start(FabricTopology topology, FabricRunOptions? options = null) => new(topology, options ?? new FabricRunOptions());

    /// <summary>
    /// A facade over a fabric built by another root actor on <paramref name="system"/> (real time; the runtime owns
    /// the system from here on): the cluster launcher's root, which spreads the devices over cluster nodes and
    /// answers with location-transparent refs. <paramref name="buildTimeout"/> bounds the wait for that answer.
    /// </summary>
    internal static FabricRuntime StartOn(ActorSystem system, FabricTopology topology, FabricRunOptions options, Func<FabricBuildPlan, Props> root, TimeSpan buildTimeout)
        => new(topology, options, system, root, buildTimeout);

    public FabricTopology Topology { get; }

    public FabricRunOptions Options { get; }

    /// <summary>Emulated time since the start.</summary>
    public TimeSpan Now => _clock.Now;

    public bool IsVirtualTime => _driver is not null;

    /// <summary>Prometheus families (actorfabric_ prefix); values are read from the devices at scrape time.</summary>
    public MetricsRegistry Metrics { get; }

    /// <summary>Actor messages processed so far (all devices).</summary>
    public long MessagesProcessed => _trace.Delivered;

    /// <summary>Stable digest (hex FNV-1a 64) of every delivery so far: time, receiver and message content class. Same seed, same digest.</summary>
    public string TraceDigest => _trace.Digest;

    /// <summary>Deliveries hashed into <see cref="TraceDigest"/>.</summary>
    public long TraceEvents => _trace.Digested;

    /// <summary>The convergence state now (cheap; no clock movement).</summary>
    public ConvergenceProgress Progress => _convergence.Latest with { EmulatedTime = Now };

    /// <summary>
    /// Runs until converged (see <see cref="ConvergenceProgress"/>) or until <paramref name="timeout"/> passes
    /// (emulated time under the virtual clock, wall time otherwise). Reports progress now and then.
    /// </summary>
    public Task<ConvergenceReport> WaitConvergedAsync(TimeSpan timeout, IProgress<ConvergenceProgress>? progress = null, CancellationToken cancellationToken = default)
        => Serialized(() => WaitConvergedCore(timeout, progress, cancellationToken));

    /// <summary>Lets emulated time pass (virtual clock); under real time waits that long.</summary>
    public Task AdvanceAsync(TimeSpan duration) => Serialized(() => AdvanceCore(duration));

    public Task<BgpSummary> BgpSummaryAsync(string device) => Query<BgpSummary>(device, DeviceQueryKind.BgpSummary, null);

    public Task<EvpnMacTable> EvpnMacTableAsync(string device, uint? vni = null) => Query<EvpnMacTable>(device, DeviceQueryKind.EvpnMac, vni);

    public Task<EvpnDatabase> EvpnDatabaseAsync(string device) => Query<EvpnDatabase>(device, DeviceQueryKind.EvpnDatabase, null);

    /// <summary>The Ethernet segments <paramref name="device"/> has a link of, with DF election state per VNI.</summary>
    public Task<EthernetSegmentTable> EthernetSegmentsAsync(string device) => Query<EthernetSegmentTable>(device, DeviceQueryKind.EthernetSegments, null);
    public Task<AssistedReplicationTable> AssistedReplicationAsync(string device) => Query<AssistedReplicationTable>(device, DeviceQueryKind.AssistedReplication, null);
    public Task<SnoopingProxyTable> SnoopingProxyAsync(string device) => Query<SnoopingProxyTable>(device, DeviceQueryKind.SnoopingProxy, null);
    public Task<ReplicationAccounting> ReplicationAsync(string device) => Query<ReplicationAccounting>(device, DeviceQueryKind.Replication, null);

    /// <summary>Only "bgp.evpn.0" exists.</summary>
    public Task<RouteTable> RouteTableAsync(string device, string table = "bgp.evpn.0")
    {
        if (table != "bgp.evpn.0") throw new UnknownFabricObjectException("route table", table, ["bgp.evpn.0"]);
        return Query<RouteTable>(device, DeviceQueryKind.RouteTable, null);
    }

    /// <summary>
    /// A digest of every device's EVPN routes and FDB (content only, order-free): equal digests mean the same
    /// forwarding state, whatever the timing or the number of processes the fabric ran in.
    /// </summary>
    public Task<FabricStateDigest> StateDigestAsync() => Serialized(StateDigestCore);

    public Task<VxlanTunnelTable> VxlanTunnelsAsync(string device) => Query<VxlanTunnelTable>(device, DeviceQueryKind.VxlanTunnels, null);

    public Task<FdbTable> FdbAsync(string device) => Query<FdbTable>(device, DeviceQueryKind.Fdb, null);

    public Task<UnderlayRouteList> UnderlayRoutesAsync(string device) => Query<UnderlayRouteList>(device, DeviceQueryKind.UnderlayRoutes, null);

    /// <summary>A device's data-plane counters (per port frames/bytes, encap/decap, BUM copies, proxy ARP replies, drops).</summary>
    public Task<DataPlane.DataPlaneCounters> DataPlaneCountersAsync(string device) => Query<DataPlane.DataPlaneCounters>(device, DeviceQueryKind.DataPlaneCounters, null);

    /// <summary>
    /// Pings <paramref name="destinationHost"/>'s IPv4 address (or the IPv4 address it spells) from
    /// <paramref name="sourceHost"/> (ARP first, then ICMP echo, 1 s apart). With <paramref name="ipv6"/>, or when the
    /// destination is an IPv6 address, its IPv6 address with ICMPv6 echo (Neighbor Discovery first).
    /// </summary>
    public Task<PingResult> PingAsync(string sourceHost, string destinationHost, int count = 3, TimeSpan? timeout = null, bool ipv6 = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (timeout is { } t && t <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), t, "a ping timeout must be positive");
        return Serialized(() => PingCore(sourceHost, destinationHost, count, timeout ?? TimeSpan.FromSeconds(2), ipv6));
    }

    /// <summary>
    /// Sends <paramref name="count"/> UDP datagrams from <paramref name="sourceHost"/> to <paramref name="destinationHost"/>'s
    /// <paramref name="port"/>, <paramref name="interval"/> apart (default 10 ms), and reports how many arrived.
    /// </summary>
    public Task<UdpFlowResult> UdpFlowAsync(string sourceHost, string destinationHost, ushort port = 5001, int count = 10, TimeSpan? interval = null, int payloadSize = 64)
        => Serialized(() => UdpFlowCore(sourceHost, destinationHost, port, count, interval ?? TimeSpan.FromMilliseconds(10), payloadSize));

    /// <summary>
    /// Starts writing every frame crossing <paramref name="target"/> to a pcap file: a link "A:port-B:port" or
    /// "A B", or a device port "D:port" (a leaf access port captures its host link; a host name alone works too).
    /// Several captures may run at once.
    /// </summary>
    public Task<CaptureInfo> StartCaptureAsync(string target, string path) => Serialized(() => StartCaptureCore(target, path));

    /// <summary>Stops a capture and flushes its file.</summary>
    public Task<CaptureInfo> StopCaptureAsync(string captureId) => Serialized(() => StopCaptureCore(captureId));

    /// <summary>The captures running now, with their packet counts.</summary>
    public Task<IReadOnlyList<CaptureInfo>> CapturesAsync() => Serialized(CapturesCore);

    /// <summary>Applies a chaos action and records it in <see cref="ChaosTimeline"/> with <paramref name="origin"/> (<see cref="ChaosOrigin"/>).</summary>
    public Task<ChaosResult> ApplyChaosAsync(ChaosAction action, string origin = ChaosOrigin.Api)
    {
        if (!ChaosOrigin.IsKnown(origin)) throw new ArgumentException($"unknown chaos origin '{origin}' (cli, api, scenario)", nameof(origin));
        // Latency and loss by the topology file's rules, whoever built the action.
        if (action is LinkSetAction { } set
            && ((set.Latency is { } latency ? LinkParameters.CheckLatency(latency) : null) ?? (set.Loss is { } loss ? LinkParameters.CheckLoss(loss) : null)) is { } problem)
            throw new ArgumentOutOfRangeException(nameof(action), problem);
        return Serialized(async () => Recorded(action, await ApplyChaosCore(action).ConfigureAwait(false), origin));
    }

    public Task<ChaosResult> LinkDownAsync(string a, string b) => ApplyChaosAsync(new LinkDownAction(a, b));

    /// <summary>Every link of Ethernet segment <paramref name="segment"/> on <paramref name="leaf"/> down (the same as <c>chaos link-down SEGMENT LEAF</c>).</summary>
    public Task<ChaosResult> SegmentLinkDownAsync(string segment, string leaf) => LinkDownAsync(segment, leaf);

    public Task<ChaosResult> SegmentLinkUpAsync(string segment, string leaf) => LinkUpAsync(segment, leaf);

    public Task<ChaosResult> LinkUpAsync(string a, string b) => ApplyChaosAsync(new LinkUpAction(a, b));

    public Task<ChaosResult> LinkSetAsync(string a, string b, TimeSpan? latency = null, double? loss = null) => ApplyChaosAsync(new LinkSetAction(a, b, latency, loss));

    /// <summary>Stops a device: its protocol state is lost, its links stay (peers see it silent).</summary>
    public Task<ChaosResult> DeviceStopAsync(string device) => ApplyChaosAsync(new DeviceStopAction(device));

    /// <summary>Restarts a stopped device from its configuration; the rest of the fabric is untouched.</summary>
    public Task<ChaosResult> DeviceStartAsync(string device) => ApplyChaosAsync(new DeviceStartAction(device));

    /// <summary>Moves a host to LEAF:PORT and sends a gratuitous ARP from there.</summary>
    public Task<ChaosResult> VmMoveAsync(string host, string leaf, string port) => ApplyChaosAsync(new VmMoveAction(host, leaf, port));

    /// <summary>Device names (switches and route reflectors), in topology order.</summary>
    public IReadOnlyList<string> Devices => _deviceNames;

    /// <summary>Host names, in topology order.</summary>
    public IReadOnlyList<string> Hosts => _hostNames;

    public async ValueTask DisposeAsync() => await DisposeCore().ConfigureAwait(false);
}
