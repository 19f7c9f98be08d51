using System.Net;
using System.Runtime.InteropServices;
using ActorFabric.Protocols.Bgp.Rib;
using ActorFabric.Protocols.Bgp.Session;
using ActorFabric.Protocols.Timing;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Protocols.Bgp.Speaker;

/// <summary>
/// A BGP EVPN speaker, sans I/O: several peers (each a <see cref="BgpSession"/> with an <see cref="AdjRibIn"/>),
/// one <see cref="LocRib"/>, and update groups that turn best-path changes into packed UPDATEs. A device actor
/// or a TCP host drives it: transport events and decoded messages in (always with <c>now</c>), outputs out via
/// <see cref="TryPoll"/> (messages per peer, connect/disconnect requests, state and best-path changes), timers
/// via <see cref="PollTimeout"/> / <see cref="HandleTimeout"/>.
/// <para>
/// Outgoing UPDATEs are produced lazily: changes made by any number of inputs accumulate (per route key, only
/// the latest state counts) and are packed when the host polls, so a burst of input becomes few UPDATEs.
/// With <see cref="BgpSpeakerConfig.UpdateDelay"/> the outputs are held for that long after the first input
/// that follows a drain (a timer of its own, part of <see cref="PollTimeout"/>), so bursts batch across inputs too.
/// Every iteration that decides output order is over lists or insertion-ordered dictionaries, never hash order.
/// </para>
/// </summary>
public sealed class BgpSpeaker
{
    private enum Timer { UpdateDelay }

    private readonly Queue<BgpSpeakerOutput> _outputs = new();
    private readonly TimerTable<Timer> _timers = new();
    private bool _draining;       // the update delay ran out and the host is polling: inputs now do not re-arm it
    private bool _transportDue;   // a session asked to open or close its connection: release the queue now
    private bool _transportOnly;  // this drain was started by a transport request: route changes keep waiting
    private readonly List<BgpPeer> _peers = [];
    private readonly List<UpdateGroup> _groups = [];
    private readonly Dictionary<EvpnRoute, int> _pendingIndex = new(EvpnRouteKeyComparer.Instance);
    private readonly List<(EvpnRoute Key, BgpPath? OldBest)> _pending = [];
    private readonly List<BgpPath?> _pendingCurrent = [];
    private readonly EvpnUpdatePacker _packer = new();
    private readonly List<PackedUpdate> _packed = [];
    private readonly AttributeInterner _interner;
    private readonly EvpnRouteInterner? _routes;
    private int _nextPeerId = 1;
    private int _groupMembers;
    private readonly RouteTargetConstraint _rtc;
    private readonly List<UpdateMessage> _rtcMessages = [];

    public BgpSpeaker(BgpSpeakerConfig config)
    {
        Config = config;
        _interner = config.AttributeInterner ?? new AttributeInterner();
        _routes = config.RouteInterner;
        LocalSource = BgpPathSource.CreateLocal(config.RouterId, config.LocalAs);
        Policy = new ExportPolicy(config.LocalAs, config.EffectiveClusterId, config.RouteReflector, config.ClientToClientReflection);
        ImportFilter = config.ImportFilter;
        _rtc = new RouteTargetConstraint(config, LocalSource, Policy, _interner);
    }

    /// <summary>The memberships this speaker announces with Route Target Constraint (see <see cref="BgpSpeakerConfig.RouteTargetMemberships"/>).</summary>
    public IReadOnlyList<RouteTargetMembership> LocalMemberships => _rtc.LocalMemberships;

    /// <summary>The import RT filter in force: <see cref="BgpSpeakerConfig.ImportFilter"/> until <see cref="SetImportFilter"/>.</summary>
    public RouteTargetSet? ImportFilter { get; private set; }

