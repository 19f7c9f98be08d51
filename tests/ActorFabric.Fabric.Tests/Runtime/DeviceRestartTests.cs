using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Tests.Topology;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Tests.Runtime;

/// <summary>device-stop then device-start of one leaf, on the bridging topologies, under virtual time.</summary>
public sealed class DeviceRestartTests
{
    [Theory]
    [InlineData("quickstart.yaml", "leaf2")]
    [InlineData("multihomed.yaml", "leaf1")]  // h1, and a member of bond1 (all-active)
    [InlineData("multihomed.yaml", "leaf4")]  // h4, and the preferred member of hv1 (single-active)
    [InlineData("assisted-replication.yaml", "leaf1")]
    [InlineData("assisted-replication.yaml", "rep1")]
    public async Task A_restarted_leaf_relearns_its_hosts_without_their_traffic_and_the_fabric_reconverges_to_the_same_routes(string topology, string leaf)
    {
        await using var fabric = FabricRuntime.Start(TopologyLoader.Load(RepositoryFiles.Topology(topology)), new FabricRunOptions { Seed = 1 });
        var first = await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60));
        Assert.True(first.Converged, first.Progress.ToString());

        await fabric.DeviceStopAsync(leaf);
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.False(fabric.Progress.Converged);
        await fabric.DeviceStartAsync(leaf);

        // Well within the hosts' periodic announcement: the leaf's hosts announce themselves when their link comes back.
        var report = await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(30));
        Assert.True(report.Converged, report.Progress.ToString());
        Assert.Equal(first.Progress.RoutesPresent, report.Progress.RoutesPresent);
    }
}
