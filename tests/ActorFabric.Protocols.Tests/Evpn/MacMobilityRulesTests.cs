using System.Net;
using ActorFabric.Protocols.Evpn;
using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Tests.Evpn;

/// <summary>The RFC 7432 §15 rules of <see cref="MacMobility"/> on their own: precedence, learning verdicts, duplicate counting.</summary>
public class MacMobilityRulesTests
{
    private static readonly EthernetSegmentId NoEsi = EthernetSegmentId.Zero;
    private static readonly EthernetSegmentId Segment = EthernetSegmentId.Parse("00:11:22:33:44:55:66:77:88:99");
    private static readonly EthernetSegmentId OtherSegment = EthernetSegmentId.Parse("00:11:22:33:44:55:66:77:88:aa");
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private static MacClaim From(string pe, uint sequence = 0, bool sticky = false) => new(sequence, sticky, IPAddress.Parse(pe));

    private static MacClaim Winner(params MacClaim[] claims)
    {
        var best = claims[0];
        foreach (var c in claims) if (MacMobility.Compare(c, best) < 0) best = c;
        return best;
    }

    [Fact]
    public void Higher_sequence_wins_and_a_route_without_the_community_counts_as_zero()
    {
        var original = MacClaim.Of(new PathAttributes { ExtendedCommunities = [ExtendedCommunity.VxlanEncapsulation] }, IPAddress.Parse("10.0.0.1"));
        var moved = MacClaim.Of(new PathAttributes { ExtendedCommunities = [ExtendedCommunity.MacMobility(1, false)] }, IPAddress.Parse("10.0.0.2"));
        Assert.Equal(From("10.0.0.1"), original);
        Assert.Equal(moved, Winner(original, moved));
        Assert.Equal(moved, Winner(moved, original));
    }

    [Fact]
    public void A_sticky_claim_beats_any_sequence_number_and_any_address()
    {
        var sticky = From("10.0.0.9", 0, sticky: true);
        Assert.Equal(sticky, Winner(From("10.0.0.1", 100), sticky));
        Assert.Equal(sticky, Winner(sticky, From("10.0.0.1", uint.MaxValue)));
    }

    [Fact]
    public void Between_two_sticky_claims_the_sequence_and_then_the_lower_address_decide()
    {
        Assert.Equal(From("10.0.0.9", 2, true), Winner(From("10.0.0.1", 1, true), From("10.0.0.9", 2, true)));
        Assert.Equal(From("10.0.0.1", 0, true), Winner(From("10.0.0.9", 0, true), From("10.0.0.1", 0, true)));
    }

    [Fact]
    public void Sequence_numbers_compare_as_serial_numbers_across_wrap_around()
    {
        Assert.True(MacMobility.IsNewer(0, uint.MaxValue));
        Assert.True(MacMobility.IsNewer(1, uint.MaxValue));
        Assert.True(MacMobility.IsNewer(5, 4));
        Assert.False(MacMobility.IsNewer(4, 4));
        Assert.False(MacMobility.IsNewer(uint.MaxValue, 0));
        Assert.Equal(0u, MacMobility.Max(uint.MaxValue, 0));
        Assert.Equal(0x8000_0005u, MacMobility.Max(0x8000_0005, 0x8000_0004));
        // Exactly half the space apart: neither is newer (RFC 1982 §3.2 leaves it undefined); the address decides.
        Assert.False(MacMobility.IsNewer(0x8000_0000, 0));
        Assert.False(MacMobility.IsNewer(0, 0x8000_0000));
        Assert.Equal(From("10.0.0.1", 0), Winner(From("10.0.0.2", 0x8000_0000), From("10.0.0.1", 0)));
        Assert.Equal(From("10.0.0.1", 0x8000_0000), Winner(From("10.0.0.2", 0), From("10.0.0.1", 0x8000_0000)));

        var wrapped = From("10.0.0.2", 2);
        var old = From("10.0.0.1", uint.MaxValue - 1);
        Assert.Equal(wrapped, Winner(old, wrapped));
    }

    [Fact]
    public void Equal_sequence_numbers_go_to_the_lower_pe_address_ipv4_before_ipv6()
    {
        Assert.Equal(From("10.0.0.1", 3), Winner(From("10.0.0.2", 3), From("10.0.0.1", 3)));
        Assert.Equal(From("10.0.0.10", 3), Winner(From("10.0.0.9", 2), From("10.0.0.10", 3)));
        Assert.Equal(From("192.0.2.200", 3), Winner(From("2001:db8::1", 3), From("192.0.2.200", 3)));
    }

    [Fact]
    public void A_remote_route_takes_a_local_mac_with_a_newer_sequence_or_an_equal_one_from_a_lower_address()
    {
        var local = From("10.0.0.5", 4);
        Assert.Equal(RemoteChallenge.RemoteWins, MacMobility.Challenge(local, NoEsi, From("10.0.0.9", 5), NoEsi));
        Assert.Equal(RemoteChallenge.RemoteWins, MacMobility.Challenge(local, NoEsi, From("10.0.0.1", 4), NoEsi));
        Assert.Equal(RemoteChallenge.LocalWins, MacMobility.Challenge(local, NoEsi, From("10.0.0.9", 4), NoEsi));
        Assert.Equal(RemoteChallenge.LocalWins, MacMobility.Challenge(local, NoEsi, From("10.0.0.1", 3), NoEsi));
    }

