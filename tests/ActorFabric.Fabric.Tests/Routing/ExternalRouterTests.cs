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

    [Fact]
    public async Task In_erb_an_ipv6_packet_for_an_external_ipv6_prefix_is_routed_out_at_border1_and_counted_external()
    {
        var yaml = File.ReadAllText(RepositoryFiles.Topology("l3-erb.yaml")).Replace(
            "      - {vrf: tenant1, prefix: 0.0.0.0/0, next-hop: 203.0.113.1}\n",
            "      - {vrf: tenant1, prefix: 0.0.0.0/0, next-hop: 203.0.113.1}\n      - {vrf: tenant1, prefix: \"2001:db8:ff00::/40\", next-hop: \"2001:db8:fe::1\"}\n");
        await using var fabric = await ErbFabric.StartConvergedAsync(yaml);

        var result = await fabric.PingAsync("web1", "2001:db8:ff00::7", count: 2);

        // The external router answers IPv4 only: both echo requests leave the fabric at border1, unanswered (border1
        // forwards nothing, so the path trace ends at the spine before it).
        Assert.Equal(0, result.Received);
        var counters = (await fabric.EvpnL3ContextAsync("border1")).Counters;
        Assert.Equal(2, counters.RoutedPackets);
        Assert.Equal(2, counters.Drops.GetValueOrDefault("External"));
        Assert.False(counters.Drops.ContainsKey("TtlExpired"));
        Assert.Equal(0, (await fabric.DataPlaneCountersAsync("border1")).DropCount(ActorFabric.Fabric.DataPlane.DataPlaneDropReason.Malformed));
    }
}
