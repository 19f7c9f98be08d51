using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Multicast.Replication;
using static ActorFabric.Protocols.Tests.Multicast.Replication.ReplicationFabric;

namespace ActorFabric.Protocols.Tests.Multicast.Replication;

/// <summary>The per-frame replication calls allocate nothing once their target sets are cached.</summary>
public sealed class ReplicationAllocationTests
{
    /// <summary>Bytes allocated by 1,000 calls after a warm-up of 1,000, the lesser of two measurements (as the Fabric allocation tests do).</summary>
    internal static long AllocatedBy(Action action)
    {
        for (int i = 0; i < 1000; i++) action();
        long least = long.MaxValue;
        for (int round = 0; round < 2; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++) action();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }

    [Fact]
    public void Leaf_replicator_and_smet_target_selection_do_not_allocate_per_frame()
    {
        var flow = Flow("10.1.1.1", "233.252.0.2");
        var leafList = Fabric(Leaf1, leafFlags: IgmpProxy);
        var interest = new SelectiveMulticastInterest();
        interest.Apply(Smet(Leaf3, "233.252.0.2"), Leaf3);
        var leaf = Active(LeafOptions, Leaf1, leafList, interest);
        leaf.SetMultihomingPeers([Leaf2, Leaf3]);
        var replicatorList = Fabric(Spine1, leafFlags: IgmpProxy);
        var replicator = Active(ReplicatorOptions, Spine1, replicatorList, interest);
        replicator.SnoopingEnabled = true;
        replicator.SetRemoteSegments([[Leaf1, Leaf2, Leaf3]]);
        int copies = 0;

        Assert.Equal(0, AllocatedBy(() => copies += leaf.SelectTargets(leafList, BumTrafficKind.Broadcast).Length));
        Assert.Equal(0, AllocatedBy(() => copies += leaf.SelectMulticastTargets(leafList, flow).Length));
        Assert.Equal(0, AllocatedBy(() => copies += replicator.ReplicateFromAssistedTunnel(Leaf1, flow).Targets.Length));
        Assert.Equal(0, AllocatedBy(() => copies += replicator.ReplicateFromAssistedTunnel(Leaf4, BumTrafficKind.Broadcast).Targets.Length));
        Assert.Equal(0, AllocatedBy(() => copies += interest.IngressReplicationTargets(replicatorList, flow).Length));
        Assert.True(copies > 0);
    }
}
