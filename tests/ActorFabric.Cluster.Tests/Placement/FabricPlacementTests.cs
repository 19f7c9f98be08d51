using ActorFabric.Cluster.Placement;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cluster.Tests.Placement;

public class FabricPlacementTests
{
    public static TheoryData<string> Fabrics => [.. BundledFabrics.All];

    [Theory]
    [MemberData(nameof(Fabrics))]
    public void Every_device_host_and_link_is_in_exactly_one_shard_and_lookups_agree(string fabric)
    {
        var p = BundledFabrics.Placement(fabric);
        var t = p.Topology;
        AssertPartition(t.Nodes.Length, p, s => s.Devices, p.ShardOfDevice);
        AssertPartition(t.Hosts.Length, p, s => s.Hosts, p.ShardOfHost);
        AssertPartition(t.Links.Length, p, s => s.Links, p.ShardOfLink);
        foreach (var n in t.Nodes) Assert.Equal(p.Shards[p.ShardOfDevice(n.Index)].Id, p.ShardOf(FabricEntityId.Device(n)));
        foreach (var l in t.Links) Assert.Equal(p.Shards[p.ShardOfLink(l.Index)].Id, p.ShardOf(FabricEntityId.Link(l)));
        foreach (var h in t.Hosts.Take(2000)) Assert.Equal(p.Shards[p.ShardOfHost(h.Index)].Id, p.ShardOf(FabricEntityId.Host(h)));
        Assert.Equal(p.Shards.Length, p.Shards.Select(s => s.Id).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Fabrics))]
    public void A_leaf_and_its_hosts_share_a_shard(string fabric)
    {
        var p = BundledFabrics.Placement(fabric);
        Assert.NotEmpty(p.Topology.Hosts);
        foreach (var h in p.Topology.Hosts) Assert.Equal(p.ShardOfDevice(h.Leaf), p.ShardOfHost(h.Index));
    }

    [Theory]
    [MemberData(nameof(Fabrics))]
    public void Each_route_reflector_has_a_shard_of_its_own(string fabric)
    {
        var p = BundledFabrics.Placement(fabric);
        var reflectors = p.Topology.Nodes.Where(n => n.IsRouteReflector).ToArray();
        Assert.Equal(reflectors.Length, p.Shards.Count(s => s.HoldsRouteReflector));
        foreach (var rr in reflectors)
            Assert.Equal([rr.Index], p.Shards[p.ShardOfDevice(rr.Index)].Devices.AsEnumerable());
    }

    [Fact]
    public void A_fabric_link_belongs_to_its_lower_tier_end()
    {
        var p = BundledFabrics.Placement(BundledFabrics.Large1000);
        foreach (var l in p.Topology.Links)
        {
            var (a, b) = (p.Topology.Nodes[l.A], p.Topology.Nodes[l.B]);
            var lower = a.IsVtep ? a : b.IsVtep ? b : a.Role == NodeRole.Spine ? a : b;
            Assert.Equal(p.ShardOfDevice(lower.Index), p.ShardOfLink(l.Index));
        }
    }

    [Theory]
    [InlineData(BundledFabrics.Quickstart, 2, 8)]
    [InlineData(BundledFabrics.EvpnLab, 2, 8)]
    [InlineData(BundledFabrics.Bench256, 8, 64)]
    [InlineData(BundledFabrics.Large1000, 8, 64)]
    public void Shard_counts_stay_in_a_reasonable_range(string fabric, int least, int most)
    {
        var p = BundledFabrics.Placement(fabric);
        Assert.InRange(p.Shards.Length, least, most);
        Assert.True(p.Shards.Length >= p.Topology.RouteReflectorCount + 1);
    }

    [Fact]
    public void A_generated_fabric_is_one_pod_whose_spines_share_a_shard()
    {
        var p = BundledFabrics.Placement(BundledFabrics.Large1000);
        Assert.Equal(1, p.PodCount);
        var spines = p.Shards.Single(s => s.Id == FabricPlacement.SharedSpinesShardId);
        Assert.Equal(p.Topology.Nodes.Where(n => n.Role == NodeRole.Spine).Select(n => n.Index), spines.Devices);
        Assert.All(p.Shards.Where(s => s.Pod == 0), s => Assert.All(s.Devices, d => Assert.True(p.Topology.Nodes[d].IsVtep)));
    }

    [Fact]
    public void A_border_leaf_importing_every_domain_outweighs_a_leaf_and_gets_a_shard_of_its_own()
    {
        var p = BundledFabrics.Placement(BundledFabrics.Large1000);
        var t = p.Topology;
        var border = t.Node("border1");
        var leafShard = p.Shards[p.ShardOfDevice(t.Node("leaf1").Index)];
        var borderShard = p.Shards[p.ShardOfDevice(border.Index)];
        Assert.Equal([border.Index], borderShard.Devices.AsEnumerable());
        Assert.True(borderShard.Weight > leafShard.Weight / 2, $"{borderShard.Weight} vs {leafShard.Weight}");
    }

    [Fact]
    public void Weight_counts_devices_hosts_links_and_the_routes_a_leaf_imports()
    {
        // quickstart: 4 leaves each carrying both domains; 4 hosts per domain; 2 reflecting spines.
        var p = BundledFabrics.Placement(BundledFabrics.Quickstart);
        var t = p.Topology;
        var leaf1 = t.Node("leaf1");
        // leaf1: 1 + 2 hosts + 2 uplinks + per domain (4 MAC/IP + 4 IMET routes) x 2 domains.
        double leaf1Weight = 1 + 2 + 2 + 2 * (4 + 4);
        var shard = p.Shards[p.ShardOfDevice(leaf1.Index)];
        Assert.Equal(leaf1Weight * shard.Devices.Length, shard.Weight);
        // a reflector holds every route of the fabric: 8 MAC/IP + 8 IMET; its links belong to the leaves.
        Assert.Equal(1 + 16, p.Shards[p.ShardOfDevice(t.Node("spine1").Index)].Weight);
        Assert.Equal(p.Shards.Sum(s => s.Weight), p.TotalWeight);
    }

    [Theory]
    [InlineData(BundledFabrics.Quickstart, 2)]
    [InlineData(BundledFabrics.Quickstart, 3)]
    [InlineData(BundledFabrics.EvpnLab, 2)]
    [InlineData(BundledFabrics.EvpnLab, 3)]
    [InlineData(BundledFabrics.Bench256, 2)]
    [InlineData(BundledFabrics.Bench256, 3)]
    [InlineData(BundledFabrics.Large1000, 2)]
    [InlineData(BundledFabrics.Large1000, 3)]
    public void Route_reflectors_are_on_different_members(string fabric, int members)
    {
        var p = BundledFabrics.Placement(fabric);
        var assigned = p.Assign(members);
        var reflectorMembers = Enumerable.Range(0, p.Shards.Length).Where(s => p.Shards[s].HoldsRouteReflector).Select(s => assigned[s]).ToArray();
        Assert.Equal(2, reflectorMembers.Length);
        Assert.Equal(reflectorMembers.Length, reflectorMembers.Distinct().Count());
    }

    [Fact]
    public void More_reflectors_than_members_spread_evenly()
    {
        var t = TopologyLoader.Parse("generate: {spines: 2, route-reflectors: 5, leaves: 6}\n");
        var p = FabricPlacement.Build(t);
        var assigned = p.Assign(2);
        var perMember = Enumerable.Range(0, p.Shards.Length).Where(s => p.Shards[s].HoldsRouteReflector).GroupBy(s => assigned[s]).Select(g => g.Count()).Order().ToArray();
        Assert.Equal([2, 3], perMember);
    }

    [Theory]
    [InlineData(BundledFabrics.Bench256, 3)]
    [InlineData(BundledFabrics.Large1000, 3)]
    [InlineData(BundledFabrics.Large1000, 5)]
    public void Members_carry_about_equal_weight(string fabric, int members)
    {
        var p = BundledFabrics.Placement(fabric);
        var load = p.MemberWeights(p.Assign(members), members);
        double mean = load.Average(), largestShard = p.Shards.Max(s => s.Weight);
        // Greedy largest-first onto the least-loaded member never lifts a member above mean + the largest shard (the
        // least-loaded member is at most the mean); following links may add LinkAffinityTolerance of the mean. For
        // bench-256 on 3 members the largest shard (16 leaves) is 0.18 of the mean, so the bound is 1.19 x mean; these
        // fabrics all come out below 1.20 (bench-256: 1.047, large-1000: 1.015).
        double bound = mean * (1 + FabricPlacement.LinkAffinityTolerance) + largestShard;
        Assert.True(load.Max() <= bound, $"max {load.Max()} mean {mean} largest shard {largestShard}");
        Assert.True(load.Max() / mean <= 1.20, $"max/mean {load.Max() / mean:F3}");
    }

    [Fact]
    public void Building_twice_gives_the_same_placement_and_assignment()
    {
        var a = FabricPlacement.Build(BundledFabrics.Load(BundledFabrics.Bench256));
        var b = FabricPlacement.Build(BundledFabrics.Load(BundledFabrics.Bench256));
        Assert.Equal(a.Shards.Length, b.Shards.Length);
        for (int s = 0; s < a.Shards.Length; s++)
        {
            var (x, y) = (a.Shards[s], b.Shards[s]);
            Assert.Equal((x.Id, x.Weight, x.HoldsRouteReflector, x.Pod), (y.Id, y.Weight, y.HoldsRouteReflector, y.Pod));
            Assert.Equal(x.Devices.AsEnumerable(), y.Devices);
            Assert.Equal(x.Hosts.AsEnumerable(), y.Hosts);
            Assert.Equal(x.Links.AsEnumerable(), y.Links);
        }
        for (int members = 1; members <= 6; members++) Assert.Equal(a.Assign(members), b.Assign(members));
    }

    [Fact]
    public void One_member_holds_every_shard()
    {
        var p = BundledFabrics.Placement(BundledFabrics.Bench256);
        Assert.All(p.Assign(1), m => Assert.Equal(0, m));
        Assert.Equal(0, p.LinkCutFor(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => p.Assign(0));
    }

    [Theory]
    [InlineData("d:nope")]
    [InlineData("h:nope")]
    [InlineData("l:999")]
    [InlineData("l:07")]
    [InlineData("l:-1")]
    [InlineData("x:leaf1")]
    [InlineData("leaf1")]
    [InlineData("")]
    public void An_unknown_entity_id_is_refused_by_name(string id)
    {
        var p = BundledFabrics.Placement(BundledFabrics.Quickstart);
        var e = Assert.Throws<ArgumentException>(() => p.ShardOf(id));
        Assert.Contains($"'{id}'", e.Message);
        Assert.Equal("entityId", e.ParamName);
    }

    [Fact]
    public void Entity_ids_follow_the_documented_spelling()
    {
        var t = BundledFabrics.Placement(BundledFabrics.Quickstart).Topology;
        Assert.Equal("d:leaf1", FabricEntityId.Device(t.Node("leaf1")));
        Assert.Equal("l:7", FabricEntityId.Link(t.Links[7]));
        Assert.Equal("h:h1", FabricEntityId.Host(t.Hosts[0]));
        Assert.True(FabricEntityId.TryParse("l:12", out var kind, out var key));
        Assert.Equal((FabricEntityKind.Link, "12"), (kind, key));
        Assert.True(FabricEntityId.TryParse("h:a:b", out kind, out key));
        Assert.Equal((FabricEntityKind.Host, "a:b"), (kind, key));
    }

    private static void AssertPartition(int count, FabricPlacement p, Func<PlacementShard, IEnumerable<int>> items, Func<int, int> shardOf)
    {
        var seen = new int[count];
        for (int s = 0; s < p.Shards.Length; s++)
            foreach (int i in items(p.Shards[s]))
            {
                seen[i]++;
                Assert.Equal(s, shardOf(i));
            }
        Assert.All(seen, c => Assert.Equal(1, c));
    }
}
