using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Tests.Topology;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Tests.Routing;

/// <summary>A leaf of topologies/l3-erb.yaml stopped and started again (device-stop / device-start), under virtual time.</summary>
public sealed class RestartRoutingTests
{
    [Fact]
    public async Task A_restarted_leaf_relearns_its_hosts_so_the_fabric_reconverges_to_the_same_routes_and_routes_between_vlans_again()
    {
        await using var fabric = FabricRuntime.Start(TopologyLoader.Load(RepositoryFiles.Topology("l3-erb.yaml")), new FabricRunOptions { Seed = 1 });
        var first = await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60));
        Assert.True(first.Converged, first.Progress.ToString());
        long routesBefore = first.Progress.RoutesPresent;

        await fabric.DeviceStopAsync("leaf2");
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(1));
        await fabric.DeviceStartAsync("leaf2");

        // No ping from leaf2's hosts before the wait: the leaf must relearn web2 and app1 without their traffic.
        var report = await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60));
        Assert.True(report.Converged, report.Progress.ToString());
        Assert.Equal(routesBefore, report.Progress.RoutesPresent);
        // app1 (VLAN 300, leaf2) to app2 (VLAN 400, leaf3): routed at leaf2 over tenant2's L3 VNI, every echo answered.
        var ping = await fabric.PingAsync("app1", "app2", count: 3);
        Assert.Equal([0, 1, 2], ping.Replies.Select(r => r.Sequence).ToArray());
        Assert.Equal(["app1", "leaf2", ping.Path[2].Device, "leaf3", "app2"], ping.Path.Select(h => h.Device).ToArray());
    }
}