    [Fact]
    public void The_same_non_zero_esi_on_both_sides_is_a_multihoming_peer_not_a_move()
    {
        Assert.False(MacMobility.IsMove(Segment, Segment));
        Assert.True(MacMobility.IsMove(NoEsi, NoEsi)); // single-homed on both sides: always a move
        Assert.True(MacMobility.IsMove(Segment, OtherSegment));
        Assert.True(MacMobility.IsMove(Segment, NoEsi));
        Assert.True(MacMobility.IsMove(NoEsi, Segment));

        Assert.Equal(RemoteChallenge.SameSegment, MacMobility.Challenge(From("10.0.0.5", 0), Segment, From("10.0.0.1", 9), Segment));
        Assert.Equal(RemoteChallenge.RemoteWins, MacMobility.Challenge(From("10.0.0.5", 0), Segment, From("10.0.0.1", 9), OtherSegment));
        Assert.Equal(new LocalLearning(LearningKind.SameSegment, 9), MacMobility.Learn(false, Segment, From("10.0.0.1", 9), Segment, 9));
        Assert.Equal(new LocalLearning(LearningKind.Move, 10), MacMobility.Learn(false, OtherSegment, From("10.0.0.1", 9), Segment, 9));
    }

    [Fact]
    public void A_static_mac_is_kept_against_any_remote_route_and_a_learned_one_yields_to_a_sticky_route()
    {
        Assert.Equal(RemoteChallenge.StaticKept, MacMobility.Challenge(From("10.0.0.5", 0, sticky: true), NoEsi, From("10.0.0.1", 7), NoEsi));
        Assert.Equal(RemoteChallenge.StaticKept, MacMobility.Challenge(From("10.0.0.5", 0, sticky: true), NoEsi, From("10.0.0.1", 0, sticky: true), NoEsi));
        Assert.Equal(RemoteChallenge.StickyElsewhere, MacMobility.Challenge(From("10.0.0.5", 9), NoEsi, From("10.0.0.9", 0, sticky: true), NoEsi));
    }

    [Fact]
    public void A_local_learning_advertises_zero_first_the_highest_received_plus_one_after_a_move_and_zero_sticky_when_static()
    {
        Assert.Equal(new LocalLearning(LearningKind.First, 0), MacMobility.Learn(false, NoEsi, null, NoEsi, 0));
        Assert.Equal(new LocalLearning(LearningKind.Move, 1), MacMobility.Learn(false, NoEsi, From("10.0.0.1"), NoEsi, 0));
        // The highest sequence among every remote route counts, not only the winner's.
        Assert.Equal(new LocalLearning(LearningKind.Move, 8), MacMobility.Learn(false, NoEsi, From("10.0.0.1", 3), NoEsi, 7));
        Assert.Equal(new LocalLearning(LearningKind.Move, 0), MacMobility.Learn(false, NoEsi, From("10.0.0.1", uint.MaxValue), NoEsi, uint.MaxValue));
        Assert.Equal(new LocalLearning(LearningKind.Static, 0), MacMobility.Learn(true, NoEsi, From("10.0.0.1", 7), NoEsi, 7));
        Assert.True(MacMobility.Learn(false, NoEsi, From("10.0.0.1", 0, sticky: true), NoEsi, 0).Refused);
    }

    [Fact]
    public void The_nth_move_inside_the_window_makes_a_duplicate_and_later_moves_are_not_counted()
    {
        var mobility = new MacMobility(new MacMobilityOptions());
        var history = new MacMoveHistory();
        for (int move = 1; move <= 4; move++)
            Assert.False(mobility.RecordMove(history, move * 30 * Second));
        Assert.True(mobility.RecordMove(history, 179 * Second)); // 5th move, 149 s after the first
        Assert.True(history.Duplicate);
        Assert.Equal(179 * Second, history.DuplicateSince);
        Assert.False(mobility.RecordMove(history, 180 * Second));
        Assert.Equal(5, history.MovesInWindow);
        Assert.Null(mobility.ReleaseDue(history)); // no recovery time configured: the operator releases it
    }

    [Fact]
    public void A_move_after_the_window_closed_opens_a_new_window()
    {
        var mobility = new MacMobility(new MacMobilityOptions { DuplicateMoveThreshold = 3, DuplicateDetectionWindow = 60 * Second, DuplicateRecoveryTime = 300 * Second });
        var history = new MacMoveHistory();
        Assert.False(mobility.RecordMove(history, 0 * Second));
        Assert.False(mobility.RecordMove(history, 30 * Second));
        Assert.False(mobility.RecordMove(history, 60 * Second)); // the window [0, 60 s) is over: this one opens [60, 120)
        Assert.Equal(1, history.MovesInWindow);
        Assert.False(mobility.RecordMove(history, 90 * Second));
        Assert.True(mobility.RecordMove(history, 119 * Second));
        Assert.Equal(419 * Second, mobility.ReleaseDue(history));
    }

    [Fact]
    public void A_threshold_below_one_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new MacMobility(new MacMobilityOptions { DuplicateMoveThreshold = 0 }));
    }
}
