using ActorFabric.Wire.Bgp;
using ActorFabric.Protocols.Timing;

namespace ActorFabric.Protocols.Bgp.Session;

/// <summary>
/// One BGP session as the RFC 4271 §8 finite state machine, sans I/O: the host feeds transport events,
/// decoded messages (<see cref="BgpDecodeResult"/>) and timer expiries, always passing <c>now</c>; the session
/// queues <see cref="BgpSessionOutput"/>s (messages to send, transport actions, events) for the host to drain
/// with <see cref="TryPoll"/>, and exposes its next deadline through <see cref="PollTimeout"/>.
/// One instance serves one transport connection at a time; collisions between two connections are resolved
/// by <see cref="BgpCollision"/>.
/// </summary>
public sealed class BgpSession
{
    /// <summary>RFC 4271 §8: IdleHoldTimer (automatic restart back-off), ConnectRetryTimer, HoldTimer, KeepaliveTimer.</summary>
    private enum Timer { ConnectRetry, Hold, Keepalive, IdleHold }

    private readonly Queue<BgpSessionOutput> _outputs = new();
    private readonly TimerTable<Timer> _timers = new();
    private bool _started;
    private int _consecutiveFailures;
    private TimeSpan _connectRetryTime;

    public BgpSession(BgpSessionConfig config)
    {
        Config = config;
        _connectRetryTime = config.ConnectRetryTime;
    }

    /// <summary>The ConnectRetryTimer's current length: <see cref="BgpSessionConfig.ConnectRetryTime"/>, or more after attempts that timed out.</summary>
    public TimeSpan ConnectRetryTime => _connectRetryTime;

    public BgpSessionConfig Config { get; }
    public BgpSessionState State { get; private set; } = BgpSessionState.Idle;
    /// <summary>RFC 4271 §8: counts failed attempts since the last manual start.</summary>
    public int ConnectRetryCounter { get; private set; }
    /// <summary>The OPEN the peer sent on the current connection (null before it arrives).</summary>
    public OpenMessage? PeerOpen { get; private set; }
    public uint PeerRouterId => PeerOpen?.BgpIdentifier ?? 0;
    public uint PeerAs => PeerOpen?.EffectiveAs ?? Config.PeerAs ?? 0;
    public bool IsInternal => PeerAs == Config.LocalAs;
    /// <summary>min(local, peer) hold time (RFC 4271 §4.2); zero means no hold timer and no keepalives.</summary>
    public TimeSpan NegotiatedHoldTime { get; private set; }
    /// <summary>Negotiated hold time / 3 (RFC 4271 §10), whole seconds, at least one second.</summary>
    public TimeSpan KeepaliveInterval { get; private set; }
    /// <summary>Families both sides advertised (RFC 4760 §8); only these may carry routes.</summary>
    public BgpFamily[] NegotiatedFamilies { get; private set; } = [];
    public bool PeerSupportsRouteRefresh { get; private set; }
    /// <summary>Both sides advertised Enhanced Route Refresh (RFC 7313 §4).</summary>
    public bool EnhancedRouteRefresh { get; private set; }
    public GracefulRestartCapability? PeerGracefulRestart { get; private set; }
    /// <summary>Whether the current connection was opened by us (matters for collision resolution, RFC 4271 §6.8).</summary>
    public bool LocallyInitiated { get; private set; }
    /// <summary>What the byte layer must use to encode and decode this session's messages once OPENs are exchanged.</summary>
    public BgpCodecOptions CodecOptions { get; private set; } = BgpCodecOptions.Default;
    /// <summary>The OPEN we send (built once from the configuration).</summary>
    public OpenMessage LocalOpen => _localOpen ??= BuildOpen();
    private OpenMessage? _localOpen;

    /// <summary>Started and not administratively stopped (it may be Idle waiting to restart).</summary>
    public bool IsStarted => _started;

