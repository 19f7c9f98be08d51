using System.Buffers.Binary;
using System.Net;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Evpn;
using ActorFabric.Protocols.Multicast.Replication;
using ActorFabric.Protocols.Multicast.Snooping;
using ActorFabric.Protocols.Underlay;
using ActorFabric.Wire.Hashing;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.DataPlane;

/// <summary>
/// The forwarding plane of one switch, sans-I/O and sans-actor: frames in (with the emulated time), frames out
/// through an <see cref="IFrameSink"/>. A leaf is a VTEP: it bridges access frames through its MAC-VRFs, VXLAN-
/// encapsulates towards remote VTEPs (RFC 7348 §5, §6) with ingress replication for BUM (RFC 8365 §9), answers
/// ARP from MAC+IP routes (RFC 7432 §10) and decapsulates what the fabric brings. Every device routes underlay
/// IPv4 hop by hop with ECMP on the outer UDP source port and punts its own control-plane traffic.
/// Frames are built in a reused scratch buffer: the per-frame path allocates nothing once MACs are learned.
/// Not thread-safe; the hosting actor owns it. The sink must not call back into the same instance.
/// </summary>
public sealed partial class SwitchDataPlane
{
    private const int ScratchSize = 16 * 1024;
    // Inner frames are staged after the room for an untagged outer stack, so every flood copy only rewrites the outer headers.
    private const int InnerOffset = VxlanEncapsulation.Ipv4Overhead;
    private const ushort BgpPort = 179;
    private const ushort BfdMultihopPort = 4784, BfdSingleHopPort = 3784;

    private readonly SwitchDataPlaneOptions _options;
    private readonly Dictionary<int, PortState> _ports = [];
    private readonly Dictionary<ushort, MacVrf> _vrfByVlan = [];
    private readonly Dictionary<uint, MacVrf> _vrfByVni = [];
    private readonly Dictionary<uint, IPAddress> _addresses = [];
    private readonly Dictionary<Ipv6Address, IPAddress> _addresses6 = [];
    private readonly byte[] _scratch = new byte[ScratchSize];
    private readonly byte[] _egress = new byte[ScratchSize];
    private PortId[] _floodPorts = new PortId[16];
    private readonly long[] _drops = new long[Enum.GetValues<DataPlaneDropReason>().Length];
    private readonly Ipv4Address _vtep;
    private UnderlayRouteTable _underlay = UnderlayRouteTable.Empty;
    private long _encapsulated, _decapsulated, _transit, _punted, _controlPlaneSent, _bumCopies, _bumLocalCopies, _proxyReplies, _bumFabricBytes;
    // True while the copies of one BUM frame go out (flood, replication, transit of a VXLAN BUM copy): Transmit counts them per port.
    private bool _sendingBum;

    public SwitchDataPlane(SwitchDataPlaneOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _vtep = new Ipv4Address(options.Vtep);
        foreach (var vrf in options.MacVrfs)
        {
            foreach (var bd in vrf.BridgeDomains)
            {
                if (!_vrfByVlan.TryAdd(bd.Vlan, vrf)) throw new ArgumentException($"VLAN {bd.Vlan} is in two MAC-VRFs", nameof(options));
                if (!_vrfByVni.TryAdd(bd.Vni, vrf)) throw new ArgumentException($"VNI {bd.Vni} is in two MAC-VRFs", nameof(options));
            }
        }
        foreach (var fabric in options.FabricPorts)
        {
            if (!_ports.TryAdd(fabric.Port.Value, new PortState(fabric.Port) { Fabric = fabric }))
                throw new ArgumentException($"{fabric.Port} configured twice", nameof(options));
        }
        foreach (var access in options.AccessPorts) AttachAccessPort(access);
    }

    public SwitchDataPlaneOptions Options => _options;
    public string Name => _options.Name;
    public UnderlayRouteTable Underlay => _underlay;

    /// <summary>Set to observe every frame sent (path tracing); null (the default) costs one check per frame.</summary>
    public IForwardingTracer? Tracer { get; set; }

    /// <summary>Installs the current underlay routes (the runtime calls it on every <c>RouteTableChanged</c>).</summary>
    public void SetUnderlay(UnderlayRouteTable table) => _underlay = table ?? throw new ArgumentNullException(nameof(table));

    /// <summary>Adds (or reconfigures) an access port and attaches it to the MAC-VRF carrying its VLAN.</summary>
    public void AttachAccessPort(AccessPort access)
    {
        ArgumentNullException.ThrowIfNull(access);
        if (_ports.TryGetValue(access.Port.Value, out var existing))
        {
            if (existing.Fabric is not null) throw new ArgumentException($"{access.Port} is a fabric port", nameof(access));
            existing.Access = access;
        }
        else _ports.Add(access.Port.Value, existing = new PortState(access.Port) { Access = access });
        existing.Vrf = _vrfByVlan.GetValueOrDefault(access.Vlan);
        existing.Vrf?.AttachPort(access.Port, access.Vlan, access.Esi);
    }

    /// <summary>Removes an access port (host detached, port down): its learned MACs leave the FDB and their routes are withdrawn.</summary>
    public bool DetachAccessPort(PortId port, TimeSpan now)
    {
        if (!_ports.TryGetValue(port.Value, out var state) || state.Access is not { } access) return false;
        state.Vrf?.DetachPort(port, access.Vlan, now);
        state.Vrf = null;
        state.Access = null;
        return true;
    }

    public bool IsAccessPort(PortId port) => _ports.TryGetValue(port.Value, out var s) && s.Access is not null;
    public bool IsFabricPort(PortId port) => _ports.TryGetValue(port.Value, out var s) && s.Fabric is not null;

    // ------------------------------------------------------------------ access side

