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

    [Fact]
    public async Task A_lag_server_sends_on_its_surviving_member_while_a_leaf_is_stopped_and_link_up_does_not_revive_the_dead_member()
    {
        await using var fabric = FabricRuntime.Start(TopologyLoader.Load(RepositoryFiles.Topology("multihomed.yaml")), new FabricRunOptions { Seed = 1 });
        var first = await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60));
        Assert.True(first.Converged, first.Progress.ToString());
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(5)); // DF elected
        async Task NoLoss(string when, ushort firstPort)
        {
            // 16 flows: the bond's layer 3+4 hash spreads them over both members while both have carrier.
            for (ushort port = firstPort; port < firstPort + 16; port++)
            {
                var r = await fabric.UdpFlowAsync("server1", "h3", port, count: 3, interval: TimeSpan.FromMilliseconds(10));
                Assert.True(r.Received == r.Sent, $"{when}: server1 → h3 port {port}: {r.Received} of {r.Sent} datagrams");
            }
        }
        await NoLoss("before", 7001);

        // Long before leaf1's BGP sessions time out (9 s hold time): only the carrier loss can steer the bond.
        await fabric.DeviceStopAsync("leaf1");
        await fabric.AdvanceAsync(TimeSpan.FromMilliseconds(100));
        await NoLoss("leaf1 stopped", 7101);

        // The link's own state follows chaos, but a port without power has no carrier to give back.
        await fabric.LinkDownAsync("server1", "leaf1");
        await fabric.LinkUpAsync("server1", "leaf1");
        await NoLoss("link-up towards the stopped leaf1", 7201);

        await fabric.DeviceStartAsync("leaf1");
        var report = await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(30));
        Assert.True(report.Converged, report.Progress.ToString());
        Assert.Equal(first.Progress.RoutesPresent, report.Progress.RoutesPresent);
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(5));
        await NoLoss("after the restart", 7301);
    }

    [Fact]
    public async Task A_single_homed_host_loses_its_link_while_its_leaf_is_stopped_and_gets_it_back_at_the_restart()
    {
        await using var fabric = FabricRuntime.Start(TopologyLoader.Load(RepositoryFiles.Topology("multihomed.yaml")), new FabricRunOptions { Seed = 1 });
        Assert.True((await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60))).Converged);
        Assert.True((await fabric.PingAsync("h1", "h3", 1)).Success);

        await fabric.DeviceStopAsync("leaf1");
        await fabric.LinkUpAsync("h1", "leaf1"); // already up: nothing to revive
        Assert.Equal(0, (await fabric.PingAsync("h1", "h3", 2, TimeSpan.FromSeconds(1))).Received);

        await fabric.DeviceStartAsync("leaf1");
        Assert.True((await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(30))).Converged);
        Assert.True((await fabric.PingAsync("h1", "h3", 2)).Success);
    }
}