    /// <summary>
    /// Change the import route targets at run time (an EVPN instance was added or removed). With Route Target
    /// Constraint and no explicit <see cref="BgpSpeakerConfig.RouteTargetMemberships"/>, our memberships follow
    /// (announced / withdrawn on the next poll), so peers send the newly wanted routes and withdraw the others
    /// (RFC 4684 §4). Without RTC the host should <see cref="RequestRouteRefresh"/> to get routes it dropped before.
    /// </summary>
    public void SetImportFilter(RouteTargetSet? importFilter, TimeSpan now)
    {
        Touch(now);
        ImportFilter = importFilter;
        _rtc.SetImportFilter(importFilter);
    }

    public BgpSpeakerConfig Config { get; }
    public LocRib LocRib { get; } = new();
    public BgpPathSource LocalSource { get; }
    public ExportPolicy Policy { get; }
    /// <summary>Peers in creation order.</summary>
    public IReadOnlyList<BgpPeer> Peers => _peers;
    public int PendingOutputs => _outputs.Count;

    // ---- peers ----

    /// <summary>Configure a peer (its LocalAs/RouterId are overwritten with the speaker's) and, by default, start it.</summary>
    public BgpPeer AddPeer(BgpSessionConfig config, TimeSpan now, bool start = true)
    {
        Touch(now);
        var peer = CreatePeer(config, dynamic: false);
        if (start) StartPeer(peer, now);
        return peer;
    }

    public void StartPeer(BgpPeer peer, TimeSpan now)
    {
        Touch(now);
        peer.Session.Start(now);
        Drain(peer, now);
    }

    /// <summary>Stop a peer administratively (Cease/2) without forgetting it.</summary>
    public void StopPeer(BgpPeer peer, TimeSpan now)
    {
        Touch(now);
        peer.Session.Stop(now);
        Drain(peer, now);
        DropAllRoutes(peer);
    }

    /// <summary>Deconfigure a peer: Cease/3 (RFC 4486), drop its routes (even stale ones), forget it.</summary>
    public void RemovePeer(BgpPeer peer, TimeSpan now)
    {
        if (peer.Removed) return;
        Touch(now);
        peer.Session.Stop(now, BgpErrorCodes.PeerDeconfigured);
        Drain(peer, now);
        Forget(peer);
    }

    public BgpPeer? FindPeer(IPAddress address)
    {
        foreach (var p in _peers) if (p.Address.Equals(address)) return p;
        return null;
    }

    /// <summary>
    /// An incoming transport connection from <paramref name="remote"/>. A configured peer with that address
    /// takes it (if that peer is already past Active the new connection is refused: the existing one wins);
    /// otherwise a dynamic peer is created when a <see cref="BgpSpeakerConfig.ListenRanges"/> entry covers the
    /// address. Returns null when the host must close the connection. OPEN is queued for the returned peer;
    /// if the peer was connecting out, the host drops that attempt.
    /// </summary>
    public BgpPeer? AcceptConnection(IPAddress remote, TimeSpan now)
    {
        Touch(now);
        var peer = FindPeer(remote);
        if (peer is null)
        {
            foreach (var range in Config.ListenRanges)
            {
                if (!range.Contains(remote)) continue;
                peer = CreatePeer(range.Template with { PeerAddress = remote, Passive = true }, dynamic: true);
                peer.Session.Start(now);
                break;
            }
            if (peer is null) return null;
        }
        // An administratively stopped peer refuses; one past Active already has a connection (it wins).
        if (!peer.Session.IsStarted || peer.State is not (BgpSessionState.Idle or BgpSessionState.Connect or BgpSessionState.Active)) return null;
        peer.Session.TransportConnected(now, locallyInitiated: false);
        Drain(peer, now);
        return peer;
    }

    // ---- transport and messages ----

    /// <summary>
    /// Our outgoing connection to the peer is up. False when the session no longer wants it (it meanwhile took
    /// an incoming connection or was stopped): the host closes this connection.
    /// </summary>
    public bool TransportConnected(BgpPeer peer, TimeSpan now)
    {
        Touch(now);
        if (!peer.Session.IsStarted || peer.State is not (BgpSessionState.Idle or BgpSessionState.Connect or BgpSessionState.Active)) return false;
        peer.Session.TransportConnected(now, locallyInitiated: true);
        Drain(peer, now);
        return true;
    }

