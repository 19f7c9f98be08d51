using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Evpn;
using ActorFabric.Protocols.Routing;
using ActorFabric.Wire.Hashing;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.DataPlane;

// The IRB side of a leaf (RFC 9135): the anycast gateway answers ARP for its address, and IPv4 sent to its MAC is
// routed by the VLAN's IP-VRF — delivered into a local VLAN, sent over the L3 VNI (symmetric IRB, §5) or bridged
// into the destination's L2 VNI (asymmetric IRB, §6). VXLAN arriving on an L3 VNI is routed again into a local VLAN.
public sealed partial class SwitchDataPlane
{
    private readonly Dictionary<ushort, IpVrf> _ipVrfByVlan = [];
    // The same IRBs by L2 VNI, for frames that arrive over VXLAN: one lookup per decapsulated frame.
    private readonly Dictionary<uint, (IpVrf Vrf, IrbInterfaceOptions Irb)> _irbByL2Vni = [];
    private readonly Dictionary<uint, IpVrf> _ipVrfByL3Vni = [];
    private readonly long[] _routingDrops = new long[Enum.GetValues<IpDropReason>().Length];
    private long _routed, _routingUnresolved, _routingTtlExpired, _gatewayArpReplies, _gleanRequests, _routingForRouter, _routingExternal;

    /// <summary>Makes this leaf the anycast gateway of the VRF's IRB VLANs and the egress router of its L3 VNI.</summary>
    public void AttachIpVrf(IpVrf vrf)
    {
        ArgumentNullException.ThrowIfNull(vrf);
        foreach (var irb in vrf.Options.Irbs)
        {
            _ipVrfByVlan[irb.Vlan] = vrf;
            _irbByL2Vni[irb.Vni] = (vrf, irb);
        }
        _ipVrfByL3Vni[vrf.L3Vni] = vrf;
    }

    /// <summary>IPv4 packets routed by an IP-VRF here (at ingress and at the egress of the L3 VNI).</summary>
    public long RoutedPackets => _routed;

    /// <summary>ARP requests for an anycast gateway address answered with its virtual MAC.</summary>
    public long GatewayArpReplies => _gatewayArpReplies;

    /// <summary>
    /// Routed packets dropped: by the IP-VRF's reason, plus a local destination whose MAC is unknown (ResolveLocal,
    /// which starts gleaning), TTL expiry, packets for the gateway address itself and for external prefixes. Only
    /// non-zero entries.
    /// </summary>
    public IReadOnlyDictionary<string, long> RoutingDrops()
    {
        var drops = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (int i = 0; i < _routingDrops.Length; i++)
            if (_routingDrops[i] != 0) drops[((IpDropReason)i).ToString()] = _routingDrops[i];
        if (_routingUnresolved != 0) drops["Unresolved"] = _routingUnresolved;
        if (_routingTtlExpired != 0) drops["TtlExpired"] = _routingTtlExpired;
        if (_routingForRouter != 0) drops["ForGateway"] = _routingForRouter;
        if (_routingExternal != 0) drops["External"] = _routingExternal;
        return drops;
    }

