using System.Net;
using ActorFabric.Protocols.Bgp.Session;
using ActorFabric.Protocols.Bgp.Speaker;
using ActorFabric.Wire.Bgp;
using static ActorFabric.Protocols.Tests.Bgp.BgpTestData;

namespace ActorFabric.Protocols.Tests.Bgp;

public class BgpSpeakerUpdateDelayTests
{
    private static readonly TimeSpan T0 = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(5);

    private static BgpSpeaker Speaker(TimeSpan delay) =>
        new(new BgpSpeakerConfig { LocalAs = Asn, RouterId = Id("10.0.0.1"), UpdateDelay = delay });

    private static List<BgpSpeakerOutput> Drain(BgpSpeaker s, TimeSpan now)
    {
        var list = new List<BgpSpeakerOutput>();
        while (s.TryPoll(now, out var o)) list.Add(o);
        return list;
    }

    [Fact]
    public void Outputs_are_held_for_the_update_delay_after_the_first_input()
    {
        var s = Speaker(Delay);
        // Passive: no transport request, which would be released at once.
        var peer = s.AddPeer(SessionConfig(passive: true) with { PeerAddress = IPAddress.Parse("10.0.0.2") }, T0);
        Assert.Equal(T0 + Delay, s.PollTimeout());
        Assert.False(s.OutputsDue(T0));
        Assert.Empty(Drain(s, T0 + Delay - TimeSpan.FromTicks(1)));

        // A later input does not push the release back: the delay runs from the first one.
        s.Originate(MacRoute("10.0.0.1", 1), Attributes(), IPAddress.Parse("10.0.0.1"), T0 + TimeSpan.FromMilliseconds(3));
        Assert.Equal(T0 + Delay, s.PollTimeout());

        s.HandleTimeout(T0 + Delay);
        Assert.True(s.OutputsDue(T0 + Delay));
        var outputs = Drain(s, T0 + Delay);
        Assert.Contains(outputs, o => o is BgpPeerStateChanged c && c.Peer == peer && c.To == BgpSessionState.Active);
        Assert.False(s.OutputsDue(T0 + Delay));
        Assert.NotEqual(T0 + Delay, s.PollTimeout()); // only the session's own timers remain
    }

    [Fact]
    public void Inputs_made_while_the_host_drains_are_released_in_the_same_drain()
    {
        var s = Speaker(Delay);
        var peer = s.AddPeer(SessionConfig() with { PeerAddress = IPAddress.Parse("10.0.0.2") }, T0);
        var at = T0 + Delay;
        Assert.True(s.TryPoll(at, out var first));
        Assert.IsType<BgpConnectRequested>(first);
        // The host finds no route and reports the failure before it has drained everything.
        s.TransportFailed(peer, at);
        var rest = Drain(s, at);
        Assert.Contains(rest, o => o is BgpPeerStateChanged);
        Assert.False(s.OutputsDue(at));
        // The next input after the drain starts a new delay.
        s.Originate(MacRoute("10.0.0.1", 1), Attributes(), IPAddress.Parse("10.0.0.1"), at + TimeSpan.FromMilliseconds(1));
        Assert.Equal(at + TimeSpan.FromMilliseconds(1) + Delay, s.PollTimeout());
    }

    [Fact]
    public void Transport_activity_alone_starts_the_delay()
    {
        var s = Speaker(Delay);
        s.HandleTransportActivity(T0);
        Assert.Equal(T0 + Delay, s.PollTimeout());
        Assert.True(s.OutputsDue(T0 + Delay));
        Assert.Empty(Drain(s, T0 + Delay));
        Assert.Null(s.PollTimeout());
    }

    [Fact]
    public void A_connection_request_is_released_at_once_with_what_was_queued_before_it()
    {
        var s = Speaker(Delay);
        s.Originate(MacRoute("10.0.0.1", 1), Attributes(), IPAddress.Parse("10.0.0.1"), T0);
        Assert.False(s.OutputsDue(T0));
        var peer = s.AddPeer(SessionConfig() with { PeerAddress = IPAddress.Parse("10.0.0.2") }, T0);
        Assert.True(s.OutputsDue(T0));
        Assert.Contains(Drain(s, T0), o => o is BgpConnectRequested c && c.Peer == peer);
        // The delay the first input started keeps running for route changes not yet packed.
        s.HandleTransportActivity(T0 + TimeSpan.FromMilliseconds(1));
        Assert.False(s.OutputsDue(T0 + TimeSpan.FromMilliseconds(1)));
        Assert.Equal(T0 + Delay, s.PollTimeout());
    }

    [Fact]
    public void A_connect_retry_closes_the_old_attempt_before_its_late_answer_can_be_taken()
    {
        // RFC 4271 §8.2.2 (Connect state, ConnectRetryTimer_Expires): drop the attempt and open a new one. Held for
        // the update delay, the close used to reach the host after the old attempt's SYN|ACK had moved the session
        // to OpenSent: the host then closed that connection, the new one was refused as unwanted, and the session
        // sat in OpenSent with no transport until its 4-minute hold timer.
        var s = Speaker(Delay);
        var host = new OneConnectionHost(s);
        var peer = s.AddPeer(SessionConfig() with { PeerAddress = IPAddress.Parse("10.0.0.2"), ConnectRetryTime = S(2) }, T0);
        host.Pump(T0);
        Assert.Equal(1, host.Current);

        var retry = T0 + S(2);
        s.HandleTimeout(retry);
        host.Pump(retry);
        var late = retry + TimeSpan.FromMilliseconds(1);
        host.Connected(1, peer, late); // the first attempt's SYN|ACK, late: only taken if that connection still exists
        host.Pump(late);
        host.Connected(2, peer, late);
        host.Pump(late);
        s.HandleTimeout(late + Delay);
        host.Pump(late + Delay);

        Assert.Equal(BgpSessionState.OpenSent, peer.State);
        Assert.NotNull(host.Current);
        Assert.Equal(host.Current, host.Sent.Single(m => m.Message is OpenMessage).Connection);
    }

    /// <summary>
    /// A host like the fabric's switch: one connection per peer at a time, numbered; it drains the speaker only when
    /// its outputs are due, and reports an attempt's success only if it still holds that connection.
    /// </summary>
    private sealed class OneConnectionHost(BgpSpeaker speaker)
    {
        private int _opened;
        public int? Current { get; private set; }
        public List<(int? Connection, BgpMessage Message)> Sent { get; } = [];

        public void Pump(TimeSpan now)
        {
            if (!speaker.OutputsDue(now)) return;
            while (speaker.TryPoll(now, out var o))
            {
                switch (o)
                {
                    case BgpConnectRequested: Current = ++_opened; break;
                    case BgpDisconnectRequested: Current = null; break;
                    case BgpTransmit t: Sent.Add((Current, t.Message)); break;
                }
            }
        }

        public void Connected(int connection, BgpPeer peer, TimeSpan now)
        {
            if (Current != connection) return; // a segment for no connection: answered with RST
            if (!speaker.TransportConnected(peer, now)) Current = null;
        }
    }

    [Fact]
    public void Without_a_delay_outputs_are_released_at_once()
    {
        var s = Speaker(TimeSpan.Zero);
        s.AddPeer(SessionConfig() with { PeerAddress = IPAddress.Parse("10.0.0.2") }, T0);
        Assert.True(s.OutputsDue(T0));
        Assert.Contains(Drain(s, T0), o => o is BgpConnectRequested);
    }
}
