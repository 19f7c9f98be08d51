using ActorFabric.Protocols.Bfd;
using ActorFabric.Wire.Bfd;

namespace ActorFabric.Protocols.Tests.Bfd;

public class BfdSessionTests
{
    private static BfdPair UpPair(BfdSessionOptions? options = null)
    {
        var pair = new BfdPair(options);
        pair.Start();
        pair.RunFor(TimeSpan.FromSeconds(5));
        return pair;
    }

    [Fact]
    public void Two_sessions_come_up_through_the_three_way_handshake()
    {
        var pair = UpPair();

        Assert.Equal(BfdState.Up, pair.A.State);
        Assert.Equal(BfdState.Up, pair.B.State);
        Assert.Equal(pair.B.LocalDiscriminator, pair.A.RemoteDiscriminator);
        Assert.Equal(pair.A.LocalDiscriminator, pair.B.RemoteDiscriminator);
        Assert.Contains(pair.Events, e => e.Session == 0 && e.Event.Kind == BfdSessionEventKind.Up);
        Assert.Contains(pair.Events, e => e.Session == 1 && e.Event.Kind == BfdSessionEventKind.Up);
        // One state walk per side: Down -> (Init ->) Up; the handshake itself takes a couple of latencies.
        Assert.All(pair.Events, e => Assert.True(e.Event.At < TimeSpan.FromMilliseconds(10)));
    }

    [Fact]
    public void Once_up_the_agreed_interval_is_used_and_the_detection_time_is_multiplier_times_interval()
    {
        var pair = UpPair();

        Assert.Equal(TimeSpan.FromMilliseconds(900), pair.A.DetectionTime);
        Assert.False(pair.A.PollSequenceActive, "the poll sequence started on leaving slow start must complete");
        var upAt = pair.Events.Max(e => e.Event.At);
        var fromA = pair.Sent.Where(s => s.From == 0 && s.At > upAt + TimeSpan.FromSeconds(1)).Select(s => s.At).ToList();
        Assert.True(fromA.Count > 5);
        for (int i = 1; i < fromA.Count; i++)
        {
            // §6.8.7: each interval jittered down by 0-25% of 300 ms.
            Assert.InRange(fromA[i] - fromA[i - 1], TimeSpan.FromMilliseconds(225), TimeSpan.FromMilliseconds(300));
        }
    }

    [Fact]
    public void While_not_up_packets_go_out_no_faster_than_once_a_second()
    {
        var pair = new BfdPair();
        pair.PathBroken = true;
        pair.Start();
        pair.RunFor(TimeSpan.FromSeconds(10));

        var fromA = pair.Sent.Where(s => s.From == 0).Select(s => s.At).ToList();
        Assert.InRange(fromA.Count, 10, 14);
        Assert.All(pair.Sent, s => Assert.Equal(1_000_000u, s.Packet.DesiredMinTxIntervalMicroseconds));
        Assert.Equal(BfdState.Down, pair.A.State);
    }

    [Fact]
    public void Losing_the_path_takes_both_sessions_down_within_the_detection_time_with_diag_1()
    {
        var pair = UpPair();
        var lostAt = pair.Now;

        pair.PathBroken = true;
        pair.RunFor(TimeSpan.FromSeconds(2));

        foreach (int side in new[] { 0, 1 })
        {
            var down = Assert.Single(pair.Events, e => e.Session == side && e.Event.Kind == BfdSessionEventKind.Down).Event;
            Assert.Equal(BfdDiagnostic.ControlDetectionTimeExpired, down.Diagnostic);
            Assert.InRange(down.At, lostAt, lostAt + TimeSpan.FromMilliseconds(900));
            Assert.Equal(BfdState.Down, pair.Sessions[side].State);
            Assert.Equal(0u, pair.Sessions[side].RemoteDiscriminator);
        }
    }

