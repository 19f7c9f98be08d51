using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;

namespace ActorFabric.Cluster.Placement;

/// <summary>
/// Allocates the shards of an emulated fabric to shard regions by its <see cref="FabricPlacement"/>. Regions, ordered
/// by address (ordinal), are members 0..n-1. While every allocated shard sits where <see cref="FabricPlacement.Assign"/>
/// for n members puts it (the fabric launched on this membership), a new shard goes where the plan says. Once that no
/// longer holds (a member left and its shards are orphaned) a shard goes to the region with the least allocated
/// weight, a reflector's shard preferably to a region without one, so the reflectors stay apart. Without a plan, or
/// for a shard the plan does not know, the region with the fewest shards. Never rebalances: moving a shard restarts
/// its devices, which costs more than a skewed load.
/// </summary>
public sealed class TopologyShardAllocationStrategy : IActorSystemDependentAllocationStrategy
{
    private static readonly Task<IImmutableSet<string>> NothingToRebalance = Task.FromResult<IImmutableSet<string>>(ImmutableHashSet<string>.Empty);

    private readonly Func<FabricPlacement?> _placement;
    private Address? _selfAddress;

    /// <param name="placement">The plan, read at each allocation: it may arrive after the strategy is built.</param>
    public TopologyShardAllocationStrategy(Func<FabricPlacement?> placement)
        : this(placement, null)
    {
    }

    /// <param name="placement">The plan, read at each allocation.</param>
    /// <param name="selfAddress">The coordinator's own cluster address, which its local region's ref does not carry.</param>
    internal TopologyShardAllocationStrategy(Func<FabricPlacement?> placement, Address? selfAddress)
    {
        ArgumentNullException.ThrowIfNull(placement);
        _placement = placement;
        _selfAddress = selfAddress;
    }

    /// <summary>
    /// The coordinator's local region has a local ref (<c>akka://system/...</c>, no host): ordering it by that would put
    /// it apart from where its member's address sorts, so it is ordered by the cluster's self address instead.
    /// </summary>
    public void Start(ActorSystem system) => _selfAddress ??= Akka.Cluster.Cluster.Get(system).SelfAddress;

    public Task<IActorRef> AllocateShard(IActorRef requester, string shardId, IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations)
    {
        ArgumentNullException.ThrowIfNull(currentShardAllocations);
        // The coordinator only asks with regions registered; the requester is one, should that ever not hold.
        if (currentShardAllocations.Count == 0) return Task.FromResult(requester);
        var regions = InAddressOrder(currentShardAllocations.Keys);
        var plan = _placement();
        if (plan is null || !plan.TryGetShardIndex(shardId, out int shard))
            return Task.FromResult(regions[FewestShards(regions, currentShardAllocations)]);

        var assigned = plan.Assign(regions.Length);
        if (FollowsPlan(plan, assigned, regions, currentShardAllocations))
            return Task.FromResult(regions[assigned[shard]]);
        return Task.FromResult(regions[LeastWeight(plan, shard, regions, currentShardAllocations)]);
    }

    public Task<IImmutableSet<string>> Rebalance(IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations, IImmutableSet<string> rebalanceInProgress) =>
        NothingToRebalance;

    internal IActorRef[] InAddressOrder(IEnumerable<IActorRef> regions)
    {
        var ordered = regions.Select(r => (Region: r, Address: AddressOf(r), Path: r.Path.ToString())).ToArray();
        // The path breaks ties (several regions of one node, in tests), so the order never depends on the dictionary's.
        Array.Sort(ordered, (a, b) =>
            string.CompareOrdinal(a.Address, b.Address) is var byAddress and not 0 ? byAddress : string.CompareOrdinal(a.Path, b.Path));
        return Array.ConvertAll(ordered, e => e.Region);
    }

    private string AddressOf(IActorRef region)
    {
        var address = region.Path.Address;
        return (address.HasLocalScope && _selfAddress is not null ? _selfAddress : address).ToString();
    }

    private static bool FollowsPlan(FabricPlacement plan, int[] assigned, IActorRef[] regions, IImmutableDictionary<IActorRef, IImmutableList<string>> allocations)
    {
        for (int m = 0; m < regions.Length; m++)
            foreach (var id in allocations[regions[m]])
                if (plan.TryGetShardIndex(id, out int s) && assigned[s] != m) return false;
        return true;
    }

    private static int LeastWeight(FabricPlacement plan, int shard, IActorRef[] regions, IImmutableDictionary<IActorRef, IImmutableList<string>> allocations)
    {
        var weight = new double[regions.Length];
        var holdsReflector = new bool[regions.Length];
        for (int m = 0; m < regions.Length; m++)
            foreach (var id in allocations[regions[m]])
                if (plan.TryGetShardIndex(id, out int s))
                {
                    weight[m] += plan.Shards[s].Weight;
                    holdsReflector[m] |= plan.Shards[s].HoldsRouteReflector;
                }

        bool avoidReflectors = plan.Shards[shard].HoldsRouteReflector && holdsReflector.Contains(false);
        int best = -1;
        for (int m = 0; m < regions.Length; m++)
        {
            if (avoidReflectors && holdsReflector[m]) continue;
            if (best < 0 || weight[m] < weight[best]) best = m;
        }
        return best;
    }

    private static int FewestShards(IActorRef[] regions, IImmutableDictionary<IActorRef, IImmutableList<string>> allocations)
    {
        int best = 0;
        for (int m = 1; m < regions.Length; m++)
            if (allocations[regions[m]].Count < allocations[regions[best]].Count) best = m;
        return best;
    }
}
