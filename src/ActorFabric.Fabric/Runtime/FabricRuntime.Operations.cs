using Akka.Actor;
using ActorFabric.Fabric.Runtime.Devices;
using ActorFabric.Fabric.Runtime.Links;
using ActorFabric.Fabric.Runtime.Messages;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Runtime;

// Queries, ping, captures and chaos: each resolves names, asks the actor concerned, and (under the virtual clock)
// runs the clock until the answer arrives.
public sealed partial class FabricRuntime
{
    private readonly Dictionary<string, (IActorRef Writer, IActorRef[] Links)> _captures = new(StringComparer.Ordinal);
    private readonly FabricDirectory _directory;
    private int _captureCounter;
    private int _traceCounter;

    private void Build(Func<FabricBuildPlan, Props> root, TimeSpan timeout)
    {
        var d = _directory;
        var plan = new FabricBuildPlan(Topology, Options, _expectation, _convergence, d);
        var supervisor = _system.ActorOf(root(plan), "fabric");
        // A top-level actor is started by Akka's /user guardian on its own (thread-pool) dispatcher: wait until it is,
        // so that its first turn is queued for the driver before the driver runs.
        var wall = System.Diagnostics.Stopwatch.StartNew();
        while (supervisor is RepointableActorRef { IsStarted: false } && wall.Elapsed < TimeSpan.FromSeconds(30)) Thread.Sleep(1);
        d.Built(supervisor, Wait(supervisor.Ask<FabricBuilt>(FabricBuiltQuery.Instance), timeout).GetAwaiter().GetResult());
        RegisterMetrics();
    }

    /// <summary>
    /// Waits for <paramref name="answer"/> at most <paramref name="limit"/>: under the virtual clock by running the
    /// driver (emulated time), otherwise in wall time.
    /// </summary>
    private async Task<T> Wait<T>(Task<T> answer, TimeSpan limit)
    {
        if (_driver is { } driver) return driver.RunUntilCompleted(answer, limit);
        return await answer.WaitAsync(limit).ConfigureAwait(false);
    }

    private Task<T> Ask<T>(IActorRef target, object message, TimeSpan? timeout = null)
        => Wait(target.Ask<T>(message), timeout ?? Options.QueryTimeout);

    private Task<T> Query<T>(string device, DeviceQueryKind kind, uint? vni) =>
        Serialized(async () => (T)(await Ask<QueryAnswer>(_directory.Devices[DeviceIndex(device)], new DeviceQuery(kind, vni)).ConfigureAwait(false)).Value);

    private async Task<FabricStateDigest> StateDigestCore()
    {
        var devices = new List<DeviceStateDigest>(Topology.Nodes.Length);
        foreach (var n in Topology.Nodes)
            devices.Add((DeviceStateDigest)(await Ask<QueryAnswer>(_directory.Devices[n.Index], new DeviceQuery(DeviceQueryKind.StateDigest, null)).ConfigureAwait(false)).Value);
        return FabricStateDigest.Of(devices);
    }

    // ------------------------------------------------------------------ names

    private int DeviceIndex(string name)
    {
        if (Topology.TryGetNode(name, out var node)) return node.Index;
        throw new UnknownFabricObjectException("device", name, Suggest(name, _deviceNames));
    }

    private int HostIndex(string name)
    {
        for (int i = 0; i < _hostNames.Length; i++) if (_hostNames[i] == name) return i;
        throw new UnknownFabricObjectException("host", name, Suggest(name, _hostNames));
    }

    private bool TryHostIndex(string name, out int index)
    {
        for (int i = 0; i < _hostNames.Length; i++) if (_hostNames[i] == name) { index = i; return true; }
        index = -1;
        return false;
    }

    /// <summary>Up to three names within edit distance 2 (or sharing the prefix), closest first.</summary>
    internal static List<string> Suggest(string name, IReadOnlyList<string> candidates)
    {
        var scored = new List<(int, string)>();
        foreach (var c in candidates)
        {
            int d = Naming.EditDistance.Between(name, c);
            if (d <= 2 || c.StartsWith(name, StringComparison.OrdinalIgnoreCase)) scored.Add((d, c));
        }
        scored.Sort((a, b) => a.Item1 != b.Item1 ? a.Item1.CompareTo(b.Item1) : string.CompareOrdinal(a.Item2, b.Item2));
        var result = new List<string>();
        for (int i = 0; i < scored.Count && i < 3; i++) result.Add(scored[i].Item2);
        return result;
    }


