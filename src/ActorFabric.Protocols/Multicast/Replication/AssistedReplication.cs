using System.Net;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Multicast.Replication;

/// <summary>
/// Assisted Replication for one bridge domain (RFC 9574; extended mode and the replicator choice after the Junos
/// document). As an AR leaf it turns a BUM frame from a local port into one copy to a replicator's AR IP (plus, in
/// extended mode, copies to its multihoming peers), or falls back to ingress replication; as a replicator it turns a
/// frame received on its AR IP into the IR copies to every other VTEP. Replicators are discovered from the flood
/// list (type-3 routes with PMSI type 0x0A and T = AR-REPLICATOR) and used only after the activation delay. A
/// regular NVE (role None) ignores AR routes and does SMET-aware ingress replication. Sans-I/O: time comes in as
/// <c>now</c>, the host arms one timer at <see cref="PollTimeout"/>, changes are polled with <see cref="TryPollEvent"/>.
/// Per-frame calls reuse target arrays cached against the flood list, SMET and AR state versions.
/// </summary>
public sealed class AssistedReplication : IBumReplication
{
    /// <summary>
    /// Extended-MH-AR (bit 13 of the Multicast Flags EC, numbered from the most significant of 16, so mask 0x0004):
    /// set on the Replicator-AR route in extended AR mode (draft-ietf-bess-extended-evpn-optimized-ir). IANA "Multicast
    /// Flags Extended Community" registry: bit 13 Extended-MH-AR; bit 8 (0x0080) is RFC 9572's Segmentation Support,
    /// which this value used to be by mistake.
    /// </summary>
    public const ushort MulticastFlagExtendedMhAr = 0x0004;

    private sealed class Replicator(IPAddress arIp)
    {
        public readonly IPAddress ArIp = arIp;
        public IPAddress? IrIp;
        public uint Vni;
        public TimeSpan ActiveFrom;
        public bool Active;
        public AssistedReplicationMode AdvertisedMode;
    }

    private sealed class Cached(long flood, long interest, long state, FloodTarget[] targets, int suppressed)
    {
        public readonly long Flood = flood, Interest = interest, State = state;
        public readonly FloodTarget[] Targets = targets;
        public readonly int Suppressed = suppressed;
    }

    private const int MaxCachedFlows = 4096;

    private readonly AssistedReplicationOptions _options;
    private readonly uint _vni;
    private readonly IPAddress _localIrIp;
    private readonly FloodList _floodList;
    private readonly SelectiveMulticastInterest _interest;
    private readonly Dictionary<IPAddress, Replicator> _replicators = [];
    private readonly Queue<AssistedReplicationChanged> _events = new();
    private readonly Dictionary<MulticastFlow, Cached> _leafFlows = [];
    private readonly Dictionary<(IPAddress Ingress, MulticastFlow Flow, BumTrafficKind Kind), Cached> _replicated = [];
    private HashSet<IPAddress> _peers = [];
    private IPAddress[][] _segments = [];
    private Replicator[] _active = [];
    private Cached? _leafBroadcast;
    private long _seenFloodVersion = -1;
    private long _stateVersion;
    private bool _snooping;
    private TimeSpan _now;
    private AssistedReplicationOperationalMode _mode;
    private IPAddress? _chosen;

