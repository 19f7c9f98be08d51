using System.Collections.Immutable;
using Akka.Actor;
using ActorFabric.Cluster.Placement;

namespace ActorFabric.Cluster.Tests.Placement;

public class TopologyShardAllocationStrategyTests
{
    // Listed out of address order: the strategy must order them itself (.1, .2, .3 are members 0, 1, 2).
    private static readonly FakeRegion Third = FakeRegion.On("10.0.0.3");
    private static readonly FakeRegion First = FakeRegion.On("10.0.0.1");
    private static readonly FakeRegion Second = FakeRegion.On("10.0.0.2");
    private static readonly IActorRef[] InOrder = [First, Second, Third];

    private static FabricPlacement Plan => BundledFabrics.Placement(BundledFabrics.Bench256);

    [Fact]
    public async Task On_the_membership_it_launched_on_every_shard_goes_where_Assign_puts_it()
    {
        var strategy = new TopologyShardAllocationStrategy(() => Plan);
        var expected = Plan.Assign(3);
        var allocations = await AllocateAll(strategy, Regions(Third, First, Second));
        foreach (var (region, shards) in allocations)
            foreach (var id in shards)
            {
                Assert.True(Plan.TryGetShardIndex(id, out int s));
                Assert.Same(InOrder[expected[s]], region);
            }
    }

    [Fact]
    public async Task Orphans_of_a_lost_member_go_to_the_least_loaded_survivor_one_by_one()
    {
        var strategy = new TopologyShardAllocationStrategy(() => Plan);
        var allocations = await AllocateAll(strategy, Regions(Third, First, Second));
        var orphans = allocations[Second];
        allocations = allocations.Remove(Second);
        Assert.NotEmpty(orphans);
        foreach (var id in orphans)
        {
            var region = await strategy.AllocateShard(First, id, allocations);
            var (lighter, heavier) = Weight(allocations[First]) <= Weight(allocations[Third]) ? (First, Third) : (Third, First);
            Plan.TryGetShardIndex(id, out int s);
            // The reflector on the lost member must not join the survivor already holding the other reflector.
            var expected = Plan.Shards[s].HoldsRouteReflector ? (HoldsReflector(allocations[First]) ? Third : First) : lighter;
            Assert.Same(expected, region);
            allocations = allocations.SetItem(region, allocations[region].Add(id));
        }
        var weights = new[] { Weight(allocations[First]), Weight(allocations[Third]) };
        Assert.True(weights.Max() / weights.Average() <= 1.2, string.Join(" / ", weights));
        Assert.All([First, Third], r => Assert.Single(allocations[r], id => HoldsReflector([id])));
    }

    [Fact]
    public async Task An_orphan_goes_to_the_region_with_the_least_weight_not_the_fewest_shards()
    {
        var strategy = new TopologyShardAllocationStrategy(() => Plan);
        // Second holds more shards but less weight: the shared spines are light.
        var allocations = ImmutableDictionary<IActorRef, IImmutableList<string>>.Empty
            .Add(First, Shards("pod1-1", "pod1-2"))
            .Add(Second, Shards("pod1-3", FabricPlacement.SharedSpinesShardId, "rr-spine1"));
        Assert.True(Weight(allocations[Second]) < Weight(allocations[First]));
        Assert.Same(Second, await strategy.AllocateShard(First, "pod1-9", allocations));
    }

    [Fact]
    public async Task An_orphaned_reflector_avoids_a_region_holding_a_reflector_even_if_lighter()
    {
        var strategy = new TopologyShardAllocationStrategy(() => Plan);
        var allocations = ImmutableDictionary<IActorRef, IImmutableList<string>>.Empty
            .Add(First, Shards("rr-spine1", "pod1-1"))
            .Add(Second, Shards("pod1-2", "pod1-3", "pod1-4", "pod1-5", "pod1-6", "pod1-7", "pod1-8", "pod1-9"));
        Assert.True(Weight(allocations[First]) < Weight(allocations[Second]));
        Assert.Same(Second, await strategy.AllocateShard(First, "rr-spine2", allocations));
        Assert.Same(First, await strategy.AllocateShard(First, "pod1-10", allocations));
    }

