using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Evpn;
using ActorFabric.Protocols.Routing;
using ActorFabric.Wire.Hashing;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.DataPlane;

// IPv6 on the IRB (RFC 9135 for both families): the anycast gateway answers Neighbor Solicitations for its IPv6 address
// with the virtual MAC, learns bindings from the advertisements that answer its own solicitations, and routes IPv6 sent
// to its MAC like IPv4 — delivered locally, symmetric over the L3 VNI, or asymmetric into the destination's L2 VNI —
// decrementing the Hop Limit (RFC 8200 §3) where IPv4 decrements the TTL.
public sealed partial class SwitchDataPlane
{
    private long _gatewayNeighborAdvertisements, _gleanSolicitations;

    /// <summary>Neighbor Solicitations for an anycast gateway IPv6 address answered with its virtual MAC.</summary>
    public long GatewayNeighborAdvertisements => _gatewayNeighborAdvertisements;

    /// <summary>Neighbor Solicitations this leaf's gateways sent to find a routed IPv6 packet's destination.</summary>
    public long GleanSolicitations => _gleanSolicitations;

    /// <summary>The IPv6 half of TryRouteAccessFrame: ND with the gateway, and IPv6 to its MAC; false leaves the frame to bridging.</summary>
    private bool TryRouteAccessFrame6(PortState state, AccessPort access, MacVrf macVrf, IpVrf ipVrf, in EthernetHeader eth, ReadOnlySpan<byte> payload,
        ReadOnlySpan<byte> frame, TimeSpan now, IFrameSink output)
    {
        if (NeighborDiscoveryMessage.TryRead(payload, out var nd))
        {
            if (!nd.IsSolicitation)
            {
                // An advertisement to the gateway answers its solicitation (gleaning): the binding (target, TLLA) is
                // learned and becomes a /128 host route and a MAC+IPv6 route; nobody else wants it.
                if (!IsGatewayMac(ipVrf, access.Vlan, eth.Destination)) return false;
                var advertisement = new AddressResolution(false, nd.LinkLayerAddress ?? eth.Source, Address(nd.Target), Address(nd.Destination));
                macVrf.HandleAccessAddressResolution(state.Port, access.Vlan, eth.Source, eth.Destination, advertisement, now);
                return true;
            }
            if (!ipVrf.TryAnswerGatewayNeighborSolicitation(access.Vlan, nd.Target, out var virtualMac)) return false;
            // The solicitation teaches the MAC-VRF the sender's MAC+IPv6 (RFC 4861 §7.2.3: source and SLLA), unless it
            // is a DAD probe from ::; the gateway answers itself with the anycast MAC (RFC 9135 §4.1).
            if (nd.Source != default)
            {
                var solicitation = new AddressResolution(true, nd.LinkLayerAddress ?? eth.Source, Address(nd.Source), Address(nd.Target));
                macVrf.HandleAccessAddressResolution(state.Port, access.Vlan, eth.Source, eth.Destination, solicitation, now);
            }
            _gatewayNeighborAdvertisements++;
            SendProxyAdvertisement(state, access, virtualMac, eth.Source, nd, output, gateway: true);
            return true;
        }
        if (!IsGatewayMac(ipVrf, access.Vlan, eth.Destination)) return false;
        macVrf.HandleAccessFrame(state.Port, access.Vlan, eth.Source, eth.Destination, now);
        if (Ipv6Header.TryRead(payload, out var ip) != PacketError.None)
        {
            Drop(DataPlaneDropReason.Malformed);
            return true;
        }
        uint ingressVni = macVrf.TryGetDomainByVlan(access.Vlan, out var bd) ? bd.Vni : 0;
        var decision = ipVrf.Forward(ip.Destination, ingressVni, FlowHash.OfFrame(frame));
        int length = StageUntagged(frame, eth.Vlan.HasValue);
        RouteStaged(ipVrf, decision, ip.Destination, length, state.Port, output);
        return true;
    }

    /// <summary>Symmetric IRB egress for IPv6 (RFC 9135 §5.5): route what came over the L3 VNI into the local VLAN.</summary>
    private void RouteFromL3Vni6(IpVrf ipVrf, PortId ingress, ReadOnlySpan<byte> inner, in EthernetHeader eth, IFrameSink output)
    {
        if (eth.Destination != ipVrf.Options.RouterMac || Ipv6Header.TryRead(inner[eth.Length..], out var ip) != PacketError.None ||
            inner.Length > ScratchSize - InnerOffset)
        {
            Drop(DataPlaneDropReason.Malformed);
            return;
        }
        var decision = ipVrf.Forward(ip.Destination, ipVrf.L3Vni, FlowHash.OfFrame(inner));
        int length = StageUntagged(inner, eth.Vlan.HasValue);
        RouteStaged(ipVrf, decision, ip.Destination, length, ingress, output);
    }

    /// <summary>
    /// Gleaning for IPv6 (RFC 9135 §5.3 with RFC 4861 §7.2.2): a Neighbor Solicitation for <paramref name="target"/> from
    /// the gateway address and anycast MAC to the target's solicited-node group, flooded in the VLAN (local ports and
    /// flood list). The host answers to the anycast MAC and its leaf learns the binding (TryRouteAccessFrame6).
    /// </summary>
    private void Glean6(IpVrf ipVrf, ushort vlan, Ipv6Address target, PortId ingress, IFrameSink output)
    {
        if (!_vrfByVlan.TryGetValue(vlan, out var macVrf) || !macVrf.TryGetDomainByVlan(vlan, out var bd)) return;
        foreach (var irb in ipVrf.Options.Irbs)
        {
            if (irb.Vlan != vlan || irb.GatewayIpv6 is not { } gateway) continue;
            int length = NeighborDiscoveryMessage.WriteSolicitationFrame(_scratch.AsSpan(InnerOffset), irb.VirtualMac, gateway.Ipv6Address, target);
            var flood = new ForwardingDecision(ForwardingAction.Flood, bd, default, null, 0, BumTrafficKind.Multicast, null, null, default, DropReason.None);
            _gleanSolicitations++;
            // Link-local multicast (ff02::1:ffXX:XXXX) is control traffic: plain ingress replication (RFC 9574 §5.2).
            Flood(flood, new ReadOnlySpan<byte>(_scratch, InnerOffset, length), ingress, output, plainIngressReplication: true);
            return;
        }
    }
}
