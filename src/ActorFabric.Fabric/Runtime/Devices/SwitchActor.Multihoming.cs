using ActorFabric.Fabric.Runtime.Messages;
using ActorFabric.Protocols.Bgp.Rib;
using ActorFabric.Protocols.Evpn;
using ActorFabric.Protocols.Evpn.Multihoming;
using ActorFabric.Protocols.Timing;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.Runtime.Devices;

// The Ethernet segments this leaf has a link of (server LAGs, RFC 7432 §8): each runs a LocalEthernetSegment that
// advertises the ES route and the per-ES A-D route while its link is up and elects the DF per VNI with its peers.
internal sealed partial class SwitchActor
{
    private readonly List<LocalEthernetSegment> _segments = [];
    private readonly Dictionary<int, LocalEthernetSegment> _segmentByPort = [];
    private readonly Dictionary<EthernetSegmentId, long> _dfChanges = [];
    private LocalBiasEgressFilter? _egressFilter;
    // Segments with a port that has carrier here: the segment's link is up while any of its ports is.
    private readonly HashSet<EthernetSegmentId> _segmentsUp = [];

    /// <summary>
    /// One machine per segment this leaf has ports of (from the wiring; a segment with several hosts — VMs behind one
    /// bond — has one port per host here), built after the MAC-VRFs.
    /// </summary>
    private void BuildEthernetSegments()
    {
        _segments.Clear();
        _segmentByPort.Clear();
        _segmentsUp.Clear();
        _egressFilter = null;
        foreach (var (port, esi) in _accessEsis.OrderBy(p => p.Key))
        {
            if (_segments.Find(s => s.Esi == esi) is { } known)
            {
                _segmentByPort[port] = known;
                continue;
            }
            var definition = SegmentDefinition(esi);
            if (definition?.MemberOn(_node.Index) is not { } member) continue;
            var tags = SegmentTags(definition);
            var segment = new LocalEthernetSegment(new LocalEthernetSegmentOptions
            {
                Esi = esi,
                Mode = definition.Mode,
                Algorithm = definition.DfAlgorithm,
                Preference = member.Preference,
                LocalOriginator = FabricAddressing.ToIp(_node.Vtep),
                // RFC 7432 §8.1 / §7.9: ES and per-ES A-D routes use a type-1 RD, router id : 0.
                EsRouteDistinguisher = RouteDistinguisher.FromIpv4(_node.RouterId, 0),
                // RFC 8365 §8.1.5: with VXLAN the VNI is the Ethernet tag of the DF election.
                EthernetTags = tags,
                PerEsRouteTargets = SegmentRouteTargets(tags),
                EsImportRouteTarget = EsImportTargetOf(esi),
            });
            _segments.Add(segment);
            _segmentByPort[port] = segment;
            (_egressFilter ??= new LocalBiasEgressFilter()).Add(segment);
        }
        if (_egressFilter is null) return;
        foreach (var (port, mac) in _segmentHostMacs)
            foreach (var vrf in _vrfs)
                if (_accessPorts.TryGetValue(port, out var vlan) && vrf.TryGetDomainByVlan(vlan, out _))
                    vrf.MapSegmentHost(new Protocols.Bridging.PortId(port), new MacAddress(mac));
        foreach (var vrf in _vrfs)
            foreach (var bd in vrf.BridgeDomains)
            {
                bd.EgressFilter = _egressFilter;
                bd.SegmentGate = _egressFilter;
            }
        var gauges = new SegmentGauges[_topology.EthernetSegments.Length];
        for (int i = 0; i < gauges.Length; i++) gauges[i] = new SegmentGauges();
        Volatile.Write(ref _setup.Gauges.Segments, gauges);
    }

