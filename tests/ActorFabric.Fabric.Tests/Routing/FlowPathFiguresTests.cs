using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Tests.Topology;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Tests.Routing;

/// <summary>Routed hops, fabric crossings and trombone hops of a traced path (<see cref="FlowPathFigures"/>).</summary>
public sealed class FlowPathFiguresTests
{
    private static readonly FabricTopology Erb = TopologyLoader.Load(RepositoryFiles.Topology("l3-erb.yaml"));
    private static readonly FabricTopology Crb = TopologyLoader.Load(RepositoryFiles.Topology("l3-crb.yaml"));

    private static PathHop Hop(string device, bool routed = false) => new(device, null, null, routed);

    private static (int, int, int) Figures(FabricTopology topology, params PathHop[] path)
    {
        var result = FlowPathFigures.Of(new PingResult("a", "b", "10.0.0.1", 1, 1, [], path), topology);
        return (result.RoutedHops, result.FabricCrossings, result.TromboneHops);
    }

    [Fact]
    public void A_symmetric_path_crosses_once_and_a_detour_through_another_leaf_is_one_trombone_hop()
    {
        Assert.Equal((2, 1, 0), Figures(Erb, Hop("app1"), Hop("leaf2", true), Hop("spine1"), Hop("leaf3", true), Hop("app2")));
        Assert.Equal((2, 2, 1), Figures(Erb, Hop("app1"), Hop("leaf2", true), Hop("spine1"), Hop("leaf3", true), Hop("spine2"), Hop("leaf1"), Hop("app2")));
        // Two detours: two trombone hops, whatever the spines in between.
        Assert.Equal((1, 3, 2), Figures(Erb, Hop("web2"), Hop("leaf2", true), Hop("spine1"), Hop("leaf3"), Hop("spine1"), Hop("border1"), Hop("spine2"), Hop("leaf1"), Hop("web1")));
    }

    [Fact]
    public void A_flow_within_one_leaf_crosses_nothing_and_a_device_reporting_twice_is_one_stop()
    {
        Assert.Equal((1, 0, 0), Figures(Erb, Hop("web1"), Hop("leaf1", true), Hop("db1")));
        Assert.Equal((1, 1, 0), Figures(Erb, Hop("web1"), Hop("leaf1", true), Hop("leaf1"), Hop("spine1"), Hop("leaf2"), Hop("web2")));
        Assert.Equal((0, 0, 0), Figures(Erb));
    }

    [Fact]
    public void In_crb_the_central_gateway_that_routed_is_on_the_direct_path_but_a_second_gateway_or_a_bridging_one_is_not()
    {
        // leaf1 → spine1 (routes, asymmetric) → leaf2: two crossings by design.
        Assert.Equal((1, 2, 0), Figures(Crb, Hop("web1"), Hop("leaf1"), Hop("spine1", true), Hop("leaf2"), Hop("app1")));
        Assert.Equal((2, 3, 1), Figures(Crb, Hop("web1"), Hop("leaf1"), Hop("spine1", true), Hop("spine2", true), Hop("leaf2"), Hop("app1")));
        // Not in an ERB design: a spine is no stop there.
        Assert.Equal((0, 1, 0), Figures(Erb, Hop("web1"), Hop("leaf1"), Hop("spine1"), Hop("leaf2"), Hop("web2")));
    }

    [Fact]
    public void A_ping_to_an_address_traced_there_and_back_counts_the_request_up_to_the_device_that_has_the_address()
    {
        var web2 = new ActorFabric.Wire.Packets.Ipv4Address(Erb.Hosts.Single(h => h.Name == "web2").Ipv4).ToString();
        PathHop[] roundTrip = [Hop("web1"), Hop("leaf1"), Hop("spine1"), Hop("leaf2"), Hop("web2"), Hop("leaf2"), Hop("spine2"), Hop("leaf1"), Hop("web1")];
        var result = FlowPathFigures.Of(new PingResult("web1", web2, web2, 1, 1, [], roundTrip), Erb);
        Assert.Equal((0, 1, 0), (result.RoutedHops, result.FabricCrossings, result.TromboneHops));
        // To a host's name the path ends at the host and is counted whole.
        var byName = FlowPathFigures.Of(new PingResult("web1", "web2", web2, 1, 1, [], roundTrip[..5]), Erb);
        Assert.Equal((0, 1, 0), (byName.RoutedHops, byName.FabricCrossings, byName.TromboneHops));
    }

    [Fact]
    public void A_ping_to_an_ipv6_address_counts_the_request_up_to_the_host_or_the_routing_node_that_has_it()
    {
        // web2's IPv6 address on l3-erb, traced there and back.
        PathHop[] roundTrip = [Hop("web1"), Hop("leaf1"), Hop("spine1"), Hop("leaf2"), Hop("web2"), Hop("leaf2"), Hop("spine2"), Hop("leaf1"), Hop("web1")];
        var toHost = FlowPathFigures.Of(new PingResult("web1", "2001:db8:100::3", "2001:db8:100::3", 1, 1, [], roundTrip), Erb);
        Assert.Equal((0, 1, 0), (toHost.RoutedHops, toHost.FabricCrossings, toHost.TromboneHops));

        // l3-crb with a gateway6 on blue: a spine answers for it, like for 192.168.100.1 (0, 1, 0).
        var crb6 = TopologyLoader.Parse(File.ReadAllText(RepositoryFiles.Topology("l3-crb.yaml"))
            .Replace("subnet: 192.168.100.0/24}", "subnet: 192.168.100.0/24, gateway6: \"2001:db8:100::1/64\"}"), "l3-crb.yaml");
        PathHop[] toSpine = [Hop("web2"), Hop("leaf2"), Hop("spine1"), Hop("leaf2"), Hop("web2")];
        var toGateway = FlowPathFigures.Of(new PingResult("web2", "2001:db8:100::1", "2001:db8:100::1", 1, 1, [], toSpine), crb6);
        Assert.Equal((0, 1, 0), (toGateway.RoutedHops, toGateway.FabricCrossings, toGateway.TromboneHops));
    }
}