    /// <summary>
    /// A frame from a host on an access port: ARP snooping and suppression, MAC learning, then local delivery,
    /// VXLAN towards the remote VTEP, or BUM flooding (local ports + one copy per flood-list VTEP).
    /// </summary>
    public void HandleAccessFrame(PortId port, ReadOnlySpan<byte> frame, TimeSpan now, IFrameSink output)
    {
        if (!_ports.TryGetValue(port.Value, out var state) || state.Access is not { } access)
        {
            Drop(DataPlaneDropReason.UnknownPort);
            return;
        }
        state.FramesIn++;
        state.BytesIn += frame.Length;
        if (EthernetHeader.TryRead(frame, out var eth, out var payload) != PacketError.None)
        {
            Drop(DataPlaneDropReason.Malformed);
            return;
        }
        // An untagged port also takes priority-tagged frames (VID 0, IEEE 802.1Q §6.9.1).
        bool tagOk = access.Tagged ? eth.Vlan is { } t && t.VlanId == access.Vlan : eth.Vlan is null || eth.Vlan.Value.VlanId == 0;
        if (!tagOk)
        {
            Drop(DataPlaneDropReason.VlanMismatch);
            return;
        }
        if (state.Vrf is not { } vrf)
        {
            Drop(DataPlaneDropReason.BridgeDomain);
            return;
        }
        if (frame.Length - (eth.Vlan.HasValue ? 4 : 0) > ScratchSize - InnerOffset)
        {
            Drop(DataPlaneDropReason.TooLarge);
            return;
        }

        // Frames for the anycast gateway (ARP for its address, IPv4 to its MAC) are routed, not bridged.
        if (_ipVrfByVlan.Count > 0 && TryRouteAccessFrame(state, access, vrf, eth, payload, frame, now, output)) return;

        // ARP and ND are snooped (MAC+IP bindings) and possibly answered here (RFC 7432 §10); the rest is just bridged.
        ForwardingDecision decision;
        ArpPacket arp = default;
        NeighborDiscoveryMessage nd = default;
        if (eth.EtherType == EtherType.Arp && ArpPacket.TryRead(payload, out arp) == PacketError.None)
        {
            var message = new AddressResolution(arp.Operation == ArpOperation.Request, arp.SenderMac, Address(arp.SenderIp.Value), Address(arp.TargetIp.Value));
            decision = vrf.HandleAccessAddressResolution(port, access.Vlan, eth.Source, eth.Destination, message, now);
        }
        else if (eth.EtherType == EtherType.Ipv6 && NeighborDiscoveryMessage.TryRead(payload, out nd))
        {
            // NS: the sender's binding is (IPv6 source, SLLA); NA: (target, TLLA). DAD probes (source ::) carry none.
            var senderIp = nd.IsSolicitation ? nd.Source : nd.Target;
            var message = new AddressResolution(nd.IsSolicitation, nd.LinkLayerAddress ?? eth.Source, Address(senderIp), Address(nd.Target));
            decision = vrf.HandleAccessAddressResolution(port, access.Vlan, eth.Source, eth.Destination, message, now);
        }
        else decision = vrf.HandleAccessFrame(port, access.Vlan, eth.Source, eth.Destination, now);

        switch (decision.Action)
        {
            case ForwardingAction.Drop:
                Drop(FromBridge(decision.DropReason));
                return;
            case ForwardingAction.ProxyReply when eth.EtherType == EtherType.Arp:
                SendProxyReply(state, access, decision.ProxyMac, arp, output);
                return;
            case ForwardingAction.ProxyReply:
                SendProxyAdvertisement(state, access, decision.ProxyMac, eth.Source, nd, output);
                return;
        }

        // IP multicast: IGMP/MLD go to snooping; data follows listeners (RFC 4541) and SMET/AR into the core.
        var multicast = decision.Action == ForwardingAction.Flood && decision.BumKind == BumTrafficKind.Multicast ? MulticastFrame.Classify(frame) : default;
        if (multicast.Kind is MulticastFrameKind.Igmp or MulticastFrameKind.Mld)
        {
            switch (Snoop(vrf, port, access.Vlan, multicast, frame, now))
            {
                case SnoopResult.Malformed:
                    Drop(DataPlaneDropReason.MalformedMembership);
                    return;
                case SnoopResult.Report:
                    // Reports and leaves reach no other host (RFC 4541 §2.1.1) and do not cross the core: the SMET does.
                    _membershipsSnooped++;
                    return;
                case SnoopResult.Query:
                    // A local router's query floods to the VLAN's local ports; each leaf queries its own hosts, so not into the core.
                    _membershipsSnooped++;
                    FloodLocally(decision, new ReadOnlySpan<byte>(_scratch, InnerOffset, StageUntagged(frame, eth.Vlan.HasValue)), port, output);
                    return;
            }
        }

        // VXLAN carries the frame untagged; the egress port re-adds its own tag (RFC 7348 §6.1).
        int innerLength = StageUntagged(frame, eth.Vlan.HasValue);
        var inner = new ReadOnlySpan<byte>(_scratch, InnerOffset, innerLength);
        if (multicast.Kind == MulticastFrameKind.Data)
        {
            if (_oismByVni.Count == 0 || !TryOismIngress(decision, multicast, inner, port, output, now)) FloodMulticast(decision, multicast, inner, port, output);
            return;
        }
        switch (decision.Action)
        {
            case ForwardingAction.DeliverToPort:
                EmitToAccess(decision.Port, inner, port, ForwardingStage.Bridged, output);
                break;
            case ForwardingAction.SendToVtep:
            {
                ushort sourcePort = VxlanSourcePort.ForInnerFrame(inner);
                uint vtep = Ipv4Address.FromIPAddress(vrf.SelectVtep(decision.Domain!, eth.Destination, decision.Vtep!, sourcePort)).Value;
                Encapsulate(innerLength, decision.RemoteVni, vtep, sourcePort, port, output);
                break;
            }
            case ForwardingAction.Flood:
                // IGMP/MLD (not snooped here) and link-local multicast are control traffic: always plain ingress
                // replication, never through an AR replicator (RFC 9574 §5.2).
                Flood(decision, inner, port, output, plainIngressReplication: multicast.Kind is not MulticastFrameKind.None);
                break;
        }
    }

