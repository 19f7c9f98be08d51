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
/// <param name="SegmentLinks">The LAG links of multihomed hosts beyond their first, in <see cref="Topology.FabricTopology.SegmentLinks"/> order.</param>
internal sealed record FabricBuilt(IActorRef[] Devices, IActorRef[] Hosts, IActorRef[] Links, IActorRef PathTraces, IActorRef[]? SegmentLinks = null) : Messages.IControlMessage;

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
                CaptureWriter.StartUnder(Context, m, Sender);
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
                Seed = o.Seed, BgpUpdateDelay = o.BgpUpdateDelay, Gauges = p.Directory.DeviceGauges[n.Index],
                RouteInterner = routeInterner, AttributeInterner = attributeInterner,
            };
            devices[n.Index] = Context.ActorOf(FabricProps.Of(() => new SwitchActor(setup)), n.Name);
        }

        var wiring = new FabricWiring(t, p.Directory, o.Seed);
        var links = new IActorRef[t.Links.Length];
        foreach (var l in t.Links)
        {
            var setup = wiring.LinkOf(l.Index, i => devices[i]);
            links[l.Index] = Context.ActorOf(FabricProps.Of(() => new LinkActor(setup)), "link-" + l.Index);
        }
        // A LAG link's host end is set by the host when it starts (the host is built after its links).
        var segmentLinks = new IActorRef[t.SegmentLinks.Length];
        for (int e = 0; e < segmentLinks.Length; e++)
        {
            var setup = wiring.SegmentLinkOf(e, i => devices[i], _ => ActorRefs.Nobody);
            segmentLinks[e] = Context.ActorOf(FabricProps.Of(() => new LinkActor(setup)), "link-" + t.SegmentLinks[e].Index);
        }
        IActorRef LinkRef(int index) => index < links.Length ? links[index] : segmentLinks[index - links.Length - t.Hosts.Length];
        var hosts = new IActorRef[t.Hosts.Length];
        foreach (var h in t.Hosts)
        {
            var setup = wiring.HostOf(h.Index, i => devices[i], LinkRef, traces, o.AnnounceHosts);
            hosts[h.Index] = Context.ActorOf(FabricProps.Of(() => new HostActor(setup)), "host-" + h.Name);
        }
        for (int i = 0; i < devices.Length; i++) devices[i].Tell(wiring.BootOf(i, LinkRef, h => hosts[h]), Self);
        _built = new FabricBuilt(devices, hosts, links, traces, segmentLinks);
    }
}

/// <summary>What the supervisor builds from: immutable values, plus the gauges each actor writes alone.</summary>
internal sealed record FabricBuildPlan(
    FabricTopology Topology,
    FabricRunOptions Options,
    ConvergenceExpectation Expectation,
    ConvergenceView View,
    FabricDirectory Directory);
