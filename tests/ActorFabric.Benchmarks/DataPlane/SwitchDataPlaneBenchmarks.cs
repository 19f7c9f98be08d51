using ActorFabric.Fabric.DataPlane;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Evpn;
using ActorFabric.Protocols.Routing;
using ActorFabric.Protocols.Underlay;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Packets;
using BenchmarkDotNet.Attributes;

namespace ActorFabric.Benchmarks.DataPlane;

/// <summary>
/// Per-frame cost of <see cref="SwitchDataPlane"/> on a converged 2-spine / 4-leaf underlay (real link-state routers):
/// a leaf encapsulating known unicast, a spine routing VXLAN on, a leaf decapsulating, and a leaf flooding a
/// broadcast to 3 remote VTEPs + 1 local port. With <see cref="Irb"/> every leaf is also the anycast gateway of the
/// VLAN (an IP-VRF with an IRB on VNI 10100, as in ERB or at a CRB routing node): bridged frames pay its checks.
/// All paths are expected to allocate nothing.
/// Run: <c>dotnet run -c Release --project tests/ActorFabric.Benchmarks -- --filter '*SwitchDataPlane*'</c>.
/// </summary>
[MemoryDiagnoser]
public class SwitchDataPlaneBenchmarks
{
    private sealed class NullSink : IFrameSink
    {
        public long Frames;
        public void Send(PortId port, ReadOnlySpan<byte> frame) => Frames++;
        public void Punt(PortId ingress, ControlPlaneProtocol protocol, ReadOnlySpan<byte> frame) => Frames++;
    }

    private sealed class CapturingSink : IFrameSink
    {
        public byte[]? Last;
        public PortId LastPort;
        public void Send(PortId port, ReadOnlySpan<byte> frame) { Last = frame.ToArray(); LastPort = port; }
        public void Punt(PortId ingress, ControlPlaneProtocol protocol, ReadOnlySpan<byte> frame) { }
    }

    private const int Spines = 2, Leaves = 4;
    private readonly NullSink _sink = new();
    private SwitchDataPlane[] _planes = [];
    private byte[] _unicast = [], _broadcast = [], _atSpine = [], _atLeaf = [];
    private PortId _spineIngress, _leafIngress;
    private int _spineIndex;

    [Params(64, 1514)]
    public int FrameLength { get; set; }

    [Params(false, true)]
    public bool Irb { get; set; }

    private static uint SpineId(int s) => 0x0A00_0001u + (uint)s;
    private static uint LeafId(int l) => 0x0A00_0101u + (uint)l;
    private static MacAddress MacOf(uint id) => new(0x0200_0000_0000UL + id);
    private static MacAddress HostMac(int n) => new(0x0200_00AA_0000UL + (ulong)n);

    [GlobalSetup]
    public void Setup()
    {
        var tables = ConvergedTables();
        var vrfs = new MacVrf[Leaves];
        var rt = ExtendedCommunity.AutoDerivedRouteTarget(65000, 10100);
        for (int l = 0; l < Leaves; l++)
        {
            var vtep = new Ipv4Address(LeafId(l)).ToIPAddress();
            vrfs[l] = new MacVrf(new MacVrfOptions
            {
                RouteDistinguisher = RouteDistinguisher.FromIpv4(vtep, 100), LocalVtep = vtep,
                ImportRouteTargets = [rt], ExportRouteTargets = [rt], BridgeDomains = [new BridgeDomainOptions(100, 10100)],
            });
        }
        _planes = new SwitchDataPlane[Spines + Leaves];
        for (int s = 0; s < Spines; s++)
        {
            var ports = new List<FabricPort>();
            for (int l = 0; l < Leaves; l++) ports.Add(new FabricPort(new PortId(l + 1), LeafId(l), MacOf(LeafId(l))));
            _planes[s] = new SwitchDataPlane(new SwitchDataPlaneOptions { Name = $"spine{s + 1}", RouterId = SpineId(s), Loopback = SpineId(s), FabricMac = MacOf(SpineId(s)), FabricPorts = ports });
        }
        for (int l = 0; l < Leaves; l++)
        {
            var ports = new List<FabricPort>();
            for (int s = 0; s < Spines; s++) ports.Add(new FabricPort(new PortId(s + 1), SpineId(s), MacOf(SpineId(s))));
            _planes[Spines + l] = new SwitchDataPlane(new SwitchDataPlaneOptions
            {
                Name = $"leaf{l + 1}", RouterId = LeafId(l), Loopback = LeafId(l), Vtep = LeafId(l), FabricMac = MacOf(LeafId(l)),
                FabricPorts = ports, MacVrfs = [vrfs[l]], AccessPorts = [new AccessPort(new PortId(11), 100), new AccessPort(new PortId(12), 100)],
            });
        }
        for (int i = 0; i < _planes.Length; i++) _planes[i].SetUnderlay(tables[i]);
        if (Irb)
            for (int l = 0; l < Leaves; l++)
                _planes[Spines + l].AttachIpVrf(new IpVrf(new IpVrfOptions
                {
                    Name = "tenant", RouteDistinguisher = RouteDistinguisher.FromIpv4(vrfs[l].Options.LocalVtep, 50001),
                    LocalVtep = vrfs[l].Options.LocalVtep, ImportRouteTargets = [ExtendedCommunity.RouteTargetAs2(65000, 50001)],
                    ExportRouteTargets = [ExtendedCommunity.RouteTargetAs2(65000, 50001)], L3Vni = 50001, RouterMac = MacOf(LeafId(l)),
                    Irbs = [new IrbInterfaceOptions(100, 10100, IrbInterfaceOptions.AutoDerivedIpv4VirtualMac()) { GatewayIpv4 = IpPrefix.Ipv4(new Ipv4Address(0x0A01_00FEu), 16) }],
                }));
        foreach (var v in vrfs) v.Start(TimeSpan.Zero);

        // h1 on leaf1 and h2 on leaf2 announce themselves; their type-2 routes reach every other leaf.
        var capture = new CapturingSink();
        _planes[Spines].HandleAccessFrame(new PortId(11), FrameBuilder.GratuitousArp(HostMac(1), new Ipv4Address(0x0A01_0001)), TimeSpan.Zero, _sink);
        _planes[Spines + 1].HandleAccessFrame(new PortId(11), FrameBuilder.GratuitousArp(HostMac(2), new Ipv4Address(0x0A01_0002)), TimeSpan.Zero, _sink);
        for (bool any = true; any;)
        {
            any = false;
            for (int l = 0; l < Leaves; l++)
            {
                while (vrfs[l].TryPollEffect(out var e))
                {
                    any = true;
                    for (int o = 0; o < Leaves; o++)
                    {
                        if (o == l) continue;
                        if (e is Originate orig) vrfs[o].ApplyRemote(orig.Route, orig.Attributes, vrfs[l].LocalVtep, TimeSpan.Zero);
                    }
                }
            }
        }

        int payload = FrameLength - 14 - 20 - 8;
        _unicast = FrameBuilder.UdpDatagram(HostMac(1), HostMac(2), new Ipv4Address(0x0A01_0001), new Ipv4Address(0x0A01_0002), 40000, 5001, new byte[payload]);
        _broadcast = FrameBuilder.UdpDatagram(HostMac(1), MacAddress.Broadcast, new Ipv4Address(0x0A01_0001), new Ipv4Address(0x0A01_FFFF), 40000, 5001, new byte[payload]);

        // Follow one unicast frame through the fabric to get the frames each hop receives.
        _planes[Spines].HandleAccessFrame(new PortId(11), _unicast, TimeSpan.Zero, capture);
        _atSpine = capture.Last!;
        _spineIndex = capture.LastPort.Value - 1;
        _spineIngress = new PortId(1); // spine port towards leaf1
        _planes[_spineIndex].HandleFabricFrame(_spineIngress, _atSpine, TimeSpan.Zero, capture);
        _atLeaf = capture.Last!;
        _leafIngress = new PortId(_spineIndex + 1);
        _planes[Spines + 1].HandleFabricFrame(_leafIngress, _atLeaf, TimeSpan.Zero, capture);
        if (capture.LastPort != new PortId(11)) throw new InvalidOperationException("setup: the frame did not reach h2's port");
    }