    private SnoopResult Snoop(MacVrf vrf, PortId port, ushort vlan, in MulticastFrame multicast, ReadOnlySpan<byte> frame, TimeSpan now)
    {
        var message = frame.Slice(multicast.MessageOffset, multicast.MessageLength);
        // MLD's checksum covers the IPv6 pseudo-header, which the translator does not see (RFC 3810 §5, RFC 4443 §2.3).
        if (multicast.IsIpv6 && !MldPacket.VerifyChecksum(message, Ipv6(multicast.Source), Ipv6(multicast.Group))) return SnoopResult.Malformed;
        return vrf.HandleMembership(port, vlan, multicast.IsIpv6, multicast.Source, message, now);
    }

    private static Ipv6Address Ipv6(UInt128 value) => new((ulong)(value >> 64), (ulong)value);

    private static InetAddress Inet(UInt128 value, bool ipv6) =>
        ipv6 ? InetAddress.FromIpv6(Ipv6(value)) : InetAddress.FromIpv4(new Ipv4Address((uint)value));

    /// <summary>
    /// Multicast data: local copies to listener and router ports only when the domain snoops (RFC 4541 §2.1.2), fabric
    /// copies (from a local port only) to the VTEPs SMET says want the flow (RFC 9251 §8) or one copy to a replicator
    /// (RFC 9574 §5.2).
    /// </summary>
    private void FloodMulticast(in ForwardingDecision decision, in MulticastFrame multicast, ReadOnlySpan<byte> inner, PortId ingress, IFrameSink output)
    {
        var bd = decision.Domain!;
        ref var flow = ref FlowCounters(bd.Vni, multicast);
        if (decision.FromFabric) flow.Received++; else flow.Originated++;
        _sendingBum = true;
        flow.LocalCopies += EmitLocalCopies(MulticastPorts(bd, decision, multicast), inner, ingress, StageOf(decision), output);
        if (!decision.FromFabric)
        {
            var targets = bd.MulticastTargets(MulticastFlow.FromNumbers(multicast.Source, multicast.Group, multicast.IsIpv6));
            flow.FabricCopies += SendCopies(targets, inner.Length, VxlanSourcePort.ForInnerFrame(inner), _vtep.Value, ingress, output);
        }
        _sendingBum = false;
    }

    /// <summary>One VXLAN copy of the staged inner frame per target (never to this VTEP); returns how many went out.</summary>
    private int SendCopies(ReadOnlySpan<FloodTarget> targets, int innerLength, ushort sourcePort, uint outerSource, PortId ingress, IFrameSink output)
    {
        int sent = 0;
        foreach (var target in targets)
        {
            uint vtep = Ipv4Address.FromIPAddress(target.Vtep).Value;
            if (vtep == _vtep.Value) continue;
            if (!Encapsulate(innerLength, target.Vni, vtep, sourcePort, ingress, output, outerSource)) continue;
            _bumCopies++;
            sent++;
        }
        return sent;
    }

    private void FloodLocally(in ForwardingDecision decision, ReadOnlySpan<byte> inner, PortId ingress, IFrameSink output)
    {
        _sendingBum = true;
        EmitLocalCopies(FloodPorts(decision.Domain!, decision), inner, ingress, ForwardingStage.Bridged, output);
        _sendingBum = false;
    }

    /// <summary>Writes the local ports that get a flooded copy into <see cref="_floodPorts"/>; returns how many.</summary>
    private int FloodPorts(BridgeDomain bd, in ForwardingDecision decision) => bd.CopyFloodPorts(decision, EnsureFloodPorts(bd));

    /// <summary>Writes the local listener and router ports of a multicast data frame into <see cref="_floodPorts"/>; returns how many.</summary>
    private int MulticastPorts(BridgeDomain bd, in ForwardingDecision decision, in MulticastFrame multicast) =>
        MacVrf.CopyMulticastPorts(bd, decision, Inet(multicast.Group, multicast.IsIpv6), Inet(multicast.Source, multicast.IsIpv6), EnsureFloodPorts(bd));

    /// <summary>Sends the staged frame to the first <paramref name="count"/> ports of <see cref="_floodPorts"/>; returns how many copies went out.</summary>
    private int EmitLocalCopies(int count, ReadOnlySpan<byte> inner, PortId ingress, ForwardingStage stage, IFrameSink output)
    {
        int sent = 0;
        for (int i = 0; i < count; i++)
            if (EmitToAccess(_floodPorts[i], inner, ingress, stage, output)) sent++;
        _bumLocalCopies += sent;
        return sent;
    }

    private static ForwardingStage StageOf(in ForwardingDecision decision) => decision.FromFabric ? ForwardingStage.Decapsulated : ForwardingStage.Bridged;

    private void Flood(in ForwardingDecision decision, ReadOnlySpan<byte> inner, PortId ingress, IFrameSink output, bool plainIngressReplication = false)
    {
        var bd = decision.Domain!;
        _sendingBum = true;
        EmitLocalCopies(FloodPorts(bd, decision), inner, ingress, StageOf(decision), output);
        // Split horizon: fabric BUM never goes back into the fabric (RFC 7432 §12); a local router's query stays local.
        if (!decision.FromFabric)
        {
            // Ingress replication: one unicast VXLAN copy per remote VTEP of the flood list (RFC 8365 §9), through the
            // domain's replication hook, which Assisted Replication replaces with one copy to a replicator.
            var targets = plainIngressReplication ? bd.FloodList.IngressReplicationTargets(decision.BumKind) : bd.FloodTargets(decision);
            if (!targets.IsEmpty) SendCopies(targets, inner.Length, VxlanSourcePort.ForInnerFrame(inner), _vtep.Value, ingress, output);
        }
        _sendingBum = false;
    }

