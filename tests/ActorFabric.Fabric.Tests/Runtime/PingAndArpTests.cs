using ActorFabric.Fabric.Runtime;
using ActorFabric.Protocols.Underlay;

namespace ActorFabric.Fabric.Tests.Runtime;

public sealed class PingAndArpTests
{
    [Fact]
    public async Task Ping_across_leaves_on_one_vni_succeeds_along_the_ecmp_path_the_underlay_chose()
    {
        await using var fabric = await QuickstartFabric.StartConvergedAsync();

        var result = await fabric.PingAsync("h1", "h5", count: 3);

        Assert.Equal(3, result.Sent);
        Assert.Equal(3, result.Received);
        Assert.All(result.Replies, r => Assert.True(r.RoundTrip > TimeSpan.Zero));
        // h1 (leaf1 eth3) -> leaf1 -> a spine -> leaf3 -> h5 (leaf3 eth3)
        Assert.Equal(["h1", "leaf1", result.Path[2].Device, "leaf3", "h5"], result.Path.Select(h => h.Device).ToArray());
        Assert.StartsWith("spine", result.Path[2].Device);
        Assert.Equal("eth3", result.Path[1].IngressPort);
        Assert.Equal("eth3", result.Path[3].EgressPort);

        // The spine is the one EcmpNextHopSelector picks for this flow (outer UDP source port, seed = leaf1's router id).
        var topology = fabric.Topology;
        var leaf1 = topology.Node("leaf1");
        var leaf3 = topology.Node("leaf3");
        var routes = await fabric.UnderlayRoutesAsync("leaf1");
        var toLeaf3 = routes.Routes.Single(r => r.Prefix == $"{Dotted(leaf3.Vtep)}/32");
        Assert.Equal(2, toLeaf3.NextHops.Count);
        int index = EcmpNextHopSelector.SelectIndex(toLeaf3.NextHops.Count, fabric.LastPingOuterSourcePort, leaf1.RouterId);
        Assert.NotEqual(0, fabric.LastPingOuterSourcePort);
        Assert.Equal(toLeaf3.NextHops[index].Neighbor, result.Path[2].Device);
        Assert.Equal(toLeaf3.NextHops[index].Port, result.Path[1].EgressPort);
    }

    [Fact]
    public async Task Arp_request_is_answered_by_the_local_leaf_when_the_mac_ip_route_is_known()
    {
        await using var fabric = await QuickstartFabric.StartConvergedAsync();
        var leaf1Before = await fabric.DataPlaneCountersAsync("leaf1");
        var leaf3Before = await fabric.DataPlaneCountersAsync("leaf3");

        var result = await fabric.PingAsync("h1", "h5", count: 1);

        Assert.Equal(1, result.Received);
        var leaf1After = await fabric.DataPlaneCountersAsync("leaf1");
        var leaf3After = await fabric.DataPlaneCountersAsync("leaf3");
        Assert.Equal(leaf1Before.ProxyReplies + 1, leaf1After.ProxyReplies);   // the leaf answered h1's ARP
        Assert.Equal(leaf1Before.BumCopies, leaf1After.BumCopies);             // nothing flooded into the fabric
        Assert.Equal(leaf3Before.BumLocalCopies, leaf3After.BumLocalCopies);   // h5 never saw an ARP request
    }

    private static string Dotted(uint a) => $"{a >> 24}.{(a >> 16) & 255}.{(a >> 8) & 255}.{a & 255}";
}

public sealed class UdpFlowTests
{
    [Fact]
    public async Task A_udp_flow_across_leaves_arrives_whole_and_random_loss_on_the_path_drops_some_of_it()
    {
        await using var fabric = await QuickstartFabric.StartConvergedAsync();
        var clean = await fabric.UdpFlowAsync("h2", "h6", port: 5001, count: 50);
        Assert.Equal(50, clean.Sent);
        Assert.Equal(50, clean.Received);
        Assert.Equal(50 * 64, clean.BytesReceived);

        await fabric.LinkSetAsync("leaf3", "spine1", loss: 0.5);
        await fabric.LinkSetAsync("leaf3", "spine2", loss: 0.5);
        var lossy = await fabric.UdpFlowAsync("h2", "h6", port: 5001, count: 200);
        Assert.Equal(200, lossy.Sent);
        Assert.InRange(lossy.Received, 50, 150);
    }
}
