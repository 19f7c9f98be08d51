using ActorFabric.Actors;
using ActorFabric.Fabric.Runtime.Devices;
using ActorFabric.Fabric.Runtime.Links;
using ActorFabric.Fabric.Runtime.Messages;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Runtime;

// Queries, ping, captures and chaos: each resolves names, asks the actor concerned, and (under the virtual clock)
// runs the clock until the answer arrives.
public sealed partial class FabricRuntime
{
    private readonly Dictionary<string, LinkCapture> _captures = new(StringComparer.Ordinal);
    private readonly List<(LinkCapture Capture, IActorRef[] Links)> _captureLinks = [];
    private FabricDirectory _directory = null!;
    private PathTracer _tracer = null!;
    private int _captureCounter;

    private void Build()
    {
        _directory = new FabricDirectory(Topology);
        _tracer = new PathTracer();
        FabricSerializers.Register(_system);
        var topology = Topology;
        var directory = _directory;
        var board = _convergence;
        var tracer = _tracer;
        var options = Options;
        _system.ActorOf(Props.Create(() => new FabricSupervisor(topology, directory, board, tracer, options)), "fabric");
        if (_system.Virtual is { } clock) clock.RunUntil(() => directory.Ready, TimeSpan.FromSeconds(1));
        else
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!directory.Ready && DateTime.UtcNow < deadline) Thread.Yield();
        }
        if (!directory.Ready) throw new InvalidOperationException("the fabric supervisor did not start");
        RegisterMetrics();
    }

    /// <summary>Waits for <paramref name="task"/>; under the virtual clock runs the clock until it completes.</summary>
    private async Task<T> RunUntilDone<T>(Task<T> task, TimeSpan limit)
    {
        if (_system.Virtual is { } clock && !task.IsCompleted) clock.RunUntil(() => task.IsCompleted, limit);
        return await task.ConfigureAwait(false);
    }

    private Task<T> Ask<T>(IActorRef target, object message, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Options.QueryTimeout;
        return RunUntilDone(target.Ask<T>(message, limit), limit + TimeSpan.FromSeconds(1));
    }

    private Task<T> Query<T>(string device, DeviceQueryKind kind, uint? vni) =>
        Serialized(async () => (T)(await Ask<DeviceAnswer>(_directory.Devices[DeviceIndex(device)], new DeviceQuery(kind, vni)).ConfigureAwait(false)).Value);

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
        if (aHost || bHost)
        {
            int host = aHost ? ha : hb;
            string other = aHost ? b : a;
            if (Topology.Nodes[_directory.HostLeaf[host]].Name == other) result.Add(_directory.HostLinks[host]);
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
        throw new UnknownFabricObjectException("port", $"{device}:{port}", []);
    }

    // ------------------------------------------------------------------ ping

    private async Task<PingResult> PingCore(string source, string destination, int count, TimeSpan timeout)
    {
        int s = HostIndex(source), d = HostIndex(destination);
        var src = Topology.Hosts[s];
        var dst = Topology.Hosts[d];
        _tracer.Arm(src.Ipv4, dst.Ipv4);
        HostPingDone done;
        try
        {
            var limit = TimeSpan.FromSeconds(count) + timeout + TimeSpan.FromSeconds(5);
            done = await Ask<HostPingDone>(_directory.Hosts[s], new HostPingRequest(dst.Ipv4, count, timeout), limit).ConfigureAwait(false);
        }
        finally
        {
            _path = _tracer.Disarm();
            LastPingOuterSourcePort = _tracer.OuterSourcePort;
        }
        return new PingResult(source, destination, FabricAddressing_Dotted(dst.Ipv4), done.Result.Sent, done.Result.Received, done.Replies, _path);
    }

    private List<PathHop> _path = [];

    /// <summary>The outer UDP source port of the last ping's first encapsulated echo request (tests recompute the ECMP choice from it).</summary>
    internal ushort LastPingOuterSourcePort { get; private set; }

    private static string FabricAddressing_Dotted(uint a) => Runtime.Devices.FabricAddressing.Dotted(a);

    private async Task<UdpFlowResult> UdpFlowCore(string source, string destination, ushort port, int count, TimeSpan interval, int size)
    {
        int s = HostIndex(source), d = HostIndex(destination);
        var dst = Topology.Hosts[d];
        var before = await Ask<HostUdpCounters>(_directory.Hosts[d], new HostUdpCountersQuery(port)).ConfigureAwait(false);
        var limit = interval * count + TimeSpan.FromSeconds(10);
        var done = await Ask<HostUdpFlowDone>(_directory.Hosts[s], new HostUdpFlowRequest(dst.Ipv4, port, (ushort)(40000 + s % 20000), count, interval, size), limit).ConfigureAwait(false);
        // Let the last datagram cross the fabric (a second is far above any emulated path delay).
        if (_system.Virtual is { } clock) clock.Advance(TimeSpan.FromSeconds(1));
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

        var capture = new LinkCapture("cap" + ++_captureCounter, target, path);
        foreach (var l in links) await Ask<Ack>(l, new LinkAttachCapture(capture.Id, capture)).ConfigureAwait(false);
        _captures[capture.Id] = capture;
        _captureLinks.Add((capture, [.. links]));
        return capture.Info;
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
        foreach (var (c, links) in _captureLinks)
            if (c == capture)
                foreach (var l in links) await Ask<Ack>(l, new LinkDetachCapture(id)).ConfigureAwait(false);
        _captureLinks.RemoveAll(x => x.Capture == capture);
        capture.Dispose();
        return capture.Info;
    }

    private IReadOnlyList<CaptureInfo> CapturesCore()
    {
        var list = new List<CaptureInfo>();
        foreach (var c in _captures.Values) list.Add(c.Info);
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
                await Ask<Ack>(_directory.Devices[DeviceIndex(a.Device)], DeviceStop.Instance).ConfigureAwait(false);
                description = $"device {a.Device} stopped";
                break;
            case DeviceStartAction a:
                await Ask<Ack>(_directory.Devices[DeviceIndex(a.Device)], DeviceStart.Instance).ConfigureAwait(false);
                description = $"device {a.Device} started";
                break;
            case VmMoveAction a:
                description = await VmMoveCore(a).ConfigureAwait(false);
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
        _ => action.ToString(),
    };

    private async Task<string> VmMoveCore(VmMoveAction a)
    {
        int h = HostIndex(a.Host);
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
        var host = Topology.Hosts[h];
        int oldLeaf = _directory.HostLeaf[h], oldPort = _directory.HostPort[h];
        var hostLink = _directory.HostLinks[h];
        await Ask<Ack>(_directory.Devices[oldLeaf], new DetachAccessLink(oldPort)).ConfigureAwait(false);
        await Ask<Ack>(_directory.Devices[leaf], new AttachAccessPort(port, host.Vlan, hostLink)).ConfigureAwait(false);
        await Ask<Ack>(hostLink, new LinkReattach(_directory.Devices[leaf], port, _directory.DeviceGauges[leaf])).ConfigureAwait(false);
        _directory.HostLeaf[h] = leaf;
        _directory.HostPort[h] = port;
        _directory.Hosts[h].Tell(HostAnnounce.Instance);
        return $"{a.Host} moved from {Topology.Nodes[oldLeaf].Name}:eth{oldPort} to {a.Leaf}:{a.Port}";
    }
}
