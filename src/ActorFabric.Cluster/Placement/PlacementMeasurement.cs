using System.Globalization;

namespace ActorFabric.Cluster.Placement;

/// <summary>
/// How a fabric's placement on <see cref="Members"/> members compares with random placement: links cut (fabric links,
/// and host-to-leaf links) and how even the members' weights are. A row of docs/benchmarks.md.
/// </summary>
public sealed record PlacementMeasurement(
    string Topology,
    int Members,
    int Shards,
    int FabricLinks,
    int HostLinks,
    int FabricLinkCut,
    int HostLinkCut,
    double RandomFabricLinkCut,
    double RandomHostLinkCut,
    double MaxMemberWeightOverMean)
{
    public int LinkCut => FabricLinkCut + HostLinkCut;

    public double RandomLinkCut => RandomFabricLinkCut + RandomHostLinkCut;

    public static PlacementMeasurement Of(FabricPlacement placement, int members, int seed, int trials = 20)
    {
        ArgumentNullException.ThrowIfNull(placement);
        var (fabric, hosts) = placement.CutFor(members);
        var (randomFabric, randomHosts) = placement.RandomCut(members, seed, trials);
        var weights = placement.MemberWeights(placement.Assign(members), members);
        return new PlacementMeasurement(
            placement.Topology.Name, members, placement.Shards.Length, placement.Topology.Links.Length, placement.Topology.Hosts.Length,
            fabric, hosts, randomFabric, randomHosts, weights.Max() / weights.Average());
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Topology}: {Members} members, {Shards} shards; cut {LinkCut} ({FabricLinkCut} of {FabricLinks} fabric + {HostLinkCut} of {HostLinks} host links) vs random {RandomLinkCut:F1} ({RandomFabricLinkCut:F1} + {RandomHostLinkCut:F1}); max/mean weight {MaxMemberWeightOverMean:F3}");
}