    /// <summary>Handles an access frame addressed to the anycast gateway; false leaves it to bridging.</summary>
    private bool TryRouteAccessFrame(PortState state, AccessPort access, MacVrf macVrf, in EthernetHeader eth, ReadOnlySpan<byte> payload,
        ReadOnlySpan<byte> frame, TimeSpan now, IFrameSink output)
    {
        if (!_ipVrfByVlan.TryGetValue(access.Vlan, out var ipVrf)) return false;
        if (eth.EtherType == EtherType.Ipv6 && TryGatewayNeighborDiscovery(state, access, macVrf, ipVrf, eth, payload, now, output)) return true;
        if (eth.EtherType == EtherType.Arp)
        {
            if (ArpPacket.TryRead(payload, out var arp) != PacketError.None) return false;
            if (arp.Operation == ArpOperation.Reply && IsGatewayMac(ipVrf, access.Vlan, eth.Destination))
            {
                // The answer to a gleaning request (or any reply to the gateway): the MAC-VRF learns the binding, which
                // becomes a host route and a MAC+IP route; nobody else wants it.
                var reply = new AddressResolution(false, arp.SenderMac, Address(arp.SenderIp.Value), Address(arp.TargetIp.Value));
                macVrf.HandleAccessAddressResolution(state.Port, access.Vlan, eth.Source, eth.Destination, reply, now);
                return true;
            }
            if (arp.Operation != ArpOperation.Request || !ipVrf.TryAnswerGatewayArp(access.Vlan, arp.TargetIp, out var virtualMac))
                return false;
            // The request still teaches the MAC-VRF the sender's MAC+IP; the gateway answers it itself with the anycast
            // MAC, the same on every leaf (RFC 9135 §4.1), so nothing is flooded.
            var message = new AddressResolution(true, arp.SenderMac, Address(arp.SenderIp.Value), Address(arp.TargetIp.Value));
            macVrf.HandleAccessAddressResolution(state.Port, access.Vlan, eth.Source, eth.Destination, message, now);
            _gatewayArpReplies++;
            SendProxyReply(state, access, virtualMac, arp, output);
            return true;
        }
        if (eth.EtherType is not (EtherType.Ipv4 or EtherType.Ipv6) || !IsGatewayMac(ipVrf, access.Vlan, eth.Destination)) return false;
        // Source learning as for a bridged frame (keeps the host's FDB entry alive); the bridging verdict is unused.
        macVrf.HandleAccessFrame(state.Port, access.Vlan, eth.Source, eth.Destination, now);
        if (!TryReadDestination(eth.EtherType, payload, out var destination))
        {
            Drop(DataPlaneDropReason.Malformed);
            return true;
        }
        uint ingressVni = macVrf.TryGetDomainByVlan(access.Vlan, out var bd) ? bd.Vni : 0;
        var decision = Forward(ipVrf, destination, ingressVni, FlowHash.OfFrame(frame));
        int length = StageUntagged(frame, eth.Vlan.HasValue);
        RouteStaged(ipVrf, decision, destination, length, state.Port, output);
        return true;
    }

    private static bool IsGatewayMac(IpVrf ipVrf, ushort vlan, MacAddress mac) =>
        ipVrf.TryGetIrb(vlan, out var irb) && irb.VirtualMac == mac;

    /// <summary>
    /// Symmetric IRB egress (RFC 9135 §5.5): the inner frame came over the VRF's L3 VNI addressed to our Router's MAC;
    /// route it into the local VLAN of the destination host.
    /// </summary>
    private void RouteFromL3Vni(IpVrf ipVrf, PortId ingress, ReadOnlySpan<byte> inner, in EthernetHeader eth, IFrameSink output)
    {
        if (eth.Destination != ipVrf.Options.RouterMac || !TryReadDestination(eth.EtherType, inner[eth.Length..], out var destination) ||
            inner.Length > ScratchSize - InnerOffset)
        {
            Drop(DataPlaneDropReason.Malformed);
            return;
        }
        var decision = Forward(ipVrf, destination, ipVrf.L3Vni, FlowHash.OfFrame(inner));
        int length = StageUntagged(inner, eth.Vlan.HasValue);
        RouteStaged(ipVrf, decision, destination, length, ingress, output);
    }

    /// <summary>
    /// Applies an IP-VRF decision to the frame staged at <see cref="InnerOffset"/>: TTL − 1 (IPv4) or Hop Limit − 1 (IPv6,
    /// RFC 8200 §3), MAC rewrite, send.
    /// </summary>
    private void RouteStaged(IpVrf ipVrf, in IpForwardingDecision decision, Hosts.HostAddress destination, int length, PortId ingress, IFrameSink output)
    {
        switch (decision.Action)
        {
            case IpForwardingAction.DeliverLocal:
            case IpForwardingAction.RouteSymmetric:
            case IpForwardingAction.RouteAsymmetric:
                break;
            case IpForwardingAction.ResolveLocal:
                // The packet is dropped (not queued) and the gateway asks for the destination's MAC.
                _routingUnresolved++;
                if (destination.IsIpv6) Glean6(ipVrf, decision.Vlan, destination.Ipv6, ingress, output);
                else Glean(ipVrf, decision.Vlan, destination.Ipv4, ingress, output);
                return;
            case IpForwardingAction.DeliverToRouter:
                // For the gateway address itself: an echo request is answered (SwitchDataPlane.Gateway.cs).
                AnswerAtGateway(ipVrf, decision, length, ingress, output);
                return;
            case IpForwardingAction.DeliverExternal:
                // A border leaf's external prefix: to the external router behind it (SwitchDataPlane.External.cs).
                DeliverToExternalRouter(ipVrf, length, ingress, output);
                return;
            default:
                _routingDrops[(int)decision.DropReason]++;
                return;
        }
        var staged = new Span<byte>(_scratch, InnerOffset, length);
        // RFC 9135 §5.4/§5.5/§6: a routed hop decrements the TTL; the decision carries the rewritten MACs.
        var error = destination.IsIpv6
            ? Ipv6Forwarding.TryRewriteForNextHop(staged, decision.SourceMac, decision.DestinationMac)
            : Ipv4Forwarding.TryRewriteForNextHop(staged, decision.SourceMac, decision.DestinationMac);
        if (error != PacketError.None)
        {
            if (error == PacketError.TtlExpired) _routingTtlExpired++; else Drop(DataPlaneDropReason.Malformed);
            return;
        }
        _routed++;
        SendRouted(decision, length, ingress, output);
    }