    public bool TryPoll(out BgpSessionOutput output) => _outputs.TryDequeue(out output!);
    public int PendingOutputs => _outputs.Count;

    /// <summary>The earliest running timer's deadline, or null when none runs.</summary>
    public TimeSpan? PollTimeout() => _timers.Next();

    // ---- administrative events (RFC 4271 §8.1.2) ----

    /// <summary>ManualStart (event 1), or ManualStart_with_PassiveTcpEstablishment (event 4) when configured passive.</summary>
    public void Start(TimeSpan now)
    {
        _started = true;
        _consecutiveFailures = 0;
        if (State != BgpSessionState.Idle) return;
        ConnectRetryCounter = 0;
        AutomaticStart(now);
    }

    /// <summary>ManualStop (event 2): Cease/Administrative Shutdown if a connection is up, then Idle with no restart.</summary>
    public void Stop(TimeSpan now, byte ceaseSubcode = BgpErrorCodes.AdministrativeShutdown)
    {
        _started = false;
        _timers.Stop(Timer.IdleHold);
        if (State == BgpSessionState.Idle) return;
        var notification = State is BgpSessionState.OpenSent or BgpSessionState.OpenConfirm or BgpSessionState.Established
            ? new NotificationMessage(BgpErrorCodes.Cease, ceaseSubcode) : null;
        if (notification is not null) Emit(new BgpSend(notification));
        GoIdle(now, BgpSessionDownReason.Stopped, notification, countFailure: false);
    }

    // ---- transport events ----

    /// <summary>
    /// The transport is up: Tcp_CR_Acked (event 16) for a connection we opened, TcpConnectionConfirmed (event 17)
    /// for one the peer opened. Sends OPEN and moves to OpenSent (RFC 4271 §8.2.2, Connect/Active states).
    /// </summary>
    public void TransportConnected(TimeSpan now, bool locallyInitiated)
    {
        if (State == BgpSessionState.Idle && !_started) return;
        if (State is not (BgpSessionState.Idle or BgpSessionState.Connect or BgpSessionState.Active)) return;
        if (State == BgpSessionState.Idle) { ConnectRetryCounter = 0; _timers.Stop(Timer.IdleHold); }
        _connectRetryTime = Config.ConnectRetryTime; // a transport came up: attempts of this length succeed
        LocallyInitiated = locallyInitiated;
        _timers.Stop(Timer.ConnectRetry);
        PeerOpen = null;
        Emit(new BgpSend(LocalOpen));
        _timers.Set(Timer.Hold, now + Config.OpenHoldTime);
        SetState(BgpSessionState.OpenSent);
    }

    /// <summary>
    /// TcpConnectionFails (event 18) for our connection attempt: retry after ConnectRetryTime from Active. An
    /// attempt that fails after the session already took another connection is ignored.
    /// </summary>
    public void TransportFailed(TimeSpan now)
    {
        switch (State)
        {
            case BgpSessionState.Connect:
                _timers.Set(Timer.ConnectRetry, now + _connectRetryTime);
                SetState(BgpSessionState.Active);
                break;
            case BgpSessionState.Active:
                _timers.Set(Timer.ConnectRetry, now + _connectRetryTime);
                break;
        }
    }

    /// <summary>The peer closed the transport (event 18 after establishment).</summary>
    public void TransportClosed(TimeSpan now)
    {
        switch (State)
        {
            case BgpSessionState.Idle:
                return;
            case BgpSessionState.Connect or BgpSessionState.Active:
                TransportFailed(now);
                return;
            case BgpSessionState.OpenSent:
                // RFC 4271 §8.2.2 OpenSent, event 18: close, restart ConnectRetry, go Active.
                ClearSessionTimers();
                _timers.Set(Timer.ConnectRetry, now + _connectRetryTime);
                Emit(BgpCloseTransport.Instance);
                SetState(BgpSessionState.Active);
                return;
            default:
                GoIdle(now, BgpSessionDownReason.TransportClosed, null, countFailure: true);
                return;
        }
    }

