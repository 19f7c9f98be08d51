using System.Globalization;
using System.Text.RegularExpressions;
using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;
using ActorFabric.Fabric.Tests.Topology;

namespace ActorFabric.Fabric.Tests.Routing;

/// <summary>The routing families of /metrics on topologies/l3-erb.yaml under virtual time.</summary>
public sealed class RoutingMetricsTests
{
    [Fact]
    public async Task Routed_packet_counters_survive_a_device_restart_and_route_counts_come_back()
    {
        await using var fabric = FabricRuntime.Start(TopologyLoader.Load(RepositoryFiles.Topology("l3-erb.yaml")), new FabricRunOptions { Seed = 1 });
        Assert.True((await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60))).Converged);
        Assert.True((await fabric.PingAsync("app1", "app2", count: 2)).Success);
        long before = Sample(fabric.Metrics.Scrape(), "actorfabric_routed_packets_total{device=\"leaf2\"}");
        // Two echo requests routed at leaf2 (ingress) and two replies (egress of the L3 VNI).
        Assert.Equal(4, before);

        await fabric.ApplyChaosAsync(new DeviceStopAction("leaf2"));
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(1));
        await fabric.ApplyChaosAsync(new DeviceStartAction("leaf2"));
        // Sessions and routes come back within seconds (leaf2's hosts announce themselves when their links come back).
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(10));
        var scrape = fabric.Metrics.Scrape();
        Assert.Equal(before, Sample(scrape, "actorfabric_routed_packets_total{device=\"leaf2\"}"));
        Assert.Equal(2, Sample(scrape, "actorfabric_ipvrf_routes{device=\"leaf2\",vrf=\"tenant1\",source=\"connected\"}"));
        // The restarted leaf2 routes the echo request and its reply again; the counter continues from where it was.
        Assert.True((await fabric.PingAsync("app1", "app2", count: 1)).Success);
        Assert.Equal(before + 2, Sample(fabric.Metrics.Scrape(), "actorfabric_routed_packets_total{device=\"leaf2\"}"));
        var state = await fabric.EvpnL3ContextAsync("leaf2");
        Assert.Equal(Sample(fabric.Metrics.Scrape(), "actorfabric_routed_packets_total{device=\"leaf2\"}"), state.Counters.RoutedPackets);
    }

    private static long Sample(string scrape, string series) => (long)Metrics.ScrapedText.Value(scrape, series);
}