    /// <summary>The links between two endpoints (device or host names); throws when there is none.</summary>
    private List<IActorRef> LinksBetween(string a, string b)
    {
        var result = new List<IActorRef>();
        bool aHost = TryHostIndex(a, out var ha), bHost = TryHostIndex(b, out var hb);
        if (TrySegment(a, out var es) || TrySegment(b, out es))
        {
            // "SEGMENT LEAF": every link of the segment's hosts to that leaf (the leaf's side of the server bond).
            int leaf = DeviceIndex(es.Name == a ? b : a);
            for (int h = 0; h < Topology.Hosts.Length; h++)
                if (Topology.Hosts[h].Segment == es.Index && _directory.HostLeaf[h] == leaf) result.Add(_directory.HostLinks[h]);
            for (int e = 0; e < Topology.SegmentLinks.Length; e++)
                if (Topology.SegmentLinks[e].Leaf == leaf && Topology.Hosts[Topology.SegmentLinks[e].Host].Segment == es.Index) result.Add(_directory.SegmentLinks[e]);
        }
        else if (aHost || bHost)
        {
            int host = aHost ? ha : hb;
            string other = aHost ? b : a;
            if (Topology.Nodes[_directory.HostLeaf[host]].Name == other) result.Add(_directory.HostLinks[host]);
            for (int e = 0; e < Topology.SegmentLinks.Length; e++)
                if (Topology.SegmentLinks[e].Host == host && Topology.Nodes[Topology.SegmentLinks[e].Leaf].Name == other) result.Add(_directory.SegmentLinks[e]);
        }
        else
        {
            int ia = DeviceIndex(a), ib = DeviceIndex(b);
            foreach (var l in Topology.Links)
                if ((l.A == ia && l.B == ib) || (l.A == ib && l.B == ia)) result.Add(_directory.Links[l.Index]);
        }
        if (result.Count == 0) throw new UnknownFabricObjectException("link", $"{a} {b}", []);
        return result;
    }

    private bool TrySegment(string name, out FabricEthernetSegment segment)
    {
        foreach (var es in Topology.EthernetSegments)
            if (es.Name == name)
            {
                segment = es;
                return true;
            }
        segment = null!;
        return false;
    }

    /// <summary>The link on a device port: a fabric link, or the host link of the host on that access port.</summary>
    private IActorRef LinkOnPort(string device, string port)
    {
        if (TryHostIndex(device, out var h)) return _directory.HostLinks[h];
        int node = DeviceIndex(device);
        int number = _directory.PortNumber(node, port);
        foreach (var l in Topology.Links)
        {
            var (pa, pb) = _directory.LinkPorts[l.Index];
            if ((l.A == node && pa == number) || (l.B == node && pb == number)) return _directory.Links[l.Index];
        }
        for (int i = 0; i < _directory.HostLeaf.Length; i++)
            if (_directory.HostLeaf[i] == node && _directory.HostPort[i] == number) return _directory.HostLinks[i];
        for (int e = 0; e < Topology.SegmentLinks.Length; e++)
            if (Topology.SegmentLinks[e].Leaf == node && _directory.SegmentLinkPorts[e] == number) return _directory.SegmentLinks[e];
        throw new UnknownFabricObjectException("port", $"{device}:{port}", []);
    }

    // ------------------------------------------------------------------ ping