    // ---- messages ----

    /// <summary>A framed message decoded by the byte layer. Decode errors that demand a reset send their NOTIFICATION (RFC 4271 §6, RFC 7606 §3).</summary>
    public void HandleReceived(BgpDecodeResult result, TimeSpan now)
    {
        if (State is BgpSessionState.Idle or BgpSessionState.Connect or BgpSessionState.Active) return;
        if (result.IsSessionReset || result.Message is null)
        {
            var n = result.Notification ?? new NotificationMessage(BgpErrorCodes.MessageHeaderError, 0);
            SendNotificationAndIdle(now, n);
            return;
        }
        var message = result.Message;
        if (message is NotificationMessage received)
        {
            // RFC 4271 §8.2.2 event 25: no reply, drop the connection.
            GoIdle(now, BgpSessionDownReason.NotificationReceived, received, countFailure: true);
            return;
        }
        switch (State)
        {
            case BgpSessionState.OpenSent:
                if (message is OpenMessage open) HandleOpen(open, now);
                else SendNotificationAndIdle(now, new NotificationMessage(BgpErrorCodes.FiniteStateMachineError, BgpErrorCodes.UnexpectedInOpenSent));
                break;
            case BgpSessionState.OpenConfirm:
                if (message is KeepaliveMessage)
                {
                    RestartHoldTimer(now);
                    _consecutiveFailures = 0;
                    SetState(BgpSessionState.Established);
                }
                else SendNotificationAndIdle(now, new NotificationMessage(BgpErrorCodes.FiniteStateMachineError, BgpErrorCodes.UnexpectedInOpenConfirm));
                break;
            case BgpSessionState.Established:
                HandleEstablished(message, result.Action, now);
                break;
        }
    }

    private void HandleEstablished(BgpMessage message, BgpErrorAction action, TimeSpan now)
    {
        switch (message)
        {
            case KeepaliveMessage:
                RestartHoldTimer(now);
                break;
            case UpdateMessage update:
                RestartHoldTimer(now); // RFC 4271 §8.2.2 Established, event 27
                if (action != BgpErrorAction.TreatAsWithdraw && update.IsEndOfRib(out var afi, out var safi))
                    Emit(new BgpEndOfRibReceived(new BgpFamily(afi, safi)));
                else
                    Emit(new BgpUpdateReceived(update, action == BgpErrorAction.TreatAsWithdraw));
                break;
            case RouteRefreshMessage refresh:
                // RFC 2918 §4: ignore a refresh for a family that was not negotiated.
                if (Array.IndexOf(NegotiatedFamilies, new BgpFamily(refresh.Afi, refresh.Safi)) >= 0)
                    Emit(new BgpRouteRefreshRequested(refresh));
                break;
            default:
                SendNotificationAndIdle(now, new NotificationMessage(BgpErrorCodes.FiniteStateMachineError, BgpErrorCodes.UnexpectedInEstablished));
                break;
        }
    }

    private void HandleOpen(OpenMessage open, TimeSpan now)
    {
        var error = ValidateOpen(open);
        if (error is not null)
        {
            PeerOpen = open;
            SendNotificationAndIdle(now, error);
            return;
        }
        PeerOpen = open;
        Negotiate(open);
        Emit(new BgpSend(KeepaliveMessage.Instance));
        if (NegotiatedHoldTime == TimeSpan.Zero)
        {
            _timers.Stop(Timer.Hold);
            _timers.Stop(Timer.Keepalive);
        }
        else
        {
            _timers.Set(Timer.Hold, now + NegotiatedHoldTime);
            _timers.Set(Timer.Keepalive, now + KeepaliveInterval);
        }
        SetState(BgpSessionState.OpenConfirm);
    }

