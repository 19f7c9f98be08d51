using System.Net;
using ActorFabric.Fabric.Tests.DataPlane;
using ActorFabric.Protocols.Routing;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Packets;
using static ActorFabric.Fabric.Tests.DataPlane.DataPlaneTestFabric;

namespace ActorFabric.Fabric.Tests.Routing;

/// <summary>A CRB routing node's data plane with an ARP request for the gateway that a leaf could not answer and flooded.</summary>
public sealed class RoutingNodeArpTests
{
    private static readonly MacAddress AnycastMac = IrbInterfaceOptions.AutoDerivedIpv4VirtualMac();

    [Fact]
    public void A_flooded_arp_for_the_gateway_is_answered_by_the_routing_node_over_vxlan_with_the_anycast_mac()
    {
        using var f = new DataPlaneTestFabric();
        // leaf3 acts as the routing node of VLAN 100 (gateway 10.1.0.254); leaf1 has no MAC+IP route for that address.
        var gateway = new Ipv4Address(0x0A01_00FEu);
        f.Leaf(3).DataPlane.AttachIpVrf(new IpVrf(new IpVrfOptions
        {
            Name = "tenant",
            RouteDistinguisher = RouteDistinguisher.FromIpv4(IPAddress.Parse("10.0.1.3"), 50001),
            LocalVtep = IPAddress.Parse("10.0.1.3"),
            ImportRouteTargets = [ExtendedCommunity.RouteTargetAs2(65000, 50001)],
            ExportRouteTargets = [ExtendedCommunity.RouteTargetAs2(65000, 50001)],
            L3Vni = 50001,
            RouterMac = f.Leaf(3).Mac,
            Mode = IrbMode.Asymmetric,
            Irbs = [new IrbInterfaceOptions(100, Vni100, AnycastMac) { GatewayIpv4 = IpPrefix.Ipv4(gateway, 16) }],
        }));

        f["h1"].Ping(gateway, 1, TimeSpan.FromSeconds(1), 8, f.Now); // ARP for the gateway first
        f.RunFor(TimeSpan.FromMilliseconds(1));

        // leaf1 flooded the request (to leaf2 and leaf3); leaf3 answered it itself, back in VNI 10100 to leaf1.
        Assert.Equal(1, f.Leaf(3).DataPlane.GatewayArpReplies);
        Assert.Equal(0, f.Leaf(1).DataPlane.GatewayArpReplies);
        Assert.True(f["h1"].TryGetArpEntry(gateway, out var mac));
        Assert.Equal(AnycastMac, mac);
    }
}