    /// <summary>Wraps the inner frame staged at <see cref="InnerOffset"/> and sends it on the ECMP-chosen fabric port.</summary>
    private bool Encapsulate(int innerLength, uint vni, uint remoteVtep, ushort sourcePort, PortId ingress, IFrameSink output, uint outerSource = 0)
    {
        if (remoteVtep == _vtep.Value)
        {
            Drop(DataPlaneDropReason.OwnVtep);
            return false;
        }
        // The outer UDP source port is the flow's entropy; every hop hashes on it (RFC 7348 §5).
        var route = EcmpNextHopSelector.Decide(_underlay, remoteVtep, sourcePort, _options.RouterId);
        if (route.Kind != UnderlayForwardingKind.Forward || !TryFabricPort(route.NextHop.InterfaceId, out var egress))
        {
            Drop(route.Kind == UnderlayForwardingKind.Local ? DataPlaneDropReason.OwnVtep : DataPlaneDropReason.NoRoute);
            return false;
        }
        var outer = new VxlanOuterStack(_options.FabricMac, egress.Fabric!.NeighborMac, outerSource == 0 ? _vtep : new Ipv4Address(outerSource), new Ipv4Address(remoteVtep), vni,
            _options.OriginTtl, SourcePort: sourcePort, ComputeUdpChecksum: _options.VxlanUdpChecksum);
        if (!VxlanEncapsulation.TryEncapsulate(outer, new ReadOnlySpan<byte>(_scratch, InnerOffset, innerLength), _scratch, out int written))
        {
            Drop(DataPlaneDropReason.TooLarge);
            return false;
        }
        _encapsulated++;
        Transmit(egress, ingress, ForwardingStage.Encapsulated, new ReadOnlySpan<byte>(_scratch, 0, written), output);
        return true;
    }

    private void SendProxyReply(PortState state, AccessPort access, MacAddress owner, in ArpPacket request, IFrameSink output)
    {
        // RFC 7432 §10: the VTEP answers for the remote (or local) owner of the IP; the host sees an ordinary reply.
        VlanTag? tag = access.Tagged ? new VlanTag(access.Vlan) : null;
        int n = FrameBuilder.WriteArpReply(_egress, owner, request.TargetIp, request.SenderMac, request.SenderIp, tag);
        _proxyReplies++;
        Transmit(state, state.Port, ForwardingStage.ProxyReply, new ReadOnlySpan<byte>(_egress, 0, n), output);
    }

    private void SendProxyAdvertisement(PortState state, AccessPort access, MacAddress owner, MacAddress requester, in NeighborDiscoveryMessage solicitation,
        IFrameSink output, bool gateway = false)
    {
        // Proxy ND: a solicited advertisement for the target with its owner's MAC; Override clear, as proxies
        // answer (RFC 4861 §7.2.8). A solicitation from :: (DAD) is answered to all-nodes (§7.2.4). The anycast
        // gateway answers for its own address: Router flag set (§4.4, the sender is a router) and Override set as an
        // owner answers (§7.2.4; every leaf gives the same anycast MAC, RFC 9135 §4.1, so nothing flaps).
        var destinationIp = solicitation.Source == default ? AllNodes : solicitation.Source;
        var destinationMac = solicitation.Source == default ? MacAddress.ForIpv6Multicast(AllNodes) : requester;
        VlanTag? tag = access.Tagged ? new VlanTag(access.Vlan) : null;
        int n = NeighborDiscoveryMessage.WriteAdvertisementFrame(_egress, owner, destinationMac, solicitation.Target, destinationIp,
            solicited: solicitation.Source != default, overrideFlag: gateway, tag, router: gateway);
        _proxyReplies++;
        Transmit(state, state.Port, ForwardingStage.ProxyReply, new ReadOnlySpan<byte>(_egress, 0, n), output);
    }

    private static readonly Ipv6Address AllNodes = new(0xFF02_0000_0000_0000UL, 1);

    // ------------------------------------------------------------------ fabric side