    public void TransportFailed(BgpPeer peer, TimeSpan now)
    {
        Touch(now);
        peer.Session.TransportFailed(now);
        Drain(peer, now);
    }

    public void TransportClosed(BgpPeer peer, TimeSpan now)
    {
        Touch(now);
        peer.Session.TransportClosed(now);
        Drain(peer, now);
    }

    /// <summary>A message from the peer as decoded by the byte layer (with the peer's <see cref="BgpPeer.CodecOptions"/>).</summary>
    public void HandleReceived(BgpPeer peer, BgpDecodeResult result, TimeSpan now)
    {
        Touch(now);
        peer.Counters.MessagesReceived++;
        if (result.Message is UpdateMessage) peer.Counters.UpdatesReceived++;
        if (result.Action == BgpErrorAction.TreatAsWithdraw) peer.Counters.TreatAsWithdraw++;
        peer.Session.HandleReceived(result, now);
        Drain(peer, now);
    }

    public void HandleReceived(BgpPeer peer, BgpMessage message, TimeSpan now) => HandleReceived(peer, BgpDecodeResult.Ok(message), now);

    /// <summary>Ask the peer to re-send its routes (RFC 2918), e.g. after our import policy changed.</summary>
    public bool RequestRouteRefresh(BgpPeer peer, TimeSpan now)
    {
        Touch(now);
        if (peer.State != BgpSessionState.Established || !peer.Session.PeerSupportsRouteRefresh) return false;
        peer.Session.Send(new RouteRefreshMessage(BgpConstants.AfiL2vpn, 0, BgpConstants.SafiEvpn), now);
        Drain(peer, now);
        return true;
    }

    // ---- timers ----

    public TimeSpan? PollTimeout() => Deadline.Earliest(PeerTimeout(), _timers.Next());

    /// <summary>The earliest timer of any peer: its session, stale routes (RFC 4724), RTC End-of-RIB wait (RFC 4684).</summary>
    private TimeSpan? PeerTimeout()
    {
        TimeSpan? min = null;
        foreach (var p in _peers)
        {
            min = Deadline.Earliest(min, p.Session.PollTimeout());
            min = Deadline.Earliest(min, p.StaleDeadline);
            min = Deadline.Earliest(min, p.RouteTargets.EndOfRibDeadline);
        }
        return min;
    }

    /// <summary>Runs the peers' due timers. The update delay needs nothing here: <see cref="TryPoll"/> releases the outputs.</summary>
    public void HandleTimeout(TimeSpan now)
    {
        if (PeerTimeout() is not { } due || due > now) return;
        HandlePeerTimeouts(now);
        Touch(now);
    }

    private void HandlePeerTimeouts(TimeSpan now)
    {
        foreach (var peer in _peers.ToArray())
        {
            if (peer.Removed) continue;
            if (peer.Session.PollTimeout() <= now)
            {
                peer.Session.HandleTimeout(now);
                Drain(peer, now);
            }
            if (peer.RouteTargets.EndOfRibDeadline <= now && peer.RouteTargets.AwaitingEndOfRib)
                StartEvpnExport(peer); // the peer never sent its RTC End-of-RIB: go on with what it announced
            if (peer.StaleDeadline <= now)
            {
                // RFC 4724 §4.2: restart or stale timer ran out; forget what was kept.
                PurgeStale(peer);
                if (peer.IsDynamic && peer.State != BgpSessionState.Established) Forget(peer);
            }
        }
    }

    // ---- local routes ----

    /// <summary>
    /// Originate (or replace) a local route; the attributes are shared, not copied. With a shared
    /// <see cref="BgpSpeakerConfig.RouteInterner"/> the originator's route object becomes the one its receivers hold.
    /// </summary>
    public void Originate(EvpnRoute route, PathAttributes attributes, IPAddress nextHop, TimeSpan now)
    {
        Touch(now);
        Record(LocRib.Upsert(new BgpPath(_routes?.Intern(route) ?? route, _interner.Intern(attributes),
            _routes?.InternNextHop(nextHop) ?? nextHop, LocalSource)));
    }

