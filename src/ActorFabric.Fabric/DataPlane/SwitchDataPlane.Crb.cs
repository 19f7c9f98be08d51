using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Evpn;
using ActorFabric.Protocols.Routing;
using ActorFabric.Wire.Hashing;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.DataPlane;

// Centrally-routed bridging at a routing node (RFC 9135 §6, asymmetric IRB): the leaves bridge a host's packet for
// another subnet in its own L2 VNI to the anycast gateway MAC, which the routing nodes advertise (SwitchActor.Crb.cs).
// Arriving here over VXLAN, it is routed by the VLAN's IP-VRF (TTL − 1) and bridged on in the destination's L2 VNI
// with the anycast MAC as inner source, back to the destination host's leaf.
public sealed partial class SwitchDataPlane
{
    /// <summary>
    /// A decapsulated frame on an IRB VLAN's L2 VNI addressed to the gateway MAC (or our own): IPv4 is routed, an ARP reply to the
    /// gateway (the answer to gleaning) ends here (the host's leaf snooped it and advertises the binding). False
    /// leaves the frame to bridging.
    /// </summary>
    private bool TryRouteFabricFrame(uint vni, uint sourceVtep, ReadOnlySpan<byte> inner, in EthernetHeader eth, PortId ingress, IFrameSink output)
    {
        if (!_irbByL2Vni.TryGetValue(vni, out var gateway)) return false;
        var (ipVrf, irb) = gateway;
        if (eth.EtherType == EtherType.Arp && eth.Destination.IsBroadcast && TryAnswerFloodedGatewayArp(ipVrf, irb.Vlan, vni, sourceVtep, inner[eth.Length..], ingress, output))
            return true;
        // Addressed to the anycast gateway MAC, or to our system MAC: the MAC of our overlay gateway address in the
        // gateway-IP type 5 model (RFC 9136 §4.4.2), where another routing VTEP sends what our type 5 routes cover.
        if (eth.Destination != irb.VirtualMac && eth.Destination != ipVrf.Options.RouterMac) return false;
        var payload = inner[eth.Length..];
        if (eth.EtherType == EtherType.Arp) return ArpPacket.TryRead(payload, out var arp) == PacketError.None && arp.Operation == ArpOperation.Reply;
        if (eth.EtherType != EtherType.Ipv4) return false;
        if (Ipv4Header.TryRead(payload, out var ip, out _) != PacketError.None || inner.Length > ScratchSize - InnerOffset)
        {
            Drop(DataPlaneDropReason.Malformed);
            return true;
        }
        var decision = ipVrf.Forward(ip.Destination, vni, FlowHash.OfFrame(inner));
        int length = StageUntagged(inner, eth.Vlan.HasValue);
        RouteStaged(ipVrf, decision, ip.Destination, length, ingress, output);
        return true;
    }

    /// <summary>
    /// A leaf flooded an ARP request for the gateway address (it had no gateway MAC+IP route yet, so it could not
    /// answer it itself, RFC 7432 §10): the routing node answers with the anycast MAC (RFC 9135 §4.1), over VXLAN in
    /// the same VNI back to the requester's VTEP. Every routing node gets the flood and answers; the host keeps one.
    /// </summary>
    private bool TryAnswerFloodedGatewayArp(IpVrf ipVrf, ushort vlan, uint vni, uint sourceVtep, ReadOnlySpan<byte> payload, PortId ingress, IFrameSink output)
    {
        if (ArpPacket.TryRead(payload, out var arp) != PacketError.None || arp.Operation != ArpOperation.Request ||
            !ipVrf.TryAnswerGatewayArp(vlan, arp.TargetIp, out var virtualMac))
            return false;
        var staged = _scratch.AsSpan(InnerOffset);
        int length = FrameBuilder.WriteArpReply(staged, virtualMac, arp.TargetIp, arp.SenderMac, arp.SenderIp);
        _gatewayArpReplies++;
        Encapsulate(length, vni, sourceVtep, VxlanSourcePort.ForInnerFrame(staged[..length]), ingress, output);
        return true;
    }
}