    [Fact]
    public async Task When_every_region_holds_a_reflector_an_orphaned_one_goes_to_the_least_loaded()
    {
        var plan = FabricPlacement.Build(ActorFabric.Fabric.Topology.TopologyLoader.Parse("generate: {spines: 2, route-reflectors: 3, leaves: 6}\n"));
        var strategy = new TopologyShardAllocationStrategy(() => plan);
        var leafShard = plan.Shards.First(s => s.Pod >= 0).Id;
        var allocations = ImmutableDictionary<IActorRef, IImmutableList<string>>.Empty
            .Add(First, Shards("rr-rr1", leafShard))
            .Add(Second, Shards("rr-rr2"));
        Assert.Same(Second, await strategy.AllocateShard(First, "rr-rr3", allocations));
    }

    [Fact]
    public async Task Without_a_plan_or_for_an_unknown_shard_the_region_with_fewest_shards_gets_it()
    {
        FabricPlacement? plan = null;
        var strategy = new TopologyShardAllocationStrategy(() => plan);
        var allocations = ImmutableDictionary<IActorRef, IImmutableList<string>>.Empty
            .Add(Third, Shards("a", "b"))
            .Add(First, Shards("c", "d", "e"))
            .Add(Second, Shards("f"));
        Assert.Same(Second, await strategy.AllocateShard(First, "pod1-1", allocations));
        plan = Plan; // the plan arrives after the strategy was built
        Assert.Same(Second, await strategy.AllocateShard(First, "no-such-shard", allocations));
        // Ties go to the first region in address order.
        Assert.Same(First, await strategy.AllocateShard(Third, "no-such-shard", allocations.SetItem(Second, Shards("f", "g", "h")).SetItem(Third, Shards("a", "b", "i"))));
    }

    [Fact]
    public async Task It_never_rebalances()
    {
        var strategy = new TopologyShardAllocationStrategy(() => Plan);
        var allocations = ImmutableDictionary<IActorRef, IImmutableList<string>>.Empty
            .Add(First, Shards([.. Plan.Shards.Select(s => s.Id)]))
            .Add(Second, Shards());
        Assert.Empty(await strategy.Rebalance(allocations, ImmutableHashSet<string>.Empty));
    }

    [Fact]
    public void The_coordinators_local_region_is_ordered_by_the_members_own_address()
    {
        var local = new FakeRegion(new Address("akka", "fabric"));
        var strategy = new TopologyShardAllocationStrategy(() => Plan, Second.Path.Address);
        Assert.Equal([First, local, Third], strategy.InAddressOrder([Third, local, First]));
    }

    private static async Task<IImmutableDictionary<IActorRef, IImmutableList<string>>> AllocateAll(TopologyShardAllocationStrategy strategy, IImmutableDictionary<IActorRef, IImmutableList<string>> allocations)
    {
        // Shards are first touched in no particular order: here, the reverse of the plan's.
        foreach (var shard in Plan.Shards.Reverse())
        {
            var region = await strategy.AllocateShard(InOrder[0], shard.Id, allocations);
            allocations = allocations.SetItem(region, allocations[region].Add(shard.Id));
        }
        return allocations;
    }

    private static IImmutableDictionary<IActorRef, IImmutableList<string>> Regions(params IActorRef[] regions) =>
        regions.Aggregate(ImmutableDictionary<IActorRef, IImmutableList<string>>.Empty, (d, r) => d.Add(r, Shards()));

    private static IImmutableList<string> Shards(params string[] ids) => ImmutableList.Create(ids);

    private static double Weight(IEnumerable<string> shards) => shards.Sum(id => Plan.TryGetShardIndex(id, out int s) ? Plan.Shards[s].Weight : 0);

    private static bool HoldsReflector(IEnumerable<string> shards) => shards.Any(id => Plan.TryGetShardIndex(id, out int s) && Plan.Shards[s].HoldsRouteReflector);
}
