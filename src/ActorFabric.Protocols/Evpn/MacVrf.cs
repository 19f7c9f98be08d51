using System.Net;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Evpn.Multihoming;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;
using ActorFabric.Protocols.Timing;

namespace ActorFabric.Protocols.Evpn;

/// <summary>
/// One EVPN instance (MAC-VRF) on a VXLAN VTEP, sans-I/O: it bridges frames between access ports and the
/// fabric, learns MACs locally only (never from VXLAN, RFC 8365 §1), originates and imports type-2/type-3
/// routes, runs MAC mobility and duplicate detection (RFC 7432 §15) and ARP/ND suppression (RFC 7432 §10).
/// Time is always an argument; outputs are queued <see cref="MacVrfEffect"/>s polled with <see cref="TryPollEffect"/>;
/// timers are exposed as <see cref="PollTimeout"/> and fired with <see cref="HandleTimeout"/>.
/// Not thread-safe: the hosting actor owns it.
/// </summary>
public sealed partial class MacVrf
{
    private readonly MacVrfOptions _options;
    private readonly MacMobility _mobility;
    private readonly EvpnDomain[] _domains;
    private readonly BridgeDomain[] _bridges;
    private readonly Dictionary<ushort, EvpnDomain> _byVlan = [];
    private readonly Dictionary<uint, EvpnDomain> _byVni = [];
    private readonly HashSet<ExtendedCommunity> _importRouteTargets;
    private readonly ExtendedCommunity[] _exportCommunities;
    private int _remoteMacRoutes;
    private readonly Queue<MacVrfEffect> _effects = new();
    private readonly RemoteEthernetSegments _remoteSegments = new();
    /// <summary>The next MAC aging sweep, and the next duplicate-MAC release (RFC 7432 §15.1 recovery).</summary>
    private enum Timer { Aging, Recovery }
    private readonly TimerTable<Timer> _timers = new();

    public MacVrf(MacVrfOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.BridgeDomains.Count == 0) throw new ArgumentException("a MAC-VRF needs at least one bridge domain", nameof(options));
        if (options.ServiceType == EvpnServiceType.VlanBased && options.BridgeDomains.Count != 1)
            throw new ArgumentException("VLAN-based service has exactly one VLAN/VNI per MAC-VRF (RFC 7432 §6.1)", nameof(options));
        _mobility = new MacMobility(options.Mobility);
        _options = options;

        var list = new List<EvpnDomain>(options.BridgeDomains.Count);
        foreach (var bd in options.BridgeDomains)
        {
            // VLAN-aware bundle with global VNIs: the Ethernet Tag is the VNI (RFC 8365 §5.1.3); VLAN-based: 0 (RFC 7432 §6.1).
            var tag = options.ServiceType == EvpnServiceType.VlanAwareBundle ? bd.Vni : 0u;
            var domain = new EvpnDomain(new BridgeDomain(bd.Vlan, bd.Vni, tag));
            if (!_byVlan.TryAdd(bd.Vlan, domain)) throw new ArgumentException($"VLAN {bd.Vlan} mapped twice", nameof(options));
            if (!_byVni.TryAdd(bd.Vni, domain)) throw new ArgumentException($"VNI {bd.Vni} mapped twice", nameof(options));
            list.Add(domain);
        }
        list.Sort((a, b) => a.Bridge.Vni.CompareTo(b.Bridge.Vni));
        _domains = [.. list];
        _bridges = Array.ConvertAll(_domains, d => d.Bridge);
        foreach (var d in _domains) SetUpReplication(d);

