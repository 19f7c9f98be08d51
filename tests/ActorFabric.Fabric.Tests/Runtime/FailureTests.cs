using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Fabric.Tests.Runtime;

public sealed class FailureTests
{
    [Fact]
    public async Task Spine_leaf_link_failure_reroutes_traffic_and_the_fabric_reconverges()
    {
        await using var fabric = await QuickstartFabric.StartConvergedAsync();
        // Find a flow that uses spine1, then cut leaf1-spine1.
        var before = await fabric.PingAsync("h1", "h5", count: 1);
        string usedSpine = before.Path[2].Device;

        await fabric.LinkDownAsync("leaf1", usedSpine);
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(1)); // SPF runs after its initial delay
        var report = await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(30));
        Assert.True(report.Converged, report.Progress.ToString());

        var routes = await fabric.UnderlayRoutesAsync("leaf1");
        var toLeaf3 = routes.Routes.Single(r => r.Prefix == "10.0.0.13/32");
        var only = Assert.Single(toLeaf3.NextHops);
        Assert.NotEqual(usedSpine, only.Neighbor);

        var after = await fabric.PingAsync("h1", "h5", count: 3);
        Assert.Equal(3, after.Received);
        Assert.Equal(only.Neighbor, after.Path[2].Device);

        // Sessions to the cut spine survive over the other spine (multihop iBGP to loopbacks).
        var summary = await fabric.BgpSummaryAsync("leaf1");
        Assert.Equal(2, summary.Established);

        await fabric.LinkUpAsync("leaf1", usedSpine);
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(5));
        routes = await fabric.UnderlayRoutesAsync("leaf1");
        Assert.Equal(2, routes.Routes.Single(r => r.Prefix == "10.0.0.13/32").NextHops.Count);
    }

    [Fact]
    public async Task Leaf_losing_all_uplinks_loses_its_sessions_within_bfd_detection_time_and_its_routes_everywhere()
    {
        await using var fabric = await QuickstartFabric.StartConvergedAsync();
        await fabric.LinkDownAsync("leaf1", "spine1");
        await fabric.LinkDownAsync("leaf1", "spine2");
        var cut = fabric.Now;

        TimeSpan? down = null;
        while (fabric.Now - cut < TimeSpan.FromSeconds(2))
        {
            await fabric.AdvanceAsync(TimeSpan.FromMilliseconds(10));
            if ((await fabric.BgpSummaryAsync("leaf1")).Established == 0) { down = fabric.Now - cut; break; }
        }
        Assert.NotNull(down);
        Assert.True(down <= TimeSpan.FromMilliseconds(900) + TimeSpan.FromMilliseconds(10), $"sessions went down after {down}");

        // The reflectors drop leaf1 as fast (their BFD sees the same silence) and withdraw its routes.
        await fabric.AdvanceAsync(TimeSpan.FromMilliseconds(200));
        foreach (var rr in new[] { "spine1", "spine2" })
        {
            var peer = (await fabric.BgpSummaryAsync(rr)).Peers.Single(p => p.PeerDevice == "leaf1");
            Assert.NotEqual("Established", peer.State);
        }
        foreach (var leaf in new[] { "leaf2", "leaf3", "leaf4" })
        {
            var macs = await fabric.EvpnMacTableAsync(leaf);
            Assert.DoesNotContain(macs.Entries, e => e.RemoteVtep == "10.0.0.11");
            var tunnels = await fabric.VxlanTunnelsAsync(leaf);
            Assert.DoesNotContain(tunnels.Tunnels, t => t.RemoteVtep == "10.0.0.11");
            var rib = await fabric.RouteTableAsync(leaf);
            Assert.DoesNotContain(rib.Routes, r => r.NextHop == "10.0.0.11");
        }

        // The path returns: sessions and routes come back.
        await fabric.LinkUpAsync("leaf1", "spine1");
        await fabric.LinkUpAsync("leaf1", "spine2");
        var report = await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60));
        Assert.True(report.Converged, report.Progress.ToString());
        Assert.Equal(2, (await fabric.BgpSummaryAsync("leaf1")).Established);
    }

    [Fact]
    public async Task A_stopped_device_restarts_alone_and_the_fabric_reconverges()
    {
        await using var fabric = await QuickstartFabric.StartConvergedAsync();
        await fabric.DeviceStopAsync("leaf2");
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.False(fabric.Progress.Converged);
        var leaf1 = await fabric.EvpnMacTableAsync("leaf1");
        Assert.DoesNotContain(leaf1.Entries, e => e.RemoteVtep == "10.0.0.12");
        Assert.Equal(2, (await fabric.BgpSummaryAsync("leaf1")).Established); // untouched

        await fabric.DeviceStartAsync("leaf2");
        // leaf2's hosts see their links come back and announce themselves (GARP): no traffic from them is needed.
        var report = await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60));
        Assert.True(report.Converged, report.Progress.ToString());
        Assert.Equal(2, (await fabric.BgpSummaryAsync("leaf2")).Established);
    }
}

public sealed class ReconvergenceReportTests
{
    [Fact]
    public async Task A_second_wait_reports_the_time_of_reconvergence_not_the_first_convergence()
    {
        await using var fabric = await QuickstartFabric.StartConvergedAsync();
        var first = fabric.Now;
        await fabric.LinkDownAsync("leaf4", "spine1");
        await fabric.LinkDownAsync("leaf4", "spine2");
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.False(fabric.Progress.Converged);
        await fabric.LinkUpAsync("leaf4", "spine1");
        await fabric.LinkUpAsync("leaf4", "spine2");
        var report = await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60));
        Assert.True(report.Converged);
        Assert.True(report.EmulatedTime > first + TimeSpan.FromSeconds(2), $"{report.EmulatedTime} vs first {first}");
        Assert.Equal(fabric.Now, report.EmulatedTime);
    }
}
