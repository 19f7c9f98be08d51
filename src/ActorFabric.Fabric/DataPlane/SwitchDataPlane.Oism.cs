using System.Buffers.Binary;
using System.Net;
using ActorFabric.Fabric.Hosts;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Multicast.Oism;
using ActorFabric.Protocols.Multicast.Replication;
using ActorFabric.Wire.Hashing;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.DataPlane;

// Optimized Inter-Subnet Multicast (RFC 9625) on a leaf: IPv4 multicast data of an OISM tenant is sent once, in its
// source BD (or in the SBD to PEs without that BD), and every PE routes it locally into the BDs of the tenant that have
// listeners: at ingress (§2.3) and at egress (§2.4). A PEG also stands for the emulated network behind it: receivers
// there get a copy of the groups they joined, and an external source's traffic enters the tenant down the SBD IRB.
public sealed partial class SwitchDataPlane
{
    private readonly Dictionary<uint, OismTenant> _oismByVni = [];
    private readonly Dictionary<string, (OismTenant Tenant, uint ExternalSource)> _oismByName = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Tenant, uint Source, uint Group), OismFlowState> _oismFlows = [];
    private readonly Dictionary<(string Tenant, uint Source, uint Group, uint Stream), MulticastReceiveCounters> _externalReceived = [];
    // Sources outside the tenant domain that sent through this PEG: never routed back to the receivers outside.
    private readonly HashSet<(string Tenant, uint Source)> _externalSources = [];
    private long _oismRoutedCopies, _oismSbdCopies, _oismTtlExpired, _oismExternalSent, _oismExternalReceived;

    /// <summary>Hands the IPv4 multicast data of the tenant's BDs (revenue and SBD) on this leaf to OISM.</summary>
    public void AttachOism(OismTenant tenant, uint externalSource = 0)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        foreach (var d in tenant.Revenue) _oismByVni[d.Bridge.Vni] = tenant;
        if (tenant.Supplementary is { } sbd) _oismByVni[sbd.Bridge.Vni] = tenant;
        _oismByName[tenant.Options.Tenant] = (tenant, externalSource);
        if (externalSource != 0) _externalSources.Add((tenant.Options.Tenant, externalSource));
    }

    /// <summary>The OISM tenants of this leaf.</summary>
    public IEnumerable<OismTenant> OismTenants
    {
        get { foreach (var (t, _) in _oismByName.Values) yield return t; }
    }

    /// <summary>Copies routed into local BDs by OISM, copies sent in the SBD, routed copies dropped for TTL, datagrams an external source sent.</summary>
    public (long Routed, long Supplementary, long TtlExpired, long ExternalSent) OismCounters =>
        (_oismRoutedCopies, _oismSbdCopies, _oismTtlExpired, _oismExternalSent);

    /// <summary>Datagrams the emulated receivers behind this PEG got (duplicates included).</summary>
    public long OismExternalReceived => _oismExternalReceived;

    /// <summary>Per (tenant, S, G): the BD it came in, the BDs it was routed into here, copies (allocates; for queries).</summary>
    public IReadOnlyList<OismFlowCounters> OismFlows()
    {
        var list = new List<OismFlowCounters>(_oismFlows.Count);
        foreach (var ((tenant, source, group), s) in _oismFlows)
            list.Add(new OismFlowCounters(tenant, new Ipv4Address(source).ToString(), new Ipv4Address(group).ToString(), s.SourceVni,
                [.. s.RoutedInto.Order()], s.Frames, s.Routed, s.Supplementary, s.External));
        list.Sort((a, b) => string.CompareOrdinal(a.Tenant + a.Group + a.Source, b.Tenant + b.Group + b.Source));
        return list;
    }

    /// <summary>What the emulated receivers behind this PEG got, per (tenant, S, G, stream) (allocates; for queries).</summary>
    public IReadOnlyList<(string Tenant, MulticastStreamReception Reception)> ExternalReceptions()
    {
        var list = new List<(string, MulticastStreamReception)>();
        foreach (var ((tenant, _, _, _), c) in _externalReceived) list.Add((tenant, MulticastStreamReception.From(c)));
        list.Sort((a, b) => string.CompareOrdinal(a.Item1 + a.Item2.Group + a.Item2.Source, b.Item1 + b.Item2.Group + b.Item2.Source));
        return list;
    }

    /// <summary>
    /// IPv4 multicast data from a local port of a tenant BD (RFC 9625 §2.3): bridged unchanged to the BD's listener
    /// ports, sent unchanged over the BD's tunnels to the PEs that want it (SMET) and in the SBD to interested PEs
    /// without the BD, then routed into the other local BDs with listeners. False: not an OISM BD (ordinary path).
    /// </summary>
    private bool TryOismIngress(in ForwardingDecision decision, in MulticastFrame multicast, ReadOnlySpan<byte> inner, PortId ingress, IFrameSink output, TimeSpan now)
    {
        var bd = decision.Domain!;
        if (multicast.IsIpv6 || !_oismByVni.TryGetValue(bd.Vni, out var tenant)) return false;
        var flow = MulticastFlow.FromNumbers(multicast.Source, multicast.Group, false);
        ref var tally = ref FlowCounters(bd.Vni, multicast);
        tally.Originated++;
        var state = OismFlow(tenant, multicast, bd.Vni);
        _sendingBum = true;
        tally.LocalCopies += EmitLocalCopies(MulticastPorts(bd, decision, multicast), inner, ingress, ForwardingStage.Bridged, output);
        ushort sourcePort = VxlanSourcePort.ForInnerFrame(inner);
        // SMET-pruned IR in the source BD, or one copy to the AR replicator (the states come from the SBD-SMETs).
        tally.FabricCopies += SendCopies(bd.MulticastTargets(flow), inner.Length, sourcePort, _vtep.Value, ingress, output);
        // With a replicator in use it serves the PEs without the source BD too (seed 004: AR leaves send one copy).
        if (!ReplicatorServes(bd))
        {
            int sbd = SendCopies(tenant.SupplementaryTargets(bd, flow), inner.Length, sourcePort, _vtep.Value, ingress, output);
            tally.FabricCopies += sbd;
            state.Supplementary += sbd;
            _oismSbdCopies += sbd;
        }
        _sendingBum = false;
        RouteOism(tenant, bd, null, multicast, inner, ingress, output, now, decrement: true, state);
        return true;
    }

    /// <summary>
    /// IPv4 multicast data of a tenant received from the fabric (RFC 9625 §2.4): the BD it came in (its VNI) is the
    /// apparent source BD, the SBD when this PE lacks the source BD; delivered unchanged to that BD's listeners, then
    /// routed into the other local BDs with listeners (local ports only, never back into the core).
    /// </summary>
    private bool TryOismEgress(in ForwardingDecision decision, in MulticastFrame multicast, ReadOnlySpan<byte> inner, PortId ingress, IFrameSink output)
    {
        var bd = decision.Domain!;
        if (multicast.IsIpv6 || !_oismByVni.TryGetValue(bd.Vni, out var tenant)) return false;
        ref var tally = ref FlowCounters(bd.Vni, multicast);
        tally.Received++;
        _sendingBum = true;
        tally.LocalCopies += EmitLocalCopies(MulticastPorts(bd, decision, multicast), inner, ingress, ForwardingStage.Decapsulated, output);
        _sendingBum = false;
        RouteOism(tenant, bd, decision.SourceVtep, multicast, inner, ingress, output, _oismNow, decrement: true, OismFlow(tenant, multicast, bd.Vni));
        return true;
    }

    /// <summary>
    /// At an AR replicator, after the copies in the BD the frame came in: the interested PEs without that BD get it in
    /// the SBD (seed 004: the replicator does the leaf's replication, over the SBD for them), never the ingress PE; and
    /// the replicator, itself an OISM PE of the tenant, routes it into its own BDs with listeners.
    /// </summary>
    private void OismAfterReplication(in ForwardingDecision local, IPAddress ingressVtep, in MulticastFrame multicast, ReadOnlySpan<byte> inner,
        ushort sourcePort, uint outerSource, PortId ingress, IFrameSink output)
    {
        var bd = local.Domain!;
        if (multicast.IsIpv6 || !_oismByVni.TryGetValue(bd.Vni, out var tenant)) return;
        var state = OismFlow(tenant, multicast, bd.Vni);
        _sendingBum = true;
        int sbd = SendCopies(tenant.SupplementaryTargets(bd, MulticastFlow.FromNumbers(multicast.Source, multicast.Group, false), ingressVtep),
            inner.Length, sourcePort, outerSource, ingress, output);
        _sendingBum = false;
        state.Supplementary += sbd;
        _oismSbdCopies += sbd;
        _assistedCopies += sbd;
        RouteOism(tenant, bd, local.SourceVtep, multicast, inner, ingress, output, _oismNow, decrement: true, state);
    }

    /// <summary>An AR leaf whose replicator is up sends its multicast to the replicator only (RFC 9574 §5.2).</summary>
    private static bool ReplicatorServes(BridgeDomain bd) =>
        bd.Assisted is { } ar && ar.Options.Role == AssistedReplicationRole.Leaf && ar.ChosenReplicator is not null;

    /// <summary>
    /// The IP-VRF's part (RFC 9625 §2.3 step 3, §2.4): every local BD of the tenant other than <paramref name="apparent"/>
    /// with listeners for (S,G) gets a copy with the BD's IRB MAC as source and, when <paramref name="decrement"/>, the
    /// TTL decremented (checksum fixed); such copies reach local ports only. Multihoming rules apply as to any copy:
    /// from the fabric, only the DF of a segment delivers. A PEG also routes it to the receivers behind it.
    /// </summary>
    private void RouteOism(OismTenant tenant, BridgeDomain apparent, IPAddress? sourceVtep, in MulticastFrame multicast, ReadOnlySpan<byte> inner,
        PortId ingress, IFrameSink output, TimeSpan now, bool decrement, OismFlowState state)
    {
        var flow = MulticastFlow.FromNumbers(multicast.Source, multicast.Group, false);
        bool external = tenant.WantsExternally(flow) && !_externalSources.Contains((tenant.Options.Tenant, (uint)multicast.Source));
        Span<byte> staged = default;
        byte ttl = 0;
        foreach (var d in tenant.Revenue)
        {
            if (ReferenceEquals(d.Bridge, apparent)) continue;
            var decision = sourceVtep is null
                ? ForwardingDecision.FloodFromPort(d.Bridge, BumTrafficKind.Multicast, ingress)
                : ForwardingDecision.FloodFromFabric(d.Bridge, BumTrafficKind.Multicast, sourceVtep);
            int ports = MulticastPorts(d.Bridge, decision, multicast);
            if (ports == 0) continue;
            if (staged.IsEmpty)
            {
                if (!TryStageRouted(inner, decrement, out staged, out ttl)) return;
            }
            d.IrbMac.Write(staged[6..]);
            _sendingBum = true;
            int sent = EmitLocalCopies(ports, staged, ingress, ForwardingStage.Bridged, output);
            _sendingBum = false;
            _oismRoutedCopies += sent;
            state.Routed += sent;
            state.RoutedInto.Add(d.Bridge.Vni);
        }
        if (!external) return;
        if (staged.IsEmpty && !TryStageRouted(inner, decrement, out staged, out ttl)) return;
        ReceiveExternally(tenant, multicast, staged, ttl, now);
        state.External++;
    }

    /// <summary>
    /// The frame to route, staged at <see cref="InnerOffset"/>, with the TTL decremented when asked (a TTL that reaches
    /// 0 is not routed: RFC 1812 §5.3.1); <paramref name="ttl"/> is the TTL of the routed copies.
    /// </summary>
    private bool TryStageRouted(ReadOnlySpan<byte> inner, bool decrement, out Span<byte> staged, out byte ttl)
    {
        staged = _scratch.AsSpan(InnerOffset, inner.Length);
        if (!inner.Overlaps(staged)) inner.CopyTo(staged);
        if (decrement)
        {
            // Only the TTL changes here (the routed copies' MACs are written per output VLAN).
            if (EthernetHeader.TryRead(staged, out var eth) != PacketError.None || Ipv4Header.TryDecrementTtl(staged[eth.Length..]) != PacketError.None)
            {
                _oismTtlExpired++;
                ttl = 0;
                staged = default;
                return false;
            }
        }
        ttl = staged[EthernetHeader.UntaggedLength + 8];
        return true;
    }

    /// <summary>A receiver behind this PEG got the routed datagram: counted per stream (duplicates by sequence number).</summary>
    private void ReceiveExternally(OismTenant tenant, in MulticastFrame multicast, ReadOnlySpan<byte> staged, byte ttl, TimeSpan now)
    {
        int ipLength = (staged[EthernetHeader.UntaggedLength] & 0x0F) * 4;
        var udpPayload = staged[(EthernetHeader.UntaggedLength + ipLength + UdpHeader.HeaderLength)..];
        int udpLength = BinaryPrimitives.ReadUInt16BigEndian(staged[(EthernetHeader.UntaggedLength + ipLength + 4)..]) - UdpHeader.HeaderLength;
        if (udpLength >= 0 && udpLength <= udpPayload.Length) udpPayload = udpPayload[..udpLength];
        bool hasHeader = MulticastStream.TryReadHeader(udpPayload, out uint streamId, out uint sequence);
        var key = (tenant.Options.Tenant, (uint)multicast.Source, (uint)multicast.Group, hasHeader ? streamId : 0u);
        if (!_externalReceived.TryGetValue(key, out var counters))
            _externalReceived[key] = counters = new MulticastReceiveCounters(new MulticastStreamKey(multicast.Group4, multicast.Source4, key.Item4));
        counters.Record(sequence, udpPayload.Length, solicited: true, now, hasHeader, ttl);
        _oismExternalReceived++;
    }

    /// <summary>
    /// <paramref name="count"/> datagrams of the emulated external source behind this PEG to <paramref name="group"/>
    /// (RFC 9625 §2.3: traffic from outside the tenant domain is routed by the IP-VRF, TTL − 1, and sent down the SBD IRB
    /// with the PE's SBD MAC as source; what goes down the SBD IRB is distributed to the other PEs as if it came from a
    /// local port of the SBD). The same routing step delivers it into the local BDs with listeners. Returns how many
    /// datagrams entered the tenant. Sequence numbers start at <paramref name="firstSequence"/> (a timed stream sends one
    /// datagram per call); <paramref name="source"/> 0 is the configured external source.
    /// </summary>
    public int InjectExternalMulticast(string tenantName, Ipv4Address group, int count, int payloadSize, byte ttl, uint streamId, TimeSpan now, IFrameSink output,
        uint firstSequence = 0, Ipv4Address source = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!_oismByName.TryGetValue(tenantName, out var entry) || entry.ExternalSource == 0 || entry.Tenant.Supplementary is not { } sbd) return 0;
        var from = source.Value != 0 ? source : new Ipv4Address(entry.ExternalSource);
        _externalSources.Add((tenantName, from.Value));
        if (ttl <= 1)
        {
            _oismTtlExpired += count;
            return 0;
        }
        var payload = ExternalPayload(Math.Max(payloadSize, MulticastStream.HeaderLength));
        BinaryPrimitives.WriteUInt32BigEndian(payload, streamId);
        var ingress = new PortId(0);
        int sent = 0;
        for (int i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(payload[4..], firstSequence + (uint)i);
            _scratch.AsSpan(InnerOffset, EthernetHeader.MinimumFrameLength).Clear();
            int length = FrameBuilder.WriteMulticastUdpDatagram(_scratch.AsSpan(InnerOffset), entry.Tenant.Options.SbdIrbMac, from,
                group, 5001, 5001, payload, ttl: (byte)(ttl - 1));
            length = Math.Max(length, EthernetHeader.MinimumFrameLength);
            var inner = new ReadOnlySpan<byte>(_scratch, InnerOffset, length);
            var multicast = MulticastFrame.Classify(inner);
            if (multicast.Kind != MulticastFrameKind.Data) return sent;
            var flow = MulticastFlow.FromNumbers(multicast.Source, multicast.Group, false);
            ref var tally = ref FlowCounters(sbd.Bridge.Vni, multicast);
            tally.Originated++;
            var state = OismFlow(entry.Tenant, multicast, sbd.Bridge.Vni);
            _sendingBum = true;
            int copies = SendCopies(sbd.Bridge.MulticastTargets(flow), length, VxlanSourcePort.ForInnerFrame(inner), _vtep.Value, ingress, output);
            _sendingBum = false;
            tally.FabricCopies += copies;
            state.Supplementary += copies;
            _oismSbdCopies += copies;
            RouteOism(entry.Tenant, sbd.Bridge, null, multicast, inner, ingress, output, now, decrement: false, state);
            _oismExternalSent++;
            sent++;
        }
        return sent;
    }

    private byte[]? _externalPayload;

    /// <summary>The zeroed payload of an external datagram (stream id, sequence number, zeros), reused across datagrams.</summary>
    private Span<byte> ExternalPayload(int size)
    {
        if (_externalPayload is null || _externalPayload.Length < size) _externalPayload = new byte[size];
        var payload = _externalPayload.AsSpan(0, size);
        payload.Clear();
        return payload;
    }

    private OismFlowState OismFlow(OismTenant tenant, in MulticastFrame multicast, uint vni)
    {
        var key = (tenant.Options.Tenant, (uint)multicast.Source, (uint)multicast.Group);
        if (!_oismFlows.TryGetValue(key, out var state))
        {
            state = new OismFlowState { SourceVni = vni };
            if (_oismFlows.Count < 65536) _oismFlows[key] = state;
        }
        state.Frames++;
        return state;
    }

    // The time of the fabric frame being handled (the replicator path does not carry it down).
    private TimeSpan _oismNow;

    private sealed class OismFlowState
    {
        public uint SourceVni;
        public long Frames, Routed, Supplementary, External;
        public readonly HashSet<uint> RoutedInto = [];
    }
}

/// <summary>One (S,G) of an OISM tenant on one leaf: the VNI it came in first, the VNIs it was routed into, copies.</summary>
public sealed record OismFlowCounters(string Tenant, string Source, string Group, uint SourceVni, IReadOnlyList<uint> RoutedInto,
    long Frames, long RoutedCopies, long SupplementaryCopies, long ExternalCopies);
