using Akka.Actor;
using ActorFabric.Fabric.Runtime.Devices;
using ActorFabric.Fabric.Runtime.Links;
using ActorFabric.Fabric.Topology;
using ActorFabric.Protocols.Bgp.Speaker;

namespace ActorFabric.Fabric.Runtime;

/// <summary>Asks the supervisor for the refs it built (it answers with <see cref="FabricBuilt"/>).</summary>
internal sealed record FabricBuiltQuery : Messages.IControlMessage
{
    public static readonly FabricBuiltQuery Instance = new();
}

/// <summary>Creates a <see cref="CaptureWriter"/> for a file the facade created.</summary>
internal sealed record StartCaptureWriter(string Id, string Target, string Path) : Messages.IControlMessage;

internal sealed record CaptureWriterStarted(IActorRef Writer) : Messages.IControlMessage;

/// <summary>Every device, host and link the supervisor created and told to boot.</summary>
internal sealed record FabricBuilt(IActorRef[] Devices, IActorRef[] Hosts, IActorRef[] Links, IActorRef PathTraces) : Messages.IControlMessage;

/// <summary>
/// /user/fabric: creates the node's convergence monitor and path-trace collector, one child per switch/route
/// reflector (by node name), per host (host-NAME, which also carries the host's access link) and per fabric link
/// (link-N), then boots every device with its wiring as one immutable message. Children restart on failure (Akka's
/// default one-for-one strategy); a restarted device keeps its wiring (see <see cref="SwitchActor"/>).
/// </summary>
internal sealed class FabricSupervisor : UntypedActor
{
    private readonly FabricBuildPlan _plan;
    private FabricBuilt? _built;

    public FabricSupervisor(FabricBuildPlan plan) => _plan = plan;

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case FabricBuiltQuery:
                Sender.Tell(_built!);
                break;
            case StartCaptureWriter m:
                // A child, so it starts in this turn (a top-level actor would start later, on Akka's guardian thread).
                Sender.Tell(new CaptureWriterStarted(Context.ActorOf(FabricProps.Of(() => new CaptureWriter(m.Id, m.Target, m.Path)), "capture-" + m.Id)));
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    protected override void PreStart()
    {
        var p = _plan;
        var t = p.Topology;
        var o = p.Options;
        var monitor = Context.ActorOf(FabricProps.Of(() => new ConvergenceMonitor(p.Expectation, p.View, t.Nodes.Length)), "convergence");
        var traces = Context.ActorOf(FabricProps.Of(() => new PathTraceCollector()), "path-traces");
        // One pool per fabric for all speakers: each reflected route and attribute set is then held once, not once
        // per receiving device. They hold immutable values only.
        var routeInterner = new EvpnRouteInterner();
        var attributeInterner = new AttributeInterner(1 << 18);

        var devices = new IActorRef[t.Nodes.Length];
        foreach (var n in t.Nodes)
        {
            var setup = new SwitchSetup
            {
                Topology = t, NodeIndex = n.Index, Expectation = p.Expectation, Monitor = monitor, PathTraces = traces,
                Seed = o.Seed, BgpUpdateDelay = o.BgpUpdateDelay, Gauges = p.DeviceGauges[n.Index],
                RouteInterner = routeInterner, AttributeInterner = attributeInterner,
            };
            devices[n.Index] = Context.ActorOf(FabricProps.Of(() => new SwitchActor(setup)), n.Name);
        }

        var wiring = new DeviceWiring[t.Nodes.Length];
        for (int i = 0; i < wiring.Length; i++) wiring[i] = new DeviceWiring();
        var links = new IActorRef[t.Links.Length];
        foreach (var l in t.Links)
        {
            var (aPort, bPort) = p.LinkPorts[l.Index];
            var setup = new LinkSetup(l.Index, devices[l.A], aPort, devices[l.B], bPort, l.Latency, l.Loss, l.State == LinkState.Up, o.Seed, p.LinkGauges[l.Index]);
            var link = links[l.Index] = Context.ActorOf(FabricProps.Of(() => new LinkActor(setup)), "link-" + l.Index);
            wiring[l.A].Links.Add(new PortLink(aPort, link, 0));
            wiring[l.A].Neighbors.Add(new PortNeighbor(aPort, l.B));
            wiring[l.B].Links.Add(new PortLink(bPort, link, 1));
            wiring[l.B].Neighbors.Add(new PortNeighbor(bPort, l.A));
        }
        // A host carries its own access link (side A the host, side B the leaf port).
        var hosts = new IActorRef[t.Hosts.Length];
        foreach (var h in t.Hosts)
        {
            int port = p.HostPorts[h.Index];
            var link = new LinkSetup(t.Links.Length + h.Index, ActorRefs.Nobody, 0, devices[h.Leaf], port,
                t.Settings.DefaultLinkLatency, 0, true, o.Seed, p.HostLinkGauges[h.Index]);
            var setup = new HostSetup(h, traces, o.AnnounceHosts, t.Settings.MacAging / 2, link);
            var host = hosts[h.Index] = Context.ActorOf(FabricProps.Of(() => new HostActor(setup)), "host-" + h.Name);
            wiring[h.Leaf].Links.Add(new PortLink(port, host, 1));
            wiring[h.Leaf].Access.Add(new PortVlan(port, h.Vlan));
        }
        for (int i = 0; i < devices.Length; i++)
        {
            var w = wiring[i];
            devices[i].Tell(new DeviceBoot([.. w.Links], [.. w.Neighbors], [.. w.Access], []), Self);
        }
        _built = new FabricBuilt(devices, hosts, links, traces);
    }

    private sealed class DeviceWiring
    {
        public readonly List<PortLink> Links = [];
        public readonly List<PortNeighbor> Neighbors = [];
        public readonly List<PortVlan> Access = [];
    }
}

/// <summary>What the supervisor builds from: immutable values, plus the gauges each actor writes alone.</summary>
internal sealed record FabricBuildPlan(
    FabricTopology Topology,
    FabricRunOptions Options,
    ConvergenceExpectation Expectation,
    ConvergenceView View,
    (int A, int B)[] LinkPorts,
    int[] HostPorts,
    DeviceGauges[] DeviceGauges,
    LinkGauges[] LinkGauges,
    LinkGauges[] HostLinkGauges);
