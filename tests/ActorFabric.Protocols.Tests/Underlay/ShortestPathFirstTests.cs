using ActorFabric.Protocols.Underlay;
using ActorFabric.Wire.Underlay;

namespace ActorFabric.Protocols.Tests.Underlay;

public class ShortestPathFirstTests
{
    private const uint R = 1, A = 2, B = 3, C = 4;
    private static readonly UnderlayPrefix Anycast = UnderlayPrefix.Host(0xC0000201);

    private static void Lsp(LinkStateDatabase db, uint origin, bool overload, (uint Id, uint Metric)[] neighbors, params UnderlayPrefix[] extra)
    {
        var n = neighbors.Select(x => new LinkStateNeighbor(x.Id, x.Metric)).ToArray();
        var p = new[] { UnderlayPrefix.Host(origin) }.Concat(extra).ToArray();
        Assert.Equal(LspInstallOutcome.Installed, db.Install(LinkStatePacketWriter.ToArray(origin, origin, 1, 0xFFFF, overload, n, p)));
    }

    private static UnderlayRouteTable Compute(LinkStateDatabase db, params SpfRootAdjacency[] adjacencies) =>
        new ShortestPathFirst().Compute(db, R, adjacencies, UnderlayRouteTable.Empty, out _);

    [Fact]
    public void A_link_listed_by_only_one_end_is_not_used()
    {
        var db = new LinkStateDatabase();
        Lsp(db, R, false, [(A, 10)]);
        Lsp(db, A, false, [(R, 10), (B, 10)]);
        Lsp(db, B, false, []); // B no longer lists A: the A-B link is one-way

        var table = Compute(db, new SpfRootAdjacency(1, A, 10));

        Assert.True(table.TryLookup(A, out _));
        Assert.False(table.TryLookup(B, out _));
    }

    [Fact]
    public void An_overloaded_router_is_reachable_but_not_used_for_transit()
    {
        var db = new LinkStateDatabase();
        Lsp(db, R, false, [(A, 10)]);
        Lsp(db, A, true, [(R, 10), (B, 10)]);
        Lsp(db, B, false, [(A, 10)]);

        var table = Compute(db, new SpfRootAdjacency(1, A, 10));

        Assert.True(table.TryLookup(A, out _));
        Assert.False(table.TryLookup(B, out _));
    }

    [Fact]
    public void An_anycast_prefix_from_two_equally_distant_routers_gets_both_next_hops_and_the_nearer_one_wins()
    {
        var db = new LinkStateDatabase();
        Lsp(db, R, false, [(A, 10), (B, 10)]);
        Lsp(db, A, false, [(R, 10), (C, 10)], Anycast);
        Lsp(db, B, false, [(R, 10)], Anycast);
        Lsp(db, C, false, [(A, 10)], Anycast);

        var table = Compute(db, new SpfRootAdjacency(1, A, 10), new SpfRootAdjacency(2, B, 10));

        Assert.True(table.TryGetRoute(Anycast, out var route));
        Assert.Equal(10, route.Metric);
        Assert.Equal([new UnderlayNextHop(1, A), new UnderlayNextHop(2, B)], route.NextHops.ToArray());
    }

    [Fact]
    public void The_cheaper_path_wins_over_fewer_hops()
    {
        var db = new LinkStateDatabase();
        Lsp(db, R, false, [(A, 100), (B, 10)]);
        Lsp(db, A, false, [(R, 100), (C, 10)]);
        Lsp(db, B, false, [(R, 10), (C, 10)]);
        Lsp(db, C, false, [(A, 10), (B, 10)]);

        var table = Compute(db, new SpfRootAdjacency(1, A, 100), new SpfRootAdjacency(2, B, 10));

        Assert.True(table.TryLookup(A, out var toA));
        Assert.Equal(30, toA.Metric); // R-B-C-A beats the direct 100
        Assert.Equal([new UnderlayNextHop(2, B)], toA.NextHops.ToArray());
    }

    [Fact]
    public void An_unchanged_result_returns_the_previous_table_instance()
    {
        var db = new LinkStateDatabase();
        Lsp(db, R, false, [(A, 10)]);
        Lsp(db, A, false, [(R, 10)]);
        var spf = new ShortestPathFirst();
        var adjacency = new SpfRootAdjacency(1, A, 10);
        var first = spf.Compute(db, R, [adjacency], UnderlayRouteTable.Empty, out bool firstChanged);

        var second = spf.Compute(db, R, [adjacency], first, out bool secondChanged);

        Assert.True(firstChanged);
        Assert.False(secondChanged);
        Assert.Same(first, second);
    }

    [Fact]
    public void The_database_keeps_the_newest_lsp_and_reports_older_and_duplicate_copies()
    {
        var db = new LinkStateDatabase();
        byte[] Version(uint seq, uint metric) => LinkStatePacketWriter.ToArray(A, A, seq, 0xFFFF, false, [new(R, metric)], [UnderlayPrefix.Host(A)]);

        Assert.Equal(LspInstallOutcome.Installed, db.Install(Version(5, 10)));
        Assert.True(db.LastInstallChangedTopology);
        Assert.Equal(LspInstallOutcome.Duplicate, db.Install(Version(5, 10)));
        Assert.Equal(LspInstallOutcome.Older, db.Install(Version(4, 10)));
        Assert.Equal(LspInstallOutcome.Installed, db.Install(Version(6, 10)));
        Assert.False(db.LastInstallChangedTopology); // a refresh with the same content needs no SPF
        Assert.Equal(LspInstallOutcome.Installed, db.Install(Version(7, 20)));
        Assert.True(db.LastInstallChangedTopology);
        Assert.True(db.TryGetSequence(A, out uint seq));
        Assert.Equal(7u, seq);
        Assert.Equal(LspInstallOutcome.Malformed, db.Install(new byte[] { 1, 2, 3 }));
    }
}