    private async Task<PingResult> PingCore(string source, string destination, int count, TimeSpan timeout, bool ipv6 = false)
    {
        int s = HostIndex(source);
        // The destination is a host's name, an IPv4 address (an anycast gateway, an external router's prefix), or with
        // ipv6 (or an IPv6 address) a host's IPv6 address or an IPv6 anycast gateway (gateway6).
        bool isHost;
        HostPingRequest request;
        string destinationIp;
        if (ipv6 || destination.Contains(':'))
        {
            (request, destinationIp) = Ipv6PingTarget(ref destination);
            // An address no host has (a gateway6 address) stays an address: the trace then waits for no host.
            isHost = TryHostIndex(destination, out _);
        }
        else
        {
            isHost = TryHostIndex(destination, out var d);
            uint target = isHost ? Topology.Hosts[d].Ipv4 : PingTarget(destination);
            (request, destinationIp) = (new HostPingRequest(target, count, timeout), FabricAddressing_Dotted(target));
        }
        int traceId = ++_traceCounter;
        var limit = TimeSpan.FromSeconds(count) + timeout + TimeSpan.FromSeconds(5);
        var done = await Ask<HostPingDone>(_directory.Hosts[s], request with { Count = count, Timeout = timeout, TraceId = traceId }, limit).ConfigureAwait(false);
        var trace = await Ask<PathTrace>(_directory.PathTraces, new PathTraceQuery(traceId, isHost && _driver is null && done.Result.Received > 0 ? destination : null)).ConfigureAwait(false);
        LastPingOuterSourcePort = trace.OuterSourcePort;
        return Traced(new PingResult(source, destination, destinationIp, done.Result.Sent, done.Result.Received, done.Replies, OrderAlongPath(trace.Hops, source)));
    }

    /// <summary>A ping destination that is not a host name: a dotted IPv4 address, else the unknown-host error.</summary>
    private uint PingTarget(string destination)
    {
        if (PingDestination.TryParseAddress(destination, out var address)) return address;
        HostIndex(destination); // throws with suggestions
        return 0;
    }

    /// <summary>
    /// The hops in path order, chained from the source host by the wiring (each hop's egress port leads to the next
    /// hop's device). Reports from devices on different cluster nodes arrive in any order; in one process the chain
    /// is the arrival order. Hops the chain does not reach keep their arrival order at the end.
    /// </summary>
    private List<PathHop> OrderAlongPath(PathHop[] hops, string source)
    {
        var left = new List<PathHop>(hops);
        var ordered = new List<PathHop>(hops.Length);
        string? next = source;
        while (next is not null && left.FindIndex(h => h.Device == next) is var i and >= 0)
        {
            var hop = left[i];
            left.RemoveAt(i);
            ordered.Add(hop);
            next = NextDevice(hop);
        }
        ordered.AddRange(left);
        return ordered;
    }

    private string? NextDevice(PathHop hop)
    {
        if (TryHostIndex(hop.Device, out var h)) return Topology.Nodes[_directory.HostLeaf[h]].Name;
        if (!Topology.TryGetNode(hop.Device, out var node) || hop.EgressPort is not { } egress) return null;
        int port = PortNames.EthNumber(egress);
        foreach (int l in Topology.LinksOf(node.Index))
        {
            var link = Topology.Links[l];
            var (pa, pb) = _directory.LinkPorts[l];
            if (link.A == node.Index && pa == port) return Topology.Nodes[link.B].Name;
            if (link.B == node.Index && pb == port) return Topology.Nodes[link.A].Name;
        }
        for (int i = 0; i < _directory.HostLeaf.Length; i++)
            if (_directory.HostLeaf[i] == node.Index && _directory.HostPort[i] == port) return _hostNames[i];
        for (int e = 0; e < Topology.SegmentLinks.Length; e++)
            if (Topology.SegmentLinks[e].Leaf == node.Index && _directory.SegmentLinkPorts[e] == port) return _hostNames[Topology.SegmentLinks[e].Host];
        return null;
    }


    /// <summary>The outer UDP source port of the last ping's first encapsulated echo request (tests recompute the ECMP choice from it).</summary>
    internal ushort LastPingOuterSourcePort { get; private set; }

    private static string FabricAddressing_Dotted(uint a) => Runtime.Devices.FabricAddressing.Dotted(a);