    public void WithdrawOriginated(EvpnRoute route, TimeSpan now)
    {
        Touch(now);
        Record(LocRib.Remove(route, LocalSource));
    }

    /// <summary>
    /// Something reached a peer's transport that the speaker does not see (a bare TCP ACK, a handshake segment,
    /// part of a message): it starts the update delay like any input, so that what the host sends along with the
    /// speaker's outputs (delayed ACKs) leaves within one delay too.
    /// </summary>
    public void HandleTransportActivity(TimeSpan now) => Touch(now);

    // ---- update delay ----

    /// <summary>An input arrived: outputs are released <see cref="BgpSpeakerConfig.UpdateDelay"/> after the first one since the last drain.</summary>
    private void Touch(TimeSpan now)
    {
        if (!_draining && Config.UpdateDelay > TimeSpan.Zero) _timers.SetIfStopped(Timer.UpdateDelay, now + Config.UpdateDelay);
    }

    /// <summary>
    /// Whether <see cref="TryPoll"/> releases outputs at <paramref name="now"/>: the update delay has run out (or
    /// there is none). A host that batches its own work with the speaker's outputs (delayed ACKs) does it then.
    /// </summary>
    public bool OutputsDue(TimeSpan now) =>
        _draining || _transportDue || Config.UpdateDelay <= TimeSpan.Zero || _timers.Expired(Timer.UpdateDelay, now);

    // ---- outputs ----

    /// <summary>
    /// Next output, packing pending route changes into UPDATEs first when the queue is empty; nothing while the
    /// update delay holds the outputs. Inputs made while the host drains (until this returns false) are part of
    /// the same drain and do not start another delay.
    /// <para>
    /// A request to open or close a session's transport is never held: the FSM takes such actions as part of the
    /// event that caused them (RFC 4271 §8.2.2), and the host acts on "the peer's connection" — a close held past a
    /// later event (the peer's SYN|ACK, an accepted SYN) would drop the connection the session has just taken and
    /// leave it in OpenSent or OpenConfirm with no transport until its hold timer. Everything queued before the
    /// request leaves with it, in order (a NOTIFICATION before the close); route changes not yet packed still wait
    /// for the delay, so a burst of sessions going down is still withdrawn in few UPDATEs.
    /// </para>
    /// </summary>
    public bool TryPoll(TimeSpan now, out BgpSpeakerOutput output)
    {
        if (!_draining)
        {
            bool delayOver = Config.UpdateDelay <= TimeSpan.Zero || _timers.TryExpire(Timer.UpdateDelay, now);
            if (!delayOver && !_transportDue)
            {
                output = null!;
                return false;
            }
            _transportOnly = !delayOver;
            _transportDue = false;
            _draining = true;
        }
        if (_outputs.Count == 0 && !_transportOnly && (_pending.Count != 0 || _rtc.HasPendingChanges)) FlushUpdates();
        if (_outputs.TryDequeue(out output!)) return true;
        _draining = false;
        return false;
    }

    /// <summary>
    /// Pack every pending best-path change into UPDATEs for all update groups now; with Route Target Constraint
    /// also send membership changes and re-filter the EVPN export of peers whose memberships changed.
    /// </summary>
    public void FlushUpdates()
    {
        if (_rtc.TakeMembershipChanges())
            foreach (var p in _peers)
                if (p.RouteTargets.Active)
                {
                    _rtc.SyncMemberships(p.RouteTargets, _rtcMessages);
                    TransmitRouteTargetMessages(p);
                }
        if (_rtc.TakeFilterChanges()) ApplyMembershipChanges();
        FlushEvpn();
    }

