using Akka.Actor;
using ActorFabric.Cluster.Entities;
using ActorFabric.Cluster.Node;
using ActorFabric.Cluster.Relay;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cli.Bench;

/// <summary>The parts of ActorFabric.Cluster the remote-frame benchmark drives directly: the relay, a loaded fabric, entity refs.</summary>
internal static class RelayInternals
{
    /// <summary>Props of the fabric's relay, for /user/relay of a benchmark node.</summary>
    public static Props FrameRelay(IActorRef region, bool locate) => Props.Create(() => new FrameRelay(region, locate));

    /// <summary>Loads <paramref name="topology"/> as this node's fabric, as a launcher's LoadFabric does (the relay reads its placement).</summary>
    public static void LoadFabric(ActorSystem system, FabricTopology topology, string topologyText)
    {
        var entities = FabricEntities.Get(system);
        entities.Fabric = new NodeFabric("bench-frames", topology, topologyText, new LaunchSettings(1, false, TimeSpan.Zero), entities, ActorRefs.Nobody, ActorRefs.Nobody);
    }

    /// <summary>Makes <paramref name="relay"/> the node's relay, the one entity refs hand their messages to.</summary>
    public static void UseRelay(ActorSystem system, IActorRef relay) => FabricEntities.Get(system).Relay = relay;

    /// <summary>The node's entity ref of <paramref name="entityId"/>: telling it is what a device does to reach its peer.</summary>
    public static IActorRef EntityRef(ActorSystem system, string entityId) => FabricEntities.Get(system).Ref(entityId);

    /// <summary>Frames and batches the relay has sent to other nodes so far (its answer to a traffic query).</summary>
    public static async Task<(long Frames, long Batches)> SentAsync(IActorRef relay, TimeSpan timeout)
    {
        var traffic = await relay.Ask<RelayTraffic>(RelayTrafficQuery.Instance, timeout).ConfigureAwait(false);
        return (traffic.Sent.Sum(t => t.Frames), traffic.Sent.Sum(t => t.Batches));
    }
}