    /// <summary>OPEN checks of RFC 4271 §6.2 and RFC 5492 §5, in that order; null when acceptable.</summary>
    private NotificationMessage? ValidateOpen(OpenMessage open)
    {
        if (open.Version != 4)
            return new NotificationMessage(BgpErrorCodes.OpenMessageError, BgpErrorCodes.UnsupportedVersionNumber, [0, 4]);
        var peerAs = open.EffectiveAs;
        bool asMismatch = Config.PeerAs is uint expected && peerAs != expected;
        // RFC 6793 §4.2.1: My AS must be AS_TRANS or equal to the 4-octet AS it stands for.
        if (peerAs != open.MyAs && (peerAs <= ushort.MaxValue || open.MyAs != BgpConstants.AsTrans)) asMismatch = true;
        if (asMismatch)
            return new NotificationMessage(BgpErrorCodes.OpenMessageError, BgpErrorCodes.BadPeerAs, AsData(open.MyAs));
        if (open.BgpIdentifier == 0 || (peerAs == Config.LocalAs && open.BgpIdentifier == Config.RouterId))
            return new NotificationMessage(BgpErrorCodes.OpenMessageError, BgpErrorCodes.BadBgpIdentifier);
        if (open.HoldTimeSeconds is 1 or 2)
            return new NotificationMessage(BgpErrorCodes.OpenMessageError, BgpErrorCodes.UnacceptableHoldTime);
        if (Config.RequireFamilies)
        {
            foreach (var family in Config.Families)
            {
                if (PeerAdvertises(open, family)) continue;
                // RFC 5492 §5: the data field carries the capability the peer lacks.
                return new NotificationMessage(BgpErrorCodes.OpenMessageError, BgpErrorCodes.UnsupportedCapability,
                    [(byte)CapabilityCode.Multiprotocol, 4, (byte)(family.Afi >> 8), (byte)family.Afi, 0, family.Safi]);
            }
        }
        return null;
    }

    private static byte[] AsData(ushort myAs) => [(byte)(myAs >> 8), (byte)myAs];

    private static bool PeerAdvertises(OpenMessage open, BgpFamily family)
    {
        bool anyMp = false;
        foreach (var c in open.Capabilities)
        {
            if (c is not MultiprotocolCapability mp) continue;
            anyMp = true;
            if (mp.Afi == family.Afi && mp.Safi == family.Safi) return true;
        }
        // RFC 4760 §1: a speaker without Multiprotocol capabilities carries IPv4 unicast only.
        return !anyMp && family == BgpFamily.Ipv4Unicast;
    }

    private void Negotiate(OpenMessage open)
    {
        var local = (ushort)Math.Min(Config.HoldTime.TotalSeconds, ushort.MaxValue);
        var hold = Math.Min(local, open.HoldTimeSeconds);
        NegotiatedHoldTime = TimeSpan.FromSeconds(hold);
        KeepaliveInterval = hold == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Max(1, hold / 3));

        var families = new List<BgpFamily>();
        foreach (var f in Config.Families)
            if (PeerAdvertises(open, f)) families.Add(f);
        foreach (var f in Config.OptionalFamilies)
            if (PeerAdvertises(open, f) && !families.Contains(f)) families.Add(f);
        NegotiatedFamilies = [.. families];

