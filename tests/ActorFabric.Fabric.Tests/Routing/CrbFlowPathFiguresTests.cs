using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Tests.Topology;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Tests.Routing;

/// <summary>
/// The routing figures of real pings in a centrally-routed fabric (l3-crb: the spines route, asymmetric IRB, RFC 9135
/// §6): the leaves only bridge, so an inter-subnet flow is routed once, at a spine, and crosses the fabric twice (leaf →
/// gateway → leaf) with no trombone hop; docs/fabric.md § Metrics.
/// </summary>
public sealed class CrbFlowPathFiguresTests
{
    private static string Describe(PingResult r) =>
        $"{r.Received}/{r.Sent} path {string.Join(" ", r.Path.Select(h => $"{h.Device}{(h.Routed ? "*" : "")}[{h.IngressPort}>{h.EgressPort}]"))} figures ({r.RoutedHops}, {r.FabricCrossings}, {r.TromboneHops})";

    [Theory]
    [InlineData("web1", "leaf1")] // leaf1 → spine → leaf2
    [InlineData("web2", "leaf2")] // leaf2 → spine → leaf2: both hosts on one leaf, still two crossings by design
    public async Task A_ping_across_vlans_is_routed_once_at_a_spine_and_crosses_the_fabric_twice_without_a_trombone_hop(string source, string sourceLeaf)
    {
        await using var fabric = await RoutingFabric.StartConvergedAsync(TopologyLoader.Load(RepositoryFiles.Topology("l3-crb.yaml")));

        var result = await fabric.PingAsync(source, "db2", count: 2);

        Assert.True(result.Success, Describe(result));
        var devices = result.Path.Select(h => h.Device).ToArray();
        Assert.Equal([source, sourceLeaf, devices[2], "leaf2", "db2"], devices);
        Assert.StartsWith("spine", devices[2]);
        // Only the spine routed it (the leaves bridge in VLAN 100's and VLAN 200's L2 VNIs).
        Assert.Equal([devices[2]], result.Path.Where(h => h.Routed).Select(h => h.Device));
        Assert.Equal((1, 2, 0), (result.RoutedHops, result.FabricCrossings, result.TromboneHops));
        Assert.Equal(0, TromboneHops(fabric));
    }

    [Fact]
    public async Task A_ping_to_the_gateway_counts_the_request_up_to_the_spine_that_answers_not_the_way_back()
    {
        await using var fabric = await RoutingFabric.StartConvergedAsync(TopologyLoader.Load(RepositoryFiles.Topology("l3-crb.yaml")));

        var result = await fabric.PingAsync("web2", "192.168.100.1", count: 2);

        Assert.True(result.Success, Describe(result));
        // Traced there and back (web2 leaf2 spine leaf2 web2); the request stops at the spine, which answers itself.
        Assert.Equal("web2", result.Path[^1].Device);
        Assert.Equal((0, 1, 0), (result.RoutedHops, result.FabricCrossings, result.TromboneHops));
        Assert.Equal(0, TromboneHops(fabric));
    }

    [Theory]
    [InlineData("l3-crb.yaml", 2, 2)] // leaf2 → a spine (routes) → border1 (routes out): the gateway is on the direct path
    [InlineData("l3-erb.yaml", 2, 1)] // leaf → border1 over the L3 VNI, routed at both
    public async Task A_ping_behind_the_border_leaf_counts_the_request_to_border1_not_the_reply_back(string file, int routed, int crossings)
    {
        await using var fabric = await RoutingFabric.StartConvergedAsync(TopologyLoader.Load(RepositoryFiles.Topology(file)));
        var source = file == "l3-crb.yaml" ? "web2" : "web1";

        var result = await fabric.PingAsync(source, "198.51.100.7", count: 2);

        Assert.True(result.Success, Describe(result));
        Assert.Equal(source, result.Path[^1].Device);
        Assert.Equal((routed, crossings, 0), (result.RoutedHops, result.FabricCrossings, result.TromboneHops));
        Assert.Equal(0, TromboneHops(fabric));
    }

    private static int TromboneHops(FabricRuntime fabric)
    {
        var text = fabric.Metrics.Scrape();
        return text.Split('\n').Where(l => l.StartsWith("actorfabric_trombone_hops_total{", StringComparison.Ordinal))
            .Sum(l => int.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