    /// <summary>
    /// A frame from a fabric link: IGP PDUs and IPv4 for this device are punted; VXLAN for this VTEP is
    /// decapsulated and bridged to local ports only; anything else is routed on (TTL − 1, ECMP).
    /// </summary>
    public void HandleFabricFrame(PortId port, ReadOnlySpan<byte> frame, TimeSpan now, IFrameSink output)
    {
        if (!_ports.TryGetValue(port.Value, out var state) || state.Fabric is null)
        {
            Drop(DataPlaneDropReason.UnknownPort);
            return;
        }
        state.FramesIn++;
        state.BytesIn += frame.Length;
        if (EthernetHeader.TryRead(frame, out var eth, out var l3) != PacketError.None)
        {
            Drop(DataPlaneDropReason.Malformed);
            return;
        }
        if ((ushort)eth.EtherType == IgpFraming.EtherTypeValue)
        {
            Punt(port, ControlPlaneProtocol.Igp, frame, output);
            return;
        }
        if (eth.Destination != _options.FabricMac && !eth.Destination.IsMulticast)
        {
            Drop(DataPlaneDropReason.NotForThisDevice);
            return;
        }
        if (eth.EtherType != EtherType.Ipv4)
        {
            Drop(DataPlaneDropReason.UnsupportedEtherType);
            return;
        }
        if (Ipv4Header.TryRead(l3, out var ip, out var l4) != PacketError.None)
        {
            Drop(DataPlaneDropReason.Malformed);
            return;
        }
        bool hasPorts = !ip.IsFragment && l4.Length >= UdpHeader.HeaderLength && ip.Protocol is IpProtocol.Udp or IpProtocol.Tcp;
        ushort sourcePort = hasPorts ? BinaryPrimitives.ReadUInt16BigEndian(l4) : (ushort)0;
        ushort destinationPort = hasPorts ? BinaryPrimitives.ReadUInt16BigEndian(l4[2..]) : (ushort)0;

        if (IsOwnAddress(ip.Destination.Value))
        {
            if (ip.Protocol == IpProtocol.Udp && destinationPort == VxlanHeader.UdpPort)
                Decapsulate(port, frame, now, output);
            else
                Punt(port, Classify(ip.Protocol, sourcePort, destinationPort), frame, output);
            return;
        }

        // Transit: hash on the outer UDP source port for UDP (VXLAN, BFD), on the 5-tuple otherwise.
        uint flowHash = hasPorts && ip.Protocol == IpProtocol.Udp ? sourcePort : FlowHash.OfFrame(frame);
        var route = EcmpNextHopSelector.Decide(_underlay, ip.Destination.Value, flowHash, _options.RouterId);
        if (route.Kind == UnderlayForwardingKind.Local)
        {
            Punt(port, Classify(ip.Protocol, sourcePort, destinationPort), frame, output);
            return;
        }
        if (route.Kind != UnderlayForwardingKind.Forward || !TryFabricPort(route.NextHop.InterfaceId, out var egress))
        {
            Drop(DataPlaneDropReason.NoRoute);
            return;
        }
        if (frame.Length > ScratchSize)
        {
            Drop(DataPlaneDropReason.TooLarge);
            return;
        }
        var copy = new Span<byte>(_scratch, 0, frame.Length);
        frame.CopyTo(copy);
        var error = Ipv4Forwarding.TryRewriteForNextHop(copy, _options.FabricMac, egress.Fabric!.NeighborMac);
        if (error != PacketError.None)
        {
            Drop(error == PacketError.TtlExpired ? DataPlaneDropReason.TtlExpired : DataPlaneDropReason.Malformed);
            return;
        }
        _transit++;
        _sendingBum = IsVxlanBum(ip, l4);
        Transmit(egress, port, ForwardingStage.Transit, copy, output);
        _sendingBum = false;
    }

    private void Decapsulate(PortId ingress, ReadOnlySpan<byte> frame, TimeSpan now, IFrameSink output)
    {
        if (!_options.IsVtep)
        {
            Drop(DataPlaneDropReason.NotAVtep);
            return;
        }
        if (VxlanEncapsulation.TryDecapsulate(frame, out var outer, out var inner) != PacketError.None ||
            EthernetHeader.TryRead(inner, out var eth) != PacketError.None)
        {
            Drop(DataPlaneDropReason.Malformed);
            return;
        }
        if (!_vrfByVni.TryGetValue(outer.Vni, out var vrf))
        {
            if (_ipVrfByL3Vni.TryGetValue(outer.Vni, out var ipVrf))
            {
                _decapsulated++;
                RouteFromL3Vni(ipVrf, ingress, inner, eth, output);
                return;
            }
            Drop(DataPlaneDropReason.UnknownVni);
            return;
        }
        _decapsulated++;
        // CRB: at a routing node, frames to the anycast gateway MAC are routed, not bridged.
        if (_irbByL2Vni.Count > 0 && TryRouteFabricFrame(outer.Vni, outer.SourceVtep.Value, inner, eth, ingress, output)) return;
        if (eth.Vlan.HasValue)
        {
            // Another VTEP kept the inner tag: normalise to untagged, egress ports add their own.
            if (inner.Length > ScratchSize - InnerOffset)
            {
                Drop(DataPlaneDropReason.TooLarge);
                return;
            }
            inner = new ReadOnlySpan<byte>(_scratch, InnerOffset, StageUntagged(inner, tagged: true));
        }
        // Control-plane learning only: nothing is learned from the inner source (RFC 8365 §1).
        _oismNow = now;
        var decision = vrf.HandleFabricFrame(outer.Vni, Address(outer.SourceVtep.Value), eth.Source, eth.Destination, now);
        if (decision.Action == ForwardingAction.Flood && outer.DestinationVtep.Value == _options.ArIp && _options.ArIp != 0 && decision.Domain!.Assisted is { } ar)
        {
            ReplicateAssisted(ar, decision, inner, ingress, output);
            return;
        }
        switch (decision.Action)
        {
            case ForwardingAction.DeliverToPort:
                EmitToAccess(decision.Port, inner, ingress, ForwardingStage.Decapsulated, output);
                break;
            case ForwardingAction.Flood when decision.BumKind == BumTrafficKind.Multicast && MulticastFrame.Classify(inner) is { Kind: MulticastFrameKind.Data } multicast:
                if (_oismByVni.Count == 0 || !TryOismEgress(decision, multicast, inner, ingress, output)) FloodMulticast(decision, multicast, inner, ingress, output);
                break;
            case ForwardingAction.Flood:
                Flood(decision, inner, ingress, output);
                break;
            case ForwardingAction.Drop:
                Drop(FromBridge(decision.DropReason));
                break;
        }
    }

