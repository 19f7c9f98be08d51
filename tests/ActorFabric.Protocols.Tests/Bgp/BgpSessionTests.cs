using ActorFabric.Protocols.Bgp.Session;
using ActorFabric.Wire.Bgp;
using static ActorFabric.Protocols.Tests.Bgp.BgpTestData;

namespace ActorFabric.Protocols.Tests.Bgp;

public class BgpSessionTests
{
    private static readonly uint PeerId = Id("10.0.0.2");

    [Fact]
    public void Active_start_requests_a_connection_and_sends_open_when_connected()
    {
        var s = new BgpSession(SessionConfig());
        s.Start(S(0));
        Assert.Equal(BgpSessionState.Connect, s.State);
        Assert.Contains(s.Drain(), o => o is BgpOpenTransport);
        Assert.Equal(S(120), s.PollTimeout()); // ConnectRetry timer

        s.TransportConnected(S(1), locallyInitiated: true);
        var open = Assert.IsType<OpenMessage>(Assert.Single(s.Drain().Sent()));
        Assert.Equal(BgpSessionState.OpenSent, s.State);
        Assert.Equal(4, open.Version);
        Assert.Equal((ushort)Asn, open.MyAs);
        Assert.Equal(90, open.HoldTimeSeconds);
        Assert.Equal(Id("10.0.0.1"), open.BgpIdentifier);
        Assert.Contains(MultiprotocolCapability.Evpn, open.Capabilities);
        Assert.Contains(open.Capabilities, c => c is RouteRefreshCapability);
        Assert.Contains(open.Capabilities, c => c is EnhancedRouteRefreshCapability);
        Assert.Contains(new FourOctetAsCapability(Asn), open.Capabilities);
        Assert.Contains(open.Capabilities, c => c is GracefulRestartCapability { RestartTimeSeconds: 120 });
        Assert.Equal(S(1) + S(240), s.PollTimeout()); // large hold timer while waiting for OPEN
    }

    [Fact]
    public void Graceful_restart_capability_lists_families_only_when_forwarding_is_preserved()
    {
        var helperOnly = new BgpSession(SessionConfig()).LocalOpen.Capabilities.OfType<GracefulRestartCapability>().Single();
        Assert.Empty(helperOnly.Families);
        var preserving = new BgpSession(SessionConfig() with { GracefulRestartForwardingPreserved = true }).LocalOpen.Capabilities.OfType<GracefulRestartCapability>().Single();
        Assert.Equal([new GracefulRestartFamily(25, 70, true)], preserving.Families);
        Assert.Empty(new BgpSession(SessionConfig() with { GracefulRestartTimeSeconds = null }).LocalOpen.Capabilities.OfType<GracefulRestartCapability>());
    }

    [Fact]
    public void Four_octet_local_as_sends_as_trans_in_my_as()
    {
        var s = new BgpSession(SessionConfig() with { LocalAs = 4_200_000_000 });
        Assert.Equal(BgpConstants.AsTrans, s.LocalOpen.MyAs);
        Assert.Contains(new FourOctetAsCapability(4_200_000_000), s.LocalOpen.Capabilities);
    }

    [Fact]
    public void Passive_start_waits_in_active_without_connecting()
    {
        var s = new BgpSession(SessionConfig(passive: true));
        s.Start(S(0));
        Assert.Equal(BgpSessionState.Active, s.State);
        Assert.DoesNotContain(s.Drain(), o => o is BgpOpenTransport);
        s.HandleTimeout(S(120));
        Assert.Equal(BgpSessionState.Active, s.State);
        Assert.DoesNotContain(s.Drain(), o => o is BgpOpenTransport);
    }