    private void FlushEvpn()
    {
        if (_pending.Count == 0) return;
        // Current best paths looked up once, not once per group: with RTC a reflector has a group per distinct
        // membership set (hundreds in a large fabric).
        _pendingCurrent.Clear();
        foreach (var (key, _) in _pending) _pendingCurrent.Add(LocRib.GetBest(key));
        foreach (var group in _groups)
        {
            if (group.Members.Count == 0) continue;
            var role = group.Key.Role;
            var filter = group.Key.Filter;
            for (int i = 0; i < _pending.Count; i++)
            {
                var old = _pending[i].OldBest;
                var current = _pendingCurrent[i];
                if (ReferenceEquals(old, current)) continue;
                var oldAdv = old is not null && Policy.ShouldAdvertise(old, role) && RouteTargetConstraint.Admits(filter, old.Attributes) ? old : null;
                var newAdv = current is not null && Policy.ShouldAdvertise(current, role) && RouteTargetConstraint.Admits(filter, current.Attributes) ? current : null;
                if (newAdv is not null)
                {
                    _packer.Announce(newAdv.Route, group.Export(newAdv, Policy), newAdv.NextHop, new UpdateAudience(newAdv.Source, null));
                    // The new path's source had the old path from us and gets nothing now: withdraw it there only.
                    if (oldAdv is not null && !ReferenceEquals(oldAdv.Source, newAdv.Source) && !newAdv.Source.IsLocal)
                        _packer.Withdraw(oldAdv.Route, new UpdateAudience(null, newAdv.Source));
                }
                else if (oldAdv is not null)
                {
                    _packer.Withdraw(oldAdv.Route, new UpdateAudience(oldAdv.Source, null));
                }
            }
            _packed.Clear();
            _packer.Build(group.Key.MaxMessageLength, _packed);
            foreach (var packed in _packed)
                foreach (var member in group.Members)
                    if (packed.Audience.Includes(member.Source)) Transmit(member, packed.Message);
        }
        _pending.Clear();
        _pendingCurrent.Clear();
        _pendingIndex.Clear();
    }

    // ---- internals ----

    private BgpPeer CreatePeer(BgpSessionConfig config, bool dynamic)
    {
        var sessionConfig = config with { LocalAs = Config.LocalAs, RouterId = Config.RouterId };
        if (Config.RouteTargetConstraint && Array.IndexOf(sessionConfig.OptionalFamilies, BgpFamily.RouteTargetConstraint) < 0)
            sessionConfig = sessionConfig with { OptionalFamilies = [.. sessionConfig.OptionalFamilies, BgpFamily.RouteTargetConstraint] };
        var peer = new BgpPeer(_nextPeerId++, new BgpSession(sessionConfig), dynamic, LocRib);
        _peers.Add(peer);
        _rtc.AddPeer(peer.RouteTargets);
        return peer;
    }

    private void Forget(BgpPeer peer)
    {
        LeaveGroup(peer);
        _rtc.Reset(peer.RouteTargets);
        DropAllRoutes(peer);
        peer.Session.Stop(TimeSpan.Zero);
        while (peer.Session.TryPoll(out _)) { }
        peer.Removed = true;
        _peers.Remove(peer);
        _rtc.RemovePeer(peer.RouteTargets);
        _outputs.Enqueue(new BgpPeerRemoved(peer));
        _transportDue = true; // the host drops the connection now, like a close
    }

    private void Drain(BgpPeer peer, TimeSpan now)
    {
        while (peer.Session.TryPoll(out var o))
        {
            switch (o)
            {
                case BgpSend send: Transmit(peer, send.Message); break;
                case BgpOpenTransport: _outputs.Enqueue(new BgpConnectRequested(peer)); _transportDue = true; break;
                case BgpCloseTransport: _outputs.Enqueue(new BgpDisconnectRequested(peer)); _transportDue = true; break;
                case BgpStateChanged changed:
                    _outputs.Enqueue(new BgpPeerStateChanged(peer, changed.From, changed.To));
                    if (changed.To == BgpSessionState.Established) OnEstablished(peer, now);
                    break;
                case BgpUpdateReceived update: OnUpdate(peer, update); break;
                case BgpEndOfRibReceived eor when eor.Family == BgpFamily.RouteTargetConstraint:
                    if (peer.RouteTargets.AwaitingEndOfRib) StartEvpnExport(peer);
                    break;
                case BgpEndOfRibReceived eor:
                    peer.EndOfRibReceived = true;
                    if (eor.Family == BgpFamily.L2vpnEvpn) PurgeStale(peer); // RFC 4724 §4.2
                    break;
                case BgpRouteRefreshRequested refresh: OnRouteRefresh(peer, refresh.Request); break;
                case BgpSessionDown down: OnSessionDown(peer, down, now); break;
            }
        }
    }

