using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Tests.Topology;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Tests.Routing;

/// <summary>The external router behind border1 (next hop 203.0.113.1 of its 0.0.0.0/0) answers pings, in ERB and CRB, under virtual time.</summary>
public sealed class ExternalRouterTests
{
    [Theory]
    [InlineData("203.0.113.1")]
    [InlineData("198.51.100.7")]
    public async Task In_erb_a_ping_to_an_external_address_is_routed_to_border1_and_answered_behind_it(string address)
    {
        await using var fabric = await RoutingFabric.StartConvergedAsync(TopologyLoader.Load(RepositoryFiles.Topology("l3-erb.yaml")));

        var result = await fabric.PingAsync("web1", address, count: 2);

        Assert.True(result.Success, $"{result.Received}/{result.Sent}");
        // leaf1 routes over the L3 VNI to border1 (through a spine), border1 hands it to the external router; the
        // reply comes back the same way.
        Assert.Equal(["web1", "leaf1", result.Path[2].Device, "border1", result.Path[4].Device, "leaf1", "web1"], result.Path.Select(h => h.Device).ToArray());
        Assert.StartsWith("spine", result.Path[2].Device);
        // The external router's reply (TTL 64) is routed by border1 and by leaf1.
        Assert.All(result.Replies, r => Assert.Equal(62, r.Ttl));
    }

    [Fact]
    public async Task In_crb_a_ping_to_an_external_address_hairpins_through_a_spine_to_border1_and_is_answered_behind_it()
    {
        await using var fabric = await RoutingFabric.StartConvergedAsync(TopologyLoader.Load(RepositoryFiles.Topology("l3-crb.yaml")));

        var result = await fabric.PingAsync("web2", "198.51.100.7", count: 2);

        Assert.True(result.Success, $"{result.Received}/{result.Sent}");
        Assert.Equal(["web2", "leaf2", result.Path[2].Device, "border1"], result.Path.Select(h => h.Device).Take(4).ToArray());
        Assert.StartsWith("spine", result.Path[2].Device);
        Assert.Equal("web2", result.Path[^1].Device);
        // Routed by the spine on the way out; on the way back border1 routes it into VLAN 100 and leaf2 bridges.
        Assert.All(result.Replies, r => Assert.Equal(63, r.Ttl));
    }
}