    /// <summary>Pings an address no host may have (ARP requests nobody answers: broadcasts to count in tests).</summary>
    internal async Task<bool> PingAddressAsync(string source, string address, TimeSpan timeout)
    {
        var ip = System.Net.IPAddress.Parse(address);
        var done = await Ask<HostPingDone>(_directory.Hosts[HostIndex(source)], new HostPingRequest(Runtime.Devices.FabricAddressing.ToUInt(ip), 1, timeout),
            timeout + TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        return done.Result.Received > 0;
    }

    /// <summary>Frames a host's stack sent and accepted (broadcasts and frames to its MAC); tests count copies with it.</summary>
    internal Task<HostFrameCounters> HostFramesAsync(string host) => Ask<HostFrameCounters>(_directory.Hosts[HostIndex(host)], HostFrameCountersQuery.Instance);

    /// <summary>Frames each LAG member of a multihomed host carried from its leaf to the host (member 0 first).</summary>
    internal long[] LagFramesToHost(string host)
    {
        int h = HostIndex(host);
        var counts = new List<long> { Volatile.Read(ref _directory.HostLinkGauges[h].FramesBtoA) };
        for (int e = 0; e < Topology.SegmentLinks.Length; e++)
            if (Topology.SegmentLinks[e].Host == h) counts.Add(Volatile.Read(ref _directory.SegmentLinkGauges[e].FramesBtoA));
        return [.. counts];
    }

    private async Task<UdpFlowResult> UdpFlowCore(string source, string destination, ushort port, int count, TimeSpan interval, int size)
    {
        int s = HostIndex(source), d = HostIndex(destination);
        var dst = Topology.Hosts[d];
        var before = await Ask<HostUdpCounters>(_directory.Hosts[d], new HostUdpCountersQuery(port)).ConfigureAwait(false);
        var limit = interval * count + TimeSpan.FromSeconds(10);
        var done = await Ask<HostUdpFlowDone>(_directory.Hosts[s], new HostUdpFlowRequest(dst.Ipv4, port, (ushort)(40000 + s % 20000), count, interval, size), limit).ConfigureAwait(false);
        // Let the last datagram cross the fabric (a second is far above any emulated path delay).
        if (_driver is { } driver) driver.Advance(TimeSpan.FromSeconds(1));
        else await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        var after = await Ask<HostUdpCounters>(_directory.Hosts[d], new HostUdpCountersQuery(port)).ConfigureAwait(false);
        return new UdpFlowResult(source, destination, port, done.Sent, after.Datagrams - before.Datagrams, after.Bytes - before.Bytes);
    }

    // ------------------------------------------------------------------ captures

    private async Task<CaptureInfo> StartCaptureCore(string target, string path)
    {
        List<IActorRef> links;
        var words = target.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 2) links = LinksBetween(words[0], words[1]);
        else if (words.Length == 1 && target.Contains('-') && target.Contains(':'))
        {
            // "A:port-B:port": both ends must name the same link.
            int dash = FindEndpointSeparator(target);
            var (a, pa) = SplitEndpoint(target[..dash]);
            var (b, pb) = SplitEndpoint(target[(dash + 1)..]);
            var la = LinkOnPort(a, pa);
            var lb = LinkOnPort(b, pb);
            if (!la.Equals(lb)) throw new UnknownFabricObjectException("link", target, []);
            links = [la];
        }
        else if (words.Length == 1 && target.Contains(':'))
        {
            var (dev, port) = SplitEndpoint(target);
            links = [LinkOnPort(dev, port)];
        }
        else if (words.Length == 1 && TryHostIndex(target, out var h)) links = [_directory.HostLinks[h]];
        else throw new UnknownFabricObjectException("capture target", target, []);

        var id = "cap" + ++_captureCounter;
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new ArgumentException($"capture file '{path}' is a directory");
        var dir = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        File.WriteAllBytes(full, []); // fails here, with the file's name, if it cannot be written; the writer owns it from here on
        var writer = (await Ask<CaptureWriterStarted>(_directory.Supervisor, new StartCaptureWriter(id, target, path)).ConfigureAwait(false)).Writer;
        foreach (var l in links) await Ask<Ack>(l, new LinkAttachCapture(id, writer)).ConfigureAwait(false);
        _captures[id] = (writer, [.. links]);
        return (CaptureInfo)(await Ask<QueryAnswer>(writer, CaptureInfoQuery.Instance).ConfigureAwait(false)).Value;
    }