    /// <summary>
    /// A BUM frame that came in on this replicator's AR IP (RFC 9574 §5.1): delivered to the local ports as if it had
    /// entered here in extended mode (local bias: every local segment port, the document's figures), or with the
    /// ingress leaf as source VTEP in regular mode; and replicated over the IR tunnels to every other VTEP that wants it,
    /// never back to the ingress leaf (nor, in extended mode, to its multihoming peers).
    /// </summary>
    private void ReplicateAssisted(AssistedReplication ar, in ForwardingDecision fabric, ReadOnlySpan<byte> inner, PortId ingress, IFrameSink output)
    {
        var bd = fabric.Domain!;
        var ingressVtep = fabric.SourceVtep!;
        _assistedReceived++;
        // Copies are built around the inner frame staged in the scratch buffer (Encapsulate rewrites only the outer headers).
        if (inner.Length > ScratchSize - InnerOffset)
        {
            Drop(DataPlaneDropReason.TooLarge);
            return;
        }
        if (!inner.Overlaps(_scratch.AsSpan(InnerOffset, inner.Length)))
        {
            inner.CopyTo(_scratch.AsSpan(InnerOffset));
            inner = new ReadOnlySpan<byte>(_scratch, InnerOffset, inner.Length);
        }
        var local = ar.Options.Mode == AssistedReplicationMode.Extended
            ? new ForwardingDecision(ForwardingAction.Flood, bd, default, null, 0, fabric.BumKind, null, null, default, DropReason.None)
            : fabric;
        var multicast = fabric.BumKind == BumTrafficKind.Multicast ? MulticastFrame.Classify(inner) : default;
        ushort sourcePort = VxlanSourcePort.ForInnerFrame(inner);
        if (multicast.Kind == MulticastFrameKind.Data)
        {
            ref var flow = ref FlowCounters(bd.Vni, multicast);
            flow.Received++;
            _sendingBum = true;
            flow.LocalCopies += EmitLocalCopies(MulticastPorts(bd, local, multicast), inner, ingress, ForwardingStage.Decapsulated, output);
            var copies = ar.ReplicateFromAssistedTunnel(ingressVtep, MulticastFlow.FromNumbers(multicast.Source, multicast.Group, multicast.IsIpv6));
            int sent = SendCopies(copies.Targets, inner.Length, sourcePort, Ipv4Address.FromIPAddress(copies.OuterSource).Value, ingress, output);
            flow.FabricCopies += sent;
            flow.Replicated += sent;
            _assistedCopies += sent;
            _drops[(int)DataPlaneDropReason.ArLeafWithoutSnooping] += copies.SuppressedLeaves;
            if (_oismByVni.Count > 0) OismAfterReplication(local, ingressVtep, multicast, inner, sourcePort, Ipv4Address.FromIPAddress(copies.OuterSource).Value, ingress, output);
        }
        else
        {
            _sendingBum = true;
            EmitLocalCopies(FloodPorts(bd, local), inner, ingress, ForwardingStage.Decapsulated, output);
            var copies = ar.ReplicateFromAssistedTunnel(ingressVtep, fabric.BumKind);
            _assistedCopies += SendCopies(copies.Targets, inner.Length, sourcePort, Ipv4Address.FromIPAddress(copies.OuterSource).Value, ingress, output);
            _drops[(int)DataPlaneDropReason.ArLeafWithoutSnooping] += copies.SuppressedLeaves;
        }
        _sendingBum = false;
    }

    private Span<PortId> EnsureFloodPorts(BridgeDomain bd)
    {
        if (_floodPorts.Length < bd.PortCount) _floodPorts = new PortId[Math.Max(bd.PortCount, _floodPorts.Length * 2)];
        return _floodPorts;
    }

    // ------------------------------------------------------------------ multicast accounting

    private readonly Dictionary<(uint Vni, UInt128 Source, UInt128 Group, bool Ipv6), MulticastFlowTally> _flows = [];
    private long _assistedReceived, _assistedCopies, _membershipsSnooped;
    private MulticastFlowTally _overflow;