    [Benchmark]
    public void LeafEncapsulatesKnownUnicast() => _planes[Spines].HandleAccessFrame(new PortId(11), _unicast, TimeSpan.Zero, _sink);

    [Benchmark]
    public void SpineRoutesVxlan() => _planes[_spineIndex].HandleFabricFrame(_spineIngress, _atSpine, TimeSpan.Zero, _sink);

    [Benchmark]
    public void LeafDecapsulates() => _planes[Spines + 1].HandleFabricFrame(_leafIngress, _atLeaf, TimeSpan.Zero, _sink);

    [Benchmark]
    public void LeafFloodsBroadcastToThreeVteps() => _planes[Spines].HandleAccessFrame(new PortId(11), _broadcast, TimeSpan.Zero, _sink);

    /// <summary>Underlay tables of a converged 2x4 Clos from real link-state routers, PDUs passed without latency.</summary>
    private static UnderlayRouteTable[] ConvergedTables()
    {
        var routers = new LinkStateRouter[Spines + Leaves];
        for (int s = 0; s < Spines; s++) routers[s] = new LinkStateRouter(new LinkStateRouterOptions { RouterId = SpineId(s), Loopback = SpineId(s) });
        for (int l = 0; l < Leaves; l++) routers[Spines + l] = new LinkStateRouter(new LinkStateRouterOptions { RouterId = LeafId(l), Loopback = LeafId(l) });
        var peer = new Dictionary<(int, int), (int, int)>();
        for (int l = 0; l < Leaves; l++)
        {
            for (int s = 0; s < Spines; s++)
            {
                peer[(Spines + l, s + 1)] = (s, l + 1);
                peer[(s, l + 1)] = (Spines + l, s + 1);
                routers[Spines + l].AddInterface(s + 1);
                routers[s].AddInterface(l + 1);
            }
        }
        var now = TimeSpan.Zero;
        foreach (var ((r, i), _) in peer) routers[r].InterfaceUp(i, now);
        foreach (var r in routers) r.Start(now);
        while (now < TimeSpan.FromSeconds(5))
        {
            bool moved = true;
            while (moved)
            {
                moved = false;
                for (int r = 0; r < routers.Length; r++)
                {
                    while (routers[r].TryPollTransmit(out var t))
                    {
                        moved = true;
                        var (to, iface) = peer[(r, t.InterfaceId)];
                        routers[to].HandlePdu(iface, t.Pdu.ToArray(), now);
                    }
                }
            }
            TimeSpan? next = null;
            foreach (var r in routers) if (r.PollTimeout() is { } t && (next is null || t < next)) next = t;
            if (next is null) break;
            now = next.Value;
            foreach (var r in routers) if (r.PollTimeout() is { } t && t <= now) r.HandleTimeout(now);
        }
        return Array.ConvertAll(routers, r => r.RouteTable);
    }
}