    public AssistedReplication(AssistedReplicationOptions options, uint vni, IPAddress localIrIp, FloodList floodList, SelectiveMulticastInterest interest)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(localIrIp);
        ArgumentNullException.ThrowIfNull(floodList);
        ArgumentNullException.ThrowIfNull(interest);
        if (options.Role == AssistedReplicationRole.Replicator && (options.ReplicatorIp is null || options.ReplicatorIp.Equals(localIrIp)))
            throw new ArgumentException("a replicator needs an AR IP that differs from its IR IP (RFC 9574 §4)", nameof(options));
        _options = options;
        _vni = vni;
        _localIrIp = localIrIp;
        _floodList = floodList;
        _interest = interest;
        _mode = ComputeMode();
    }

    public AssistedReplicationOptions Options => _options;
    public uint Vni => _vni;
    public AssistedReplicationOperationalMode Mode => _mode;
    /// <summary>The replicator chosen for the VNI (broadcast, and multicast under by-VNI balancing); null when AR is not in use.</summary>
    public IPAddress? ChosenReplicator => _chosen;

    /// <summary>
    /// Whether this (replicator) device runs IGMP/MLD snooping on the bridge domain. Then, as the Junos document
    /// notes, multicast it replicates is not sent to AR leaves that are no IGMP/MLD proxy.
    /// </summary>
    public bool SnoopingEnabled
    {
        get => _snooping;
        set { if (_snooping != value) { _snooping = value; _stateVersion++; } }
    }

    // ---- Control plane ------------------------------------------------------------------------------------------

    /// <summary>Re-reads the flood list after type-3 routes changed: new replicators start their activation timer, withdrawn ones go at once.</summary>
    public void Refresh(TimeSpan now)
    {
        _now = now;
        Sync(now);
    }

    /// <summary>
    /// The VTEPs (IR IPs) that share an Ethernet segment of this bridge domain with the local device. An extended-mode
    /// leaf sends them a copy of its BUM itself, and falls back to IR when one of them is a replicator.
    /// </summary>
    public void SetMultihomingPeers(IEnumerable<IPAddress> peers)
    {
        ArgumentNullException.ThrowIfNull(peers);
        var set = new HashSet<IPAddress>(peers);
        set.Remove(_localIrIp);
        if (set.SetEquals(_peers)) return;
        _peers = set;
        _stateVersion++;
        Recompute();
    }

    /// <summary>
    /// The VTEPs of each remote Ethernet segment of this bridge domain (from the A-D per-ES routes), so an
    /// extended-mode replicator can skip the ingress leaf's multihoming peers.
    /// </summary>
    public void SetRemoteSegments(IEnumerable<IEnumerable<IPAddress>> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        _segments = [.. segments.Select(s => s.ToArray())];
        _stateVersion++;
    }

    /// <summary>The earliest activation of a replicator still waiting, or null.</summary>
    public TimeSpan? PollTimeout()
    {
        TimeSpan? earliest = null;
        foreach (var r in _replicators.Values)
            if (!r.Active && (earliest is null || r.ActiveFrom < earliest)) earliest = r.ActiveFrom;
        return earliest;
    }

    public void HandleTimeout(TimeSpan now)
    {
        _now = now;
        bool changed = false;
        foreach (var r in _replicators.Values)
            if (!r.Active && r.ActiveFrom <= now) { r.Active = true; changed = true; }
        if (!changed) return;
        RebuildActive();
        Recompute();
    }

    public bool TryPollEvent(out AssistedReplicationChanged changed) => _events.TryDequeue(out changed);

    // ---- What this VTEP advertises -------------------------------------------------------------------------------

    /// <summary>
    /// PMSI of this VTEP's Regular-IR type-3 route: type 6 with T = AR-LEAF for a leaf (RFC 9574 §4 SHOULD), T per
    /// <see cref="AssistedReplicationOptions.ReplicatorIrRole"/> for a replicator, T = 0 otherwise.
    /// </summary>
    public PmsiTunnel LocalPmsiTunnel(uint vni, IPAddress localVtep) => _options.Role switch
    {
        AssistedReplicationRole.Leaf => PmsiTunnel.IngressReplication(vni, localVtep, PmsiTunnel.RoleFlags(PmsiTunnel.RoleLeaf)),
        AssistedReplicationRole.Replicator when _options.ReplicatorIrRole == ReplicatorIrRouteRole.Replicator =>
            PmsiTunnel.IngressReplication(vni, localVtep, PmsiTunnel.RoleFlags(PmsiTunnel.RoleReplicator)),
        _ => PmsiTunnel.IngressReplication(vni, localVtep),
    };

    /// <summary>
    /// PMSI of a replicator's second type-3 route, the Replicator-AR route (type 0x0A, T = 01, label = VNI, tunnel id
    /// = AR IP); null for other roles. That route's Originating Router IP and next hop are the AR IP, so it differs in
    /// key from the Regular-IR route (originator = IR IP).
    /// </summary>
    public PmsiTunnel? AssistedReplicationPmsiTunnel(uint vni) =>
        _options.Role == AssistedReplicationRole.Replicator ? PmsiTunnel.AssistedReplication(vni, _options.ReplicatorIp!) : null;

    /// <summary>
    /// Multicast Flags EC value for the Replicator-AR route: Extended-MH-AR in extended mode (the host ORs in the
    /// I/M proxy bits when snooping is on); 0 in regular mode.
    /// </summary>
    public ushort ReplicatorRouteMulticastFlags =>
        _options.Role == AssistedReplicationRole.Replicator && _options.Mode == AssistedReplicationMode.Extended ? MulticastFlagExtendedMhAr : (ushort)0;

    // ---- AR leaf (and every role) for frames from a local port ---------------------------------------------------

    /// <summary>
    /// Fabric copies of a BUM frame of <paramref name="kind"/> from a local port when its flow is not known
    /// (broadcast, unknown unicast): one copy to the VNI's replicator (plus the multihoming peers in extended mode),
    /// or plain ingress replication when AR is not in use for it.
    /// </summary>
    public ReadOnlySpan<FloodTarget> SelectTargets(FloodList floodList, BumTrafficKind kind)
    {
        SyncIfFloodListChanged();
        if (!LeafAssists(kind)) return floodList.IngressReplicationTargets(kind);
        var c = _leafBroadcast;
        if (c is null || c.Flood != _floodList.Version || c.State != _stateVersion)
            _leafBroadcast = c = new Cached(_floodList.Version, 0, _stateVersion, LeafTargets(_chosen!, flow: null), 0);
        return c.Targets;
    }

    /// <summary>
    /// Fabric copies of a multicast data frame of <paramref name="flow"/> from a local port. Link-local groups
    /// (IGMP, MLD, PIM…) always go by plain IR (RFC 9574 §5.2). An AR leaf picks the replicator by deterministic
    /// policy, else by VNI or group hash; a strict policy whose preferred replicator is down yields no copy. Without
    /// AR the copies follow SMET (RFC 9251 §8); in extended mode so do the copies to multihoming peers.
    /// </summary>
    public ReadOnlySpan<FloodTarget> SelectMulticastTargets(FloodList floodList, in MulticastFlow flow)
    {
        SyncIfFloodListChanged();
        if (flow.IsLinkLocal) return floodList.IngressReplicationTargets(BumTrafficKind.Multicast);
        if (!LeafAssists(BumTrafficKind.Multicast)) return _interest.IngressReplicationTargets(floodList, flow);
        if (_leafFlows.TryGetValue(flow, out var c) && c.Flood == _floodList.Version && c.Interest == _interest.Version && c.State == _stateVersion)
            return c.Targets;
        if (_leafFlows.Count >= MaxCachedFlows) _leafFlows.Clear();
        var replicator = ReplicatorFor(flow);
        var targets = replicator is null ? [] : LeafTargets(replicator, flow);
        _leafFlows[flow] = new Cached(_floodList.Version, _interest.Version, _stateVersion, targets, 0);
        return targets;
    }

    // ---- AR replicator for frames received on its AR IP ----------------------------------------------------------

    /// <summary>
    /// Whether a VXLAN frame with this outer destination arrived on this replicator's AR tunnel (and is to be
    /// replicated); frames to its IR IP are delivered locally only and never replicated again (RFC 9574 §5.1).
    /// </summary>
    public bool IsAssistedTunnelDestination(IPAddress outerDestination) =>
        _options.Role == AssistedReplicationRole.Replicator && _options.ReplicatorIp!.Equals(outerDestination);

    /// <summary>Copies of a broadcast / unknown-unicast frame that <paramref name="ingressVtep"/> (outer source IP) sent to the AR IP.</summary>
    public ReplicatedCopies ReplicateFromAssistedTunnel(IPAddress ingressVtep, BumTrafficKind kind) =>
        Replicate(ingressVtep, kind, default, hasFlow: false);

    /// <summary>Copies of a multicast data frame of <paramref name="flow"/> that <paramref name="ingressVtep"/> sent to the AR IP.</summary>
    public ReplicatedCopies ReplicateFromAssistedTunnel(IPAddress ingressVtep, in MulticastFlow flow) =>
        Replicate(ingressVtep, BumTrafficKind.Multicast, flow, hasFlow: true);

    /// <summary>
    /// Every IR member except the ingress VTEP (split horizon) and, in extended mode, its multihoming peers (the leaf
    /// served them); BM/U-pruned VTEPs left out (RFC 9574 §4); for multicast only PEs that receive the flow per SMET,
    /// and with snooping on nothing to non-proxy AR leaves. Outer source: own IR IP (extended) or the ingress VTEP
    /// (regular, so the peers' split horizon and local bias still see the leaf).
    /// </summary>
    private ReplicatedCopies Replicate(IPAddress ingressVtep, BumTrafficKind kind, MulticastFlow flow, bool hasFlow)
    {
        ArgumentNullException.ThrowIfNull(ingressVtep);
        var source = _options.Mode == AssistedReplicationMode.Extended ? _localIrIp : ingressVtep;
        if (_options.Role != AssistedReplicationRole.Replicator ||
            (kind == BumTrafficKind.UnknownUnicast && !_options.AssistUnknownUnicast))
            return new ReplicatedCopies([], source, 0);
        var key = (ingressVtep, hasFlow ? flow : default, kind);
        if (_replicated.TryGetValue(key, out var c) && c.Flood == _floodList.Version && c.Interest == _interest.Version && c.State == _stateVersion)
            return new ReplicatedCopies(c.Targets, source, c.Suppressed);
        if (_replicated.Count >= MaxCachedFlows) _replicated.Clear();
        var skip = new HashSet<IPAddress> { ingressVtep, _localIrIp };
        if (_options.Mode == AssistedReplicationMode.Extended)
            foreach (var segment in _segments)
                if (Array.IndexOf(segment, ingressVtep) >= 0) skip.UnionWith(segment);
        bool pruneByFlow = hasFlow && !flow.IsLinkLocal;
        int suppressed = 0;
        var list = new List<FloodTarget>();
        IPAddress? last = null;
        foreach (var m in _floodList.Members)
        {
            if (!m.WantsIngressReplicated(kind)) continue;
            if (m.Vtep.Equals(last)) continue;
            last = m.Vtep;
            if (skip.Contains(m.Vtep)) continue;
            if (pruneByFlow)
            {
                if (_snooping && m.AssistedReplicationRole == PmsiTunnel.RoleLeaf && !m.IsProxyFor(flow.IsIpv6)) { suppressed++; continue; }
                if (!_interest.Receives(m, flow)) continue;
            }
            list.Add(new FloodTarget(m.Vtep, m.Vni));
        }
        c = new Cached(_floodList.Version, _interest.Version, _stateVersion, list.ToArray(), suppressed);
        _replicated[key] = c;
        return new ReplicatedCopies(c.Targets, source, c.Suppressed);
    }

    // ---- Operational state ---------------------------------------------------------------------------------------

    public AssistedReplicationStatus Status()
    {
        SyncIfFloodListChanged();
        var replicators = _replicators.Values
            .OrderBy(r => r.ArIp, VtepAddressOrder.Instance)
            .Select(r => new ReplicatorStatus(r.ArIp, r.IrIp, r.Active ? ReplicatorActivation.Active : ReplicatorActivation.WaitingActivation, r.ActiveFrom, r.AdvertisedMode))
            .ToArray();
        var policies = _options.Policies
            .Select(p => new DeterministicPolicyStatus(p.Name, p.Strict, p.Preferred, p.Strict ? IPAddress.Any : p.Fallback ?? IPAddress.Any, PolicyReplicator(p, out _) ?? (IsArMode ? _chosen : null)))
            .Select((s, i) => _options.Policies[i].Strict && !IsActive(_options.Policies[i].Preferred) ? s with { InUse = null } : s)
            .ToArray();
        return new AssistedReplicationStatus(_options.Role, _vni, _mode, _options.ReplicatorIp, replicators, _chosen, policies);
    }

    // ---- Internals -----------------------------------------------------------------------------------------------

    private bool IsArMode => _mode is AssistedReplicationOperationalMode.ExtendedAr or AssistedReplicationOperationalMode.RegularAr;

    private bool LeafAssists(BumTrafficKind kind) =>
        _options.Role == AssistedReplicationRole.Leaf && IsArMode && _chosen is not null &&
        (kind != BumTrafficKind.UnknownUnicast || _options.AssistUnknownUnicast);

    private bool IsActive(IPAddress arIp) => _replicators.TryGetValue(arIp, out var r) && r.Active;

    /// <summary>The replicator of a policy's flows: preferred, else (loose) the fallback; null with <paramref name="drop"/> for strict.</summary>
    private IPAddress? PolicyReplicator(DeterministicReplicatorPolicy policy, out bool drop)
    {
        drop = false;
        if (IsActive(policy.Preferred)) return policy.Preferred;
        if (policy.Strict) { drop = true; return null; }
        return policy.Fallback is { } f && IsActive(f) ? f : null;
    }

    private IPAddress? ReplicatorFor(in MulticastFlow flow)
    {
        foreach (var policy in _options.Policies)
        {
            if (!policy.Matches(_vni, flow)) continue;
            var chosen = PolicyReplicator(policy, out bool drop);
            if (chosen is not null || drop) return chosen;
            break; // loose with preferred and fallback down: the default method
        }
        if (_options.LoadBalancing == ReplicatorLoadBalancing.ByGroup && _active.Length > 0)
            return _active[ReplicatorHash.OfGroup(flow) % (uint)_active.Length].ArIp;
        return _chosen;
    }

    /// <summary>One copy to the replicator's AR IP, then (extended mode) to each multihoming peer that wants it.</summary>
    private FloodTarget[] LeafTargets(IPAddress replicator, MulticastFlow? flow)
    {
        var list = new List<FloodTarget> { new(replicator, _replicators.TryGetValue(replicator, out var r) ? r.Vni : _vni) };
        if (_options.Mode != AssistedReplicationMode.Extended || _peers.Count == 0) return [.. list];
        IPAddress? last = null;
        foreach (var m in _floodList.Members)
        {
            if (!m.WantsIngressReplicated(flow is null ? BumTrafficKind.Broadcast : BumTrafficKind.Multicast)) continue;
            if (m.Vtep.Equals(last)) continue;
            last = m.Vtep;
            if (!_peers.Contains(m.Vtep)) continue;
            if (flow is { } f && !_interest.Receives(m, f)) continue;
            list.Add(new FloodTarget(m.Vtep, m.Vni));
        }
        return [.. list];
    }

    private void SyncIfFloodListChanged()
    {
        if (_floodList.Version != _seenFloodVersion) Sync(now: null);
    }

    /// <summary>
    /// Reads the replicators from the flood list. Without <paramref name="now"/> (a frame noticed the change) only
    /// withdrawals and updates apply; new replicators wait for <see cref="Refresh"/> to start their timer.
    /// </summary>
    private void Sync(TimeSpan? now)
    {
        _seenFloodVersion = _floodList.Version;
        if (_options.Role == AssistedReplicationRole.None) return; // regular NVEs ignore AR routes
        var members = _floodList.Members;
        var present = new HashSet<IPAddress>();
        bool changed = false;
        foreach (var m in members)
        {
            if (!m.IsAssistedReplicationReplicator || m.AssistedReplicationRole != PmsiTunnel.RoleReplicator) continue;
            // RFC 9574 §5.2: the AR tunnel goes to the route's next hop, the replicator's AR IP.
            var arIp = m.NextHop;
            if (arIp.Equals(_options.ReplicatorIp)) continue;
            present.Add(arIp);
            var irIp = IrIpOf(members, m);
            var mode = ((m.MulticastFlags ?? 0) & MulticastFlagExtendedMhAr) != 0 ? AssistedReplicationMode.Extended : AssistedReplicationMode.Regular;
            if (_replicators.TryGetValue(arIp, out var r))
            {
                if (Equals(r.IrIp, irIp) && r.AdvertisedMode == mode && r.Vni == m.Vni) continue;
                (r.IrIp, r.AdvertisedMode, r.Vni) = (irIp, mode, m.Vni);
                changed = true;
                continue;
            }
            if (now is not { } t) continue;
            _replicators[arIp] = new Replicator(arIp)
            {
                IrIp = irIp, AdvertisedMode = mode, Vni = m.Vni,
                ActiveFrom = t + _options.ActivationDelay, Active = _options.ActivationDelay <= TimeSpan.Zero,
            };
            changed = true;
        }
        foreach (var arIp in _replicators.Keys.Where(k => !present.Contains(k)).ToArray())
        {
            _replicators.Remove(arIp);
            changed = true;
        }
        if (!changed) return;
        RebuildActive();
        Recompute();
    }

    /// <summary>The replicator's IR IP: the endpoint of its Regular-IR route, the IR member with the same RD.</summary>
    private static IPAddress? IrIpOf(ReadOnlySpan<FloodListMember> members, FloodListMember arRoute)
    {
        foreach (var m in members)
            if (m.IsIngressReplication && m.Route.Distinguisher == arRoute.Route.Distinguisher) return m.Vtep;
        return null;
    }

    private void RebuildActive()
    {
        _active = [.. _replicators.Values.Where(r => r.Active).OrderBy(r => r.ArIp, VtepAddressOrder.Instance)];
        _stateVersion++;
    }

    private AssistedReplicationOperationalMode ComputeMode()
    {
        var arMode = _options.Mode == AssistedReplicationMode.Extended
            ? AssistedReplicationOperationalMode.ExtendedAr : AssistedReplicationOperationalMode.RegularAr;
        switch (_options.Role)
        {
            case AssistedReplicationRole.Replicator: return arMode;
            case AssistedReplicationRole.Leaf:
                // Extended AR cannot work when a replicator is one of this leaf's multihoming peers.
                if (_options.Mode == AssistedReplicationMode.Extended &&
                    _replicators.Values.Any(r => r.IrIp is not null && _peers.Contains(r.IrIp)))
                    return AssistedReplicationOperationalMode.MisconfigurationIngressReplication;
                return _active.Length == 0 ? AssistedReplicationOperationalMode.NoReplicatorsIngressReplication : arMode;
            default: return AssistedReplicationOperationalMode.IngressReplication;
        }
    }

    private void Recompute()
    {
        var mode = ComputeMode();
        IPAddress? chosen = null;
        if (_options.Role == AssistedReplicationRole.Leaf && mode is AssistedReplicationOperationalMode.ExtendedAr or AssistedReplicationOperationalMode.RegularAr)
            chosen = _active[ReplicatorHash.OfVni(_vni) % (uint)_active.Length].ArIp;
        if (mode == _mode && Equals(chosen, _chosen)) return;
        _events.Enqueue(new AssistedReplicationChanged(_vni, _mode, mode, _chosen, chosen, _now));
        (_mode, _chosen) = (mode, chosen);
        _stateVersion++;
    }
}