    /// <summary>The tally of one (VNI, S, G); at most 65,536 flows are kept per device (later ones share a sink).</summary>
    private ref MulticastFlowTally FlowCounters(uint vni, in MulticastFrame multicast)
    {
        var key = (vni, multicast.Source, multicast.Group, multicast.IsIpv6);
        if (_flows.Count >= 65536 && !_flows.ContainsKey(key)) return ref _overflow;
        return ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_flows, key, out _);
    }

    /// <summary>Per-flow counters (allocates; for queries).</summary>
    public IReadOnlyList<MulticastFlowCounters> MulticastFlows()
    {
        var list = new List<MulticastFlowCounters>(_flows.Count);
        foreach (var ((vni, source, group, ipv6), t) in _flows)
            list.Add(new MulticastFlowCounters(vni, Inet(source, ipv6).ToString(), Inet(group, ipv6).ToString(), t.Originated, t.Received, t.LocalCopies, t.FabricCopies, t.Replicated));
        list.Sort((a, b) => a.Vni != b.Vni ? a.Vni.CompareTo(b.Vni) : string.CompareOrdinal(a.Group + a.Source, b.Group + b.Source));
        return list;
    }

    /// <summary>BUM frames received on this replicator's AR IP, and the IR copies made of them.</summary>
    public long AssistedReceived => _assistedReceived;
    public long AssistedCopies => _assistedCopies;

    // ------------------------------------------------------------------ membership queries

    /// <summary>
    /// Sends the query snooping asked for on the VLAN's access ports (one port, or all): IGMPv2/v3 or MLDv1/v2 by the
    /// version given, from this device's MAC and its VTEP address (IPv4) or EUI-64 link-local address (IPv6).
    /// </summary>
    public void SendMembershipQuery(ushort vlan, SendQuery query, IFrameSink output)
    {
        if (!_vrfByVlan.TryGetValue(vlan, out var vrf) || !vrf.TryGetDomainByVlan(vlan, out var bd)) return;
        int length = WriteQuery(_scratch.AsSpan(InnerOffset), query);
        var frame = new ReadOnlySpan<byte>(_scratch, InnerOffset, length);
        foreach (var p in bd.Ports)
        {
            if (query.Port is { } only && only != p.Port) continue;
            if (EmitToAccess(p.Port, frame, p.Port, ForwardingStage.ControlPlane, output)) _queriesSent++;
        }
    }

    private long _queriesSent;

    private int WriteQuery(Span<byte> destination, SendQuery q)
    {
        var mac = _options.FabricMac;
        if (q.Family == IpFamily.V4)
        {
            var source = q.Querier is { } a ? new Ipv4Address((uint)a.Low) : _vtep;
            var group = q.Group is { } g ? new Ipv4Address((uint)g.Low) : Ipv4Address.Any;
            int tenths = (int)Math.Clamp(q.MaxResponseTime.Ticks / TimeSpan.TicksPerMillisecond / 100, 1, 31744);
            if (q.Version is MembershipVersion.IgmpV1 or MembershipVersion.IgmpV2)
                return FrameBuilder.WriteIgmpv2Query(destination, mac, source, group, (byte)Math.Min(tenths, 255));
            Span<Ipv4Address> sources = stackalloc Ipv4Address[Math.Min(q.Sources.Count, 64)];
            for (int i = 0; i < sources.Length; i++) sources[i] = new Ipv4Address((uint)q.Sources[i].Low);
            var v3 = new Igmpv3Query(group, (byte)Igmpv3QueryCode.Encode(tenths, Igmpv3QueryCode.ByteMantissaBits));
            return FrameBuilder.WriteIgmpv3Query(destination, mac, source, v3, sources);
        }
        var group6 = q.Group is { } g6 ? new Ipv6Address(g6.High, g6.Low) : default;
        int ms = (int)Math.Clamp(q.MaxResponseTime.Ticks / TimeSpan.TicksPerMillisecond, 1, 8_387_584);
        if (q.Version == MembershipVersion.MldV1)
            return FrameBuilder.WriteMldv1Query(destination, mac, group6, (ushort)Math.Min(ms, ushort.MaxValue));
        Span<Ipv6Address> sources6 = stackalloc Ipv6Address[Math.Min(q.Sources.Count, 32)];
        for (int i = 0; i < sources6.Length; i++) sources6[i] = new Ipv6Address(q.Sources[i].High, q.Sources[i].Low);
        var v2 = new Mldv2Query(group6, (ushort)Igmpv3QueryCode.Encode(ms, Igmpv3QueryCode.MldResponseMantissaBits));
        return FrameBuilder.WriteMldv2Query(destination, mac, v2, sources6);
    }

    // ------------------------------------------------------------------ control plane

    /// <summary>
    /// Sends an IPv4 packet (header onwards: BGP/TCP segment, BFD/UDP datagram) built by the device's control plane:
    /// routed by its destination with the same ECMP logic as transit traffic, TTL untouched (the origin sets it).
    /// </summary>
    public ControlPlaneSendResult SendFromControlPlane(ReadOnlySpan<byte> ipPacket, IFrameSink output)
    {
        if (Ipv4Header.TryRead(ipPacket, out var ip, out _) != PacketError.None || ipPacket.Length + EthernetHeader.UntaggedLength > ScratchSize)
            return new ControlPlaneSendResult(ControlPlaneSendKind.Malformed, default);
        if (IsOwnAddress(ip.Destination.Value)) return new ControlPlaneSendResult(ControlPlaneSendKind.Local, default);

        int length = Math.Max(EthernetHeader.MinimumFrameLength, EthernetHeader.UntaggedLength + ipPacket.Length);
        var frame = new Span<byte>(_scratch, 0, length);
        ipPacket.CopyTo(frame[EthernetHeader.UntaggedLength..]);
        frame[(EthernetHeader.UntaggedLength + ipPacket.Length)..].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(frame[12..], (ushort)EtherType.Ipv4);
        _options.FabricMac.Write(frame[6..]);

        var route = EcmpNextHopSelector.Decide(_underlay, ip.Destination.Value, FlowHash.OfFrame(frame), _options.RouterId);
        if (route.Kind == UnderlayForwardingKind.Local) return new ControlPlaneSendResult(ControlPlaneSendKind.Local, default);
        if (route.Kind != UnderlayForwardingKind.Forward || !TryFabricPort(route.NextHop.InterfaceId, out var egress))
            return new ControlPlaneSendResult(ControlPlaneSendKind.NoRoute, default);
        egress.Fabric!.NeighborMac.Write(frame);
        _controlPlaneSent++;
        Transmit(egress, egress.Port, ForwardingStage.ControlPlane, frame, output);
        return new ControlPlaneSendResult(ControlPlaneSendKind.Sent, egress.Port);
    }

    /// <summary>Sends an underlay link-state PDU on one fabric port (framing: <see cref="IgpFraming"/>).</summary>
    public bool SendIgpPdu(PortId port, ReadOnlySpan<byte> pdu, IFrameSink output)
    {
        if (!TryFabricPort(port.Value, out var egress) || IgpFraming.FrameLength(pdu.Length) > ScratchSize) return false;
        int n = IgpFraming.WriteFrame(_scratch, _options.FabricMac, pdu);
        _controlPlaneSent++;
        Transmit(egress, port, ForwardingStage.ControlPlane, new ReadOnlySpan<byte>(_scratch, 0, n), output);
        return true;
    }

    // ------------------------------------------------------------------ counters

    public DataPlaneCounters Counters()
    {
        var ports = new List<PortCounters>(_ports.Count);
        foreach (var s in _ports.Values)
        {
            if (s.Fabric is null && s.Access is null) continue;
            ports.Add(new PortCounters(s.Port, s.Fabric is not null, s.FramesIn, s.BytesIn, s.FramesOut, s.BytesOut, s.BumFramesOut, s.BumBytesOut));
        }
        ports.Sort((a, b) => a.Port.CompareTo(b.Port));
        var drops = new SortedDictionary<DataPlaneDropReason, long>();
        for (int i = 0; i < _drops.Length; i++)
            if (_drops[i] != 0) drops[(DataPlaneDropReason)i] = _drops[i];
        return new DataPlaneCounters(_options.Name, ports, _encapsulated, _decapsulated, _transit, _punted, _controlPlaneSent,
            _bumCopies, _bumLocalCopies, _proxyReplies, drops);
    }

    /// <summary>BUM copies sent into the fabric so far (the per-device metric), without a snapshot.</summary>
    public long BumCopies => _bumCopies;

    /// <summary>BUM bytes sent on fabric ports so far (copies made here and VXLAN BUM in transit).</summary>
    public long BumFabricBytes => _bumFabricBytes;

    // ------------------------------------------------------------------ helpers

    /// <summary>A VXLAN packet (UDP 4789) whose inner destination MAC is a group address (unknown-unicast copies look like unicast in transit).</summary>
    private static bool IsVxlanBum(in Ipv4Header ip, ReadOnlySpan<byte> l4) =>
        ip.Protocol == IpProtocol.Udp && !ip.IsFragment && l4.Length >= UdpHeader.HeaderLength + VxlanHeader.Length + EthernetHeader.UntaggedLength &&
        BinaryPrimitives.ReadUInt16BigEndian(l4[2..]) == VxlanHeader.UdpPort && (l4[UdpHeader.HeaderLength + VxlanHeader.Length] & 0x01) != 0;

    private bool IsOwnAddress(uint address) =>
        address == _options.Loopback || address == _options.RouterId || (_vtep.Value != 0 && address == _vtep.Value) ||
        (_options.ArIp != 0 && address == _options.ArIp);

    private static ControlPlaneProtocol Classify(IpProtocol protocol, ushort sourcePort, ushort destinationPort) => protocol switch
    {
        IpProtocol.Tcp when sourcePort == BgpPort || destinationPort == BgpPort => ControlPlaneProtocol.Bgp,
        IpProtocol.Udp when destinationPort is BfdMultihopPort or BfdSingleHopPort => ControlPlaneProtocol.Bfd,
        _ => ControlPlaneProtocol.OtherLocal,
    };

    private void Punt(PortId ingress, ControlPlaneProtocol protocol, ReadOnlySpan<byte> frame, IFrameSink output)
    {
        _punted++;
        output.Punt(ingress, protocol, frame);
    }

    /// <summary>Copies <paramref name="frame"/> without its 802.1Q tag to <see cref="InnerOffset"/>, padded to 60 octets.</summary>
    private int StageUntagged(ReadOnlySpan<byte> frame, bool tagged)
    {
        var destination = _scratch.AsSpan(InnerOffset);
        int length;
        if (tagged)
        {
            // MACs, then everything from the EtherType behind the tag on: the tag's four octets disappear.
            frame[..12].CopyTo(destination);
            frame[16..].CopyTo(destination[12..]);
            length = frame.Length - 4;
        }
        else
        {
            frame.CopyTo(destination);
            length = frame.Length;
        }
        if (length < EthernetHeader.MinimumFrameLength)
        {
            destination[length..EthernetHeader.MinimumFrameLength].Clear();
            length = EthernetHeader.MinimumFrameLength;
        }
        return length;
    }

    /// <summary>Sends an untagged frame to an access port, adding the port's tag when it is tagged.</summary>
    private bool EmitToAccess(PortId port, ReadOnlySpan<byte> untagged, PortId ingress, ForwardingStage stage, IFrameSink output)
    {
        if (!_ports.TryGetValue(port.Value, out var state) || state.Access is not { } access)
        {
            Drop(DataPlaneDropReason.UnknownPort);
            return false;
        }
        if (!access.Tagged)
        {
            Transmit(state, ingress, stage, untagged, output);
            return true;
        }
        if (untagged.Length + 4 > _egress.Length)
        {
            Drop(DataPlaneDropReason.TooLarge);
            return false;
        }
        var tagged = new Span<byte>(_egress, 0, untagged.Length + 4);
        untagged[..12].CopyTo(tagged);
        BinaryPrimitives.WriteUInt16BigEndian(tagged[12..], (ushort)EtherType.Vlan);
        BinaryPrimitives.WriteUInt16BigEndian(tagged[14..], new VlanTag(access.Vlan).Tci);
        untagged[12..].CopyTo(tagged[16..]);
        Transmit(state, ingress, stage, tagged, output);
        return true;
    }

    private void Transmit(PortState egress, PortId ingress, ForwardingStage stage, ReadOnlySpan<byte> frame, IFrameSink output)
    {
        egress.FramesOut++;
        egress.BytesOut += frame.Length;
        if (_sendingBum)
        {
            egress.BumFramesOut++;
            egress.BumBytesOut += frame.Length;
            if (egress.Fabric is not null) _bumFabricBytes += frame.Length;
        }
        Tracer?.OnForward(_options.Name, ingress, egress.Port, stage, frame);
        output.Send(egress.Port, frame);
    }

    private bool TryFabricPort(int interfaceId, out PortState state) =>
        _ports.TryGetValue(interfaceId, out state!) && state.Fabric is not null;

    private void Drop(DataPlaneDropReason reason) => _drops[(int)reason]++;

    private static DataPlaneDropReason FromBridge(DropReason reason) => reason switch
    {
        DropReason.SameSegment => DataPlaneDropReason.SameSegment,
        DropReason.SplitHorizon => DataPlaneDropReason.SplitHorizon,
        DropReason.NonDesignatedForwarder => DataPlaneDropReason.NonDesignatedForwarder,
        _ => DataPlaneDropReason.BridgeDomain,
    };

    /// <summary>One shared <see cref="IPAddress"/> per IPv4 value, so MAC-VRF calls do not allocate per frame.</summary>
    private IPAddress Address(uint value)
    {
        if (!_addresses.TryGetValue(value, out var address))
        {
            address = new Ipv4Address(value).ToIPAddress();
            if (_addresses.Count < 65536) _addresses[value] = address;
        }
        return address;
    }

    private IPAddress Address(Ipv6Address value)
    {
        if (!_addresses6.TryGetValue(value, out var address))
        {
            address = value.ToIPAddress();
            if (_addresses6.Count < 65536) _addresses6[value] = address;
        }
        return address;
    }

    private sealed class PortState(PortId port)
    {
        public readonly PortId Port = port;
        public FabricPort? Fabric;
        public AccessPort? Access;
        public MacVrf? Vrf;
        public long FramesIn, BytesIn, FramesOut, BytesOut, BumFramesOut, BumBytesOut;
    }
}