    private static int FindEndpointSeparator(string target)
    {
        // The separator is the '-' after the first endpoint's ':' (names may contain '-').
        int colon = target.IndexOf(':');
        int dash = target.IndexOf('-', colon + 1);
        if (colon < 0 || dash < 0) throw new FormatException($"expected A:port-B:port, got '{target}'");
        return dash;
    }

    private static (string Device, string Port) SplitEndpoint(string text)
    {
        int colon = text.IndexOf(':');
        if (colon <= 0 || colon == text.Length - 1) throw new FormatException($"expected DEVICE:PORT, got '{text}'");
        return (text[..colon], text[(colon + 1)..]);
    }

    private async Task<CaptureInfo> StopCaptureCore(string id)
    {
        if (!_captures.Remove(id, out var capture))
            throw new UnknownFabricObjectException("capture", id, [.. _captures.Keys]);
        foreach (var l in capture.Links) await Ask<Ack>(l, new LinkDetachCapture(id)).ConfigureAwait(false);
        var info = (CaptureInfo)(await Ask<QueryAnswer>(capture.Writer, CaptureClose.Instance).ConfigureAwait(false)).Value;
        capture.Writer.Tell(PoisonPill.Instance);
        return info;
    }

    private async Task<IReadOnlyList<CaptureInfo>> CapturesCore()
    {
        var list = new List<CaptureInfo>();
        foreach (var c in _captures.Values) list.Add((CaptureInfo)(await Ask<QueryAnswer>(c.Writer, CaptureInfoQuery.Instance).ConfigureAwait(false)).Value);
        return list;
    }

    // ------------------------------------------------------------------ chaos

    private async Task<ChaosResult> ApplyChaosCore(ChaosAction action)
    {
        var at = Now;
        string description;
        switch (action)
        {
            case LinkDownAction a:
                foreach (var l in LinksBetween(a.A, a.B)) await Ask<Ack>(l, new LinkSetState(false)).ConfigureAwait(false);
                description = $"link {a.A} {a.B} down";
                break;
            case LinkUpAction a:
                foreach (var l in LinksBetween(a.A, a.B)) await Ask<Ack>(l, new LinkSetState(true)).ConfigureAwait(false);
                description = $"link {a.A} {a.B} up";
                break;
            case LinkSetAction a:
                foreach (var l in LinksBetween(a.A, a.B)) await Ask<Ack>(l, new LinkSetParameters(a.Latency, a.Loss)).ConfigureAwait(false);
                description = $"link {a.A} {a.B}" + (a.Latency is { } lat ? $" latency {lat.TotalMilliseconds} ms" : "") + (a.Loss is { } p ? $" loss {p:P1}" : "");
                break;
            case DeviceStopAction a:
                description = (await Ask<DeviceStateChanged>(_directory.Devices[DeviceIndex(a.Device)], DeviceStop.Instance).ConfigureAwait(false)).Changed
                    ? $"device {a.Device} stopped" : $"device {a.Device} is already stopped; nothing changed";
                break;
            case DeviceStartAction a:
                description = (await Ask<DeviceStateChanged>(_directory.Devices[DeviceIndex(a.Device)], DeviceStart.Instance).ConfigureAwait(false)).Changed
                    ? $"device {a.Device} started" : $"device {a.Device} is already running; nothing changed";
                break;
            case VmMoveAction a:
                description = await VmMoveCore(a).ConfigureAwait(false);
                break;
            case PartitionAction or HealAction:
                bool up = action is HealAction;
                var pairs = action is PartitionAction partition ? partition.Links : ((HealAction)action).Links;
                // Every name is checked before the first link changes: a partition happens whole or not at all.
                var cut = pairs.SelectMany(pair => LinksBetween(pair.A, pair.B)).ToList();
                foreach (var l in cut) await Ask<Ack>(l, new LinkSetState(up)).ConfigureAwait(false);
                description = $"{cut.Count} link(s) {(up ? "up" : "down")}: {string.Join(", ", pairs.Select(x => $"{x.A} {x.B}"))}";
                break;
            case NodeKillAction a:
                description = ClusterChaos is { } cluster
                    ? await cluster(a).ConfigureAwait(false)
                    : throw new ArgumentException("node-kill needs a fabric launched on a cluster (`actorfabric launch`); this one runs in one process");
                break;
            default:
                throw new ArgumentException($"unsupported chaos action {action}", nameof(action));
        }
        return new ChaosResult(Describe(action), at, description);
    }