    [Fact]
    public void Valid_open_then_keepalive_reaches_established_with_the_smaller_hold_time()
    {
        var s = new BgpSession(SessionConfig(holdSeconds: 90));
        s.Start(S(0));
        s.TransportConnected(S(0), true);
        s.Drain();
        s.HandleReceived(BgpDecodeResult.Ok(PeerOpen(PeerId, hold: 9)), S(1));
        Assert.Equal(BgpSessionState.OpenConfirm, s.State);
        Assert.IsType<KeepaliveMessage>(Assert.Single(s.Drain().Sent()));
        Assert.Equal(S(9), s.NegotiatedHoldTime);
        Assert.Equal(S(3), s.KeepaliveInterval);
        s.HandleReceived(BgpDecodeResult.Ok(KeepaliveMessage.Instance), S(2));
        Assert.Equal(BgpSessionState.Established, s.State);
        Assert.Contains(s.Drain(), o => o is BgpStateChanged { From: BgpSessionState.OpenConfirm, To: BgpSessionState.Established });
        Assert.Equal([BgpFamily.L2vpnEvpn], s.NegotiatedFamilies);
        Assert.True(s.PeerSupportsRouteRefresh);
        Assert.False(s.EnhancedRouteRefresh); // the peer did not advertise capability 70
    }

    [Theory]
    [InlineData(90, 3, 3, 1)]
    [InlineData(9, 90, 9, 3)]
    [InlineData(10, 30, 10, 3)]
    [InlineData(0, 90, 0, 0)]
    [InlineData(90, 0, 0, 0)]
    public void Hold_time_is_the_minimum_and_keepalive_a_third(int local, int peer, int hold, int keepalive)
    {
        var s = Established(SessionConfig(holdSeconds: (ushort)local), PeerOpen(PeerId, hold: (ushort)peer));
        Assert.Equal(S(hold), s.NegotiatedHoldTime);
        Assert.Equal(S(keepalive), s.KeepaliveInterval);
        if (hold == 0) Assert.Null(s.PollTimeout()); // no hold timer, no keepalives (RFC 4271 §4.2)
    }

    public static TheoryData<string, OpenMessage, byte, byte[]?> OpenErrors => new()
    {
        { "version 3", PeerOpen(Id("10.0.0.2"), version: 3), BgpErrorCodes.UnsupportedVersionNumber, [0, 4] },
        { "wrong AS", PeerOpen(Id("10.0.0.2"), asn: 65001), BgpErrorCodes.BadPeerAs, [0xFD, 0xE9] },
        { "identifier 0", PeerOpen(0), BgpErrorCodes.BadBgpIdentifier, null },
        { "our own identifier on iBGP", PeerOpen(Id("10.0.0.1")), BgpErrorCodes.BadBgpIdentifier, null },
        { "hold 1", PeerOpen(Id("10.0.0.2"), hold: 1), BgpErrorCodes.UnacceptableHoldTime, null },
        { "hold 2", PeerOpen(Id("10.0.0.2"), hold: 2), BgpErrorCodes.UnacceptableHoldTime, null },
        { "no EVPN", PeerOpen(Id("10.0.0.2"), caps: [new MultiprotocolCapability(1, 1)]), BgpErrorCodes.UnsupportedCapability, [1, 4, 0, 25, 0, 70] },
        { "no capabilities", PeerOpen(Id("10.0.0.2"), caps: []), BgpErrorCodes.UnsupportedCapability, [1, 4, 0, 25, 0, 70] },
    };

    [Theory]
    [MemberData(nameof(OpenErrors))]
    public void Bad_open_is_answered_with_an_open_message_error_and_closes(string why, OpenMessage open, byte subcode, byte[]? data)
    {
        var s = new BgpSession(SessionConfig());
        s.Start(S(0));
        s.TransportConnected(S(0), true);
        s.Drain();
        s.HandleReceived(BgpDecodeResult.Ok(open), S(1));
        var outputs = s.Drain();
        var n = Assert.IsType<NotificationMessage>(Assert.Single(outputs.Sent()));
        Assert.True(n.Code == BgpErrorCodes.OpenMessageError && n.Subcode == subcode, why);
        if (data is not null) Assert.Equal(data, n.Data);
        Assert.True(outputs.FindIndex(o => o is BgpSend) < outputs.FindIndex(o => o is BgpCloseTransport));
        Assert.Equal(BgpSessionState.Idle, s.State);
        Assert.Equal(1, s.ConnectRetryCounter);
    }