    /// <summary>Copies the segments' counters to the gauges /metrics reads.</summary>
    private void PublishSegmentGauges()
    {
        if (_egressFilter is null || _setup.Gauges.Segments is not { } gauges) return;
        foreach (var segment in _segments)
        {
            var definition = SegmentDefinition(segment.Esi)!;
            var g = gauges[definition.Index];
            var c = _egressFilter.CountersOf(segment.Esi);
            Volatile.Write(ref g.DfChanges, _dfChanges.GetValueOrDefault(segment.Esi));
            Volatile.Write(ref g.SplitHorizonDrops, c.SplitHorizonDrops);
            Volatile.Write(ref g.NonDfBlocks, c.NonDfBlocks);
        }
    }

    internal static ExtendedCommunity EsImportTargetOf(EthernetSegmentId esi) => EsImportRouteTarget.Derived(esi);

    private Topology.FabricEthernetSegment? SegmentDefinition(EthernetSegmentId esi) => _topology.EthernetSegmentOf(esi);

    /// <summary>The VNIs the segment carries: its hosts', or (a segment without hosts) every VNI of the leaf.</summary>
    private List<uint> SegmentTags(Topology.FabricEthernetSegment definition)
    {
        if (_topology.VnisOf(definition) is { Count: > 0 } vnis) return [.. vnis];
        var all = new List<uint>();
        foreach (var vrf in _vrfs)
            foreach (var bd in vrf.BridgeDomains) all.Add(bd.Vni);
        return all;
    }

    /// <summary>The per-ES A-D route carries the RTs of every EVI on the segment (RFC 7432 §8.2.1).</summary>
    private List<ExtendedCommunity> SegmentRouteTargets(List<uint> tags)
    {
        var rts = new List<ExtendedCommunity>();
        foreach (var vrf in _vrfs)
            foreach (var bd in vrf.BridgeDomains)
                if (tags.Contains(bd.Vni))
                {
                    foreach (var rt in vrf.Options.ExportRouteTargets)
                        if (!rts.Contains(rt)) rts.Add(rt);
                    break;
                }
        return rts;
    }

    /// <summary>
    /// The carrier of a segment port changed. When the segment's first port here comes up, it advertises (and starts
    /// its DF wait); when its last goes down it withdraws its A-D and ES routes (RFC 7432 §8.2) so remote leaves drop
    /// this leaf from every MAC of the segment at once. The MACs learnt on it stay advertised until they age out
    /// (§17.3: their type-2 withdrawals come later); meanwhile this leaf sends their traffic to a peer on the segment.
    /// </summary>
    private void SegmentCarrier(int port, bool up, TimeSpan now)
    {
        if (!_segmentByPort.TryGetValue(port, out var segment)) return;
        if (!up)
            foreach (var (other, s) in _segmentByPort)
                if (s == segment && _carrierUp.Contains(other)) return; // another port of the segment still has carrier
        if (up ? !_segmentsUp.Add(segment.Esi) : !_segmentsUp.Remove(segment.Esi)) return;
        SegmentLink(segment, up, now);
        foreach (var vrf in _vrfs) vrf.SegmentLinkChanged(segment.Esi, up, now);
    }

    /// <summary>
    /// A segment link up or down: the segment machine advertises or withdraws the ES and per-ES routes, and the
    /// leaf the per-EVI A-D route of each EVI on the segment (RFC 7432 §8.4.1: RD and RTs of the MAC-VRF, Ethernet
    /// tag of the bridge domain, label = VNI per RFC 8365 §5.1.3), which remote leaves need for aliasing.
    /// </summary>
    private void SegmentLink(LocalEthernetSegment segment, bool up, TimeSpan now)
    {
        if (up) segment.LinkUp(now); else segment.LinkDown(now);
        if (_bgp is null) return;
        var vtep = FabricAddressing.ToIp(_node.Vtep);
        foreach (var vrf in _vrfs)
            foreach (var bd in vrf.BridgeDomains)
            {
                if (!segment.EthernetTags.Contains(bd.Vni)) continue;
                var route = new EthernetAutoDiscoveryRoute(vrf.RouteDistinguisher, segment.Esi, bd.EthernetTag, bd.Vni);
                if (!up) _bgp.WithdrawOriginated(route, now);
                else _bgp.Originate(route, new PathAttributes { ExtendedCommunities = [.. vrf.Options.ExportRouteTargets, ExtendedCommunity.VxlanEncapsulation] }, vtep, now);
            }
    }