        _importRouteTargets = [.. options.ImportRouteTargets];
        // RFC 8365 §5.1.3: every route of a VXLAN VTEP carries the Encapsulation EC (tunnel type 8).
        _exportCommunities = [.. options.ExportRouteTargets, ExtendedCommunity.VxlanEncapsulation];
    }

    public MacVrfOptions Options => _options;
    public RouteDistinguisher RouteDistinguisher => _options.RouteDistinguisher;
    public IPAddress LocalVtep => _options.LocalVtep;
    /// <summary>Bridge domains in VNI order.</summary>
    public IReadOnlyList<BridgeDomain> BridgeDomains => _bridges;

    public bool TryGetDomainByVlan(ushort vlan, out BridgeDomain domain) => TryGet(_byVlan, vlan, out domain);
    public bool TryGetDomainByVni(uint vni, out BridgeDomain domain) => TryGet(_byVni, vni, out domain);

    // ---------------------------------------------------------------- effects and timers

    public int PendingEffects => _effects.Count;

    public bool TryPollEffect(out MacVrfEffect effect) => _effects.TryDequeue(out effect!);

    /// <summary>Moves every pending effect into <paramref name="into"/> in order; returns how many.</summary>
    public int DrainEffects(ICollection<MacVrfEffect> into)
    {
        int n = 0;
        while (_effects.TryDequeue(out var e)) { into.Add(e); n++; }
        return n;
    }

    /// <summary>The earliest time <see cref="HandleTimeout"/> has work (MAC aging, duplicate recovery); null when none.</summary>
    public TimeSpan? PollTimeout() => Earliest(_timers.Next(), MulticastTimeout());

    /// <summary>Runs the timers due at <paramref name="now"/>: ages out idle learned MACs, releases duplicates whose recovery time passed.</summary>
    public void HandleTimeout(TimeSpan now)
    {
        if (_timers.Expired(Timer.Aging, now)) AgeOut(now);
        if (_timers.Expired(Timer.Recovery, now)) RecoverDuplicates(now);
        HandleMulticastTimeout(now);
    }

    // ---------------------------------------------------------------- configuration

    /// <summary>Originates the type-3 (IMET) route of every bridge domain so that peers add this VTEP to their flood lists (RFC 7432 §11.1).</summary>
    public void Start(TimeSpan now)
    {
        foreach (var d in _domains) OriginateInclusiveMulticast(d);
        StartMulticast(now);
    }

    /// <summary>Re-advertises the IMET route of one VNI, e.g. after its <see cref="BridgeDomain.Replication"/> policy changed its PMSI role.</summary>
    public void RefreshInclusiveMulticast(uint vni)
    {
        if (_byVni.TryGetValue(vni, out var d)) OriginateInclusiveMulticast(d);
    }

    /// <summary>Attaches an access port to the bridge domain of <paramref name="vlan"/>; <paramref name="esi"/> non-zero for a multihomed segment.</summary>
    public bool AttachPort(PortId port, ushort vlan, EthernetSegmentId esi = default)
    {
        if (!_byVlan.TryGetValue(vlan, out var d) || !d.Bridge.AttachPort(port, esi)) return false;
        d.Bridge.Snooping?.AddPort(port);
        return true;
    }

    /// <summary>Detaches a port (link down, reconfiguration): its MACs leave the FDB and their routes are withdrawn.</summary>
    public bool DetachPort(PortId port, ushort vlan, TimeSpan now)
    {
        if (!_byVlan.TryGetValue(vlan, out var d) || !d.Bridge.HasPort(port)) return false;
        foreach (var st in SortedStates(d, s => s.Local is { } l && l.Port == port))
        {
            DropLocal(d, st);
            Reconcile(d, st);
        }
        d.Bridge.DetachPort(port);
        if (d.Bridge.Snooping is { } snooping)
        {
            snooping.RemovePort(port);
            DrainSnooping(d);
        }
        return true;
    }

    /// <summary>Configures a static (sticky) MAC on a port: never ages, advertised with the sticky flag, never moves (RFC 7432 §15.2).</summary>
    public bool AddStaticMac(ushort vlan, MacAddress mac, PortId port, TimeSpan now)
    {
        if (!_byVlan.TryGetValue(vlan, out var d) || !d.Bridge.TryGetPort(port, out var attached) || !mac.IsUnicast) return false;
        LearnLocal(d, mac, attached, isStatic: true, now);
        return true;
    }

    public bool RemoveStaticMac(ushort vlan, MacAddress mac, TimeSpan now)
    {
        if (!_byVlan.TryGetValue(vlan, out var d) || !d.Macs.TryGetValue(mac, out var st) || st.Local is not { IsStatic: true }) return false;
        DropLocal(d, st);
        Reconcile(d, st);
        return true;
    }

    // ---------------------------------------------------------------- data plane

    /// <summary>
    /// A frame arrived on an access port: learn its source MAC (and originate a type-2 route if new), then decide
    /// where it goes. Allocation-free when nothing new is learned.
    /// </summary>
    public ForwardingDecision HandleAccessFrame(PortId port, ushort vlan, MacAddress source, MacAddress destination, TimeSpan now)
    {
        if (!_byVlan.TryGetValue(vlan, out var d)) return ForwardingDecision.Dropped(null, DropReason.UnknownDomain);
        if (!d.Bridge.TryGetPort(port, out var attached)) return ForwardingDecision.Dropped(d.Bridge, DropReason.PortNotInDomain);
        if (d.Bridge.SegmentBlocked(attached.Esi)) return ForwardingDecision.Dropped(d.Bridge, DropReason.NonDesignatedForwarder);
        if (source.IsUnicast && source != MacAddress.Zero) LearnLocal(d, source, attached, isStatic: false, now);
        return ForwardFromPort(d.Bridge, port, destination);
    }

    /// <summary>
    /// An ARP packet or ND message arrived on an access port. Learns the Ethernet source, snoops the sender's
    /// IP → MAC binding (originating a MAC+IP route), and answers a request for a known IP itself
    /// (<see cref="ForwardingAction.ProxyReply"/>) instead of flooding it (RFC 7432 §10).
    /// </summary>
    public ForwardingDecision HandleAccessAddressResolution(PortId port, ushort vlan, MacAddress ethernetSource, MacAddress ethernetDestination, in AddressResolution message, TimeSpan now)
    {
        if (!_byVlan.TryGetValue(vlan, out var d)) return ForwardingDecision.Dropped(null, DropReason.UnknownDomain);
        if (!d.Bridge.TryGetPort(port, out var attached)) return ForwardingDecision.Dropped(d.Bridge, DropReason.PortNotInDomain);
        if (d.Bridge.SegmentBlocked(attached.Esi)) return ForwardingDecision.Dropped(d.Bridge, DropReason.NonDesignatedForwarder);
        if (ethernetSource.IsUnicast && ethernetSource != MacAddress.Zero) LearnLocal(d, ethernetSource, attached, isStatic: false, now);
        if (message.HasSenderBinding && d.Macs.TryGetValue(message.SenderMac, out var sender) && sender.Local is not null)
            SnoopBinding(d, sender, message.SenderIp);

        if (_options.ArpSuppression && message.IsRequest && !message.IsGratuitous &&
            d.Bridge.ArpTable.TryResolve(message.TargetIp, d.Bridge.Fdb, out var owner) && owner != message.SenderMac)
            return ForwardingDecision.Proxy(d.Bridge, port, owner);
        return ForwardFromPort(d.Bridge, port, ethernetDestination);
    }

    /// <summary>
    /// A frame arrived over VXLAN from <paramref name="sourceVtep"/>. Nothing is learned from it (control-plane
    /// learning only); unicast goes to a local port, BUM to local ports only — never back into the fabric.
    /// </summary>
    public ForwardingDecision HandleFabricFrame(uint vni, IPAddress sourceVtep, MacAddress source, MacAddress destination, TimeSpan now)
    {
        _ = now; // nothing here depends on time today; every input takes it all the same
        if (!_byVni.TryGetValue(vni, out var d)) return ForwardingDecision.Dropped(null, DropReason.UnknownDomain);
        var bd = d.Bridge;
        if (destination.IsMulticast)
            return ForwardingDecision.FloodFromFabric(bd, destination.IsBroadcast ? BumTrafficKind.Broadcast : BumTrafficKind.Multicast, sourceVtep);
        if (bd.TryLookup(destination, out var entry))
            return !entry.IsLocal ? ForwardingDecision.Dropped(bd, DropReason.SplitHorizon)
                : bd.SegmentBlocked(entry.Esi) ? ForwardingDecision.Dropped(bd, DropReason.NonDesignatedForwarder)
                : ForwardingDecision.ToPort(bd, entry.Port);
        return ForwardingDecision.FloodFromFabric(bd, BumTrafficKind.UnknownUnicast, sourceVtep);
    }

    /// <summary>
    /// The VTEP a known-unicast frame to <paramref name="destination"/> goes to: for a MAC on a remote all-active
    /// segment, one of the leaves that advertised both the segment's per-ES and the EVI's per-EVI A-D route, chosen
    /// by the frame's flow hash, even those that did not advertise the MAC (aliasing, RFC 7432 §8.4, RFC 8365
    /// §8.3.2). A per-ES withdrawal takes its leaf out of that set for every MAC at once (mass withdrawal, §8.2).
    /// Otherwise (single-homed, no A-D routes) the MAC route's own next hop; single-active: that primary, or its
    /// only backup once the primary's A-D routes are gone.
    /// </summary>
    public IPAddress SelectVtep(BridgeDomain bd, MacAddress destination, IPAddress vtep, uint flowHash)
    {
        if (_remoteSegments.IsEmpty || !bd.TryLookup(destination, out var entry) || entry.Esi.IsZero) return vtep;
        var set = _remoteSegments.NextHops(entry.Esi, bd.EthernetTag);
        if (set.Count == 0) return vtep;
        if (!_remoteSegments.IsSingleActive(entry.Esi)) return set[(int)(flowHash % (uint)set.Count)];
        // Single-active: the primary (the MAC route's leaf, the DF) while it keeps its A-D routes; when it loses
        // them and exactly one backup is left, that one at once (RFC 7432 §8.4, §14.1.1).
        foreach (var hop in set) if (hop.Equals(vtep)) return vtep;
        return set.Count == 1 ? set[0] : vtep;
    }

    // Forwarding reads the aliasing sets as they are (SelectVtep), so the change events need no action here.
    // A segment whose links here are down redirects its MACs to a peer: re-resolve them when its peers change.
    private void DrainSegmentEvents()
    {
        RefreshRemoteSegments();
        while (_remoteSegments.TryPollEvent(out var changed))
        {
            if (!IsSegmentDown(changed.Esi)) continue;
            foreach (var d in _domains)
                foreach (var st in SortedStates(d, s => s.Local?.Esi == changed.Esi))
                    Reconcile(d, st);
        }
    }

    /// <summary>Remote Ethernet segments known from A-D routes (aliasing sets); for queries and tests.</summary>
    public RemoteEthernetSegments RemoteSegments => _remoteSegments;

    private static ForwardingDecision ForwardFromPort(BridgeDomain bd, PortId port, MacAddress destination)
    {
        if (destination.IsMulticast)
            return ForwardingDecision.FloodFromPort(bd, destination.IsBroadcast ? BumTrafficKind.Broadcast : BumTrafficKind.Multicast, port);
        if (!bd.TryLookup(destination, out var entry)) return ForwardingDecision.FloodFromPort(bd, BumTrafficKind.UnknownUnicast, port);
        if (entry.IsRemote) return ForwardingDecision.ToVtep(bd, entry.Vtep!, entry.Vni);
        if (bd.SegmentBlocked(entry.Esi)) return ForwardingDecision.Dropped(bd, DropReason.NonDesignatedForwarder);
        return entry.Port == port ? ForwardingDecision.Dropped(bd, DropReason.SameSegment) : ForwardingDecision.ToPort(bd, entry.Port);
    }

    // ---------------------------------------------------------------- remote routes

    /// <summary>
    /// A route arrived from BGP (best path, after the speaker's own checks) with its attributes and MP_REACH
    /// next hop. Imported when it carries one of the import RTs and its Ethernet Tag maps to a bridge domain;
    /// an update that no longer qualifies removes the earlier import. Returns whether the route is now imported.
    /// Handles type 2 (FDB, ARP table, mobility) and type 3 (flood list); other types are left to later parts.
    /// </summary>
    public bool ApplyRemote(EvpnRoute route, PathAttributes attributes, IPAddress nextHop, TimeSpan now)
    {
        if (IsOwn(route, nextHop)) return false;
        if (route is EthernetAutoDiscoveryRoute ad)
        {
            // A-D routes of remote segments: per-ES (with the RTs of every EVI on the segment) and per-EVI; they make
            // the aliasing set of every MAC on the segment (RFC 7432 §8.2, §8.4).
            if (!Imports(attributes))
            {
                _remoteSegments.WithdrawAutoDiscovery(ad, nextHop);
                DrainSegmentEvents();
                return false;
            }
            _remoteSegments.ApplyAutoDiscovery(ad, attributes, nextHop);
            DrainSegmentEvents();
            return true;
        }
        if (route is not (MacIpAdvertisementRoute or InclusiveMulticastRoute or SelectiveMulticastRoute) || !Imports(attributes) || !TryMapDomain(route, out var d))
        {
            WithdrawRemote(route, now);
            return false;
        }
        // The domain follows from the route's key (its Ethernet Tag), so an update of an imported route lands
        // where the earlier version is: no bookkeeping of where each route went.
        switch (route)
        {
            case InclusiveMulticastRoute imet:
                d.Bridge.FloodList.Upsert(imet, nextHop, attributes.PmsiTunnel, MulticastFlagsOf(attributes));
                d.Bridge.Assisted?.Refresh(now);
                DrainReplicationEvents(d);
                break;
            case SelectiveMulticastRoute smet:
                d.Bridge.Interest.Apply(smet, smet.OriginatorIp);
                Oism?.OnSupplementaryInterest(d.Bridge, smet, present: true);
                break;
            case MacIpAdvertisementRoute mac:
                ApplyRemoteMac(d, mac, attributes, nextHop, now);
                break;
        }
        return true;
    }

    /// <summary>
    /// A route was withdrawn (matched by key; <paramref name="nextHop"/> is the withdrawn path's, which A-D routes
    /// need). Returns whether it had been imported.
    /// </summary>
    public bool WithdrawRemote(EvpnRoute route, TimeSpan now, IPAddress? nextHop = null)
    {
        if (route is EthernetAutoDiscoveryRoute ad)
        {
            bool removed = nextHop is not null && _remoteSegments.WithdrawAutoDiscovery(ad, nextHop);
            DrainSegmentEvents();
            return removed;
        }
        if (!TryMapDomain(route, out var d)) return false;
        switch (route)
        {
            case InclusiveMulticastRoute imet:
                if (!d.Bridge.FloodList.Remove(imet)) return false;
                d.Bridge.Assisted?.Refresh(now);
                DrainReplicationEvents(d);
                return true;
            case SelectiveMulticastRoute smet:
                Oism?.OnSupplementaryInterest(d.Bridge, smet, present: false);
                return d.Bridge.Interest.Withdraw(smet);
            case MacIpAdvertisementRoute mac:
                if (!d.Macs.TryGetValue(mac.Mac, out var st) || !RemoveRemoteRecord(d, st, mac)) return false;
                Reconcile(d, st);
                return true;
            default:
                return false;
        }
    }

    private void ApplyRemoteMac(EvpnDomain d, MacIpAdvertisementRoute route, PathAttributes attributes, IPAddress nextHop, TimeSpan now)
    {
        var (sequence, sticky) = MacMobility.Read(attributes);
        var rec = new RemoteMacRoute(route, nextHop, sequence, sticky);
        var st = GetOrCreate(d, route.Mac);
        RemoveRemoteRecord(d, st, route); // an update replaces the earlier version (same key), which goes to the back
        if (CountsAsImport(d, st, route)) _remoteMacRoutes++;
        st.AddRemote(rec);
        if (route.Ip is { } ip) d.Bridge.ArpTable.Add(ip, route.Mac, nextHop);

        // A frozen duplicate is not re-evaluated (RFC 7432 §15.1: stop processing updates for it).
        bool moved = !st.Duplicate && st.Local is { } local && ResolveAgainstRemote(d, st, local, now);
        Reconcile(d, st);
        // Counted after the withdrawal went out: the move that reaches the threshold is processed in full, the
        // ones after it are not (RFC 7432 §15.1).
        if (moved) RecordMove(d, st, now);
    }

    /// <summary>Drops the record of the route with <paramref name="route"/>'s key and its ARP binding; returns whether there was one.</summary>
    private bool RemoveRemoteRecord(EvpnDomain d, MacState st, MacIpAdvertisementRoute route)
    {
        int i = st.IndexOfRemote(route);
        if (i < 0) return false;
        var removed = st.RemoteAt(i);
        st.RemoveRemoteAt(i);
        if (CountsAsImport(d, st, removed.Route)) _remoteMacRoutes--;
        if (removed.Route.Ip is { } ip) d.Bridge.ArpTable.Remove(ip, removed.Route.Mac, removed.Vtep);
        return true;
    }

    /// <summary>
    /// A remote route for a MAC that is local here (RFC 7432 §15, rules in <see cref="MacMobility.Challenge"/>): a
    /// winning remote takes the MAC away (we withdraw; returns true: a move this PE saw); a sticky remote takes a learned
    /// MAC away with an alert; a static MAC here stays, with an alert; a multihoming peer on the same ESI adopts the
    /// higher sequence without a move.
    /// </summary>
    private bool ResolveAgainstRemote(EvpnDomain d, MacState st, LocalAttachment local, TimeSpan now)
    {
        if (RemoteWinner(st) is not { } winner) return false;
        var mine = new MacClaim(st.LocalSequence, local.IsStatic, _options.LocalVtep);
        switch (MacMobility.Challenge(mine, local.Esi, Claim(winner), winner.Route.Esi))
        {
            case RemoteChallenge.SameSegment:
                st.LocalSequence = MacMobility.Max(st.LocalSequence, winner.Sequence);
                return false;
            case RemoteChallenge.StaticKept:
                Emit(new StickyMacConflict(d.Bridge.Vni, st.Mac, local.Port, winner.Vtep, now));
                return false;
            case RemoteChallenge.StickyElsewhere:
                Emit(new StickyMacConflict(d.Bridge.Vni, st.Mac, local.Port, winner.Vtep, now));
                DropLocal(d, st);
                return false;
            case RemoteChallenge.RemoteWins:
                DropLocal(d, st);
                return true;
            default:
                return false;
        }
    }

    // ---------------------------------------------------------------- local learning

    private void LearnLocal(EvpnDomain d, MacAddress mac, AttachedPort attached, bool isStatic, TimeSpan now)
    {
        d.Macs.TryGetValue(mac, out var st);
        if (st?.Local is { } local)
        {
            if (local.Port == attached.Port && local.IsStatic == isStatic)
            {
                local.LastSeen = now; // the per-frame fast path
                return;
            }
            if (local.IsStatic && !isStatic)
            {
                if (local.Port != attached.Port) AlertRefusedLearning(d, st, attached.Port, null, now);
                return;
            }
            // Moved between local ports, or a learned MAC configured static: no mobility event across VTEPs.
            local.Port = attached.Port;
            local.Esi = attached.Esi;
            local.LastSeen = now;
            if (isStatic && !local.IsStatic) { local.IsStatic = true; st.LocalSequence = 0; }
            Reconcile(d, st);
            return;
        }

        st ??= GetOrCreate(d, mac);
        var winner = RemoteWinner(st);
        var learning = MacMobility.Learn(isStatic, attached.Esi, winner is { } w ? Claim(w) : null, winner?.Route.Esi ?? default, HighestRemoteSequence(st));
        if (learning.Refused)
        {
            // RFC 7432 §15.2: a sticky MAC must not move; alert instead of learning it here.
            AlertRefusedLearning(d, st, attached.Port, winner!.Value.Vtep, now);
            if (st.IsEmpty) d.Macs.Remove(mac);
            return;
        }
        // Configured static while another PE advertises the MAC: it is pinned here all the same, and the operator hears of it.
        if (learning.Kind == LearningKind.Static && winner is { } other && MacMobility.IsMove(other.Route.Esi, attached.Esi))
            Emit(new StickyMacConflict(d.Bridge.Vni, mac, attached.Port, other.Vtep, now));

        uint sequence = learning.Sequence;
        // Nothing to outbid: the remembered number as it is (a serial-number max against 0 would drop one past 2^31).
        if (!isStatic && _restoredSequences is { } restored && restored.Remove((d.Bridge.Vni, mac), out var remembered))
            sequence = learning.Kind == LearningKind.First ? remembered : MacMobility.Max(sequence, remembered);
        st.Local = new LocalAttachment(attached.Port, attached.Esi, isStatic, now);
        st.LocalSequence = sequence;
        if (st.MobilityIfAny is { } seen) seen.RefusedOn = null;
        if (!isStatic) _timers.SetNoLaterThan(Timer.Aging, now + _options.MacAgingTime);
        Reconcile(d, st);
        // Counted after the advertisement went out, so that the peer we took the MAC from counts the same move (RFC 7432 §15.1).
        if (learning.IsMove && !st.Duplicate) RecordMove(d, st, now);
    }

    private void SnoopBinding(EvpnDomain d, MacState owner, IPAddress ip)
    {
        var local = owner.Local!;
        if (local.Ips.Contains(ip)) return;
        if (d.LocalIpOwners.TryGetValue(ip, out var previousMac) && previousMac != owner.Mac && d.Macs.TryGetValue(previousMac, out var previous) && previous.Local is { } prevLocal)
        {
            // The IP now belongs to another local MAC: drop the old binding and its MAC+IP route.
            prevLocal.Ips.Remove(ip);
            d.Bridge.ArpTable.Remove(ip, previousMac, null);
            Reconcile(d, previous);
        }
        var at = local.Ips.BinarySearch(ip, VtepAddressOrder.Instance);
        local.Ips.Insert(~at, ip);
        d.LocalIpOwners[ip] = owner.Mac;
        d.Bridge.ArpTable.Add(ip, owner.Mac, null);
        Reconcile(d, owner);
    }

    /// <summary>
    /// Every frame of a host behind the wrong port would repeat the §15.2 alert: it is raised once per port the MAC
    /// shows up on, until the MAC is learned somewhere again.
    /// </summary>
    private void AlertRefusedLearning(EvpnDomain d, MacState st, PortId port, IPAddress? remoteVtep, TimeSpan now)
    {
        var history = st.Mobility;
        if (history.RefusedOn == port) return;
        history.RefusedOn = port;
        Emit(new StickyMacConflict(d.Bridge.Vni, st.Mac, port, remoteVtep, now));
    }

    /// <summary>
    /// Duplicate detection (RFC 7432 §15.1, counting in <see cref="MacMobility.RecordMove"/>): every move this PE sees
    /// counts, whichever side won; the N-th inside the window freezes the MAC.
    /// </summary>
    private void RecordMove(EvpnDomain d, MacState st, TimeSpan now)
    {
        var history = st.Mobility;
        MovesSeen++;
        if (!_mobility.RecordMove(history, now)) return;
        DuplicateMacs++;
        Emit(new DuplicateMacDetected(d.Bridge.Vni, st.Mac, history.MovesInWindow, now));
        if (_mobility.ReleaseDue(history) is { } due) _timers.SetNoLaterThan(Timer.Recovery, due);
    }

    /// <summary>Forgets where a MAC was local (aging, loss to a remote move, port down); the caller reconciles.</summary>
    private static void DropLocal(EvpnDomain d, MacState st)
    {
        if (st.Local is not { } local) return;
        foreach (var ip in local.Ips)
        {
            d.Bridge.ArpTable.Remove(ip, st.Mac, null);
            if (d.LocalIpOwners.TryGetValue(ip, out var owner) && owner == st.Mac) d.LocalIpOwners.Remove(ip);
        }
        st.Local = null;
    }

    // ---------------------------------------------------------------- restored mobility state

    /// <summary>
    /// What this VTEP remembers of a MAC from before a restart (its journal, when its device moved to another cluster
    /// node): the sequence number it last advertised for it, so that when the MAC is learned here again the
    /// advertisement carries at least that number (RFC 7432 §15: a lower number would lose to the routes the old one
    /// had outbid), and whether it was a frozen duplicate (RFC 7432 §15.1), which stays frozen until released or
    /// recovered. Unknown VNIs are ignored.
    /// </summary>
    public void RestoreMobility(uint vni, MacAddress mac, uint sequence, bool duplicate, TimeSpan now)
    {
        if (!_byVni.TryGetValue(vni, out var d)) return;
        if (sequence > 0) (_restoredSequences ??= [])[(vni, mac)] = sequence;
        if (!duplicate) return;
        var st = GetOrCreate(d, mac);
        if (!st.Duplicate) DuplicateMacs++;
        MacMobility.Freeze(st.Mobility, now);
        if (_mobility.ReleaseDue(st.Mobility) is { } due) _timers.SetNoLaterThan(Timer.Recovery, due);
    }

    private Dictionary<(uint Vni, MacAddress Mac), uint>? _restoredSequences;

    // ---------------------------------------------------------------- duplicates

    public bool IsDuplicate(uint vni, MacAddress mac) => _byVni.TryGetValue(vni, out var d) && d.Macs.TryGetValue(mac, out var st) && st.Duplicate;

    /// <summary>Operator action: release a duplicate MAC. If it is local it is re-advertised outbidding every remote route.</summary>
    public bool ClearDuplicate(uint vni, MacAddress mac, TimeSpan now)
    {
        if (!_byVni.TryGetValue(vni, out var d) || !d.Macs.TryGetValue(mac, out var st) || !st.Duplicate) return false;
        Release(d, st, now);
        return true;
    }

    /// <summary>
    /// A duplicate is handled normally again. A learned MAC still local here is re-advertised as if learned now
    /// (RFC 7432 §15: outbidding every remote route), unless a sticky route pins it elsewhere.
    /// </summary>
    private void Release(EvpnDomain d, MacState st, TimeSpan now)
    {
        st.ClearMobility();
        DuplicateMacs--;
        Emit(new DuplicateMacCleared(d.Bridge.Vni, st.Mac, now));
        if (st.Local is { } local && !local.IsStatic && RemoteWinner(st) is { } winner)
        {
            var learning = MacMobility.Learn(false, local.Esi, Claim(winner), winner.Route.Esi, HighestRemoteSequence(st));
            if (learning.Refused)
            {
                Emit(new StickyMacConflict(d.Bridge.Vni, st.Mac, local.Port, winner.Vtep, now));
                DropLocal(d, st);
            }
            else st.LocalSequence = MacMobility.Max(st.LocalSequence, learning.Sequence);
        }
        Reconcile(d, st);
    }

    private void RecoverDuplicates(TimeSpan now)
    {
        _timers.Stop(Timer.Recovery);
        foreach (var d in _domains)
            foreach (var st in SortedStates(d, s => s.Duplicate))
            {
                if (_mobility.ReleaseDue(st.Mobility) is not { } due) continue;
                if (now >= due) Release(d, st, now);
                else _timers.SetNoLaterThan(Timer.Recovery, due);
            }
    }

    // ---------------------------------------------------------------- aging

    private void AgeOut(TimeSpan now)
    {
        _timers.Stop(Timer.Aging);
        var aging = _options.MacAgingTime;
        foreach (var d in _domains)
            foreach (var st in SortedStates(d, s => s.Local is { IsStatic: false }))
            {
                var expiry = st.Local!.LastSeen + aging;
                if (now >= expiry)
                {
                    DropLocal(d, st);
                    Reconcile(d, st);
                }
                else _timers.SetNoLaterThan(Timer.Aging, expiry);
            }
    }

    // ---------------------------------------------------------------- reconciliation: FDB and advertisements

    /// <summary>
    /// Brings the FDB entry and our advertisements for one MAC in line with its state: local presence wins the
    /// FDB, else the best remote route (highest sequence, then lowest VTEP). Advertisements stay frozen while
    /// the MAC is a duplicate (RFC 7432 §15.1).
    /// </summary>
    private void Reconcile(EvpnDomain d, MacState st)
    {
        var bd = d.Bridge;
        FdbEntry? desired = st.Local is { } l
            ? (IsSegmentDown(l.Esi) && RedirectToPeer(bd, st.Mac, l.Esi) is { } redirect
                ? redirect
                : FdbEntry.Local(st.Mac, l.IsStatic ? FdbEntryKind.Static : FdbEntryKind.Learned, l.Port, l.Esi))
            : RemoteWinner(st) is { } w ? RemoteOrSegment(bd, st.Mac, w) : null;
        FdbEntry? current = bd.TryLookup(st.Mac, out var e) ? e : null;
        if (!Nullable.Equals(desired, current))
        {
            if (desired is { } set) bd.SetFdb(set); else bd.RemoveFdb(st.Mac);
            Emit(new FdbChanged(bd.Vni, st.Mac, current, desired));
        }

        if (!st.Duplicate) SyncAdvertisements(d, st);
        if (st.IsEmpty) d.Macs.Remove(st.Mac);
    }

    /// <summary>
    /// A MAC another leaf advertises on a segment this leaf also has an attached link of is reached over that link,
    /// not through the other leaf (RFC 7432 §9.2.2, §14.1.2): remote leaves spread its traffic over both (aliasing),
    /// so each delivers what reaches it.
    /// </summary>
    private FdbEntry RemoteOrSegment(BridgeDomain bd, MacAddress mac, in RemoteMacRoute winner)
    {
        var esi = winner.Route.Esi;
        if (!esi.IsZero && !IsSegmentDown(esi) && !bd.SegmentBlocked(esi))
        {
            if (_segmentHostPorts is { } hosts && hosts.TryGetValue(mac, out var own) && bd.TryGetPort(own, out var attached) && attached.Esi == esi)
                return FdbEntry.Local(mac, FdbEntryKind.Learned, own, esi);
            foreach (var p in bd.Ports)
                if (p.Esi == esi) return FdbEntry.Local(mac, FdbEntryKind.Learned, p.Port, esi);
        }
        return FdbEntry.Remote(mac, winner.Vtep, winner.Route.Label1, esi);
    }

    // MAC → the segment port leading to it, for segments whose ports each lead to one host (MapSegmentHost).
    private Dictionary<MacAddress, PortId>? _segmentHostPorts;

    /// <summary>
    /// <paramref name="port"/> (a port of a multihomed segment) leads to the host with <paramref name="mac"/>: an
    /// emulated server bond with several VMs has one port per VM here, where a real one has one interface and the
    /// hypervisor's switch picks the VM. Without it, a segment MAC learnt from a peer leaf goes to the segment's first port.
    /// </summary>
    public void MapSegmentHost(PortId port, MacAddress mac) => (_segmentHostPorts ??= [])[mac] = port;

    // Segments whose every link on this leaf is down (SegmentLinkChanged).
    private HashSet<EthernetSegmentId>? _downSegments;

    private bool IsSegmentDown(EthernetSegmentId esi) => !esi.IsZero && _downSegments is { } down && down.Contains(esi);

    /// <summary>
    /// Every link of a multihomed segment on this leaf went down (or one came back). Its MACs stay learnt and
    /// advertised until they age out — remote leaves stop using this leaf for them as soon as its per-ES A-D route
    /// is withdrawn (RFC 7432 §8.2, §17.3) — and meanwhile this leaf forwards their traffic to a peer of the segment
    /// over VXLAN instead of onto the dead link.
    /// </summary>
    public void SegmentLinkChanged(EthernetSegmentId esi, bool up, TimeSpan now)
    {
        _ = now;
        if (esi.IsZero) return;
        if (up ? _downSegments?.Remove(esi) != true : !(_downSegments ??= []).Add(esi)) return;
        foreach (var d in _domains)
            foreach (var st in SortedStates(d, s => s.Local?.Esi == esi || RemoteWinner(s)?.Route.Esi == esi))
                Reconcile(d, st);
    }

    /// <summary>The FDB entry sending a MAC of a segment whose links here are down to a peer leaf of the segment, if one is known.</summary>
    private FdbEntry? RedirectToPeer(BridgeDomain bd, MacAddress mac, EthernetSegmentId esi)
    {
        var peers = _remoteSegments.NextHops(esi, bd.EthernetTag);
        return peers.Count == 0 ? null : FdbEntry.Remote(mac, peers[0], bd.Vni, esi);
    }

    private void SyncAdvertisements(EvpnDomain d, MacState st)
    {
        if (st.Local is null && st.AdvertisedCount == 0) return; // remote-only MAC: nothing to advertise or withdraw
        var desired = new List<Originate>();
        if (st.Local is { } local)
        {
            var attributes = MacAttributes(st.LocalSequence, local.IsStatic);
            desired.Add(new Originate(MacRoute(d, st.Mac, null, local.Esi), attributes));
            foreach (var ip in local.Ips) desired.Add(new Originate(MacRoute(d, st.Mac, ip, local.Esi), attributes));
        }

        for (int i = st.Advertised.Count - 1; i >= 0; i--)
        {
            var adv = st.Advertised[i];
            if (desired.Exists(x => EvpnRouteKeyComparer.Instance.Equals(x.Route, adv.Route))) continue;
            st.Advertised.RemoveAt(i);
            Emit(new Withdraw(adv.Route));
        }
        foreach (var want in desired)
        {
            var at = st.Advertised.FindIndex(x => EvpnRouteKeyComparer.Instance.Equals(x.Route, want.Route));
            if (at >= 0 && st.Advertised[at].Equals(want)) continue;
            if (at >= 0) st.Advertised[at] = want; else st.Advertised.Add(want);
            Emit(want);
        }
    }

    private MacIpAdvertisementRoute MacRoute(EvpnDomain d, MacAddress mac, IPAddress? ip, EthernetSegmentId esi) =>
        // Label1 carries the L2 VNI unshifted (RFC 8365 §5.1.3).
        new(_options.RouteDistinguisher, esi, d.Bridge.EthernetTag, mac, ip, d.Bridge.Vni);

    /// <summary>Type-2 attributes (evpn-routes.md §5): export RTs, VXLAN encapsulation, MAC Mobility when sequence &gt; 0 or sticky (RFC 7432 §7.7, §15.2).</summary>
    private PathAttributes MacAttributes(uint sequence, bool sticky)
    {
        var communities = _exportCommunities;
        if (sequence != 0 || sticky) communities = [.. _exportCommunities, ExtendedCommunity.MacMobility(sequence, sticky)];
        return new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.Empty, ExtendedCommunities = communities };
    }

    private void OriginateInclusiveMulticast(EvpnDomain d)
    {
        var bd = d.Bridge;
        var route = new InclusiveMulticastRoute(_options.RouteDistinguisher, bd.EthernetTag, _options.LocalVtep);
        ushort proxy = ProxyFlags(d);
        var attributes = new PathAttributes
        {
            Origin = Origin.Igp,
            AsPath = AsPath.Empty,
            // RFC 9251 §9.4: an IGMP/MLD proxy says so on its IMET; no EC means "send me every flow".
            ExtendedCommunities = proxy == 0 ? _exportCommunities : [.. _exportCommunities, ExtendedCommunity.MulticastFlags(proxy)],
            PmsiTunnel = bd.Replication.LocalPmsiTunnel(bd.Vni, _options.LocalVtep),
        };
        var originate = new Originate(route, attributes);
        if (d.InclusiveMulticast is null || !d.InclusiveMulticast.Equals(originate))
        {
            d.InclusiveMulticast = originate;
            Emit(originate);
        }
        OriginateReplicatorRoute(d, proxy);
    }

    // ---------------------------------------------------------------- inspection

    /// <summary>
    /// How many remote routes are imported: type-2 records (those of one segment's MAC once, none for a segment this
    /// VTEP is on, see <see cref="CountsAsImport"/>) plus flood-list members (type 3) over all bridge domains. A host
    /// compares it before and after <see cref="ApplyRemote"/>/<see cref="WithdrawRemote"/> to count imports without
    /// keeping its own set of routes.
    /// </summary>
    /// <summary>
    /// MAC moves this PE has seen (RFC 7432 §15: a local learning that outbid a remote route, or a remote route that
    /// took a local MAC away), every one counted as duplicate detection counts it (§15.1); a counter for metrics.
    /// </summary>
    public long MovesSeen { get; private set; }

    /// <summary>MACs frozen as duplicates now (RFC 7432 §15.1), over all bridge domains.</summary>
    public int DuplicateMacs { get; private set; }

    public int RemoteRouteCount
    {
        get
        {
            int n = _remoteMacRoutes;
            foreach (var bd in _bridges) n += bd.FloodList.Count;
            return n;
        }
    }

    /// <summary>Every imported type-2 route with its VTEP and MAC Mobility values, in VNI, MAC, then arrival order (allocates; for queries).</summary>
    public IReadOnlyList<ImportedMacRoute> ImportedMacRoutes(uint? vni = null)
    {
        var list = new List<ImportedMacRoute>();
        foreach (var d in _domains)
        {
            if (vni is { } only && d.Bridge.Vni != only) continue;
            foreach (var st in SortedStates(d, s => s.RemoteCount > 0))
                for (int i = 0; i < st.RemoteCount; i++)
                {
                    var r = st.RemoteAt(i);
                    list.Add(new ImportedMacRoute(d.Bridge.Vni, r.Route, r.Vtep, r.Sequence, r.Sticky));
                }
        }
        return list;
    }

    /// <summary>Our current advertisements (IMET and type 2), in VNI then MAC order — what the BGP side should hold.</summary>
    public IReadOnlyList<Originate> Advertisements()
    {
        var list = new List<Originate>();
        foreach (var d in _domains)
        {
            if (d.InclusiveMulticast is { } imet) list.Add(imet);
            if (d.ReplicatorRoute is { } ar) list.Add(ar);
            list.AddRange(d.MulticastRoutes.Values);
            foreach (var st in SortedStates(d, s => s.AdvertisedCount > 0)) list.AddRange(st.Advertised);
        }
        return list;
    }

    /// <summary>The sequence number of our advertisement for a local MAC, or null when the MAC is not local here.</summary>
    public uint? LocalSequence(uint vni, MacAddress mac) =>
        _byVni.TryGetValue(vni, out var d) && d.Macs.TryGetValue(mac, out var st) && st.Local is not null ? st.LocalSequence : null;

    // ---------------------------------------------------------------- helpers

    /// <summary>The remote route that holds the MAC among those imported (RFC 7432 §15 order, <see cref="MacMobility.Compare"/>); first arrival on a full tie.</summary>
    private static RemoteMacRoute? RemoteWinner(MacState st)
    {
        RemoteMacRoute? best = null;
        for (int i = 0; i < st.RemoteCount; i++)
        {
            var r = st.RemoteAt(i);
            if (best is not { } b || MacMobility.Compare(Claim(r), Claim(b)) < 0) best = r;
        }
        return best;
    }

    private static MacClaim Claim(in RemoteMacRoute route) => new(route.Sequence, route.Sticky, route.Vtep);

    /// <summary>The highest sequence among every remote route for the MAC (RFC 7432 §15: "the highest received"; absent = 0).</summary>
    private static uint HighestRemoteSequence(MacState st)
    {
        if (st.RemoteCount == 0) return 0;
        // Seeded with a real sequence, not 0: in serial-number order 0 is not below a sequence near 2^32.
        uint highest = st.RemoteAt(0).Sequence;
        for (int i = 1; i < st.RemoteCount; i++) highest = MacMobility.Max(highest, st.RemoteAt(i).Sequence);
        return highest;
    }

    /// <summary>
    /// Whether a type-2 record adds to <see cref="RemoteRouteCount"/> (checked against the other records of the MAC):
    /// the leaves of one all-active segment may all advertise a MAC of it (whichever the host's LAG hashed its frames
    /// to), so records of one (MAC, IP) on one segment count once, and none count on a leaf that is itself on the
    /// segment (it reaches the MAC over its own link). What converges is then the same whichever members learnt it.
    /// </summary>
    private static bool CountsAsImport(EvpnDomain d, MacState st, MacIpAdvertisementRoute route)
    {
        if (route.Esi.IsZero) return true;
        foreach (var p in d.Bridge.Ports)
            if (p.Esi == route.Esi) return false;
        for (int i = 0; i < st.RemoteCount; i++)
        {
            var other = st.RemoteAt(i).Route;
            if (other.Esi == route.Esi && Equals(other.Ip, route.Ip)) return false;
        }
        return true;
    }

    private bool Imports(PathAttributes attributes)
    {
        foreach (var c in attributes.ExtendedCommunities)
            if (c.IsRouteTarget && _importRouteTargets.Contains(c)) return true;
        return false;
    }

    private bool IsOwn(EvpnRoute route, IPAddress nextHop) => route.Rd == _options.RouteDistinguisher || nextHop.Equals(_options.LocalVtep);

    private bool TryMapDomain(EvpnRoute route, out EvpnDomain domain)
    {
        uint tag = route switch
        {
            MacIpAdvertisementRoute m => m.EthernetTag,
            InclusiveMulticastRoute i => i.EthernetTag,
            SelectiveMulticastRoute sm => sm.EthernetTag,
            MulticastMembershipReportSynchRoute js => js.EthernetTag,
            MulticastLeaveSynchRoute ls => ls.EthernetTag,
            _ => uint.MaxValue,
        };
        if (_options.ServiceType == EvpnServiceType.VlanBased)
        {
            domain = _domains[0];
            return tag == 0;
        }
        return _byVni.TryGetValue(tag, out domain!);
    }

    private static MacState GetOrCreate(EvpnDomain d, MacAddress mac)
    {
        if (!d.Macs.TryGetValue(mac, out var st)) d.Macs[mac] = st = new MacState(mac);
        return st;
    }

    private static List<MacState> SortedStates(EvpnDomain d, Func<MacState, bool> filter)
    {
        var list = new List<MacState>();
        foreach (var st in d.Macs.Values)
            if (filter(st)) list.Add(st);
        list.Sort((a, b) => a.Mac.CompareTo(b.Mac));
        return list;
    }

    private static bool TryGet<TKey>(Dictionary<TKey, EvpnDomain> map, TKey key, out BridgeDomain domain) where TKey : notnull
    {
        var found = map.TryGetValue(key, out var d);
        domain = d?.Bridge!;
        return found;
    }


    private void Emit(MacVrfEffect effect) => _effects.Enqueue(effect);
}