    [Fact]
    public void Any_as_is_accepted_when_no_peer_as_is_configured_and_external_peers_are_marked()
    {
        var s = Established(SessionConfig(peerAs: null), PeerOpen(PeerId, asn: 4_200_000_001));
        Assert.Equal(4_200_000_001u, s.PeerAs);
        Assert.False(s.IsInternal);
        Assert.True(s.CodecOptions.ExternalPeer);
        Assert.True(s.CodecOptions.FourOctetAs);
        Assert.False(s.CodecOptions.ExtendedMessage);
    }

    [Fact]
    public void Extended_message_is_negotiated_only_when_both_sides_advertise_it()
    {
        var caps = new Capability[] { MultiprotocolCapability.Evpn, ExtendedMessageCapability.Instance, new FourOctetAsCapability(Asn) };
        Assert.True(Established(SessionConfig() with { AdvertiseExtendedMessage = true }, PeerOpen(PeerId, caps: caps)).CodecOptions.ExtendedMessage);
        Assert.False(Established(SessionConfig(), PeerOpen(PeerId, caps: caps)).CodecOptions.ExtendedMessage);
        Assert.False(Established(SessionConfig() with { AdvertiseExtendedMessage = true }, PeerOpen(PeerId)).CodecOptions.ExtendedMessage);
    }

    [Fact]
    public void Keepalives_are_sent_every_third_of_the_hold_time()
    {
        var s = Established(SessionConfig(holdSeconds: 9), PeerOpen(PeerId, hold: 9), S(0));
        Assert.Equal(S(3), s.PollTimeout());
        s.HandleTimeout(S(2.9));
        Assert.Empty(s.Drain().Sent());
        s.HandleTimeout(S(3));
        Assert.IsType<KeepaliveMessage>(Assert.Single(s.Drain().Sent()));
        Assert.Equal(S(6), s.PollTimeout());
    }

    [Fact]
    public void Hold_timer_expiry_sends_notification_4_0_and_drops_the_session()
    {
        var s = Established(SessionConfig(holdSeconds: 9), PeerOpen(PeerId, hold: 9), S(0));
        for (int t = 3; t <= 6; t += 3) { s.HandleTimeout(S(t)); s.Drain(); }
        s.HandleTimeout(S(9));
        var outputs = s.Drain();
        var n = Assert.IsType<NotificationMessage>(Assert.Single(outputs.Sent()));
        Assert.Equal((BgpErrorCodes.HoldTimerExpired, (byte)0), (n.Code, n.Subcode));
        Assert.Contains(outputs, o => o is BgpCloseTransport);
        Assert.Contains(outputs, o => o is BgpSessionDown { Reason: BgpSessionDownReason.HoldTimerExpired });
        Assert.Equal(BgpSessionState.Idle, s.State);
    }

    [Fact]
    public void Keepalive_and_update_restart_the_hold_timer()
    {
        var s = Established(SessionConfig(holdSeconds: 9), PeerOpen(PeerId, hold: 9), S(0));
        s.HandleReceived(BgpDecodeResult.Ok(KeepaliveMessage.Instance), S(5));
        s.HandleReceived(BgpDecodeResult.Ok(new UpdateMessage()), S(10));
        for (int t = 3; t <= 18; t += 3) s.HandleTimeout(S(t));
        Assert.Equal(BgpSessionState.Established, s.State);
        s.HandleTimeout(S(19));
        Assert.Equal(BgpSessionState.Idle, s.State);
    }

