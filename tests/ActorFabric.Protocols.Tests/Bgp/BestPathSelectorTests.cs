using System.Net;
using ActorFabric.Protocols.Bgp.Rib;
using ActorFabric.Wire.Bgp;
using static ActorFabric.Protocols.Tests.Bgp.BgpTestData;

namespace ActorFabric.Protocols.Tests.Bgp;

public class BestPathSelectorTests
{
    private static readonly PathAttributes Base = new() { Origin = Origin.Igp, AsPath = AsPath.Empty, LocalPref = 100 };

    private static BgpPathSource Peer(int id, string address, string routerId, bool external = false, uint asn = Asn) =>
        new(id, IPAddress.Parse(address)) { RouterId = Id(routerId), IsExternal = external, As = asn };

    private static BgpPath PathFrom(BgpPathSource source, PathAttributes attributes) =>
        new(MacRoute("10.0.0.9", 1), attributes, IPAddress.Parse("10.9.9.9"), source);

    /// <summary>Asserts <paramref name="better"/> wins over <paramref name="worse"/> in both argument orders and through the Loc-RIB.</summary>
    private static void AssertPrefers(BgpPath better, BgpPath worse)
    {
        Assert.True(BestPathSelector.Instance.Compare(better, worse) < 0);
        Assert.True(BestPathSelector.Instance.Compare(worse, better) > 0);
        foreach (var order in new[] { new[] { better, worse }, new[] { worse, better } })
        {
            var rib = new LocRib();
            foreach (var p in order) rib.Upsert(p);
            Assert.Same(better, rib.GetBest(better.Route));
        }
    }

    private static readonly BgpPathSource P1 = Peer(1, "192.0.2.1", "1.1.1.1");
    private static readonly BgpPathSource P2 = Peer(2, "192.0.2.2", "2.2.2.2");

    [Fact]
    public void Locally_originated_path_wins_over_everything_learned()
    {
        var local = BgpPathSource.CreateLocal(Id("9.9.9.9"), Asn);
        AssertPrefers(PathFrom(local, Base with { LocalPref = 10 }), PathFrom(P1, Base with { LocalPref = 500 }));
    }

    [Fact]
    public void Higher_local_pref_wins_and_missing_counts_as_100() =>
        AssertPrefers(PathFrom(P2, Base with { LocalPref = 101 }), PathFrom(P1, Base with { LocalPref = null }));

    [Fact]
    public void Shorter_as_path_wins_with_an_as_set_counting_as_one()
    {
        var seq2 = new AsPath([new AsPathSegment(AsPathSegmentType.AsSequence, [65001, 65002])]);
        var set3 = new AsPath([new AsPathSegment(AsPathSegmentType.AsSet, [65001, 65002, 65003])]);
        AssertPrefers(PathFrom(P2, Base with { AsPath = set3 }), PathFrom(P1, Base with { AsPath = seq2 }));
    }

    [Fact]
    public void Lower_origin_wins() =>
        AssertPrefers(PathFrom(P2, Base with { Origin = Origin.Egp }), PathFrom(P1, Base with { Origin = Origin.Incomplete }));

    [Fact]
    public void Lower_med_wins_between_paths_from_the_same_neighbour_as()
    {
        var path = new AsPath([new AsPathSegment(AsPathSegmentType.AsSequence, [65001])]);
        AssertPrefers(PathFrom(P2, Base with { AsPath = path, MultiExitDisc = 5 }), PathFrom(P1, Base with { AsPath = path, MultiExitDisc = 10 }));
        AssertPrefers(PathFrom(P2, Base with { AsPath = path }), PathFrom(P1, Base with { AsPath = path, MultiExitDisc = 1 })); // missing = 0
    }

    [Fact]
    public void Med_is_not_compared_between_different_neighbour_ases()
    {
        var fromA = new AsPath([new AsPathSegment(AsPathSegmentType.AsSequence, [65001])]);
        var fromB = new AsPath([new AsPathSegment(AsPathSegmentType.AsSequence, [65002])]);
        // P1 has the worse MED but the lower router id, which decides.
        AssertPrefers(PathFrom(P1, Base with { AsPath = fromA, MultiExitDisc = 50 }), PathFrom(P2, Base with { AsPath = fromB, MultiExitDisc = 1 }));
    }

    [Fact]
    public void External_path_wins_over_internal()
    {
        var ext = Peer(3, "192.0.2.3", "3.3.3.3", external: true, asn: 65001);
        AssertPrefers(PathFrom(ext, Base), PathFrom(P1, Base));
    }

    [Fact]
    public void Lower_router_id_wins_and_originator_id_stands_in_for_it()
    {
        AssertPrefers(PathFrom(P1, Base), PathFrom(P2, Base));
        // P2's path carries ORIGINATOR_ID 0.0.0.5, lower than P1's router id 1.1.1.1 (RFC 4456 §9).
        AssertPrefers(PathFrom(P2, Base with { OriginatorId = Id("0.0.0.5") }), PathFrom(P1, Base));
    }

    [Fact]
    public void Shorter_cluster_list_wins_when_originator_ids_tie()
    {
        var a = PathFrom(P2, Base with { OriginatorId = Id("5.5.5.5"), ClusterList = [1] });
        var b = PathFrom(P1, Base with { OriginatorId = Id("5.5.5.5"), ClusterList = [1, 2] });
        AssertPrefers(a, b);
    }

    [Fact]
    public void Lower_peer_address_breaks_the_last_tie()
    {
        var low = Peer(7, "192.0.2.1", "5.5.5.5");
        var high = Peer(3, "192.0.2.200", "5.5.5.5");
        AssertPrefers(PathFrom(low, Base), PathFrom(high, Base));
    }

    [Fact]
    public void Loc_rib_reselects_when_the_best_path_is_withdrawn_or_replaced()
    {
        var rib = new LocRib();
        var p1 = PathFrom(P1, Base);
        var p2 = PathFrom(P2, Base);
        rib.Upsert(p2);
        var change = rib.Upsert(p1);
        Assert.Same(p2, change.OldBest);
        Assert.Same(p1, change.NewBest);
        var worse = PathFrom(P1, Base with { LocalPref = 50 });
        change = rib.Upsert(worse); // P1 replaces its own path with a worse one
        Assert.Same(p2, change.NewBest);
        Assert.Equal(2, rib.GetPaths(p1.Route).Length);
        change = rib.Remove(p2.Route, P2);
        Assert.Same(worse, change.NewBest);
        change = rib.Remove(p2.Route, P1);
        Assert.Null(change.NewBest);
        Assert.Equal(0, rib.Count);
    }
}
