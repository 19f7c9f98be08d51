using System.Net;
using ActorFabric.Protocols.Bgp.Speaker;
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
        var peer = s.AddPeer(SessionConfig() with { PeerAddress = IPAddress.Parse("10.0.0.2") }, T0);
        Assert.Equal(T0 + Delay, s.PollTimeout());
        Assert.False(s.OutputsDue(T0));
        Assert.Empty(Drain(s, T0 + Delay - TimeSpan.FromTicks(1)));

        // A later input does not push the release back: the delay runs from the first one.
        s.Originate(MacRoute("10.0.0.1", 1), Attributes(), IPAddress.Parse("10.0.0.1"), T0 + TimeSpan.FromMilliseconds(3));
        Assert.Equal(T0 + Delay, s.PollTimeout());

        s.HandleTimeout(T0 + Delay);
        Assert.True(s.OutputsDue(T0 + Delay));
        var outputs = Drain(s, T0 + Delay);
        Assert.Contains(outputs, o => o is BgpConnectRequested c && c.Peer == peer);
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
    public void Without_a_delay_outputs_are_released_at_once()
    {
        var s = Speaker(TimeSpan.Zero);
        s.AddPeer(SessionConfig() with { PeerAddress = IPAddress.Parse("10.0.0.2") }, T0);
        Assert.True(s.OutputsDue(T0));
        Assert.Contains(Drain(s, T0), o => o is BgpConnectRequested);
    }
}