    [Fact]
    public void Hold_timer_in_open_sent_expires_with_4_0()
    {
        var s = new BgpSession(SessionConfig());
        s.Start(S(0));
        s.TransportConnected(S(0), true);
        s.Drain();
        s.HandleTimeout(S(240));
        var n = Assert.IsType<NotificationMessage>(Assert.Single(s.Drain().Sent()));
        Assert.Equal(BgpErrorCodes.HoldTimerExpired, n.Code);
        Assert.Equal(BgpSessionState.Idle, s.State);
    }

    [Fact]
    public void Unexpected_messages_are_finite_state_machine_errors_per_state()
    {
        var openSent = new BgpSession(SessionConfig());
        openSent.Start(S(0)); openSent.TransportConnected(S(0), true); openSent.Drain();
        openSent.HandleReceived(BgpDecodeResult.Ok(KeepaliveMessage.Instance), S(1));
        AssertNotification(openSent, BgpErrorCodes.FiniteStateMachineError, BgpErrorCodes.UnexpectedInOpenSent);

        var openConfirm = new BgpSession(SessionConfig());
        openConfirm.Start(S(0)); openConfirm.TransportConnected(S(0), true);
        openConfirm.HandleReceived(BgpDecodeResult.Ok(PeerOpen(PeerId)), S(0)); openConfirm.Drain();
        openConfirm.HandleReceived(BgpDecodeResult.Ok(new UpdateMessage()), S(1));
        AssertNotification(openConfirm, BgpErrorCodes.FiniteStateMachineError, BgpErrorCodes.UnexpectedInOpenConfirm);

        var established = Established();
        established.HandleReceived(BgpDecodeResult.Ok(PeerOpen(PeerId)), S(1));
        AssertNotification(established, BgpErrorCodes.FiniteStateMachineError, BgpErrorCodes.UnexpectedInEstablished);
    }

    [Fact]
    public void Decode_error_demanding_reset_sends_its_notification_and_reports_the_session_down()
    {
        var s = Established();
        s.HandleReceived(BgpDecodeResult.Reset(BgpErrorCodes.UpdateMessageError, BgpErrorCodes.MalformedAttributeList, [], "two MP_REACH"), S(1));
        var outputs = s.Drain();
        var n = Assert.IsType<NotificationMessage>(Assert.Single(outputs.Sent()));
        Assert.Equal((BgpErrorCodes.UpdateMessageError, BgpErrorCodes.MalformedAttributeList), (n.Code, n.Subcode));
        Assert.Contains(outputs, o => o is BgpSessionDown { Reason: BgpSessionDownReason.NotificationSent });
        Assert.Equal(BgpSessionState.Idle, s.State);
    }

    [Fact]
    public void Received_notification_closes_without_reply()
    {
        var s = Established();
        s.HandleReceived(BgpDecodeResult.Ok(new NotificationMessage(BgpErrorCodes.Cease, BgpErrorCodes.AdministrativeShutdown)), S(1));
        var outputs = s.Drain();
        Assert.Empty(outputs.Sent());
        Assert.Contains(outputs, o => o is BgpSessionDown { Reason: BgpSessionDownReason.NotificationReceived, Notification: { Code: BgpErrorCodes.Cease } });
        Assert.Equal(BgpSessionState.Idle, s.State);
    }

    [Fact]
    public void Treat_as_withdraw_and_end_of_rib_are_reported_as_such()
    {
        var s = Established();
        s.HandleReceived(BgpDecodeResult.TreatAsWithdraw(new UpdateMessage(), "bad ORIGIN"), S(1));
        Assert.Contains(s.Drain(), o => o is BgpUpdateReceived { TreatAsWithdraw: true });
        s.HandleReceived(BgpDecodeResult.Ok(UpdateMessage.EndOfRib(25, 70)), S(1));
        Assert.Contains(s.Drain(), o => o is BgpEndOfRibReceived e && e.Family == BgpFamily.L2vpnEvpn);
    }

