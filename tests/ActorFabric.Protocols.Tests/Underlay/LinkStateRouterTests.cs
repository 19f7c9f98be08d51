using ActorFabric.Protocols.Underlay;
using ActorFabric.Wire.Underlay;

namespace ActorFabric.Protocols.Tests.Underlay;

public class LinkStateRouterTests
{
    private const int Spines = 2;
    private const int Leaves = 4;

    private static int Leaf(int i) => Spines + i;
    private static int Spine(int i) => i;
    private static uint IdOf(UnderlayNetwork n, int router) => n.Routers[router].RouterId;

    private static UnderlayNetwork ConvergedFabric(int seed = 1, Func<uint, LinkStateRouterOptions>? options = null)
    {
        var network = UnderlayNetwork.SpineLeaf(Spines, Leaves, seed, options);
        network.StartAll();
        network.RunFor(TimeSpan.FromSeconds(10));
        return network;
    }

    private static UnderlayRoute RouteTo(UnderlayNetwork network, int from, int to)
    {
        Assert.True(network.Routers[from].RouteTable.TryGetRoute(UnderlayPrefix.Host(IdOf(network, to)), out var route),
            $"router {from} has no route to router {to}");
        return route;
    }

    private static UnderlayNextHop[] Via(UnderlayNetwork network, int from, params int[] neighbors)
    {
        var hops = neighbors.Select(n => new UnderlayNextHop(network.InterfaceTowards(from, n), IdOf(network, n))).ToArray();
        Array.Sort(hops);
        return hops;
    }

    private static void AssertFullyConvergedFabric(UnderlayNetwork network)
    {
        for (int l = 0; l < Leaves; l++)
        {
            for (int other = 0; other < Leaves; other++)
            {
                var route = RouteTo(network, Leaf(l), Leaf(other));
                if (other == l)
                {
                    Assert.True(route.IsLocal);
                    continue;
                }
                Assert.Equal(20, route.Metric);
                Assert.Equal(Via(network, Leaf(l), Spine(0), Spine(1)), route.NextHops.ToArray());
            }
            for (int s = 0; s < Spines; s++)
            {
                var route = RouteTo(network, Leaf(l), Spine(s));
                Assert.Equal(10, route.Metric);
                Assert.Equal(Via(network, Leaf(l), Spine(s)), route.NextHops.ToArray());
            }
        }
        var spineToSpine = RouteTo(network, Spine(0), Spine(1));
        Assert.Equal(20, spineToSpine.Metric);
        Assert.Equal(Via(network, Spine(0), Leaf(0), Leaf(1), Leaf(2), Leaf(3)), spineToSpine.NextHops.ToArray());
        foreach (var router in network.Routers) Assert.Equal(Spines + Leaves, router.RouteTable.Count);
    }

    [Fact]
    public void Every_loopback_is_reachable_and_leaf_to_leaf_uses_both_spines()
    {
        var network = ConvergedFabric();

        AssertFullyConvergedFabric(network);
        Assert.All(network.Routers, r => Assert.Equal(Spines + Leaves, r.Database.LspCount));
    }

    [Fact]
    public void Adjacencies_come_up_on_every_link_with_the_right_neighbor()
    {
        var network = ConvergedFabric();

        foreach (var link in network.Links)
        {
            var a = network.Routers[link.A].GetAdjacency(link.InterfaceA);
            Assert.Equal(LinkStateAdjacencyState.Up, a.State);
            Assert.Equal(IdOf(network, link.B), a.NeighborRouterId);
        }
        Assert.Equal(network.Links.Count * 2, network.Events.Count(e => e.Event is AdjacencyUp));
    }