    private void OnEstablished(BgpPeer peer, TimeSpan now)
    {
        var s = peer.Session;
        peer.Source.RouterId = s.PeerRouterId;
        peer.Source.As = s.PeerAs;
        peer.Source.IsExternal = !s.IsInternal;
        peer.EndOfRibReceived = false;
        if (peer.AdjRibIn.StaleCount > 0)
        {
            // RFC 4724 §4.2: a peer that comes back without GR, or without the Forwarding State bit for EVPN,
            // loses its stale routes at once; otherwise they wait for its End-of-RIB or the stale timer.
            if (!PreservedForwarding(s.PeerGracefulRestart)) PurgeStale(peer);
            else peer.StaleDeadline = now + Config.StalePathTime;
        }
        FlushUpdates();
        _rtc.Reset(peer.RouteTargets);
        if (_rtc.Negotiated(s.NegotiatedFamilies))
        {
            // RFC 4684 §6: memberships first; EVPN routes wait for the peer's RTC End-of-RIB.
            _rtc.Start(peer.RouteTargets, now, _rtcMessages);
            TransmitRouteTargetMessages(peer);
            return;
        }
        SendTable(peer);
        foreach (var f in s.NegotiatedFamilies)
            Transmit(peer, UpdateMessage.EndOfRib(f.Afi, f.Safi)); // RFC 4724 §2, also without GR
        JoinGroup(peer);
    }

    /// <summary>The peer's RTC End-of-RIB arrived: its memberships are complete, send it the filtered EVPN table.</summary>
    private void StartEvpnExport(BgpPeer peer)
    {
        _rtc.EndWait(peer.RouteTargets);
        FlushUpdates(); // pending changes go to the established groups first; the table below is current
        _rtc.BuildExportFilter(peer.RouteTargets);
        SendTable(peer);
        foreach (var f in peer.Session.NegotiatedFamilies)
            if (f != BgpFamily.RouteTargetConstraint) Transmit(peer, UpdateMessage.EndOfRib(f.Afi, f.Safi));
        JoinGroup(peer);
    }

    /// <summary>
    /// Peers whose memberships changed since their export filter was built get the difference (RFC 4684 §4):
    /// routes that now match are announced, routes that no longer match are withdrawn; then the peer moves to
    /// the update group of its new filter.
    /// </summary>
    private void ApplyMembershipChanges()
    {
        foreach (var peer in _peers)
        {
            if (peer.Group is null || !_rtc.TryTakeFilterChange(peer.RouteTargets, out var old)) continue;
            FlushEvpn(); // what is pending was decided under the old filter: send it with the old group
            LeaveGroup(peer);
            var filter = peer.ExportFilter;
            var group = GetGroup(KeyOf(peer));
            var role = group.Key.Role;
            foreach (var best in LocRib.BestPaths)
            {
                if (ReferenceEquals(best.Source, peer.Source) || !Policy.ShouldAdvertise(best, role)) continue;
                switch (RouteTargetConstraint.ExportChange(old, filter, best.Attributes))
                {
                    case RouteTargetExportChange.Announce: _packer.Announce(best.Route, group.Export(best, Policy), best.NextHop); break;
                    case RouteTargetExportChange.Withdraw: _packer.Withdraw(best.Route); break;
                }
            }
            _packed.Clear();
            _packer.Build(group.Key.MaxMessageLength, _packed);
            foreach (var packed in _packed) Transmit(peer, packed.Message);
            JoinGroup(peer);
        }
    }