    /// <summary>A best-path change of an ES route: the segments with that ESI learn or lose a peer (RFC 7432 §8.5).</summary>
    private bool ApplySegmentRoute(LocRibChange change, TimeSpan now)
    {
        if (change.Key is not EthernetSegmentRoute route) return false;
        foreach (var segment in _segments)
        {
            if (segment.Esi != route.Esi) continue;
            if (change.NewBest is { } best) segment.ApplyPeerEsRoute(route, best.Attributes, now);
            else segment.WithdrawPeerEsRoute(route, now);
        }
        return true;
    }

    private void DrainSegments(TimeSpan now)
    {
        foreach (var segment in _segments)
            while (segment.TryPollEffect(out var effect))
                switch (effect)
                {
                    case Originate o:
                        _bgp?.Originate(o.Route, o.Attributes, FabricAddressing.ToIp(_node.Vtep), now);
                        break;
                    case Withdraw w:
                        _bgp?.WithdrawOriginated(w.Route, now);
                        break;
                    case DfChanged d:
                        _dfChanges[d.Esi] = _dfChanges.GetValueOrDefault(d.Esi) + 1;
                        if (segment.Mode == EthernetSegmentMode.SingleActive) AnnounceLagRoles(segment, d.EthernetTag);
                        break;
                }
    }

    private EthernetSegmentTable EthernetSegmentsNow()
    {
        var rows = new List<EthernetSegmentEntry>();
        foreach (var segment in _segments)
        {
            var definition = SegmentDefinition(segment.Esi)!;
            var self = FabricAddressing.ToIp(_node.Vtep);
            var dfs = new List<EthernetSegmentDf>();
            foreach (uint tag in segment.EthernetTags)
            {
                var outcome = segment.Outcome(tag);
                dfs.Add(new EthernetSegmentDf(tag, outcome.Df?.ToString(), outcome.BackupDf?.ToString(), outcome.Df is { } df && df.Equals(self)));
            }
            var peers = segment.Peers.Select(p => p.ToString()).Order(StringComparer.Ordinal).ToList();
            rows.Add(new EthernetSegmentEntry(segment.Esi.ToString(), definition.Name, definition.MemberOn(_node.Index)!.Value.Port,
                segment.Mode == EthernetSegmentMode.AllActive ? "all-active" : "single-active", segment.Agreement.Algorithm.ToString(),
                segment.State.ToString(), segment.IsLinkUp, peers, dfs, _dfChanges.GetValueOrDefault(segment.Esi)));
        }
        return new EthernetSegmentTable(_node.Name, rows);
    }

    /// <summary>
    /// Single-active: tells the hosts behind the segment's ports of VNI <paramref name="vni"/> whether this leaf's link
    /// is active (DF) or standby, so their bonds send where traffic is accepted (the role LACP plays with a real CE).
    /// </summary>
    private void AnnounceLagRoles(LocalEthernetSegment segment, uint vni)
    {
        bool active = segment.IsDesignatedForwarder(vni);
        foreach (var (port, s) in _segmentByPort)
        {
            if (s != segment || !_links.TryGetValue(port, out var link) || !_accessPorts.TryGetValue(port, out var vlan)) continue;
            foreach (var vrf in _vrfs)
                if (vrf.TryGetDomainByVlan(vlan, out var bd) && bd.Vni == vni) link.Link.Tell(new LagMemberRole(-1, active), Self);
        }
    }

    private void TickSegments(TimeSpan now)
    {
        foreach (var segment in _segments)
            if (segment.PollTimeout() is { } t && t <= now) segment.HandleTimeout(now);
    }

    private TimeSpan? NextSegmentDeadline()
    {
        TimeSpan? next = null;
        foreach (var segment in _segments) next = Deadline.Earliest(next, segment.PollTimeout());
        return next;
    }
}
