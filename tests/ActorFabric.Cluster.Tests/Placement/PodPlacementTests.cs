using System.Text;
using ActorFabric.Cluster.Placement;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cluster.Tests.Placement;

/// <summary>Pods derived from the link graph (or a <c>pod</c> label) and kept together on one member where they fit.</summary>
public class PodPlacementTests
{
    [Fact]
    public void Leaves_under_the_same_spines_form_a_pod_and_its_spines_go_with_it()
    {
        var t = TwoPodFabric();
        var p = FabricPlacement.Build(t);
        Assert.Equal(2, p.PodCount);
        Assert.Equal(p.Shards[p.ShardOfDevice(t.Node("leaf1").Index)].Pod, p.Shards[p.ShardOfDevice(t.Node("leaf4").Index)].Pod);
        Assert.NotEqual(p.Shards[p.ShardOfDevice(t.Node("leaf1").Index)].Pod, p.Shards[p.ShardOfDevice(t.Node("leaf5").Index)].Pod);
        Assert.Equal(p.Shards[p.ShardOfDevice(t.Node("leaf1").Index)].Pod, p.Shards[p.ShardOfDevice(t.Node("spine1").Index)].Pod);
        Assert.Equal(p.Shards[p.ShardOfDevice(t.Node("leaf5").Index)].Pod, p.Shards[p.ShardOfDevice(t.Node("spine4").Index)].Pod);
        Assert.Equal(FabricPlacement.SharedSpinesShardId, p.ShardOf("d:super1"));
        // 8 VTEPs get at least 8 shards: one per leaf, 4 per pod.
        Assert.Equal(4, p.Shards.Count(s => s.Pod == 0));
        Assert.Equal(4, p.Shards.Count(s => s.Pod == 1));
    }

    [Fact]
    public void A_pod_that_fits_on_a_member_stays_on_one()
    {
        var p = FabricPlacement.Build(TwoPodFabric());
        var assigned = p.Assign(2);
        var memberOfPod = new int[p.PodCount];
        for (int pod = 0; pod < p.PodCount; pod++)
            memberOfPod[pod] = Assert.Single(Enumerable.Range(0, p.Shards.Length).Where(s => p.Shards[s].Pod == pod).Select(s => assigned[s]).Distinct());
        Assert.NotEqual(memberOfPod[0], memberOfPod[1]);
        // Only the uplinks of one pod's spines to the super-spine (on the other member) are cut.
        Assert.Equal(2, p.LinkCutFor(2));
    }

    [Fact]
    public void A_pod_label_overrides_the_link_graph()
    {
        var yaml = new StringBuilder("nodes:\n  - {name: spine1, role: spine}\n");
        for (int i = 1; i <= 4; i++) yaml.Append("  - {name: leaf").Append(i).Append(", role: leaf, labels: {pod: ").Append(i <= 2 ? "east" : "west").Append("}}\n");
        yaml.Append("links:\n");
        for (int i = 1; i <= 4; i++) yaml.Append("  - endpoints: [leaf").Append(i).Append(":eth1, spine1:eth").Append(i).Append("]\n");
        var t = TopologyLoader.Parse(yaml.ToString());
        var p = FabricPlacement.Build(t);
        Assert.Equal(2, p.PodCount);
        Assert.Equal(p.Shards[p.ShardOfDevice(t.Node("leaf1").Index)].Pod, p.Shards[p.ShardOfDevice(t.Node("leaf2").Index)].Pod);
        Assert.NotEqual(p.Shards[p.ShardOfDevice(t.Node("leaf1").Index)].Pod, p.Shards[p.ShardOfDevice(t.Node("leaf3").Index)].Pod);
    }

    [Fact]
    public void Many_small_pods_share_shards_whole_instead_of_one_shard_each()
    {
        // 40 leaves, each under a spine of its own: 40 pods of one leaf.
        var yaml = new StringBuilder("nodes:\n");
        for (int i = 1; i <= 40; i++) yaml.Append("  - {name: spine").Append(i).Append(", role: spine}\n  - {name: leaf").Append(i).Append(", role: leaf}\n");
        yaml.Append("links:\n");
        for (int i = 1; i <= 40; i++) yaml.Append("  - endpoints: [leaf").Append(i).Append(":eth1, spine").Append(i).Append(":eth1]\n");
        var t = TopologyLoader.Parse(yaml.ToString());
        var p = FabricPlacement.Build(t);
        Assert.Equal(40, p.PodCount);
        Assert.InRange(p.Shards.Length, 4, 8); // about √40
        for (int i = 1; i <= 40; i++) Assert.Equal(p.ShardOf($"d:leaf{i}"), p.ShardOf($"d:spine{i}"));
        Assert.Equal(0, p.LinkCutFor(3));
    }

    /// <summary>Two pods of 4 leaves, each under its own 2 spines, the 4 spines under one super-spine.</summary>
    private static FabricTopology TwoPodFabric()
    {
        var yaml = new StringBuilder("nodes:\n");
        for (int s = 1; s <= 4; s++) yaml.Append("  - {name: spine").Append(s).Append(", role: spine}\n");
        for (int l = 1; l <= 8; l++) yaml.Append("  - {name: leaf").Append(l).Append(", role: leaf}\n");
        yaml.Append("  - {name: super1, role: spine}\nlinks:\n");
        for (int l = 1; l <= 8; l++)
        {
            int first = l <= 4 ? 1 : 3;
            for (int k = 0; k < 2; k++)
                yaml.Append("  - endpoints: [leaf").Append(l).Append(":eth").Append(k + 1).Append(", spine").Append(first + k).Append(":eth").Append((l - 1) % 4 + 1).Append("]\n");
        }
        for (int s = 1; s <= 4; s++) yaml.Append("  - endpoints: [spine").Append(s).Append(":eth9, super1:eth").Append(s).Append("]\n");
        return TopologyLoader.Parse(yaml.ToString());
    }
}
