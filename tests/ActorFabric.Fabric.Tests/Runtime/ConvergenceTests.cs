using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Fabric.Tests.Runtime;

public sealed class ConvergenceTests
{
    [Fact]
    public async Task Quickstart_converges_with_every_session_route_and_flood_list_in_place()
    {
        await using var fabric = QuickstartFabric.Start();
        var report = await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60));

        Assert.True(report.Converged, report.Progress.ToString());
        var p = report.Progress;
        Assert.Equal(18, p.SessionsExpected);            // (4 leaves x 2 RRs + the RR mesh) x both ends
        Assert.Equal(p.SessionsExpected, p.SessionsEstablished);
        Assert.Equal(p.RoutesExpected, p.RoutesPresent);
        Assert.Equal(8, p.FloodListsExpected);           // 4 leaves x 2 VNIs
        Assert.Equal(0, p.BgpBytesInFlight);
        Assert.True(report.EmulatedTime > TimeSpan.Zero && report.EmulatedTime < TimeSpan.FromSeconds(30), report.EmulatedTime.ToString());

        foreach (var leaf in new[] { "leaf1", "leaf2", "leaf3", "leaf4" })
        {
            var summary = await fabric.BgpSummaryAsync(leaf);
            Assert.Equal(2, summary.Established);
            var tunnels = await fabric.VxlanTunnelsAsync(leaf);
            Assert.Equal(3, tunnels.Tunnels.Count);
            var macs = await fabric.EvpnMacTableAsync(leaf, 10100);
            Assert.Equal(4, macs.Entries.Count); // 4 hosts on VNI 10100, one per leaf
        }
    }
}

public sealed class RealClockTests
{
    [Fact]
    public async Task Quickstart_converges_and_answers_pings_under_the_real_clock()
    {
        await using var fabric = FabricRuntime.Start(QuickstartFabric.Load(),
            new FabricRunOptions { Clock = Simulation.ClockMode.Real, SerializeMessages = true });
        var report = await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60));
        Assert.True(report.Converged, report.Progress.ToString());
        var ping = await fabric.PingAsync("h2", "h8", 2);
        Assert.Equal(2, ping.Received);
        Assert.Equal(2, (await fabric.BgpSummaryAsync("leaf4")).Established);
    }
}
