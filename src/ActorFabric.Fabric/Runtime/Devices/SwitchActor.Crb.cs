using ActorFabric.Fabric.Topology;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Fabric.Runtime.Devices;

// Centrally-routed bridging (CRB): the leaves only bridge, so they must find the anycast gateway MAC in their MAC-VRFs.
// Each routing node advertises, per IRB VLAN, the gateway's MAC+IP as a type 2 route with the Default Gateway EC
// (RFC 7432 §10.1), which also lets the leaves answer ARP for the gateway address themselves (§10).
//
// Several routing nodes hold the same virtual gateway MAC. Junos CRB spines with a virtual gateway address give that
// MAC an automatically derived ESI, so the leaves treat the spines as one all-active segment and load-balance over
// them (aliasing). We do the same: ESI type 5 (RFC 7432 §5: AS number, then a 4-octet local discriminator) from the
// fabric AS and the VLAN's VNI, the MAC+IP route carries it, and each routing node sends the per-ES and per-EVI A-D
// routes of that segment (RFC 7432 §8.2.1, §8.4) so the MAC-VRF's aliasing sets pick a routing node per flow and drop
// one whose routes are withdrawn (a failed spine).
internal sealed partial class SwitchActor
{
    private readonly List<(EvpnRoute Route, PathAttributes Attributes)> _pendingGatewayRoutes = [];

    /// <summary>The virtual gateway ESI of <paramref name="vni"/>: type 5, the fabric AS, the VNI as local discriminator, then 0.</summary>
    internal static EthernetSegmentId VirtualGatewayEsi(uint asn, uint vni) => EthernetSegmentId.FromAs(asn, vni);

    /// <summary>A CRB routing node queues the virtual gateway routes of each IRB VLAN; BGP takes them at the next drain.</summary>
    private void QueueGatewayRoutes()
    {
        if (_topology.Routing.Design != RoutingDesign.Crb || !_node.IsRoutingNode) return;
        var encapsulation = ExtendedCommunity.VxlanEncapsulation;
        foreach (var macVrf in _vrfs)
        {
            var options = macVrf.Options;
            foreach (var bd in macVrf.BridgeDomains)
            {
                if (!_ipVrfByVni.TryGetValue(bd.Vni, out var irb)) continue;
                var gateway = IrbOf(irb.Vrf, irb.Vlan);
                var esi = VirtualGatewayEsi(_topology.Asn, bd.Vni);
                // §8.2.1: per-ES A-D, MAX-ET, label 0, ESI Label EC (all-active), the EVI's RTs; §8.4: per-EVI A-D, label = VNI.
                _pendingGatewayRoutes.Add((new EthernetAutoDiscoveryRoute(RouteDistinguisher.FromIpv4(_node.RouterId, 0), esi, EthernetAutoDiscoveryRoute.MaxEthernetTag, 0),
                    new PathAttributes { ExtendedCommunities = [.. options.ExportRouteTargets, ExtendedCommunity.EsiLabel(false, 0), encapsulation] }));
                _pendingGatewayRoutes.Add((new EthernetAutoDiscoveryRoute(options.RouteDistinguisher, esi, bd.EthernetTag, bd.Vni),
                    new PathAttributes { ExtendedCommunities = [.. options.ExportRouteTargets, encapsulation] }));
                // §10.1: MAC+IP of the gateway, Label1 = the L2 VNI (RFC 8365 §5.1.3), Default Gateway EC.
                var attributes = new PathAttributes { ExtendedCommunities = [.. options.ExportRouteTargets, encapsulation, ExtendedCommunity.DefaultGateway] };
                if (gateway.GatewayIpv4 is { } v4)
                    _pendingGatewayRoutes.Add((new MacIpAdvertisementRoute(options.RouteDistinguisher, esi, bd.EthernetTag, gateway.VirtualMac, v4.ToIPAddress(), bd.Vni), attributes));
                if (gateway.GatewayIpv6 is { } v6)
                    _pendingGatewayRoutes.Add((new MacIpAdvertisementRoute(options.RouteDistinguisher, esi, bd.EthernetTag, gateway.VirtualMac, v6.ToIPAddress(), bd.Vni), attributes));
            }
        }
    }

    private static Protocols.Routing.IrbInterfaceOptions IrbOf(Protocols.Routing.IpVrf vrf, ushort vlan) =>
        vrf.TryGetIrb(vlan, out var irb) ? irb : throw new InvalidOperationException($"no IRB for VLAN {vlan} in {vrf.Name}");

    private bool DrainGatewayRoutes(TimeSpan now)
    {
        if (_pendingGatewayRoutes.Count == 0 || _bgp is null) return false;
        var next = FabricAddressing.ToIp(_node.Vtep);
        foreach (var (route, attributes) in _pendingGatewayRoutes) _bgp.Originate(route, attributes, next, now);
        _pendingGatewayRoutes.Clear();
        return true;
    }
}
