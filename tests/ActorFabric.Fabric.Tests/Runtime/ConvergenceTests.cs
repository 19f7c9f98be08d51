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

/// <summary>
/// Real time in a test process: the fabric's actors share the thread pool with whatever else runs, and BFD detects a
/// silent peer after 900 ms of real time. Run alone (not beside the assembly's CPU-heavy virtual-time tests) so that a
/// starved pool cannot look like a lost echo; a failure names the drops and session changes it saw.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealClockCollection
{
    public const string Name = "real clock, alone";
}

[Collection(RealClockCollection.Name)]
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
        if (ping.Received != 2) Assert.Fail($"h2 -> h8: {ping.Received} of {ping.Sent} echoes answered " +
            $"({string.Join(", ", ping.Replies.Select(r => $"#{r.Sequence} {r.RoundTripMs:F1} ms"))}); converged at {report.EmulatedTime}\n{await DescribeAsync(fabric)}");
        Assert.Equal(2, (await fabric.BgpSummaryAsync("leaf4")).Established);
    }

    /// <summary>Every switch's data-plane drops and BGP sessions (state, BFD, last change) for a failure message.</summary>
    private static async Task<string> DescribeAsync(FabricRuntime fabric)
    {
        var lines = new List<string>();
        foreach (var device in new[] { "spine1", "spine2", "leaf1", "leaf2", "leaf3", "leaf4" })
        {
            var drops = (await fabric.DataPlaneCountersAsync(device)).Drops.Where(d => d.Value > 0).Select(d => $"{d.Key}={d.Value}");
            var peers = (await fabric.BgpSummaryAsync(device)).Peers.Select(p => $"{p.PeerDevice ?? p.Peer} {p.State}/{p.BfdState} since {p.LastChange}");
            lines.Add($"{device}: drops [{string.Join(", ", drops)}]; sessions [{string.Join("; ", peers)}]");
        }
        return string.Join("\n", lines);
    }
}
