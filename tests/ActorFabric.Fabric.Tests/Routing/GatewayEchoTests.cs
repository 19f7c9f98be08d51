using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Tests.Topology;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Tests.Routing;

/// <summary>The anycast gateway answers ICMP echo for its own addresses (RFC 1122 §3.2.2.6), in ERB and CRB, under virtual time.</summary>
public sealed class GatewayEchoTests
{
    [Fact]
    public async Task An_erb_leaf_answers_a_ping_to_the_gateway_of_the_hosts_vlan_and_of_another_vlan_it_routes()
    {
        await using var fabric = await RoutingFabric.StartConvergedAsync(TopologyLoader.Load(RepositoryFiles.Topology("l3-erb.yaml")));

        foreach (var gateway in new[] { "192.168.100.1", "192.168.200.1" })
        {
            var result = await fabric.PingAsync("web1", gateway, count: 2);
            Assert.True(result.Success, $"{gateway}: {result.Received}/{result.Sent}");
            Assert.Equal(gateway, result.DestinationIp);
            // leaf1 itself answers: the request goes no further (the trace continues with the reply, back to web1), and
            // the reply is originated with a fresh TTL.
            Assert.Equal(["web1", "leaf1", "web1"], result.Path.Select(h => h.Device).ToArray());
            Assert.All(result.Replies, r => Assert.Equal(64, r.Ttl));
        }
        var drops = await fabric.DataPlaneCountersAsync("leaf1");
        Assert.Equal(0, drops.TotalDrops);
    }

    [Fact]
    public async Task A_crb_routing_spine_answers_a_ping_to_the_gateway_back_in_the_hosts_l2_vni()
    {
        await using var fabric = await RoutingFabric.StartConvergedAsync(TopologyLoader.Load(RepositoryFiles.Topology("l3-crb.yaml")));

        var result = await fabric.PingAsync("web2", "192.168.100.1", count: 2);

        Assert.True(result.Success, $"{result.Received}/{result.Sent}");
        // Request up to a spine in VLAN 100's L2 VNI, the reply back down to leaf2 in the same VNI.
        Assert.Equal(["web2", "leaf2", result.Path[2].Device, "leaf2", "web2"], result.Path.Select(h => h.Device).ToArray());
        Assert.StartsWith("spine", result.Path[2].Device);
        // The spine originates the reply (TTL 64) and leaf2 only bridges it.
        Assert.All(result.Replies, r => Assert.Equal(64, r.Ttl));
    }

    [Fact]
    public async Task A_ping_to_an_address_nobody_has_still_fails_and_an_unknown_name_is_refused()
    {
        await using var fabric = await RoutingFabric.StartConvergedAsync(TopologyLoader.Load(RepositoryFiles.Topology("l3-erb.yaml")));

        // 192.168.100.77 is in web1's subnet but no host has it: its ARP goes unanswered.
        Assert.Equal(0, (await fabric.PingAsync("web1", "192.168.100.77", count: 1, timeout: TimeSpan.FromSeconds(1))).Received);
        await Assert.ThrowsAsync<UnknownFabricObjectException>(() => fabric.PingAsync("web1", "web9", count: 1));
    }
}