        bool peerFourOctet = false, peerExtended = false, peerRefresh = false, peerEnhanced = false;
        GracefulRestartCapability? gr = null;
        foreach (var c in open.Capabilities)
        {
            switch (c)
            {
                case FourOctetAsCapability: peerFourOctet = true; break;
                case ExtendedMessageCapability: peerExtended = true; break;
                case RouteRefreshCapability: peerRefresh = true; break;
                case EnhancedRouteRefreshCapability: peerEnhanced = true; break;
                case GracefulRestartCapability g: gr ??= g; break;
            }
        }
        PeerSupportsRouteRefresh = peerRefresh || peerEnhanced;
        EnhancedRouteRefresh = peerEnhanced && Config.AdvertiseEnhancedRouteRefresh;
        PeerGracefulRestart = gr;
        CodecOptions = new BgpCodecOptions
        {
            FourOctetAs = peerFourOctet, // we always advertise capability 65 (RFC 6793 §3)
            ExtendedMessage = peerExtended && Config.AdvertiseExtendedMessage,
            ExternalPeer = open.EffectiveAs != Config.LocalAs,
        };
    }

    private OpenMessage BuildOpen()
    {
        var caps = new List<Capability>();
        foreach (var f in Config.Families) caps.Add(new MultiprotocolCapability(f.Afi, f.Safi));
        foreach (var f in Config.OptionalFamilies)
            if (Array.IndexOf(Config.Families, f) < 0) caps.Add(new MultiprotocolCapability(f.Afi, f.Safi));
        if (Config.AdvertiseRouteRefresh) caps.Add(RouteRefreshCapability.Instance);
        if (Config.AdvertiseEnhancedRouteRefresh) caps.Add(EnhancedRouteRefreshCapability.Instance);
        if (Config.AdvertiseExtendedMessage) caps.Add(ExtendedMessageCapability.Instance);
        caps.Add(new FourOctetAsCapability(Config.LocalAs));
        if (Config.GracefulRestartTimeSeconds is ushort restart)
        {
            // Without preserved forwarding we list no families: GR-aware helper (RFC 4724 §3). R stays 0.
            var grFamilies = new List<GracefulRestartFamily>();
            if (Config.GracefulRestartForwardingPreserved)
                foreach (var f in Config.Families) grFamilies.Add(new GracefulRestartFamily(f.Afi, f.Safi, true));
            caps.Add(new GracefulRestartCapability(false, false, (ushort)Math.Min(restart, (ushort)4095), [.. grFamilies]));
        }
        var myAs = Config.LocalAs <= ushort.MaxValue ? (ushort)Config.LocalAs : BgpConstants.AsTrans;
        var hold = (ushort)Math.Min(Config.HoldTime.TotalSeconds, ushort.MaxValue);
        return new OpenMessage(4, myAs, hold, Config.RouterId, [.. caps]);
    }

    // ---- timers ----

    /// <summary>Fire every timer whose deadline is at or before <paramref name="now"/>.</summary>
    public void HandleTimeout(TimeSpan now)
    {
        if (_timers.TryExpire(Timer.IdleHold, now))
        {
            if (State == BgpSessionState.Idle && _started) AutomaticStart(now);
        }
        if (_timers.TryExpire(Timer.ConnectRetry, now))
        {
            // RFC 4271 §8.2.2 event 9: retry the connection.
            if (State is BgpSessionState.Connect or BgpSessionState.Active)
            {
                // Still in Connect: the attempt got no answer in time. Give the next one longer (see MaxConnectRetryTime).
                if (State == BgpSessionState.Connect && Config.MaxConnectRetryTime is { } max && _connectRetryTime < max)
                    _connectRetryTime = _connectRetryTime + _connectRetryTime > max ? max : _connectRetryTime + _connectRetryTime;
                _timers.Set(Timer.ConnectRetry, now + _connectRetryTime);
                if (!Config.Passive)
                {
                    if (State == BgpSessionState.Connect) Emit(BgpCloseTransport.Instance);
                    Emit(BgpOpenTransport.Instance);
                    SetState(BgpSessionState.Connect);
                }
            }
        }
        if (_timers.TryExpire(Timer.Hold, now))
        {
            if (State is BgpSessionState.OpenSent or BgpSessionState.OpenConfirm or BgpSessionState.Established)
            {
                // RFC 4271 §6.5: NOTIFICATION Hold Timer Expired, then close.
                var n = new NotificationMessage(BgpErrorCodes.HoldTimerExpired, 0);
                Emit(new BgpSend(n));
                GoIdle(now, BgpSessionDownReason.HoldTimerExpired, n, countFailure: true);
                return;
            }
        }
        if (_timers.TryExpire(Timer.Keepalive, now))
        {
            if (State is BgpSessionState.OpenConfirm or BgpSessionState.Established && KeepaliveInterval > TimeSpan.Zero)
            {
                Emit(new BgpSend(KeepaliveMessage.Instance));
                _timers.Set(Timer.Keepalive, now + KeepaliveInterval);
            }
        }
    }

    /// <summary>Close this connection because a collision was resolved against it (RFC 4271 §6.8: Cease/7).</summary>
    public void CloseForCollision(TimeSpan now) =>
        SendNotificationAndIdle(now, new NotificationMessage(BgpErrorCodes.Cease, BgpErrorCodes.ConnectionCollisionResolution), countFailure: false);

    /// <summary>Queue a message for the peer (UPDATE / ROUTE-REFRESH from the RIB side); only valid in Established.</summary>
    public bool Send(BgpMessage message, TimeSpan now)
    {
        if (State != BgpSessionState.Established) return false;
        Emit(new BgpSend(message));
        // RFC 4271 §10: sending an UPDATE or KEEPALIVE restarts the KeepaliveTimer.
        if (KeepaliveInterval > TimeSpan.Zero && message is UpdateMessage or KeepaliveMessage) _timers.Set(Timer.Keepalive, now + KeepaliveInterval);
        return true;
    }

    // ---- internals ----

    private void AutomaticStart(TimeSpan now)
    {
        _timers.Set(Timer.ConnectRetry, now + _connectRetryTime);
        if (Config.Passive)
        {
            SetState(BgpSessionState.Active);
        }
        else
        {
            LocallyInitiated = true;
            Emit(BgpOpenTransport.Instance);
            SetState(BgpSessionState.Connect);
        }
    }

    private void SendNotificationAndIdle(TimeSpan now, NotificationMessage notification, bool countFailure = true)
    {
        Emit(new BgpSend(notification));
        GoIdle(now, BgpSessionDownReason.NotificationSent, notification, countFailure);
    }

    private void GoIdle(TimeSpan now, BgpSessionDownReason reason, NotificationMessage? notification, bool countFailure)
    {
        bool wasEstablished = State == BgpSessionState.Established;
        ClearSessionTimers();
        _timers.Stop(Timer.ConnectRetry);
        Emit(BgpCloseTransport.Instance);
        if (countFailure) { ConnectRetryCounter++; _consecutiveFailures++; }
        if (wasEstablished) Emit(new BgpSessionDown(reason, notification, PeerGracefulRestart));
        SetState(BgpSessionState.Idle);
        if (_started && Config.AutomaticRestart)
        {
            // Back-off doubles per consecutive failure (RFC 4271 §8.1.1 IdleHoldTimer, damping optional).
            var wait = Config.IdleHoldTime;
            for (int i = 1; i < _consecutiveFailures && wait < Config.MaxIdleHoldTime; i++) wait += wait;
            if (wait > Config.MaxIdleHoldTime) wait = Config.MaxIdleHoldTime;
            _timers.Set(Timer.IdleHold, now + wait);
        }
        else _started = false;
    }

    private void ClearSessionTimers()
    {
        _timers.Stop(Timer.Hold);
        _timers.Stop(Timer.Keepalive);
    }

    private void RestartHoldTimer(TimeSpan now)
    {
        if (NegotiatedHoldTime > TimeSpan.Zero) _timers.Set(Timer.Hold, now + NegotiatedHoldTime);
    }

    private void SetState(BgpSessionState next)
    {
        if (next == State) return;
        var previous = State;
        State = next;
        Emit(new BgpStateChanged(previous, next));
    }

    private void Emit(BgpSessionOutput output) => _outputs.Enqueue(output);

}
