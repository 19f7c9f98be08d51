using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;
using ActorFabric.Cluster.Entities;
using ActorFabric.Cluster.Node;
using ActorFabric.Cluster.Relay;
using ActorFabric.Fabric.Runtime.Messages;
using ActorFabric.Fabric.Topology;
using Xunit.Abstractions;

namespace ActorFabric.Cluster.Tests.Launch;

/// <summary>
/// Where the relay believes shards live decides whether a frame for another node leaves in a batch or through the
/// shard regions one remote message at a time (2–3× the CPU, which collapsed loaded nodes): a late region must not
/// empty that belief, and before the coordinator first answers the placement plan stands in for it.
/// </summary>
public sealed class FrameRelayHomesTests(ITestOutputHelper output)
    : Akka.TestKit.Xunit2.TestKit(ClusterNode.Configuration(new ClusterNodeOptions { ListenPort = 0 }), ClusterNode.SystemName, output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly string QuickstartPath = RepositoryFiles.Topology("quickstart.yaml");

    [Fact]
    public async Task A_statistics_answer_without_a_late_region_keeps_the_frames_for_its_shards_in_batches()
    {
        var fabric = Load(Sys);
        var region = CreateTestProbe();
        var relay = Sys.ActorOf(Props.Create(() => new FrameRelay(region.Ref, true)));
        // A port nobody listens on: the batch leaves through Akka.Remote and is lost, but it left as a batch.
        var far = new Address("akka.tcp", ClusterNode.SystemName, "127.0.0.1", InProcessCluster.FreePort());
        const string Device = "d:leaf1";
        var stats = ImmutableDictionary<string, int>.Empty.Add(fabric.Placement.ShardOf(Device), 1);

        relay.Tell(new ClusterShardingStats(ImmutableDictionary<Address, ShardRegionStats>.Empty.Add(far, new ShardRegionStats(stats, ImmutableHashSet<string>.Empty))));
        relay.Tell(new EntityEnvelope(Device, new FrameIn(1, [0x00], 0)));
        Assert.Equal(1, await BatchedFramesAsync(relay, far));

        // The coordinator answers nothing at all when one region's answer is late (Akka.NET's GetClusterShardingStats).
        relay.Tell(new ClusterShardingStats(ImmutableDictionary<Address, ShardRegionStats>.Empty));
        relay.Tell(new EntityEnvelope(Device, new FrameIn(1, [0x00], 0)));
        Assert.Equal(2, await BatchedFramesAsync(relay, far));
    }

    [Fact]
    public async Task Before_the_coordinator_answers_frames_go_in_batches_to_the_member_the_plan_gives_their_shard()
    {
        await using var cluster = await InProcessCluster.StartAsync(2);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var near = cluster.Nodes[0];
        while (ClusterNode.UpFabricMembers(Akka.Cluster.Cluster.Get(near.System).State).Count < 2 && DateTime.UtcNow < deadline) await Task.Delay(100);
        var members = ClusterNode.UpFabricMembers(Akka.Cluster.Cluster.Get(near.System).State);
        Assert.Equal(2, members.Count);

        // Only this node has the fabric and nothing is launched: no region has a shard, so every statistics answer
        // is empty and the plan is all the relay has.
        var fabric = Load(near.System);
        var assigned = fabric.Placement.Assign(2);
        int other = members[0] == near.Address ? 1 : 0;
        int shard = Array.IndexOf(assigned, other);
        var device = fabric.EntitiesOf(fabric.Placement.Shards[shard]).First(id => id.StartsWith("d:", StringComparison.Ordinal));

        near.Relay.Tell(new EntityEnvelope(device, new FrameIn(1, [0x00], 0)));
        Assert.Equal(1, await BatchedFramesAsync(near.Relay, members[other]));
    }

    private static NodeFabric Load(ActorSystem system)
    {
        var topology = TopologyLoader.Load(QuickstartPath);
        var entities = FabricEntities.Get(system);
        var fabric = new NodeFabric("relay-homes", topology, File.ReadAllText(QuickstartPath), new LaunchSettings(1, false, TimeSpan.Zero), entities, ActorRefs.Nobody, ActorRefs.Nobody);
        entities.Fabric = fabric;
        return fabric;
    }

    /// <summary>
    /// Frames the relay sent to <paramref name="to"/> in batches. A batch leaves at the flush the relay queues behind the
    /// frame, so after a first query (queued before that flush) has been answered, a second one sees it.
    /// </summary>
    private static async Task<long> BatchedFramesAsync(IActorRef relay, Address to)
    {
        await relay.Ask<RelayTraffic>(RelayTrafficQuery.Instance, Patience);
        var traffic = await relay.Ask<RelayTraffic>(RelayTrafficQuery.Instance, Patience);
        return traffic.Sent.Where(t => t.To == to.ToString()).Sum(t => t.Frames);
    }
}
