using ActorFabric.Actors;
using ActorFabric.Fabric.Runtime.Devices;
using ActorFabric.Fabric.Runtime.Links;
using ActorFabric.Fabric.Topology;
using ActorFabric.Protocols.Bgp.Speaker;

namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// /user/fabric: creates one child per switch/route reflector (by node name), per host (host-NAME) and per link
/// (link-N for fabric links, hostlink-N for host access links), wires ports, then boots every device.
/// </summary>
internal sealed class FabricSupervisor : ReceiveActor
{
    private readonly FabricTopology _topology;
    private readonly FabricDirectory _directory;
    private readonly ConvergenceBoard _board;
    private readonly PathTracer _tracer;
    private readonly FabricRunOptions _options;
    // One pool per fabric for all speakers: each reflected route and attribute set is then held once, not once
    // per receiving device.
    private readonly EvpnRouteInterner _routeInterner = new();
    private readonly AttributeInterner _attributeInterner = new(1 << 18);

    public FabricSupervisor(FabricTopology topology, FabricDirectory directory, ConvergenceBoard board, PathTracer tracer, FabricRunOptions options)
    {
        _topology = topology;
        _directory = directory;
        _board = board;
        _tracer = tracer;
        _options = options;
        ReceiveAny(_ => { });
    }

    protected override void PreStart()
    {
        var t = _topology;
        var setups = new SwitchSetup[t.Nodes.Length];
        foreach (var n in t.Nodes)
        {
            var setup = setups[n.Index] = new SwitchSetup { Topology = t, NodeIndex = n.Index, Board = _board, Seed = _options.Seed, BgpUpdateDelay = _options.BgpUpdateDelay, Tracer = _tracer, Gauges = _directory.DeviceGauges[n.Index],
                RouteInterner = _routeInterner, AttributeInterner = _attributeInterner };
            _directory.Devices[n.Index] = Context.ActorOf(Props.Create(() => new SwitchActor(setup)), n.Name);
        }
        var hostSetups = new HostSetup[t.Hosts.Length];
        foreach (var h in t.Hosts)
        {
            var setup = hostSetups[h.Index] = new HostSetup(h, _board, _tracer, _options.AnnounceHosts, t.Settings.MacAging / 2);
            _directory.Hosts[h.Index] = Context.ActorOf(Props.Create(() => new HostActor(setup)), "host-" + h.Name);
        }
        foreach (var l in t.Links)
        {
            int aPort = _directory.PortNumber(l.A, l.APort), bPort = _directory.PortNumber(l.B, l.BPort);
            _directory.LinkPorts[l.Index] = (aPort, bPort);
            var linkSetup = new LinkSetup(l.Index, _directory.Devices[l.A], aPort, _directory.Devices[l.B], bPort, l.Latency, l.Loss,
                l.State == LinkState.Up, _options.Seed, _board, _directory.LinkGauges[l.Index], _directory.DeviceGauges[l.A], _directory.DeviceGauges[l.B]);
            var link = _directory.Links[l.Index] = Context.ActorOf(Props.Create(() => new LinkActor(linkSetup)), "link-" + l.Index);
            setups[l.A].Links[aPort] = (link, 0);
            setups[l.A].FabricNeighbors[aPort] = l.B;
            setups[l.B].Links[bPort] = (link, 1);
            setups[l.B].FabricNeighbors[bPort] = l.A;
        }
        foreach (var h in t.Hosts)
        {
            int port = _directory.PortNumber(h.Leaf, h.Port);
            var linkSetup = new LinkSetup(t.Links.Length + h.Index, _directory.Hosts[h.Index], 0, _directory.Devices[h.Leaf], port,
                t.Settings.DefaultLinkLatency, 0, true, _options.Seed, _board, _directory.HostLinkGauges[h.Index], null, _directory.DeviceGauges[h.Leaf]);
            var link = _directory.HostLinks[h.Index] = Context.ActorOf(Props.Create(() => new LinkActor(linkSetup)), "hostlink-" + h.Index);
            setups[h.Leaf].Links[port] = (link, 1);
            setups[h.Leaf].AccessPorts[port] = h.Vlan;
            hostSetups[h.Index].Link = link;
            _directory.HostLeaf[h.Index] = h.Leaf;
            _directory.HostPort[h.Index] = port;
        }
        foreach (var d in _directory.Devices) d.Tell(Boot.Instance, Self);
        foreach (var h in _directory.Hosts) h.Tell(Boot.Instance, Self);
        _directory.Ready = true;
    }
}
