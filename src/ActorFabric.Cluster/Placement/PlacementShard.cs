using System.Collections.Immutable;

namespace ActorFabric.Cluster.Placement;

/// <summary>
/// One placement group of a fabric, which is one Akka.Cluster.Sharding shard: the devices, hosts and fabric links
/// (indices into the topology) that live together on one cluster member. <see cref="Weight"/> is its expected share
/// of the fabric's work (see <see cref="FabricPlacement"/> for the formula).
/// </summary>
public sealed record PlacementShard(
    string Id,
    double Weight,
    bool HoldsRouteReflector,
    ImmutableArray<int> Devices,
    ImmutableArray<int> Hosts,
    ImmutableArray<int> Links)
{
    /// <summary>Index of the pod whose VTEPs this shard holds, or -1 (a route reflector's shard, or spines shared by pods).</summary>
    public int Pod { get; init; } = -1;
}
