using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Runtime.Devices;
using ActorFabric.Fabric.Tests.Topology;
using ActorFabric.Fabric.Topology;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.Tests.Routing;

/// <summary>The gateway-IP type 5 model (RFC 9136 §4.4.2, <c>routing.type5: gateway-ip</c>) in l3-crb, under virtual time.</summary>
public sealed class GatewayIpRoutingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fabric-gwip-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_spine_sends_traffic_for_border1s_default_route_in_the_overlay_gateways_l2_vni_to_border1s_mac()
    {
        var (echoes, topology) = await EchoesToBorderAsync(File.ReadAllText(RepositoryFiles.Topology("l3-crb.yaml")));

        // border1's 0.0.0.0/0 names border1's overlay gateway (192.168.100.252, its MAC+IP route in VNI 10100); the
        // spine resolves it recursively and bridges there: VNI 10100, inner DMAC = border1's system MAC, TTL − 1.
        Assert.NotEmpty(echoes);
        var border1 = FabricAddressing.DeviceMac(topology.Node("border1").Index);
        Assert.All(echoes, e => Assert.Equal((10100u, border1, 63), (e.Vni, e.InnerDestination, e.Ttl)));
    }

    [Fact]
    public async Task With_interface_less_type5_the_same_traffic_crosses_the_l3_vni_instead()
    {
        string yaml = File.ReadAllText(RepositoryFiles.Topology("l3-crb.yaml")).Replace("type5: gateway-ip", "type5: interface-less");
        var (echoes, topology) = await EchoesToBorderAsync(yaml);

        Assert.NotEmpty(echoes);
        var border1 = FabricAddressing.DeviceMac(topology.Node("border1").Index);
        Assert.All(echoes, e => Assert.Equal((50001u, border1), (e.Vni, e.InnerDestination)));
    }

    /// <summary>web1 pings an address of border1's default route; the VXLAN copies from the spines to border1.</summary>
    private async Task<(List<InnerEcho> Echoes, FabricTopology Topology)> EchoesToBorderAsync(string yaml)
    {
        var files = new[] { Path.Combine(_dir, "s1.pcap"), Path.Combine(_dir, "s2.pcap") };
        var topology = TopologyLoader.Parse(yaml, "l3-crb.yaml");
        await using (var fabric = await RoutingFabric.StartConvergedAsync(topology))
        {
            var c1 = await fabric.StartCaptureAsync("spine1 border1", files[0]);
            var c2 = await fabric.StartCaptureAsync("spine2 border1", files[1]);
            await fabric.PingAsync("web1", "198.51.100.7", count: 2, timeout: TimeSpan.FromSeconds(1));
            await fabric.StopCaptureAsync(c1.Id);
            await fabric.StopCaptureAsync(c2.Id);
        }
        return (RoutingFabric.EchoRequests(files, Ipv4Address.Parse("198.51.100.7")), topology);
    }
}
