using Akka.Actor;
using Akka.Event;
using Akka.Cluster.Sharding;
using ActorFabric.Cluster.Entities;
using ActorFabric.Cluster.Placement;
using ActorFabric.Cluster.Relay;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cluster.Node;

/// <summary>
/// /user/fabric-node on every fabric node: loads the fabric a launcher sends (compiling the same topology text every
/// node gets), starts the entities of the shards the placement gives this node, and answers its part of
/// <c>cluster status</c>.
/// </summary>
internal sealed class FabricNodeActor : UntypedActor
{
    private readonly IActorRef _region;
    private readonly IActorRef _relay;
    private readonly string? _metricsUrl;
    private readonly FabricEntities _entities;
    private IActorRef? _forwarder;
    private IActorRef? _traces;
    private readonly List<IActorRef> _askers = [];
    private CurrentShardRegionState? _state;
    private RelayTraffic? _traffic;

    private readonly Action<ActorSystem> _kill;

    public FabricNodeActor(IActorRef region, IActorRef relay, string? metricsUrl, Action<ActorSystem> kill)
    {
        _kill = kill;
        _region = region;
        _relay = relay;
        _metricsUrl = metricsUrl;
        _entities = FabricEntities.Get(Context.System);
    }

    private Address SelfAddress => Akka.Cluster.Cluster.Get(Context.System).SelfAddress;

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case LoadFabric m:
                Sender.Tell(Load(m));
                break;
            case StartEntities m:
                Start(m);
                break;
            case KillNode:
                Context.System.Log.Warning("chaos node-kill: node {0} stops now, without leaving the cluster", SelfAddress);
                _kill(Context.System);
                break;
            case NodeStatusQuery:
                // Both parts are asked by Tell; the askers wait until both answers are in.
                if (_askers.Count == 0)
                {
                    _region.Tell(GetShardRegionState.Instance, Self);
                    _relay.Tell(RelayTrafficQuery.Instance, Self);
                }
                _askers.Add(Sender);
                break;
            case CurrentShardRegionState state:
                _state = state;
                AnswerStatus();
                break;
            case RelayTraffic traffic:
                _traffic = traffic;
                AnswerStatus();
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private object Load(LoadFabric m)
    {
        if (_entities.Fabric is { } loaded)
        {
            if (loaded.LaunchId == m.LaunchId) return new FabricLoaded(m.LaunchId, SelfAddress, loaded.Placement.Shards.Length);
            if (loaded.ConfigDigest != NodeFabric.DigestOf(m.TopologyText) || loaded.Settings != m.Settings)
                return new FabricLoadFailed(m.LaunchId, SelfAddress,
                    $"this node already runs fabric '{loaded.Topology.Name}' (another topology or seed); restart the nodes to launch another");
            // The same fabric again (a launcher restarted): attach to the running devices.
            _forwarder!.Tell(new Retarget(m.Monitor));
            _traces!.Tell(new Retarget(m.PathTraces));
            loaded.LaunchId = m.LaunchId;
            return new FabricLoaded(m.LaunchId, SelfAddress, loaded.Placement.Shards.Length);
        }
        if (!TopologyLoader.TryParse(m.TopologyText, m.SourceName, out var topology, out var errors))
            return new FabricLoadFailed(m.LaunchId, SelfAddress, string.Join("; ", errors.Select(e => e.ToString()).Take(5)));
        _forwarder = Context.ActorOf(Props.Create(() => new ConvergenceForwarder(m.Monitor)), "convergence");
        _traces = Context.ActorOf(Props.Create(() => new TraceForwarder(m.PathTraces)), "path-traces");
        var fabric = new NodeFabric(m.LaunchId, topology, m.TopologyText, m.Settings, _entities, _forwarder, _traces) { Persistent = _entities.Persistent };
        _entities.Fabric = fabric;
        return new FabricLoaded(m.LaunchId, SelfAddress, fabric.Placement.Shards.Length);
    }

    private void Start(StartEntities m)
    {
        if (_entities.Fabric is not { } fabric || fabric.LaunchId != m.LaunchId)
        {
            Sender.Tell(new Status.Failure(new InvalidOperationException($"node {SelfAddress} has not loaded launch {m.LaunchId}")));
            return;
        }
        // The region starts each entity in its shard, wherever the allocation strategy puts that shard (with the
        // placement's assignment that is this node, so the start is local).
        var assignment = fabric.Placement.Assign(m.MemberCount);
        int started = 0;
        for (int s = 0; s < assignment.Length; s++)
        {
            if (assignment[s] != m.MemberIndex) continue;
            foreach (var id in fabric.EntitiesOf(fabric.Placement.Shards[s]))
            {
                _region.Tell(new ShardRegion.StartEntity(id), Self);
                started++;
            }
        }
        Sender.Tell(new EntitiesStarted(m.LaunchId, SelfAddress, started));
    }

    private void AnswerStatus()
    {
        if (_state is not { } state || _traffic is not { } traffic) return;
        var shards = new List<string>();
        int entities = 0, devices = 0, hosts = 0, links = 0;
        foreach (var shard in state.Shards)
        {
            shards.Add(shard.ShardId);
            foreach (var id in shard.EntityIds)
            {
                entities++;
                if (id.StartsWith("d:", StringComparison.Ordinal)) devices++;
                else if (id.StartsWith("h:", StringComparison.Ordinal)) hosts++;
                else links++;
            }
        }
        shards.Sort(StringComparer.Ordinal);
        var status = new NodeStatus(SelfAddress, _entities.Fabric?.Topology.Name, shards, entities, devices, hosts, links, LinksCut(shards), traffic.Sent, _metricsUrl);
        foreach (var asker in _askers) asker.Tell(status);
        _askers.Clear();
        _state = null;
        _traffic = null;
    }

    /// <summary>Links of the local shards (fabric links and host links) whose other end's shard is not here.</summary>
    private int LinksCut(List<string> localShards)
    {
        if (_entities.Fabric is not { } fabric) return 0;
        var p = fabric.Placement;
        var t = fabric.Topology;
        var local = new HashSet<string>(localShards, StringComparer.Ordinal);
        int cut = 0;
        foreach (var shard in p.Shards)
        {
            if (!local.Contains(shard.Id)) continue;
            foreach (var l in shard.Links)
            {
                var link = t.Links[l];
                if (!local.Contains(p.ShardOf(FabricEntityId.Device(t.Nodes[link.A].Name))) || !local.Contains(p.ShardOf(FabricEntityId.Device(t.Nodes[link.B].Name)))) cut++;
            }
            foreach (var h in shard.Hosts)
                if (!local.Contains(p.ShardOf(FabricEntityId.Device(t.Nodes[t.Hosts[h].Leaf].Name)))) cut++;
        }
        return cut;
    }
}