    [Fact]
    public void A_link_going_down_removes_its_paths_and_the_fabric_reconverges_around_it()
    {
        var network = ConvergedFabric();
        var link = network.LinkBetween(Leaf(0), Spine(0));

        network.TakeDown(link);
        network.RunFor(TimeSpan.FromSeconds(5));

        Assert.Contains(network.Events, e => e.Event is AdjacencyDown { Reason: AdjacencyDownReason.LinkDown });
        // Leaf 0 now reaches every other leaf through spine 1 only, and they reach it the same way.
        for (int other = 1; other < Leaves; other++)
        {
            Assert.Equal(Via(network, Leaf(0), Spine(1)), RouteTo(network, Leaf(0), Leaf(other)).NextHops.ToArray());
            Assert.Equal(Via(network, Leaf(other), Spine(1)), RouteTo(network, Leaf(other), Leaf(0)).NextHops.ToArray());
        }
        // Spine 0 reaches leaf 0 the long way: down to any other leaf, up to spine 1, down to leaf 0.
        var around = RouteTo(network, Spine(0), Leaf(0));
        Assert.Equal(30, around.Metric);
        Assert.Equal(Via(network, Spine(0), Leaf(1), Leaf(2), Leaf(3)), around.NextHops.ToArray());
        Assert.Equal(30, RouteTo(network, Leaf(0), Spine(0)).Metric);
    }

    [Fact]
    public void A_link_coming_back_restores_the_equal_cost_paths()
    {
        var network = ConvergedFabric();
        var link = network.LinkBetween(Leaf(0), Spine(0));
        network.TakeDown(link);
        network.RunFor(TimeSpan.FromSeconds(5));

        network.BringUp(link);
        network.RunFor(TimeSpan.FromSeconds(10));

        AssertFullyConvergedFabric(network);
    }

    [Fact]
    public void A_router_dying_silently_is_detected_by_the_hello_hold_time()
    {
        var network = ConvergedFabric();
        var killedAt = network.Now;

        network.Kill(Spine(0));
        network.RunFor(TimeSpan.FromSeconds(6));

        var options = UnderlayNetwork.DefaultOptions(1);
        var latency = network.Links[0].Latency; // the last hello may still have been in flight
        var downs = network.Events.Where(e => e.Event is AdjacencyDown).ToList();
        Assert.Equal(Leaves, downs.Count);
        Assert.All(downs, d =>
        {
            var down = (AdjacencyDown)d.Event;
            Assert.Equal(AdjacencyDownReason.HoldTimeExpired, down.Reason);
            Assert.Equal(IdOf(network, Spine(0)), down.NeighborRouterId);
            Assert.InRange(down.At, killedAt + options.HoldTime - options.HelloInterval, killedAt + options.HoldTime + latency);
        });
        for (int l = 0; l < Leaves; l++)
        {
            Assert.False(network.Routers[Leaf(l)].RouteTable.TryGetRoute(UnderlayPrefix.Host(IdOf(network, Spine(0))), out _),
                "the dead spine's stale LSP must fail the two-way check");
            for (int other = 0; other < Leaves; other++)
            {
                if (other != l) Assert.Equal(Via(network, Leaf(l), Spine(1)), RouteTo(network, Leaf(l), Leaf(other)).NextHops.ToArray());
            }
        }
    }

    [Fact]
    public void A_restarted_router_outbids_its_stale_lsp_and_the_fabric_recovers()
    {
        var network = ConvergedFabric();
        uint before = network.Routers[Spine(0)].OwnSequenceNumber;
        network.Kill(Spine(0));
        network.RunFor(TimeSpan.FromSeconds(6));

        network.Restart(Spine(0), UnderlayNetwork.DefaultOptions(UnderlayNetwork.SpineId(0)));
        network.RunFor(TimeSpan.FromSeconds(10));

        Assert.True(network.Routers[Spine(0)].OwnSequenceNumber > before);
        network.Routers[Leaf(1)].Database.TryGetSequence(UnderlayNetwork.SpineId(0), out uint seenByLeaf);
        Assert.Equal(network.Routers[Spine(0)].OwnSequenceNumber, seenByLeaf);
        AssertFullyConvergedFabric(network);
    }

