using ActorFabric.Fabric.Topology;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Fabric.Runtime.Devices;

// The gateway-IP type 5 model on this VTEP (OverlayGateway): its type 5 routes carry its own overlay gateway address as
// GW IP, label 0 (IpVrf), and it advertises that address as a MAC+IP route — its system MAC (which the data plane
// routes for, SwitchDataPlane.Crb.cs), Label1 = the domain's L2 VNI, ESI 0, the MAC-VRF's RTs — so that receivers
// resolve the GW IP recursively to a MAC and VNI (RFC 9136 §3.2, §4.4.2).
internal sealed partial class SwitchActor
{
    /// <summary>This VTEP's overlay gateway in <paramref name="definition"/>: the domain and the address, or null (model off, no IRB domain here).</summary>
    private (BroadcastDomain Domain, uint Address)? OverlayGatewayOf(IpVrfDefinition definition)
    {
        if (!OverlayGateway.Enabled(_topology) || OverlayGateway.Domain(_topology, _node, definition) is not { } bd) return null;
        return (bd, OverlayGateway.Address(_node, definition, bd));
    }

    private void QueueOverlayGatewayRoutes()
    {
        if (!OverlayGateway.Enabled(_topology)) return;
        foreach (int index in _node.RoutesVrfs)
        {
            if (OverlayGatewayOf(_topology.IpVrfs[index]) is not { } overlay) continue;
            foreach (var macVrf in _vrfs)
            {
                if (!macVrf.TryGetDomainByVni(overlay.Domain.Vni, out var bd)) continue;
                var options = macVrf.Options;
                var route = new MacIpAdvertisementRoute(options.RouteDistinguisher, EthernetSegmentId.Zero, bd.EthernetTag,
                    FabricAddressing.DeviceMac(_node.Index), FabricAddressing.ToIp(overlay.Address), bd.Vni);
                _pendingGatewayRoutes.Add((route, new PathAttributes { ExtendedCommunities = [.. options.ExportRouteTargets, ExtendedCommunity.VxlanEncapsulation] }));
            }
        }
    }
}