    private void TransmitRouteTargetMessages(BgpPeer peer)
    {
        foreach (var message in _rtcMessages) Transmit(peer, message);
        _rtcMessages.Clear();
    }

    private static bool PreservedForwarding(GracefulRestartCapability? gr)
    {
        if (gr is null) return false;
        foreach (var f in gr.Families)
            if (f.ForwardingPreserved && IsEvpn(f.Afi, f.Safi)) return true;
        return false;
    }

    /// <summary>Our whole Adj-RIB-Out for one peer (initial dump, route refresh), packed.</summary>
    private void SendTable(BgpPeer peer)
    {
        if (Array.IndexOf(peer.Session.NegotiatedFamilies, BgpFamily.L2vpnEvpn) < 0) return;
        var group = GetGroup(KeyOf(peer));
        var role = group.Key.Role;
        var filter = group.Key.Filter;
        foreach (var best in LocRib.BestPaths)
        {
            if (ReferenceEquals(best.Source, peer.Source) || !Policy.ShouldAdvertise(best, role)) continue;
            if (!RouteTargetConstraint.Admits(filter, best.Attributes)) continue; // RFC 4684 §4
            _packer.Announce(best.Route, group.Export(best, Policy), best.NextHop);
        }
        _packed.Clear();
        _packer.Build(group.Key.MaxMessageLength, _packed);
        foreach (var packed in _packed) Transmit(peer, packed.Message);
    }

    private void OnRouteRefresh(BgpPeer peer, RouteRefreshMessage request)
    {
        if (MultiprotocolNlriCodec.IsRouteTargetConstraint(request.Afi, request.Safi))
        {
            if (_rtc.Refresh(peer.RouteTargets, request.Subtype, _rtcMessages)) TransmitRouteTargetMessages(peer);
            return;
        }
        if (peer.Group is null) return;
        switch (request.Subtype)
        {
            case 1: peer.AdjRibIn.MarkAllStale(); return;   // RFC 7313 §4: peer begins re-sending; stale until EoRR
            case 2: PurgeStale(peer); return;                // EoRR: what was not re-sent is gone
        }
        FlushUpdates();
        bool enhanced = peer.Session.EnhancedRouteRefresh;
        if (enhanced) Transmit(peer, new RouteRefreshMessage(request.Afi, 1, request.Safi));
        SendTable(peer);
        if (enhanced) Transmit(peer, new RouteRefreshMessage(request.Afi, 2, request.Safi));
    }

    private void OnUpdate(BgpPeer peer, BgpUpdateReceived received)
    {
        var update = received.Update;
        if (peer.RouteTargets.Active) _rtc.HandleUpdate(peer.RouteTargets, received);
        if (update.MpUnreach is { } unreach && IsEvpn(unreach.Afi, unreach.Safi))
        {
            foreach (var route in unreach.EvpnRoutes) WithdrawFrom(peer, route);
            foreach (var bad in unreach.UndecodableEvpnRoutes) if (bad.Key is { } key) WithdrawFrom(peer, key);
        }
        if (update.MpReach is not { } reach || !IsEvpn(reach.Afi, reach.Safi)) return;
        // RFC 7606 §5.3: a malformed entry the Length octet still delimits is withdrawn alone, by whatever key it has left.
        foreach (var bad in reach.UndecodableEvpnRoutes) if (bad.Key is { } key) WithdrawFrom(peer, key);
        if (received.TreatAsWithdraw)
        {
            // RFC 7606 §2: every route the UPDATE names is withdrawn.
            foreach (var route in reach.EvpnRoutes) WithdrawFrom(peer, route);
            return;
        }
        var attributes = _interner.Intern(update.Attributes);
        bool looped = Policy.IsLooped(attributes, Config.RouterId, peer.Source.IsExternal);
        bool filter = ImportFilter is { } f && !f.MatchesAny(attributes);
        var nextHop = _routes?.InternNextHop(reach.NextHop) ?? reach.NextHop;
        foreach (var route in reach.EvpnRoutes)
        {
            // ES routes carry only an ES-Import RT, which the import filter holds for this PE's own segments (RFC 7432 §8.1.1).
            if (looped || filter)
            {
                WithdrawFrom(peer, route); // an ignored update still replaces what the peer sent before
                continue;
            }
            Record(peer.AdjRibIn.Set(new BgpPath(_routes?.Intern(route) ?? route, attributes, nextHop, peer.Source)));
        }
    }