    [Fact]
    public void Sessions_come_back_up_when_the_path_returns()
    {
        var pair = UpPair();
        pair.PathBroken = true;
        pair.RunFor(TimeSpan.FromSeconds(2));

        pair.PathBroken = false;
        pair.RunFor(TimeSpan.FromSeconds(5));

        Assert.Equal(BfdState.Up, pair.A.State);
        Assert.Equal(BfdState.Up, pair.B.State);
        Assert.Equal(2, pair.Events.Count(e => e.Session == 0 && e.Event.Kind == BfdSessionEventKind.Up));
    }

    [Fact]
    public void Admin_down_signals_the_peer_which_goes_down_with_diag_3_and_both_recover_on_admin_up()
    {
        var pair = UpPair();

        pair.Do(0, (s, now) => s.SetAdminDown(now));
        pair.RunFor(TimeSpan.FromSeconds(3));

        Assert.Equal(BfdState.AdminDown, pair.A.State);
        Assert.Equal(BfdState.Down, pair.B.State);
        Assert.Equal(BfdDiagnostic.AdministrativelyDown, pair.Events.Single(e => e.Session == 0 && e.Event.Kind == BfdSessionEventKind.Down).Event.Diagnostic);
        Assert.Equal(BfdDiagnostic.NeighborSignaledSessionDown, pair.Events.Single(e => e.Session == 1 && e.Event.Kind == BfdSessionEventKind.Down).Event.Diagnostic);
        Assert.All(pair.Sent.Where(s => s.From == 0 && s.At > pair.Now - TimeSpan.FromSeconds(2)), s => Assert.Equal(BfdState.AdminDown, s.Packet.State));

        pair.Do(0, (s, now) => s.SetAdminUp(now));
        pair.RunFor(TimeSpan.FromSeconds(5));

        Assert.Equal(BfdState.Up, pair.A.State);
        Assert.Equal(BfdState.Up, pair.B.State);
    }

    [Fact]
    public void A_packet_for_another_discriminator_is_ignored()
    {
        var pair = UpPair();
        var stray = new BfdControlPacket(BfdState.Down, BfdDiagnostic.None, 3, 0x9999, 0x7777, 300_000, 300_000);

        Assert.False(pair.A.HandlePacket(stray, pair.Now));
        Assert.Equal(BfdState.Up, pair.A.State);
    }

    [Fact]
    public void A_poll_is_answered_at_once_with_final()
    {
        var pair = UpPair();
        var poll = new BfdControlPacket(BfdState.Up, BfdDiagnostic.None, 3, pair.B.LocalDiscriminator, pair.A.LocalDiscriminator, 300_000, 300_000, Poll: true);

        Assert.True(pair.A.HandlePacket(poll, pair.Now));

        Assert.True(pair.A.TryPollTransmit(out var reply));
        Assert.True(reply.Packet.Final);
        Assert.False(reply.Packet.Poll);
        Assert.Equal(pair.Now, reply.At);
    }

    [Fact]
    public void Configured_intervals_and_multiplier_set_the_detection_time()
    {
        var options = new BfdSessionOptions { DesiredMinTxInterval = TimeSpan.FromMilliseconds(50), RequiredMinRxInterval = TimeSpan.FromMilliseconds(100), DetectMultiplier = 5 };
        var pair = UpPair(options);
        var lostAt = pair.Now;

        Assert.Equal(TimeSpan.FromMilliseconds(500), pair.A.DetectionTime);
        pair.PathBroken = true;
        pair.RunFor(TimeSpan.FromSeconds(1));

        var down = pair.Events.Single(e => e.Session == 0 && e.Event.Kind == BfdSessionEventKind.Down).Event;
        Assert.InRange(down.At, lostAt, lostAt + TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public void The_same_seed_gives_the_same_packet_times()
    {
        static string Trace()
        {
            var pair = UpPair();
            pair.PathBroken = true;
            pair.RunFor(TimeSpan.FromSeconds(2));
            pair.PathBroken = false;
            pair.RunFor(TimeSpan.FromSeconds(3));
            return string.Join("\n", pair.Sent.Select(s => $"{s.From} {s.At.Ticks} {s.Packet}"));
        }

        Assert.Equal(Trace(), Trace());
    }
}
