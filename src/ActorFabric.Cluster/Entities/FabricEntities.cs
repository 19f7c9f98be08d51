using System.Collections.Concurrent;
using Akka.Actor;
using ActorFabric.Cluster.Node;

namespace ActorFabric.Cluster.Entities;

/// <summary>
/// Per actor system: the relay that entity refs hand their messages to, the fabric this node has loaded (null until
/// a launcher loads one), and one <see cref="EntityRef"/> per entity id. The sharding props factory and message
/// extractor read the loaded fabric from here.
/// </summary>
internal sealed class FabricEntities : IExtension
{
    private readonly ExtendedActorSystem _system;
    private readonly ConcurrentDictionary<string, EntityRef> _refs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IActorRef> _local = new(StringComparer.Ordinal);
    private IActorRef _relay = ActorRefs.Nobody;
    private NodeFabric? _fabric;
    private Placement.FabricPlacement? _placement;

    public FabricEntities(ExtendedActorSystem system) => _system = system;

    public static FabricEntities Get(ActorSystem system) => system.WithExtension<FabricEntities, FabricEntitiesProvider>();

    /// <summary>What this node's relay has sent to each other node, by its host:port (written by the relay only, read by /metrics).</summary>
    public ConcurrentDictionary<string, Relay.RelayPeerGauges> RelaySent { get; } = new(StringComparer.Ordinal);

    /// <summary>This node's cluster address as host:port (the <c>node</c> label of its metrics).</summary>
    public string SelfHostPort => Akka.Cluster.Cluster.Get(_system).SelfAddress.HostPort();

    /// <summary>The node has a store: entities keep journals (set once at start).</summary>
    public bool Persistent { get; set; }

    /// <summary>Set once when the node's relay starts.</summary>
    public IActorRef Relay
    {
        get => Volatile.Read(ref _relay);
        set => Volatile.Write(ref _relay, value);
    }

    public NodeFabric? Fabric
    {
        get => Volatile.Read(ref _fabric);
        set => Volatile.Write(ref _fabric, value);
    }

    /// <summary>
    /// Which shard each entity is in: set when a fabric node loads a fabric, and on a launcher (whose shard-region
    /// proxy must also map entity ids to shards).
    /// </summary>
    public Placement.FabricPlacement? Placement
    {
        get => Volatile.Read(ref _placement) ?? Fabric?.Placement;
        set => Volatile.Write(ref _placement, value);
    }

    public string ShardOf(string entityId) => (Placement ?? throw new InvalidOperationException("no fabric is loaded on this node (launch one with `actorfabric launch`)")).ShardOf(entityId);

    public NodeFabric RequireFabric() => Fabric ?? throw new InvalidOperationException("no fabric is loaded on this node (launch one with `actorfabric launch`)");

    /// <summary>
    /// The actor of an entity running on this node, once the relay has found it: an entity ref then tells it
    /// directly, as in one process, instead of through relay, shard region and shard (three mailbox hops).
    /// </summary>
    public bool TryLocal(string entityId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IActorRef? actor) => _local.TryGetValue(entityId, out actor);

    /// <summary>Set and cleared by the relay only (it watches the actor and forgets it when it stops).</summary>
    internal void SetLocal(string entityId, IActorRef actor) => _local[entityId] = actor;

    internal void ForgetLocal(string entityId) => _local.TryRemove(entityId, out _);

    /// <summary>The ref of an entity ("d:leaf1", "l:12", "h:h1").</summary>
    public EntityRef Ref(string entityId) => _refs.GetOrAdd(entityId, id =>
    {
        var relay = Relay;
        if (relay.IsNobody()) throw new InvalidOperationException("the fabric relay of this node has not started");
        return new EntityRef(id, relay, this, relay.Path / Uri.EscapeDataString(id), _system.Provider);
    });
}

internal sealed class FabricEntitiesProvider : ExtensionIdProvider<FabricEntities>
{
    public override FabricEntities CreateExtension(ExtendedActorSystem system) => new(system);
}