    private static string Describe(ChaosAction action) => action switch
    {
        LinkDownAction a => $"link-down {a.A} {a.B}",
        LinkUpAction a => $"link-up {a.A} {a.B}",
        LinkSetAction a => $"link-set {a.A} {a.B}",
        DeviceStopAction a => $"device-stop {a.Device}",
        DeviceStartAction a => $"device-start {a.Device}",
        VmMoveAction a => $"vm-move {a.Host} {a.Leaf}:{a.Port}",
        PartitionAction a => "partition " + string.Join(' ', a.Links.Select(x => $"{x.A} {x.B}")),
        HealAction a => "heal " + string.Join(' ', a.Links.Select(x => $"{x.A} {x.B}")),
        NodeKillAction a => $"node-kill {a.Node}",
        _ => action.ToString(),
    };

    /// <summary>Cluster-only chaos (node-kill), set by the cluster launcher; null in one process.</summary>
    internal Func<ChaosAction, Task<string>>? ClusterChaos { get; set; }

    private async Task<string> VmMoveCore(VmMoveAction a)
    {
        int h = HostIndex(a.Host);
        if (Topology.Hosts[h].IsMultihomed)
            throw new ArgumentException($"{a.Host} is a server on Ethernet segment '{Topology.EthernetSegments[Topology.Hosts[h].Segment].Name}'; moving a multihomed host is not supported (take its LAG links down with 'chaos link-down' instead)");
        int leaf = DeviceIndex(a.Leaf);
        if (!Topology.Nodes[leaf].IsVtep) throw new ArgumentException($"{a.Leaf} is not a leaf (VTEP)");
        int port = _directory.PortNumber(leaf, a.Port);
        foreach (var l in Topology.LinksOf(leaf))
        {
            var link = Topology.Links[l];
            var (pa, pb) = _directory.LinkPorts[l];
            if ((link.A == leaf && pa == port) || (link.B == leaf && pb == port))
                throw new ArgumentException($"{a.Leaf}:{a.Port} is a fabric port");
        }
        for (int i = 0; i < _directory.HostLeaf.Length; i++)
            if (i != h && _directory.HostLeaf[i] == leaf && _directory.HostPort[i] == port)
                throw new ArgumentException($"{a.Leaf}:{a.Port} already carries host {_hostNames[i]}");
        foreach (var sl in Topology.SegmentLinks)
            if (sl.Leaf == leaf && _directory.PortNumber(leaf, sl.Port) == port)
                throw new ArgumentException($"{a.Leaf}:{a.Port} is a link of Ethernet segment '{Topology.EthernetSegments[Topology.Hosts[sl.Host].Segment].Name}'");
        var host = Topology.Hosts[h];
        int oldLeaf = _directory.HostLeaf[h], oldPort = _directory.HostPort[h];
        var hostLink = _directory.HostLinks[h];
        await Ask<Ack>(_directory.Devices[oldLeaf], new DetachAccessLink(oldPort)).ConfigureAwait(false);
        await Ask<Ack>(_directory.Devices[leaf], new AttachAccessPort(port, host.Vlan, hostLink)).ConfigureAwait(false);
        await Ask<Ack>(hostLink, new LinkReattach(_directory.Devices[leaf], port)).ConfigureAwait(false);
        _directory.HostLeaf[h] = leaf;
        _directory.HostPort[h] = port;
        _directory.Hosts[h].Tell(HostAnnounce.Instance);
        return $"{a.Host} moved from {Topology.Nodes[oldLeaf].Name}:eth{oldPort} to {a.Leaf}:{a.Port}";
    }
}