    /// <summary>Sends the rewritten frame staged at <see cref="InnerOffset"/> where a DeliverLocal or Route* decision says.</summary>
    private void SendRouted(in IpForwardingDecision decision, int length, PortId ingress, IFrameSink output)
    {
        var staged = new ReadOnlySpan<byte>(_scratch, InnerOffset, length);
        if (decision.Action == IpForwardingAction.DeliverLocal)
        {
            DeliverRoutedLocally(decision, staged, ingress, output);
            return;
        }
        // Symmetric: VNI = L3 VNI to the egress VTEP; asymmetric: the destination's L2 VNI to the host's VTEP.
        uint vtep = Ipv4Address.FromIPAddress(decision.Vtep!).Value;
        Encapsulate(length, decision.Vni, vtep, VxlanSourcePort.ForInnerFrame(staged), ingress, output);
    }

    /// <summary>
    /// Gleaning (RFC 9135 §5.3): an ARP request for <paramref name="target"/> from the IRB's anycast gateway address
    /// and MAC, flooded in the VLAN — local ports and the VTEPs of its flood list, where the host may sit silent. The
    /// host answers to the anycast MAC; whichever leaf it hangs off takes the reply (see TryRouteAccessFrame), learns
    /// the binding and advertises it, so the next packet has a host route.
    /// </summary>
    private void Glean(IpVrf ipVrf, ushort vlan, Ipv4Address target, PortId ingress, IFrameSink output)
    {
        if (!_vrfByVlan.TryGetValue(vlan, out var macVrf) || !macVrf.TryGetDomainByVlan(vlan, out var bd)) return;
        if (!ipVrf.TryGetIrb(vlan, out var irb) || irb.GatewayIpv4 is not { } gateway) return;
        var staged = _scratch.AsSpan(InnerOffset, EthernetHeader.MinimumFrameLength);
        staged.Clear();
        int length = FrameBuilder.WriteArpRequest(_scratch.AsSpan(InnerOffset), irb.VirtualMac, gateway.Ipv4Address, target);
        var flood = new ForwardingDecision(ForwardingAction.Flood, bd, default, null, 0, BumTrafficKind.Broadcast, null, null, default, DropReason.None);
        _gleanRequests++;
        Flood(flood, new ReadOnlySpan<byte>(_scratch, InnerOffset, Math.Max(length, EthernetHeader.MinimumFrameLength)), ingress, output);
    }

    /// <summary>ARP requests this leaf's gateways sent to find a routed packet's destination.</summary>
    public long GleanRequests => _gleanRequests;

    private void DeliverRoutedLocally(in IpForwardingDecision decision, ReadOnlySpan<byte> staged, PortId ingress, IFrameSink output)
    {
        if (_vrfByVlan.TryGetValue(decision.Vlan, out var macVrf) && macVrf.TryGetDomainByVlan(decision.Vlan, out var bd) &&
            bd.TryLookup(decision.DestinationMac, out var entry) && entry.IsLocal)
        {
            EmitToAccess(entry.Port, staged, ingress, ForwardingStage.Bridged, output);
            return;
        }
        _routingUnresolved++;
    }
}
