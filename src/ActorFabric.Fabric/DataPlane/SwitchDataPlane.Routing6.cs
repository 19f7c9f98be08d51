using ActorFabric.Fabric.Hosts;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Evpn;
using ActorFabric.Protocols.Routing;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.DataPlane;

// IPv6 on the IRB (RFC 9135 for both families): Neighbor Discovery with the anycast gateway (answers for its gateway6
// address, learning from the advertisements that answer its gleaning solicitations), and the family-neutral helpers the
// routing path of SwitchDataPlane.Routing.cs uses, so IPv6 is routed exactly like IPv4 (Hop Limit for TTL, RFC 8200 §3).
public sealed partial class SwitchDataPlane
{
    private long _gatewayNeighborAdvertisements, _gleanSolicitations;

    /// <summary>Neighbor Solicitations for an anycast gateway IPv6 address answered with its virtual MAC.</summary>
    public long GatewayNeighborAdvertisements => _gatewayNeighborAdvertisements;

    /// <summary>Neighbor Solicitations this leaf's gateways sent to find a routed IPv6 packet's destination.</summary>
    public long GleanSolicitations => _gleanSolicitations;

    /// <summary>
    /// Neighbor Discovery with the anycast gateway: a solicitation for the gateway6 address is answered, an advertisement
    /// to the gateway MAC (the answer to its gleaning) is learned. False leaves the frame to routing or bridging.
    /// </summary>
    private bool TryGatewayNeighborDiscovery(PortState state, AccessPort access, MacVrf macVrf, IpVrf ipVrf, in EthernetHeader eth, ReadOnlySpan<byte> payload,
        TimeSpan now, IFrameSink output)
    {
        if (!NeighborDiscoveryMessage.TryRead(payload, out var nd)) return false;
        if (!nd.IsSolicitation)
        {
            // The advertisement's binding (target, TLLA) is learned and becomes a /128 host route and a MAC+IPv6
            // route; nobody else wants it.
            if (!IsGatewayMac(ipVrf, access.Vlan, eth.Destination)) return false;
            var advertisement = new AddressResolution(false, nd.LinkLayerAddress ?? eth.Source, Address(nd.Target), Address(nd.Destination));
            macVrf.HandleAccessAddressResolution(state.Port, access.Vlan, eth.Source, eth.Destination, advertisement, now);
            return true;
        }
        if (!ipVrf.TryAnswerGatewayNeighborSolicitation(access.Vlan, nd.Target, out var virtualMac)) return false;
        // The solicitation teaches the MAC-VRF the sender's MAC+IPv6 (RFC 4861 §7.2.3: source and SLLA), unless it is a
        // DAD probe from ::; the gateway answers itself with the anycast MAC (RFC 9135 §4.1), nothing is flooded.
        if (nd.Source != default)
        {
            var solicitation = new AddressResolution(true, nd.LinkLayerAddress ?? eth.Source, Address(nd.Source), Address(nd.Target));
            macVrf.HandleAccessAddressResolution(state.Port, access.Vlan, eth.Source, eth.Destination, solicitation, now);
        }
        _gatewayNeighborAdvertisements++;
        SendProxyAdvertisement(state, access, virtualMac, eth.Source, nd, output, gateway: true);
        return true;
    }

    /// <summary>The destination of an IPv4 or IPv6 packet (header onwards); false when it is neither, or malformed.</summary>
    private static bool TryReadDestination(EtherType etherType, ReadOnlySpan<byte> packet, out HostAddress destination)
    {
        destination = default;
        if (etherType == EtherType.Ipv4 && Ipv4Header.TryRead(packet, out var v4, out _) == PacketError.None) destination = v4.Destination;
        else if (etherType == EtherType.Ipv6 && Ipv6Header.TryRead(packet, out var v6) == PacketError.None) destination = v6.Destination;
        else return false;
        return true;
    }

    private static IpForwardingDecision Forward(IpVrf vrf, HostAddress destination, uint ingressVni, uint flowHash) =>
        destination.IsIpv6 ? vrf.Forward(destination.Ipv6, ingressVni, flowHash) : vrf.Forward(destination.Ipv4, ingressVni, flowHash);

    /// <summary>
    /// Gleaning for IPv6 (RFC 9135 §5.3 with RFC 4861 §7.2.2): a Neighbor Solicitation for <paramref name="target"/> from
    /// the gateway address and anycast MAC to the target's solicited-node group, flooded in the VLAN (local ports and
    /// flood list). The host answers to the anycast MAC and its leaf learns the binding (TryRouteAccessFrame6).
    /// </summary>
    private void Glean6(IpVrf ipVrf, ushort vlan, Ipv6Address target, PortId ingress, IFrameSink output)
    {
        if (!_vrfByVlan.TryGetValue(vlan, out var macVrf) || !macVrf.TryGetDomainByVlan(vlan, out var bd)) return;
        if (!ipVrf.TryGetIrb(vlan, out var irb) || irb.GatewayIpv6 is not { } gateway) return;
        int length = NeighborDiscoveryMessage.WriteSolicitationFrame(_scratch.AsSpan(InnerOffset), irb.VirtualMac, gateway.Ipv6Address, target);
        var flood = new ForwardingDecision(ForwardingAction.Flood, bd, default, null, 0, BumTrafficKind.Multicast, null, null, default, DropReason.None);
        _gleanSolicitations++;
        // Link-local multicast (ff02::1:ffXX:XXXX) is control traffic: plain ingress replication (RFC 9574 §5.2).
        Flood(flood, new ReadOnlySpan<byte>(_scratch, InnerOffset, length), ingress, output, plainIngressReplication: true);
    }
}
