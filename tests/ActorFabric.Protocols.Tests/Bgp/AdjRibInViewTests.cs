using System.Net;
using ActorFabric.Protocols.Bgp.Rib;
using static ActorFabric.Protocols.Tests.Bgp.BgpTestData;

namespace ActorFabric.Protocols.Tests.Bgp;

/// <summary>The Adj-RIB-In is a view over the Loc-RIB: one stored path per accepted route, read back per peer.</summary>
public class AdjRibInViewTests
{
    private static readonly BgpPathSource P1 = new(1, IPAddress.Parse("192.0.2.1")) { RouterId = Id("1.1.1.1"), As = Asn };
    private static readonly BgpPathSource P2 = new(2, IPAddress.Parse("192.0.2.2")) { RouterId = Id("2.2.2.2"), As = Asn };
    private static readonly IPAddress Hop = IPAddress.Parse("10.9.9.9");

    private static BgpPath Path(BgpPathSource source, int index, uint localPref = 100) =>
        new(MacRoute("10.0.0.9", index), Attributes() with { LocalPref = localPref }, Hop, source);

    [Fact]
    public void Each_peer_sees_only_its_own_paths_while_the_loc_rib_holds_them_once()
    {
        var rib = new LocRib();
        var in1 = new AdjRibIn(rib, P1);
        var in2 = new AdjRibIn(rib, P2);
        var a1 = Path(P1, 1);
        var a2 = Path(P2, 1);
        var b2 = Path(P2, 2);
        in1.Set(a1);
        in2.Set(a2);
        in2.Set(b2);
        Assert.Equal(1, in1.Count);
        Assert.Equal(2, in2.Count);
        Assert.Equal([a1], in1.Paths);
        Assert.Equal([a2, b2], in2.Paths);
        Assert.True(in1.TryGet(MacRoute("10.0.0.9", 1), out var got));
        Assert.Same(a1, got);
        Assert.False(in1.TryGet(MacRoute("10.0.0.9", 2), out _));
        Assert.Equal(2, rib.Count);
        Assert.Equal(2, rib.GetPaths(a1.Route).Length);
    }

    [Fact]
    public void Replacing_a_path_keeps_the_count_and_withdrawing_reports_the_loc_rib_change()
    {
        var rib = new LocRib();
        var in1 = new AdjRibIn(rib, P1);
        var first = Path(P1, 1, localPref: 100);
        var change = in1.Set(first);
        Assert.Same(first, change.NewBest);
        var second = Path(P1, 1, localPref: 200);
        change = in1.Set(second);
        Assert.Same(first, change.OldBest);
        Assert.Same(second, change.NewBest);
        Assert.Equal(1, in1.Count);
        change = in1.Remove(second.Route);
        Assert.Same(second, change.OldBest);
        Assert.Null(change.NewBest);
        Assert.Equal(0, in1.Count);
        Assert.False(in1.Remove(second.Route).Changed); // nothing left to withdraw
        Assert.Equal(0, rib.Count);
    }

    [Fact]
    public void Stale_marks_follow_the_peers_paths_and_a_re_sent_path_is_fresh()
    {
        var rib = new LocRib();
        var in1 = new AdjRibIn(rib, P1);
        var in2 = new AdjRibIn(rib, P2);
        var keep = Path(P1, 1);
        var gone = Path(P1, 2);
        var other = Path(P2, 2);
        in1.Set(keep);
        in1.Set(gone);
        in2.Set(other);
        in1.MarkAllStale();
        Assert.Equal(2, in1.StaleCount);
        Assert.True(keep.Stale);
        Assert.True(gone.Stale);
        Assert.False(other.Stale);

        var resent = Path(P1, 1);
        in1.Set(resent);
        Assert.False(resent.Stale);
        Assert.Equal(1, in1.StaleCount);

        var changes = in1.RemoveStale();
        Assert.Single(changes);
        Assert.Same(gone, changes[0].OldBest);
        Assert.Same(other, changes[0].NewBest); // P2's path takes over the key
        Assert.Equal(0, in1.StaleCount);
        Assert.Equal(1, in1.Count);
        Assert.Same(resent, rib.GetBest(resent.Route));
    }

    [Fact]
    public void Clearing_removes_every_path_of_the_peer_in_loc_rib_order_and_leaves_the_others()
    {
        var rib = new LocRib();
        var in1 = new AdjRibIn(rib, P1);
        var in2 = new AdjRibIn(rib, P2);
        var p1 = new[] { Path(P1, 3), Path(P1, 1), Path(P1, 2) };
        foreach (var p in p1) in1.Set(p);
        in2.Set(Path(P2, 1));
        in1.MarkAllStale();
        var changes = in1.Clear();
        Assert.Equal(p1.Select(p => (object)p), changes.Select(c => (object)c.OldBest!));
        Assert.Equal(0, in1.Count);
        Assert.Equal(0, in1.StaleCount);
        Assert.False(p1[0].Stale);
        Assert.Equal(1, in2.Count);
        Assert.Equal(1, rib.Count);
    }
}