    [Fact]
    public void Route_refresh_for_a_negotiated_family_is_reported_and_others_ignored()
    {
        var s = Established();
        s.HandleReceived(BgpDecodeResult.Ok(new RouteRefreshMessage(25, 0, 70)), S(1));
        Assert.Contains(s.Drain(), o => o is BgpRouteRefreshRequested);
        s.HandleReceived(BgpDecodeResult.Ok(new RouteRefreshMessage(1, 0, 1)), S(1));
        Assert.Empty(s.Drain());
    }

    [Fact]
    public void Failed_connection_retries_after_connect_retry_time()
    {
        var s = new BgpSession(SessionConfig() with { ConnectRetryTime = S(5) });
        s.Start(S(0)); s.Drain();
        s.TransportFailed(S(1));
        Assert.Equal(BgpSessionState.Active, s.State);
        Assert.Equal(S(6), s.PollTimeout());
        s.HandleTimeout(S(6));
        Assert.Equal(BgpSessionState.Connect, s.State);
        Assert.Contains(s.Drain(), o => o is BgpOpenTransport);
    }

    [Fact]
    public void After_an_error_the_session_restarts_automatically_with_growing_back_off()
    {
        var s = Established(SessionConfig() with { IdleHoldTime = S(1) }, now: S(0));
        s.HandleReceived(BgpDecodeResult.Ok(new NotificationMessage(6, 4)), S(10));
        Assert.Equal(S(11), s.PollTimeout());
        s.HandleTimeout(S(11));
        Assert.Equal(BgpSessionState.Connect, s.State);
        s.TransportConnected(S(11), true);
        s.HandleReceived(BgpDecodeResult.Ok(new NotificationMessage(6, 4)), S(12));
        Assert.Equal(S(14), s.PollTimeout()); // second consecutive failure: 2 s
    }

    [Fact]
    public void Manual_stop_sends_cease_and_does_not_restart()
    {
        var s = Established();
        s.Stop(S(1));
        var n = Assert.IsType<NotificationMessage>(Assert.Single(s.Drain().Sent()));
        Assert.Equal((BgpErrorCodes.Cease, BgpErrorCodes.AdministrativeShutdown), (n.Code, n.Subcode));
        Assert.Null(s.PollTimeout());
        Assert.Equal(BgpSessionState.Idle, s.State);
    }

    [Theory]
    [InlineData("10.0.0.9", true)]  // our id is higher: keep the connection we opened
    [InlineData("10.0.0.1", false)] // our id is lower: keep the peer's
    public void Collision_keeps_the_connection_opened_by_the_higher_identifier(string localId, bool keepLocallyOpened)
    {
        var config = SessionConfig(localId);
        var outgoing = new BgpSession(config);
        outgoing.Start(S(0)); outgoing.TransportConnected(S(0), locallyInitiated: true);
        var incoming = new BgpSession(config);
        incoming.Start(S(0)); incoming.TransportConnected(S(0), locallyInitiated: false);
        outgoing.HandleReceived(BgpDecodeResult.Ok(PeerOpen(Id("10.0.0.5"))), S(1));
        outgoing.Drain(); incoming.Drain();

        var loser = BgpCollision.Resolve(outgoing, incoming, S(1));
        Assert.NotNull(loser);
        Assert.Same(keepLocallyOpened ? incoming : outgoing, loser);
        var n = Assert.IsType<NotificationMessage>(Assert.Single(loser!.Drain().Sent()));
        Assert.Equal((BgpErrorCodes.Cease, BgpErrorCodes.ConnectionCollisionResolution), (n.Code, n.Subcode));
        Assert.Equal(BgpSessionState.Idle, loser!.State);
    }

    [Fact]
    public void Collision_with_an_established_connection_closes_the_new_one()
    {
        var established = Established();
        var fresh = new BgpSession(SessionConfig());
        fresh.Start(S(0)); fresh.TransportConnected(S(0), false); fresh.Drain();
        Assert.Same(fresh, BgpCollision.Resolve(established, fresh, S(1)));
        Assert.Equal(BgpSessionState.Established, established.State);
    }