    [Fact]
    public void Lossy_links_still_converge_through_retransmission()
    {
        var network = UnderlayNetwork.SpineLeaf(Spines, Leaves, seed: 7, options: id => UnderlayNetwork.DefaultOptions(id) with
        {
            HoldTime = TimeSpan.FromSeconds(20), // survive runs of lost hellos: this test is about flooding
        });
        foreach (var link in network.Links) link.Loss = 0.3;
        network.StartAll();

        network.RunFor(TimeSpan.FromSeconds(60));

        AssertFullyConvergedFabric(network);
        Assert.True(network.Routers.Sum(r => r.Statistics.LspRetransmissions) > 0, "30% loss must have cost retransmissions");
    }

    [Fact]
    public void Flooding_stops_once_converged_and_its_total_is_bounded()
    {
        var network = ConvergedFabric();
        long lspsAtConvergence = network.Sent(LinkStatePduType.LinkStatePacket);
        long psnpsAtConvergence = network.Sent(LinkStatePduType.PartialSequenceNumbers);
        long originations = network.Routers.Sum(r => r.Statistics.LspsOriginated);
        long spfRuns = network.Routers.Sum(r => r.Statistics.SpfRuns);

        network.RunFor(TimeSpan.FromSeconds(60));

        Assert.Equal(lspsAtConvergence, network.Sent(LinkStatePduType.LinkStatePacket));
        Assert.Equal(psnpsAtConvergence, network.Sent(LinkStatePduType.PartialSequenceNumbers));
        Assert.Equal(spfRuns, network.Routers.Sum(r => r.Statistics.SpfRuns));
        // Paced flooding: a copy received from a neighbor cancels ours towards it, so each LSP
        // version crosses each link once, not once per direction. Boot coalesces to one LSP per router.
        Assert.InRange(lspsAtConvergence, originations, originations * network.Links.Count);
        Assert.InRange(originations, Spines + Leaves, 2 * (Spines + Leaves));
    }

    [Fact]
    public void The_same_seed_replays_the_same_events_bit_for_bit()
    {
        static string Digest()
        {
            var network = UnderlayNetwork.SpineLeaf(Spines, Leaves, seed: 3);
            foreach (var link in network.Links) link.Loss = 0.1;
            network.StartAll();
            network.RunFor(TimeSpan.FromSeconds(5));
            network.TakeDown(network.LinkBetween(Leaf(1), Spine(1)));
            network.RunFor(TimeSpan.FromSeconds(5));
            return string.Join("\n", network.Events.Select(e => e.Event is RouteTableChanged c
                ? $"{e.Router} {c.At.Ticks} table {string.Join(";", c.Table.Routes.ToArray().Select(r => r.ToString()))}"
                : $"{e.Router} {e.Event}"));
        }

        Assert.Equal(Digest(), Digest());
    }

    [Fact]
    public void Packets_forwarded_hop_by_hop_reach_the_destination_and_flows_spread_over_both_spines()
    {
        var network = ConvergedFabric();
        uint destination = IdOf(network, Leaf(3));
        var firstSpine = new HashSet<uint>();

        for (uint sourcePort = 49152; sourcePort < 49152 + 64; sourcePort++)
        {
            int at = Leaf(0);
            int hops = 0;
            while (true)
            {
                var decision = EcmpNextHopSelector.Decide(network.Routers[at].RouteTable, destination, sourcePort, network.Routers[at].RouterId);
                if (decision.Kind == UnderlayForwardingKind.Local) break;
                Assert.Equal(UnderlayForwardingKind.Forward, decision.Kind);
                if (hops == 0) firstSpine.Add(decision.NextHop.NeighborRouterId);
                at = network.Routers.FindIndex(r => r.RouterId == decision.NextHop.NeighborRouterId);
                Assert.True(++hops <= 2, "a leaf-to-leaf path is two hops");
            }
            Assert.Equal(Leaf(3), at);
            Assert.Equal(2, hops);
        }
        Assert.Equal(new HashSet<uint> { IdOf(network, Spine(0)), IdOf(network, Spine(1)) }, firstSpine);
    }

