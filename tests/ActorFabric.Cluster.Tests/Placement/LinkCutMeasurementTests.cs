using ActorFabric.Cluster.Placement;
using Xunit.Abstractions;

namespace ActorFabric.Cluster.Tests.Placement;

/// <summary>
/// Topology-aware placement against random placement on 3 members (docs/benchmarks.md). A host follows its leaf, so
/// only fabric links are cut; at random two thirds of all links are.
/// </summary>
public class LinkCutMeasurementTests(ITestOutputHelper output)
{
    private const int Seed = 20251206;
    private const int Trials = 20;

    [Theory]
    [InlineData(BundledFabrics.Quickstart, 1.0)]
    [InlineData(BundledFabrics.EvpnLab, 1.0)]
    [InlineData(BundledFabrics.Bench256, 0.25)]
    [InlineData(BundledFabrics.Large1000, 0.25)]
    public void Placement_cuts_far_fewer_links_than_random_placement_on_3_members(string fabric, double mostOfRandom)
    {
        var p = BundledFabrics.Placement(fabric);
        var m = PlacementMeasurement.Of(p, members: 3, Seed, Trials);
        output.WriteLine(m.ToString());
        Assert.Equal(m.LinkCut, p.LinkCutFor(3));
        Assert.Equal(m.RandomLinkCut, p.RandomLinkCut(3, Seed, Trials), 6);
        Assert.Equal(0, m.HostLinkCut);
        Assert.True(m.LinkCut < m.RandomLinkCut * mostOfRandom, m.ToString());
    }

    [Fact]
    public void Random_placement_cuts_about_two_thirds_of_the_links_on_3_members()
    {
        var p = BundledFabrics.Placement(BundledFabrics.Bench256);
        int links = p.Topology.Links.Length + p.Topology.Hosts.Length;
        Assert.InRange(p.RandomLinkCut(3, Seed, Trials), links * 0.66, links * 0.67);
        Assert.Equal(p.RandomLinkCut(3, Seed, Trials), p.RandomLinkCut(3, Seed, Trials));
    }

    [Fact]
    public void Link_cut_counts_fabric_links_between_members_and_hosts_follow_their_leaf()
    {
        var p = BundledFabrics.Placement(BundledFabrics.Quickstart);
        var t = p.Topology;
        Assert.Equal(0, p.LinkCut(_ => 0));
        // spine1 alone on member 1: its 4 leaf links are cut, and no host link.
        int spine1 = t.Node("spine1").Index;
        Assert.Equal(4, p.LinkCut(d => d == spine1 ? 1 : 0));
        // leaf1 alone: its 2 uplinks.
        int leaf1 = t.Node("leaf1").Index;
        Assert.Equal(2, p.LinkCut(d => d == leaf1 ? 1 : 0));
    }
}
