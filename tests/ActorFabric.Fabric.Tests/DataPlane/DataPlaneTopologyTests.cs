using ActorFabric.Fabric.DataPlane;
using ActorFabric.Fabric.Tests.Topology;
using ActorFabric.Fabric.Topology;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.Tests.DataPlane;

public sealed class DataPlaneTopologyTests
{
    private static readonly FabricTopology Quickstart = TopologyLoader.Load(RepositoryFiles.Topology("quickstart.yaml"));

    [Fact]
    public void A_leaf_gets_one_fabric_port_per_link_facing_the_neighbours_fabric_mac_and_one_access_port_per_host()
    {
        var leaf = Quickstart.Node("leaf1");
        var config = DataPlaneTopology.ForNode(Quickstart, leaf.Index, []);
        var options = config.Options;

        Assert.Equal(leaf.Vtep, options.Vtep);
        Assert.Equal(leaf.Loopback, options.Loopback);
        Assert.Equal(DataPlaneTopology.FabricMacOf(leaf), options.FabricMac);
        Assert.Equal(Quickstart.LinksOf(leaf.Index).Length, options.FabricPorts.Count);
        foreach (var li in Quickstart.LinksOf(leaf.Index))
        {
            var link = Quickstart.Links[li];
            var peer = Quickstart.Nodes[link.Peer(leaf.Index)];
            var port = options.FabricPorts.Single(p => p.Port == config.Ports[link.PortOf(leaf.Index)]);
            Assert.Equal(peer.RouterId, port.NeighborRouterId);
            Assert.Equal(DataPlaneTopology.FabricMacOf(peer), port.NeighborMac);
        }
        var hosts = Quickstart.HostsOn(leaf.Index).ToArray();
        Assert.Equal(hosts.Length, options.AccessPorts.Count);
        foreach (var h in hosts)
        {
            var access = options.AccessPorts.Single(a => a.Port == config.Ports[h.Port]);
            Assert.Equal(h.Vlan, access.Vlan);
            Assert.False(access.Tagged);
        }
        Assert.Equal(new PortId(3), config.Ports["eth3"]); // ethN is N
    }

    [Fact]
    public void A_spine_is_transit_only_and_host_options_carry_the_topology_addresses()
    {
        var spine = Quickstart.Nodes.First(n => n.Role == NodeRole.Spine);
        var options = DataPlaneTopology.ForNode(Quickstart, spine.Index, []).Options;
        Assert.Equal(0u, options.Vtep);
        Assert.False(options.IsVtep);
        Assert.Empty(options.AccessPorts);
        Assert.Equal(Quickstart.LinksOf(spine.Index).Length, options.FabricPorts.Count);

        var h1 = Quickstart.Hosts.First(h => h.Name == "h1");
        var host = DataPlaneTopology.HostOptions(h1);
        Assert.Equal(MacAddress.Parse("02:00:00:00:01:01"), host.Mac);
        Assert.Equal(Ipv4Address.Parse("192.168.100.11"), host.Address);
        Assert.Equal(24, host.PrefixLength);
        Assert.Null(host.VlanTag);
    }
}
