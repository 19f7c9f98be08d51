using Akka.Actor;
using Akka.Cluster.Sharding;
using ActorFabric.Cluster.Entities;
using ActorFabric.Cluster.Node;
using ActorFabric.Cluster.Placement;
using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Runtime.Links;

namespace ActorFabric.Cluster.Launch;

/// <summary>
/// /user/fabric on a launcher, in place of the one-process supervisor: holds the fabric's convergence monitor and
/// path-trace collector (devices on every node report to them by message), has every fabric node load the topology,
/// then has each start the entities the placement gives it, and answers the facade with entity refs for every
/// device, host and link. Capture writers are its children, like the supervisor's.
/// </summary>
internal sealed class ClusterFabricRoot : UntypedActor, IWithTimers
{
    public ITimerScheduler Timers { get; set; } = null!;

    private readonly FabricBuildPlan _plan;
    private readonly LaunchRequest _request;
    private readonly HashSet<Address> _loaded = [];
    private readonly HashSet<Address> _started = [];
    private readonly List<IActorRef> _waiting = [];
    private IActorRef _monitor = ActorRefs.Nobody;
    private IActorRef _traces = ActorRefs.Nobody;
    private FabricBuilt? _built;
    private string? _failure;

    public ClusterFabricRoot(FabricBuildPlan plan, LaunchRequest request)
    {
        _plan = plan;
        _request = request;
    }

    protected override void PreStart()
    {
        var t = _plan.Topology;
        FabricEntities.Get(Context.System).Placement = FabricPlacement.Build(t);
        _monitor = Context.ActorOf(FabricProps.Of(() => new ConvergenceMonitor(_plan.Expectation, _plan.View, t.Nodes.Length)), "convergence");
        _traces = Context.ActorOf(FabricProps.Of(() => new PathTraceCollector()), "path-traces");
        var settings = new LaunchSettings(_plan.Options.Seed, _plan.Options.AnnounceHosts, _plan.Options.BgpUpdateDelay);
        foreach (var member in _request.Members)
            NodeActor(member).Tell(new LoadFabric(_request.LaunchId, _request.TopologyText, _request.SourceName, settings, _monitor, _traces));
        _request.Progress?.Report($"loading {t.Name} on {_request.Members.Count} node(s)");
    }

    private static ActorSelection NodeActor(Address member) => Context.ActorSelection(new RootActorPath(member) / "user" / "fabric-node");

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case FabricLoaded m when m.LaunchId == _request.LaunchId:
                _loaded.Add(m.Node);
                _request.Progress?.Report($"{m.Node}: loaded ({m.Entities} shards in the placement)");
                if (_loaded.Count == _request.Members.Count) AskRegions();
                break;
            case CurrentRegions m:
                OnRegions(m.Regions);
                break;
            case RegionsAgain:
                AskRegions();
                break;
            case FabricLoadFailed m:
                Fail($"{m.Node} could not load the fabric: {m.Reason}");
                break;
            case EntitiesStarted m when m.LaunchId == _request.LaunchId:
                _started.Add(m.Node);
                _request.Progress?.Report($"{m.Node}: started {m.Started} devices, hosts and links");
                if (_started.Count == _request.Members.Count) Built();
                break;
            case Status.Failure f:
                Fail(f.Cause.Message);
                break;
            case FabricBuiltQuery:
                if (_built is not null) Sender.Tell(_built);
                else if (_failure is not null) Sender.Tell(new Status.Failure(new InvalidOperationException(_failure)));
                else _waiting.Add(Sender);
                break;
            case StartCaptureWriter m:
                CaptureWriter.StartUnder(Context, m, Sender);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    // The allocation strategy splits the shards over the regions the coordinator knows when the first start arrives:
    // a node whose region has not registered yet would get none, and one node would run the whole fabric. So the
    // entities start once every member's region is registered (or after RegionsPatience, with a warning).
    private static readonly TimeSpan RegionsPatience = TimeSpan.FromSeconds(15);
    private DateTime _regionsSince;

    private sealed class RegionsAgain
    {
        public static readonly RegionsAgain Instance = new();
    }

    private void AskRegions()
    {
        if (_regionsSince == default) _regionsSince = DateTime.UtcNow;
        ClusterSharding.Get(Context.System).ShardRegion(ClusterNode.ShardTypeName).Tell(GetCurrentRegions.Instance, Self);
    }

    private void OnRegions(IEnumerable<Address> regions)
    {
        if (_started.Count > 0 || _startsSent) return;
        var known = regions.ToHashSet();
        var missing = _request.Members.Where(m => !known.Contains(m)).ToList();
        if (missing.Count > 0 && DateTime.UtcNow - _regionsSince < RegionsPatience)
        {
            Timers.StartSingleTimer(RegionsAgain.Instance, RegionsAgain.Instance, TimeSpan.FromMilliseconds(200));
            return;
        }
        if (missing.Count > 0)
            _request.Progress?.Report($"shard regions of {string.Join(", ", missing)} not registered after {RegionsPatience.TotalSeconds:0} s; starting anyway (placement may put their devices elsewhere)");
        _startsSent = true;
        for (int i = 0; i < _request.Members.Count; i++)
            NodeActor(_request.Members[i]).Tell(new StartEntities(_request.LaunchId, i, _request.Members.Count));
    }

    private bool _startsSent;

    private void Built()
    {
        var t = _plan.Topology;
        var entities = FabricEntities.Get(Context.System);
        var devices = new IActorRef[t.Nodes.Length];
        foreach (var n in t.Nodes) devices[n.Index] = entities.Ref(FabricEntityId.Device(n.Name));
        var hosts = new IActorRef[t.Hosts.Length];
        foreach (var h in t.Hosts) hosts[h.Index] = entities.Ref(FabricEntityId.Host(h.Name));
        var links = new IActorRef[t.Links.Length];
        foreach (var l in t.Links) links[l.Index] = entities.Ref(FabricEntityId.Link(l.Index));
        var segmentLinks = new IActorRef[t.SegmentLinks.Length];
        for (int e = 0; e < segmentLinks.Length; e++) segmentLinks[e] = entities.Ref(FabricEntityId.Link(t.SegmentLinks[e].Index));
        _built = new FabricBuilt(devices, hosts, links, _traces, segmentLinks);
        foreach (var w in _waiting) w.Tell(_built);
        _waiting.Clear();
    }

    private void Fail(string reason)
    {
        _failure ??= reason;
        foreach (var w in _waiting) w.Tell(new Status.Failure(new InvalidOperationException(_failure)));
        _waiting.Clear();
    }
}

/// <summary>What a launcher hands its root: the fabric members (in address order), the topology text and a launch id.</summary>
internal sealed record LaunchRequest(string LaunchId, IReadOnlyList<Address> Members, string TopologyText, string SourceName, IProgress<string>? Progress);
