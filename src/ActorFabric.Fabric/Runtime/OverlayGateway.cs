using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// The gateway-IP type 5 model (<c>routing.type5: gateway-ip</c>, RFC 9136 §4.4.2): each routing VTEP of an IP-VRF
/// names itself in its type 5 routes by an address of its own on an IRB domain, advertised as a MAC+IP route (its
/// system MAC, the domain's L2 VNI) that receivers resolve the GW IP through. RFC 9136 puts that address on a
/// supplementary broadcast domain (SBD); the fabric has none yet, so the IRB of the VRF's first IPv4 VLAN the node
/// carries stands in for it, with a per-node address counted down from the top of the subnet: the broadcast address
/// − 1 − the node's position in <see cref="IpVrfDefinition.RoutingNodes"/> (l3-crb, tenant1: spine1 .254, spine2
/// .253, border1 .252 in 192.168.100.0/24). A host must not use those addresses (not checked).
/// </summary>
internal static class OverlayGateway
{
    public static bool Enabled(FabricTopology topology) => topology.Routing.PrefixRoutes == PrefixRouteModel.GatewayIp;

    /// <summary>The broadcast domain carrying <paramref name="node"/>'s overlay gateway address in <paramref name="vrf"/>, or null.</summary>
    public static BroadcastDomain? Domain(FabricTopology topology, FabricNode node, IpVrfDefinition vrf)
    {
        foreach (int d in vrf.BroadcastDomains)
        {
            var bd = topology.BroadcastDomains[d];
            if (bd.Gateway != 0 && node.BroadcastDomains.Contains(d)) return bd;
        }
        return null;
    }

    /// <summary>The overlay gateway address (host order) of <paramref name="node"/> in <paramref name="bd"/>.</summary>
    public static uint Address(FabricNode node, IpVrfDefinition vrf, BroadcastDomain bd)
    {
        uint broadcast = bd.Subnet | (bd.PrefixLength == 0 ? uint.MaxValue : uint.MaxValue >> bd.PrefixLength);
        int position = 0;
        while (position < vrf.RoutingNodes.Count && vrf.RoutingNodes[position] != node.Index) position++;
        return broadcast - 1 - (uint)position;
    }
}
