using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using ActorFabric.Cluster.Entities;
using ActorFabric.Cluster.Node;
using ActorFabric.Fabric.Runtime.Messages;

namespace ActorFabric.Cluster.Relay;

/// <summary>Asks a relay for what it sent to each other node (reply: <see cref="RelayTraffic"/>).</summary>
internal sealed record RelayTrafficQuery
{
    public static readonly RelayTrafficQuery Instance = new();
}

internal sealed record RelayTraffic(IReadOnlyList<NodePairTraffic> Sent, long FramesReceived);

/// <summary>
/// /user/relay on every node: where entity refs hand their messages. Frames for an entity on another node are
/// gathered per node and leave as one <see cref="FrameBatch"/> (one Akka.Remote message) when the relay's mailbox
/// turn ends — the flush request queues behind the frames already waiting — or when a batch reaches its bound;
/// the receiving relay gives each frame to its shard region. Everything else (commands, queries, frames for local or
/// not yet located entities) goes straight to the shard region. Where a shard lives is read from the sharding
/// coordinator's statistics every few seconds and whenever a member leaves (answers are merged: a region too busy to
/// answer keeps its shards); a stale answer costs one extra hop (the region forwards), never a lost message. Entities running here are found at their sharding path and told
/// directly (as are entity refs on this node, through <see cref="FabricEntities.TryLocal"/>) until they stop.
/// </summary>
internal sealed class FrameRelay : UntypedActor, IWithTimers
{
    private const int MaxBatchFrames = 1024;
    // Below the large-object heap threshold (85,000 B) with the last frame and the envelope: each of Akka.Remote's
    // copies of a batch is then a gen-0 allocation, not a LOH one that forces blocking gen-2 collections (measured:
    // twice the frames/s, a tenth of the GC pause of 512 KiB batches).
    private const int MaxBatchBytes = 60 * 1024;
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(2);

    private readonly IActorRef _region;
    private readonly FabricEntities _entities;
    private readonly bool _locate;
    private readonly Address _self;
    private readonly Dictionary<Address, Outbox> _outboxes = [];
    private readonly Dictionary<string, Address> _homes = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, string> _localIds = [];
    private long _received;

