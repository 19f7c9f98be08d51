using System.Net;
using ActorFabric.Protocols.Bgp.Speaker;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using static ActorFabric.Protocols.Tests.Bgp.BgpTestData;

namespace ActorFabric.Protocols.Tests.Bgp;

public class EvpnRouteInterningTests
{
    [Fact]
    public void Equal_routes_decoded_separately_come_back_as_one_instance()
    {
        var pool = new EvpnRouteInterner();
        var first = MacRoute("10.0.0.1", 7);
        var second = MacRoute("10.0.0.1", 7);
        Assert.NotSame(first, second);
        Assert.Same(first, pool.Intern(first));
        Assert.Same(first, pool.Intern(second));
    }

    [Fact]
    public void Routes_with_the_same_key_but_other_labels_or_esi_stay_distinct()
    {
        var pool = new EvpnRouteInterner();
        var route = MacRoute("10.0.0.1", 7);
        pool.Intern(route);
        var otherLabel = route with { Label1 = 20200 };
        var otherEsi = route with { Esi = new EthernetSegmentId(0x0001_0203_0405_0607UL, 0x0809) };
        var withL3Vni = route with { Label2 = 50000u };
        Assert.Same(otherLabel, pool.Intern(otherLabel));
        Assert.Same(otherEsi, pool.Intern(otherEsi));
        Assert.Same(withL3Vni, pool.Intern(withL3Vni));
        Assert.Same(route, pool.Intern(MacRoute("10.0.0.1", 7)));
    }

    [Fact]
    public void Unknown_route_types_are_pooled_by_their_whole_value()
    {
        var pool = new EvpnRouteInterner();
        var a = new UnknownEvpnRoute(42, [1, 2, 3, 4]);
        Assert.Same(a, pool.Intern(a));
        Assert.Same(a, pool.Intern(new UnknownEvpnRoute(42, [1, 2, 3, 4])));
        var c = new UnknownEvpnRoute(42, [1, 2, 3, 5]);
        Assert.Same(c, pool.Intern(c));
    }

    [Fact]
    public void A_full_pool_starts_over_and_still_returns_an_equal_route()
    {
        var pool = new EvpnRouteInterner(capacity: 4);
        for (int i = 0; i < 20; i++)
        {
            var route = MacRoute("10.0.0.1", i);
            Assert.Equal(route, pool.Intern(route));
            Assert.True(pool.Count <= 4);
        }
        var again = MacRoute("10.0.0.1", 19);
        Assert.Equal(again, pool.Intern(again));
    }

    [Fact]
    public void Next_hops_are_shared_by_address()
    {
        var pool = new EvpnRouteInterner();
        var first = IPAddress.Parse("10.1.1.1");
        Assert.Same(first, pool.InternNextHop(first));
        Assert.Same(first, pool.InternNextHop(IPAddress.Parse("10.1.1.1")));
        Assert.NotSame(first, pool.InternNextHop(IPAddress.Parse("10.1.1.2")));
    }

    [Fact]
    public void Interning_from_several_threads_hands_every_caller_an_equal_route_and_one_instance_afterwards()
    {
        var pool = new EvpnRouteInterner();
        var results = new EvpnRoute[4][];
        var threads = new Thread[results.Length];
        for (int t = 0; t < threads.Length; t++)
        {
            int slot = t;
            threads[t] = new Thread(() =>
            {
                var mine = new EvpnRoute[2000];
                for (int i = 0; i < mine.Length; i++) mine[i] = pool.Intern(MacRoute("10.0.0.1", i));
                results[slot] = mine;
            });
            threads[t].Start();
        }
        foreach (var th in threads) th.Join();
        for (int i = 0; i < 2000; i++)
        {
            var expected = MacRoute("10.0.0.1", i);
            foreach (var r in results) Assert.Equal(expected, r[i]);
            Assert.Same(pool.Intern(expected), pool.Intern(MacRoute("10.0.0.1", i)));
        }
    }

    [Fact]
    public void Attribute_interner_shares_equal_sets_across_threads()
    {
        var interner = new AttributeInterner();
        var shared = interner.Intern(Attributes());
        PathAttributes? fromOtherThread = null;
        var th = new Thread(() => fromOtherThread = interner.Intern(Attributes()));
        th.Start();
        th.Join();
        Assert.Same(shared, fromOtherThread);
        Assert.NotSame(shared, interner.Intern(Attributes(vni: 20200)));
    }

    [Fact]
    public void Speakers_given_one_pool_hold_one_route_attribute_and_next_hop_object_for_equal_received_routes()
    {
        var routes = new EvpnRouteInterner();
        var attributes = new AttributeInterner();
        var nets = new[] { Reflector(routes, attributes), Reflector(routes, attributes) };
        // Each reflector gets its own decoded copy of the same UPDATE (fresh objects, equal values).
        foreach (var net in nets)
            net["rr"].HandleReceived(net.PeerOf("rr", "c1"), Announce(IPAddress.Parse("10.0.0.1"), Attributes(), MacRoute("10.0.0.1", 1)), net.Now);
        var key = MacRoute("10.0.0.1", 1);
        var a = nets[0]["rr"].LocRib.GetBest(key)!;
        var b = nets[1]["rr"].LocRib.GetBest(key)!;
        Assert.Same(a.Route, b.Route);
        Assert.Same(a.Attributes, b.Attributes);
        Assert.Same(a.NextHop, b.NextHop);

        // Same key, other label: the path keeps exactly what was received.
        var relabelled = MacRoute("10.0.0.1", 1) with { Label1 = 30300 };
        nets[1]["rr"].HandleReceived(nets[1].PeerOf("rr", "c1"), Announce(IPAddress.Parse("10.0.0.1"), Attributes(), relabelled), nets[1].Now);
        var now = (MacIpAdvertisementRoute)nets[1]["rr"].LocRib.GetBest(key)!.Route;
        Assert.Equal(30300u, now.Label1);
        Assert.Equal(10100u, ((MacIpAdvertisementRoute)nets[0]["rr"].LocRib.GetBest(key)!.Route).Label1);
    }

    [Fact]
    public void Without_a_pool_a_speaker_keeps_the_route_object_it_received()
    {
        var net = new BgpTestNetwork();
        net.Add("rr", "10.0.0.100", routeReflector: true);
        net.Add("c1", "10.0.0.1");
        net.Peer("rr", "c1", bIsClientOfA: true);
        var received = MacRoute("10.0.0.1", 1);
        net["rr"].HandleReceived(net.PeerOf("rr", "c1"), Announce(IPAddress.Parse("10.0.0.1"), Attributes(), received), net.Now);
        Assert.Same(received, net["rr"].LocRib.GetBest(received)!.Route);
    }

    private static BgpTestNetwork Reflector(EvpnRouteInterner routes, AttributeInterner attributes)
    {
        var net = new BgpTestNetwork();
        net.Add("rr", "10.0.0.100", routeReflector: true, tweak: c => c with { RouteInterner = routes, AttributeInterner = attributes });
        net.Add("c1", "10.0.0.1");
        net.Peer("rr", "c1", bIsClientOfA: true);
        return net;
    }
}
