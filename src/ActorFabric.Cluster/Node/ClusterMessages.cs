using Akka.Actor;
using ActorFabric.Fabric.Runtime.Messages;

namespace ActorFabric.Cluster.Node;

/// <summary>What every node needs to run its part of a launched fabric (the settings of the run that cross nodes).</summary>
internal sealed record LaunchSettings(int Seed, bool AnnounceHosts, TimeSpan BgpUpdateDelay);

/// <summary>
/// Launcher → each fabric node's /user/fabric-node: compile this topology (the file's text, so every node sees the same
/// fabric) and get ready to host its entities. Devices report convergence to <paramref name="Monitor"/> and hops of
/// traced pings to <paramref name="PathTraces"/> (both on the launcher), by message.
/// </summary>
internal sealed record LoadFabric(string LaunchId, string TopologyText, string SourceName, LaunchSettings Settings, IActorRef Monitor, IActorRef PathTraces) : IControlMessage;

internal sealed record FabricLoaded(string LaunchId, Address Node, int Entities) : IControlMessage;

internal sealed record FabricLoadFailed(string LaunchId, Address Node, string Reason) : IControlMessage;

/// <summary>Start the entities of the shards the placement gives member <paramref name="MemberIndex"/> of <paramref name="MemberCount"/>.</summary>
internal sealed record StartEntities(string LaunchId, int MemberIndex, int MemberCount) : IControlMessage;

internal sealed record EntitiesStarted(string LaunchId, Address Node, int Started) : IControlMessage;

/// <summary>Asks a node for its part of <c>cluster status</c>.</summary>
internal sealed record NodeStatusQuery : IControlMessage
{
    public static readonly NodeStatusQuery Instance = new();
}

/// <summary>
/// One node's view: the shards and entities it hosts now, how many of the links it runs have their other end on
/// another node (the link cut, summed over nodes, counts every cut link once: a link runs on one node), what its
/// relay sent to each other node, and where it serves its metrics.
/// </summary>
internal sealed record NodeStatus(
    Address Node,
    string? Fabric,
    IReadOnlyList<string> Shards,
    int Entities,
    int Devices,
    int Hosts,
    int Links,
    int LinksCut,
    IReadOnlyList<NodePairTraffic> Traffic,
    string? MetricsUrl) : IControlMessage;

/// <summary>Frames, bytes and batches one node's relay sent to another (the batched cross-node path).</summary>
internal sealed record NodePairTraffic(string To, long Frames, long Bytes, long Batches, long Unbatched) : IControlMessage;

/// <summary>chaos node-kill: the node ends its process at once, saying goodbye to nobody (like kill -9).</summary>
internal sealed record KillNode : IControlMessage
{
    public static readonly KillNode Instance = new();
}