    /// <param name="region">The fabric shard region (or a proxy, on a launcher).</param>
    /// <param name="locate">Learn where shards live and batch frames for remote ones (fabric nodes; a launcher sends only commands).</param>
    public FrameRelay(IActorRef region, bool locate)
    {
        _region = region;
        _locate = locate;
        _entities = FabricEntities.Get(Context.System);
        _self = Akka.Cluster.Cluster.Get(Context.System).SelfAddress;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        if (!_locate) return;
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent));
        Timers.StartPeriodicTimer("refresh", Refresh.Instance, RefreshInterval);
    }

    protected override void PostStop()
    {
        if (_locate) Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case EntityEnvelope { Message: FrameIn or LinkTransmit or PortStatus } e when RemoteHome(e.EntityId) is { } home:
                Enqueue(home, e.EntityId, (IWireMessage)e.Message);
                break;
            case EntityEnvelope e:
                Deliver(e.EntityId, e.Message, Sender);
                break;
            case FrameBatch b:
                _received += b.Count;
                for (int i = 0; i < b.Count; i++) Deliver(b.Entities[i], b.Messages[i], ActorRefs.NoSender);
                break;
            case Terminated t:
                if (_localIds.Remove(t.ActorRef, out var gone)) _entities.ForgetLocal(gone);
                break;
            case Flush f:
                Send(f.To);
                break;
            case Refresh:
                // The region answers the sender (by Tell, within the timeout it is given); answers are idempotent.
                if (_entities.Fabric is not null) _region.Tell(new GetClusterShardingStats(TimeSpan.FromSeconds(3)), Self);
                break;
            case ClusterShardingStats stats:
                // Merged, not replaced: a region that did not answer within the timeout (a busy node) is missing from
                // the answer, and forgetting its shards would send every frame for them the slow way (one remote
                // message each, through the regions) exactly when the cluster is short of CPU. Shards leave this map
                // only with their member (MemberRemoved); a shard that moved is corrected by the next answer.
                foreach (var (address, region) in stats.Regions)
                    foreach (var shard in region.Stats.Keys) _homes[shard] = address;
                break;
            case ClusterEvent.MemberRemoved m:
                // An unreachable member keeps its batches: its shards move only once it is removed, and until then the
                // regions would forward the same frames to the same node one message at a time.
                RestartOrphans(m.Member.Address);
                Forget(m.Member.Address);
                Self.Tell(Refresh.Instance);
                break;
            case ClusterEvent.MemberUp:
                Self.Tell(Refresh.Instance);
                break;
            case ClusterEvent.IClusterDomainEvent:
                break;
            case RelayTrafficQuery:
                var sent = new List<NodePairTraffic>();
                foreach (var (address, o) in _outboxes) sent.Add(new NodePairTraffic(address.ToString(), o.Frames, o.Bytes, o.Batches, 0));
                Sender.Tell(new RelayTraffic(sent, _received));
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>
    /// Hands a message to a local entity's actor if it is known, else to the shard region (which starts the entity if
    /// need be, or forwards it to its node); an entity the coordinator places here is looked up at its sharding path
    /// (/system/sharding/fabric/SHARD/ENTITY) so that later messages, and entity refs on this node, skip the region.
    /// </summary>
    private void Deliver(string entityId, object message, IActorRef? sender)
    {
        if (_entities.TryLocal(entityId, out var local))
        {
            local.Tell(message, sender);
            return;
        }
        _region.Tell(new ShardingEnvelope(entityId, message), sender);
        if (_locate && _entities.Fabric is { } fabric && ShardOf(fabric, entityId) is { } shard && _homes.TryGetValue(shard, out var home) && home == _self)
        {
            var path = new RootActorPath(_self) / "system" / "sharding" / Node.ClusterNode.ShardTypeName / Uri.EscapeDataString(shard) / Uri.EscapeDataString(entityId);
            if (((ExtendedActorSystem)Context.System).Provider.ResolveActorRef(path) is ActorRefWithCell found && !_localIds.ContainsKey(found))
            {
                Context.Watch(found);
                _localIds[found] = entityId;
                _entities.SetLocal(entityId, found);
            }
        }
    }

    private static string? ShardOf(NodeFabric fabric, string entityId)
    {
        try
        {
            return fabric.Placement.ShardOf(entityId);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private Address? RemoteHome(string entityId)
    {
        if (!_locate || _entities.Fabric is not { } fabric) return null;
        if (_homes.Count == 0) ExpectPlannedHomes(fabric);
        string shard;
        try
        {
            shard = fabric.Placement.ShardOf(entityId);
        }
        catch (ArgumentException)
        {
            return null; // the region answers with the proper error
        }
        return _homes.TryGetValue(shard, out var home) && home != _self ? home : null;
    }

    /// <summary>
    /// Until the coordinator's statistics first answer (under load its fan-out to every region times out, and one late
    /// region empties the whole answer), shards are expected where the placement's plan puts them: the launch starts
    /// entities only once every fabric member's region is registered, and the allocation strategy then follows
    /// <see cref="FabricPlacement.Assign"/> over the fabric members in address order
    /// (<see cref="Placement.TopologyShardAllocationStrategy"/>). A wrong guess costs the receiving region one hop.
    /// </summary>
    private void ExpectPlannedHomes(NodeFabric fabric)
    {
        var members = ClusterNode.UpFabricMembers(Akka.Cluster.Cluster.Get(Context.System).State);
        if (members.Count == 0) return;
        var assigned = fabric.Placement.Assign(members.Count);
        for (int s = 0; s < assigned.Length; s++) _homes[fabric.Placement.Shards[s].Id] = members[assigned[s]];
    }

    /// <summary>
    /// A node left the cluster (downed, or gone): start every entity of the shards it ran, so they come back on the
    /// survivors now rather than at the first message for each. Sharding allocates each shard once; a start of an
    /// entity already running is ignored, so every survivor's relay may do this.
    /// </summary>
    private void RestartOrphans(Address gone)
    {
        if (_entities.Fabric is not { } fabric) return;
        foreach (var shard in fabric.Placement.Shards)
        {
            if (!_homes.TryGetValue(shard.Id, out var home) || home != gone) continue;
            foreach (var id in fabric.EntitiesOf(shard)) _region.Tell(new ShardRegion.StartEntity(id), ActorRefs.NoSender);
        }
    }

    private void Forget(Address address)
    {
        foreach (var (shard, home) in _homes.ToArray()) if (home == address) _homes.Remove(shard);
    }

    private void Enqueue(Address home, string entityId, IWireMessage message)
    {
        if (!_outboxes.TryGetValue(home, out var box))
        {
            var relay = ((ExtendedActorSystem)Context.System).Provider.ResolveActorRef(new RootActorPath(home) / "user" / "relay");
            _outboxes[home] = box = new Outbox(relay, _entities.RelaySent.GetOrAdd(home.HostPort(), _ => new RelayPeerGauges()));
        }
        if (box.Entities.Count == 0) Self.Tell(new Flush(home));
        box.Entities.Add(entityId);
        box.Messages.Add(message);
        box.PendingBytes += message is FrameIn f ? f.Frame.Length : message is LinkTransmit t ? t.Frame.Length : 0;
        if (box.Entities.Count >= MaxBatchFrames || box.PendingBytes >= MaxBatchBytes) Send(home);
    }

    private void Send(Address home)
    {
        if (!_outboxes.TryGetValue(home, out var box) || box.Entities.Count == 0) return;
        box.Relay.Tell(new FrameBatch([.. box.Entities], [.. box.Messages]), Self);
        box.Frames += box.Entities.Count;
        box.Bytes += box.PendingBytes;
        box.Batches++;
        Volatile.Write(ref box.Sent.Frames, box.Frames);
        Volatile.Write(ref box.Sent.Bytes, box.Bytes);
        box.Entities.Clear();
        box.Messages.Clear();
        box.PendingBytes = 0;
    }

    private sealed record Flush(Address To);

    private sealed record Refresh
    {
        public static readonly Refresh Instance = new();
    }

    private sealed class Outbox(IActorRef relay, RelayPeerGauges sent)
    {
        public readonly IActorRef Relay = relay;
        public readonly RelayPeerGauges Sent = sent;
        public readonly List<string> Entities = [];
        public readonly List<IWireMessage> Messages = [];
        public long PendingBytes;
        public long Frames, Bytes, Batches;
    }
}