    private static void AssertNotification(BgpSession s, byte code, byte subcode)
    {
        var n = Assert.IsType<NotificationMessage>(Assert.Single(s.Drain().Sent()));
        Assert.Equal((code, subcode), (n.Code, n.Subcode));
        Assert.Equal(BgpSessionState.Idle, s.State);
    }

    [Fact]
    public void A_failed_connection_attempt_does_not_disturb_a_session_using_another_connection()
    {
        var s = new BgpSession(SessionConfig());
        s.Start(S(0));
        s.TransportConnected(S(0), locallyInitiated: false); // the peer's connection came first
        s.Drain();
        s.TransportFailed(S(1)); // our own attempt fails later
        Assert.Equal(BgpSessionState.OpenSent, s.State);
        Assert.Empty(s.Drain());
    }
    [Fact]
    public void Unanswered_attempts_double_the_connect_retry_time_up_to_the_maximum_and_a_connection_resets_it()
    {
        var s = new BgpSession(SessionConfig() with { ConnectRetryTime = S(2), MaxConnectRetryTime = S(7) });
        s.Start(S(0));
        Assert.Equal(S(2), s.PollTimeout());
        var expected = new[] { (S(2), S(4)), (S(6), S(7)), (S(13), S(7)) };
        foreach (var (at, wait) in expected)
        {
            s.Drain();
            s.HandleTimeout(at);
            var outputs = s.Drain();
            Assert.Contains(outputs, o => o is BgpCloseTransport); // RFC 4271 §8.2.2: drop the attempt, open another
            Assert.Contains(outputs, o => o is BgpOpenTransport);
            Assert.Equal(BgpSessionState.Connect, s.State);
            Assert.Equal(at + wait, s.PollTimeout());
        }
        s.TransportConnected(S(14), locallyInitiated: true);
        Assert.Equal(S(2), s.ConnectRetryTime);
    }

    [Fact]
    public void Attempts_that_fail_fast_do_not_grow_the_connect_retry_time()
    {
        var s = new BgpSession(SessionConfig() with { ConnectRetryTime = S(2), MaxConnectRetryTime = S(16) });
        s.Start(S(0));
        for (int i = 0; i < 3; i++)
        {
            var now = S(3 * i + 1);
            s.TransportFailed(now); // refused at once: the peer answers, it just is not ready
            Assert.Equal(now + S(2), s.PollTimeout());
            s.HandleTimeout(now + S(2));
            Assert.Equal(BgpSessionState.Connect, s.State);
        }
        Assert.Equal(S(2), s.ConnectRetryTime);
    }

    [Fact]
    public void A_peer_that_answers_slower_than_the_connect_retry_time_is_reached_once_the_wait_has_grown()
    {
        // Each attempt is answered 3 s after it opens unless the session dropped it first (a busy reflector, a path
        // across cluster nodes). With a fixed 2 s ConnectRetryTimer every attempt is dropped before its answer.
        var answerDelay = S(3);
        var s = new BgpSession(SessionConfig() with { ConnectRetryTime = S(2), MaxConnectRetryTime = S(16) });
        TimeSpan? answerAt = null;
        var now = S(0);
        s.Start(now);
        while (now < S(60) && s.State != BgpSessionState.OpenSent)
        {
            foreach (var o in s.Drain())
            {
                if (o is BgpCloseTransport) answerAt = null;
                if (o is BgpOpenTransport) answerAt = now + answerDelay;
            }
            var timer = s.PollTimeout()!.Value;
            if (answerAt is { } a && a < timer)
            {
                now = a;
                s.TransportConnected(now, locallyInitiated: true);
            }
            else
            {
                now = timer;
                s.HandleTimeout(now);
            }
        }
        Assert.Equal(BgpSessionState.OpenSent, s.State);
        Assert.Equal(S(5), now); // the attempt at 0 s is dropped at 2 s; the next one waits 4 s and is answered at 5 s
    }
}