    private void Transmit(BgpPeer peer, BgpMessage message)
    {
        peer.Counters.MessagesSent++;
        if (message is UpdateMessage u)
        {
            peer.Counters.UpdatesSent++;
            if (u.MpReach is { } reach) peer.Counters.RoutesAnnounced += reach.EvpnRoutes.Length;
            if (u.MpUnreach is { } unreach) peer.Counters.RoutesWithdrawn += unreach.EvpnRoutes.Length;
        }
        _outputs.Enqueue(new BgpTransmit(peer, message));
    }

    private static bool IsEvpn(ushort afi, byte safi) => afi == BgpConstants.AfiL2vpn && safi == BgpConstants.SafiEvpn;

    private void WithdrawFrom(BgpPeer peer, EvpnRoute route)
    {
        Record(peer.AdjRibIn.Remove(route));
    }

    private void OnSessionDown(BgpPeer peer, BgpSessionDown down, TimeSpan now)
    {
        LeaveGroup(peer);
        _rtc.Reset(peer.RouteTargets);
        // RFC 4724 §4.2: on a transport loss (not a NOTIFICATION) of a GR-capable peer, keep its routes as
        // stale for the restart time it advertised.
        var gr = down.PeerGracefulRestart;
        bool retain = gr is not null && gr.RestartTimeSeconds > 0 && down.Reason == BgpSessionDownReason.TransportClosed && peer.AdjRibIn.Count > 0;
        if (retain)
        {
            peer.AdjRibIn.MarkAllStale();
            peer.StaleDeadline = now + TimeSpan.FromSeconds(gr!.RestartTimeSeconds);
        }
        else DropAllRoutes(peer);
        if (peer.IsDynamic && !retain) Forget(peer);
    }

    private void PurgeStale(BgpPeer peer)
    {
        peer.StaleDeadline = null;
        if (peer.AdjRibIn.StaleCount == 0) return;
        foreach (var change in peer.AdjRibIn.RemoveStale()) Record(change);
    }

    private void DropAllRoutes(BgpPeer peer)
    {
        peer.StaleDeadline = null;
        if (peer.AdjRibIn.Count == 0) return;
        foreach (var change in peer.AdjRibIn.Clear()) Record(change);
    }

    private void Record(LocRibChange change)
    {
        if (!change.Changed) return;
        if (Config.ReportBestPathChanges) _outputs.Enqueue(new BgpBestPathChanged(change));
        if (_groupMembers == 0) return; // nobody to tell; a peer that comes up gets the whole table
        ref int index = ref CollectionsMarshal.GetValueRefOrAddDefault(_pendingIndex, change.Key, out bool exists);
        if (exists) return; // keep the oldest state: what the groups were last told
        index = _pending.Count;
        _pending.Add((change.Key, change.OldBest));
    }

    private UpdateGroupKey KeyOf(BgpPeer peer) => new(peer.Role, peer.CodecOptions.MaxMessageLength, peer.ExportFilter);

    private UpdateGroup GetGroup(UpdateGroupKey key)
    {
        foreach (var g in _groups) if (g.Key == key) return g;
        var group = new UpdateGroup(key, _interner);
        _groups.Add(group);
        return group;
    }

    private void JoinGroup(BgpPeer peer)
    {
        var group = GetGroup(KeyOf(peer));
        group.Members.Add(peer);
        peer.Group = group;
        _groupMembers++;
    }

    private void LeaveGroup(BgpPeer peer)
    {
        if (peer.Group is null) return;
        // Pending changes now skip this peer: it is down and will get the whole table when it returns.
        peer.Group.Members.Remove(peer);
        peer.Group = null;
        _groupMembers--;
    }
}