    [Fact]
    public void Spf_is_throttled_when_changes_keep_coming()
    {
        var network = ConvergedFabric();
        long before = network.Routers[Leaf(0)].Statistics.SpfRuns;
        var link = network.LinkBetween(Leaf(1), Spine(0));

        // Flap a link every 10 ms for a second: 100 changes must not cost 100 SPF runs.
        for (int i = 0; i < 100; i++)
        {
            if (i % 2 == 0) network.TakeDown(link); else network.BringUp(link);
            network.RunFor(TimeSpan.FromMilliseconds(10));
        }
        network.RunFor(TimeSpan.FromSeconds(10));

        Assert.InRange(network.Routers[Leaf(0)].Statistics.SpfRuns - before, 1, 20);
        AssertFullyConvergedFabric(network);
    }

    [Fact]
    public void Overloading_a_spine_drains_transit_traffic_off_it_and_clearing_it_restores_ecmp()
    {
        var network = ConvergedFabric();

        network.Routers[Spine(0)].SetOverload(true, network.Now);
        network.RunFor(TimeSpan.FromSeconds(2));

        Assert.Equal(Via(network, Leaf(0), Spine(1)), RouteTo(network, Leaf(0), Leaf(1)).NextHops.ToArray());
        Assert.Equal(Via(network, Leaf(0), Spine(0)), RouteTo(network, Leaf(0), Spine(0)).NextHops.ToArray());

        network.Routers[Spine(0)].SetOverload(false, network.Now);
        network.RunFor(TimeSpan.FromSeconds(2));

        AssertFullyConvergedFabric(network);
    }

    [Fact]
    public void Raising_a_link_metric_moves_traffic_to_the_cheaper_spine()
    {
        var network = ConvergedFabric();
        int leaf = Leaf(0);

        network.Routers[leaf].SetInterfaceMetric(network.InterfaceTowards(leaf, Spine(0)), 100, network.Now);
        network.RunFor(TimeSpan.FromSeconds(2));

        var route = RouteTo(network, leaf, Leaf(1));
        Assert.Equal(20, route.Metric);
        Assert.Equal(Via(network, leaf, Spine(1)), route.NextHops.ToArray());
    }
}

public class LinkStateRouterScaleTests
{
    [Fact]
    public void A_four_spine_fabric_converges_with_four_way_ecmp_and_one_copy_of_each_lsp_per_link()
    {
        const int spines = 4, leaves = 24;
        var network = UnderlayNetwork.SpineLeaf(spines, leaves);
        network.StartAll();
        network.RunFor(TimeSpan.FromSeconds(5));

        foreach (var router in network.Routers) Assert.Equal(spines + leaves, router.RouteTable.Count);
        for (int l = 0; l < leaves; l++)
        {
            var route = network.Routers[spines + l].RouteTable;
            Assert.True(route.TryLookup(UnderlayNetwork.LeafId((l + 1) % leaves), out var toNextLeaf));
            Assert.Equal(spines, toNextLeaf.NextHopCount);
        }
        Assert.True(network.Routers[0].RouteTable.TryLookup(UnderlayNetwork.SpineId(3), out var spineToSpine));
        Assert.Equal(leaves, spineToSpine.NextHopCount);
        long originations = network.Routers.Sum(r => r.Statistics.LspsOriginated);
        Assert.Equal(spines + leaves, originations);
        Assert.Equal(originations * network.Links.Count, network.Sent(ActorFabric.Wire.Underlay.LinkStatePduType.LinkStatePacket));
    }

    [Fact]
    public void Parallel_links_to_one_neighbor_are_separate_ecmp_members()
    {
        var network = new UnderlayNetwork();
        int a = network.AddRouter(UnderlayNetwork.DefaultOptions(UnderlayNetwork.LeafId(0)));
        int b = network.AddRouter(UnderlayNetwork.DefaultOptions(UnderlayNetwork.LeafId(1)));
        network.Connect(a, b);
        network.Connect(a, b);
        network.StartAll();
        network.RunFor(TimeSpan.FromSeconds(3));

        Assert.True(network.Routers[a].RouteTable.TryLookup(UnderlayNetwork.LeafId(1), out var route));
        Assert.Equal([new UnderlayNextHop(1, UnderlayNetwork.LeafId(1)), new UnderlayNextHop(2, UnderlayNetwork.LeafId(1))], route.NextHops.ToArray());
        Assert.Equal(10, route.Metric);
    }
}
