using System.Net;
using ActorFabric.Protocols.Bgp.Rib;
using ActorFabric.Protocols.Bgp.Session;
using ActorFabric.Protocols.Bgp.Speaker;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using static ActorFabric.Protocols.Tests.Bgp.Rtc.LeafMacRoutes;

namespace ActorFabric.Protocols.Tests.Bgp.Rtc;

/// <summary>
/// Two reflectors and leaves with Route Target Constraint and graceful restart with preserved forwarding (as in a
/// cluster): after sessions reset and come back — transport lost, a leaf restarted, a reflector restarted — every
/// leaf ends with exactly the routes of the VNIs it imports from both reflectors, and no stale path is left.
/// </summary>
public class RouteTargetConstraintRestartTests
{
    private const int Leaves = 8, Vnis = 12, VnisPerLeaf = 3, MacsPerVni = 4;
    private static readonly string[] Reflectors = ["rr1", "rr2"];

    private static uint VniOf(int leaf, int k) => (uint)(1000 + (leaf * 5 + k * 3) % Vnis);
    private static HashSet<uint> Imports(int leaf) => [.. Enumerable.Range(0, VnisPerLeaf).Select(k => VniOf(leaf, k))];

    private static BgpSessionConfig WithGracefulRestart(BgpSessionConfig c) =>
        c with { GracefulRestartTimeSeconds = 120, GracefulRestartForwardingPreserved = true };

    [Fact]
    public void Sessions_that_lose_their_transport_come_back_with_every_route_and_none_stale()
    {
        var net = Fabric();
        for (int l = 0; l < Leaves; l += 2) net.CutTransport($"l{l}", "rr1");
        net.CutTransport("l1", "rr2");
        net.Advance(30);
        AssertConverged(net);
    }

    [Fact]
    public void A_restarted_leaf_gets_its_routes_back_and_its_peers_drop_what_it_no_longer_originates()
    {
        var net = Fabric();
        net.Restart("l3", c => LeafConfig(c, 3)); // transport lost without NOTIFICATION; state lost
        Originate(net, 3, skipLast: true);
        foreach (var rr in Reflectors) net.Peer("l3", rr, aIsClientOfB: true, tweak: WithGracefulRestart);
        net.Advance(30);
        AssertConverged(net, leafWithoutLastMac: 3);
    }

    [Fact]
    public void Leaves_get_every_route_back_after_a_reflector_restarts()
    {
        var net = Fabric();
        net.Restart("rr1", ReflectorConfig);
        for (int l = 0; l < Leaves; l++) net.Peer("rr1", $"l{l}", bIsClientOfA: true, tweak: WithGracefulRestart);
        net.Advance(30);
        AssertConverged(net);
    }

    private static BgpTestNetwork Fabric()
    {
        var net = new BgpTestNetwork();
        foreach (var rr in Reflectors) AddReflector(net, rr);
        for (int l = 0; l < Leaves; l++)
        {
            AddLeaf(net, l);
            Originate(net, l);
        }
        for (int l = 0; l < Leaves; l++)
            foreach (var rr in Reflectors) net.Peer(rr, $"l{l}", bIsClientOfA: true, tweak: WithGracefulRestart);
        AssertConverged(net);
        return net;
    }

    private static void AddReflector(BgpTestNetwork net, string name) =>
        net.Add(name, name == "rr1" ? "10.0.1.1" : "10.0.1.2", routeReflector: true, tweak: ReflectorConfig);

    private static BgpSpeakerConfig ReflectorConfig(BgpSpeakerConfig c) => c with { RouteReflector = true, RouteTargetConstraint = true, ClusterId = 1 };

    private static void AddLeaf(BgpTestNetwork net, int l) => net.Add($"l{l}", $"10.0.0.{l + 1}", tweak: c => LeafConfig(c, l));

    private static BgpSpeakerConfig LeafConfig(BgpSpeakerConfig c, int l) => c with
    {
        RouteTargetConstraint = true,
        ImportFilter = new RouteTargetSet(Imports(l).Select(v => RouteTargetSet.AutoDerive(BgpTestData.Asn, v))),
    };

    private static void Originate(BgpTestNetwork net, int l, bool skipLast = false)
    {
        var nh = IPAddress.Parse($"10.0.0.{l + 1}");
        foreach (var vni in Imports(l))
            for (int m = 0; m < MacsPerVni - (skipLast ? 1 : 0); m++)
                net[$"l{l}"].Originate(Mac(l, vni, m), BgpTestData.Attributes(vni), nh, net.Now);
        net.Pump();
    }

    private static void AssertConverged(BgpTestNetwork net, int leafWithoutLastMac = -1)
    {
        for (int l = 0; l < Leaves; l++)
        {
            var name = $"l{l}";
            foreach (var rr in Reflectors) Assert.Equal(BgpSessionState.Established, net.PeerOf(name, rr).State);
            var expected = new HashSet<(int, uint, int)>();
            for (int o = 0; o < Leaves; o++)
                if (o != l)
                    foreach (var vni in Imports(o))
                        if (Imports(l).Contains(vni))
                            for (int m = 0; m < MacsPerVni - (o == leafWithoutLastMac ? 1 : 0); m++) expected.Add((o, vni, m));
            var fromBoth = new HashSet<(int, uint, int)>();
            foreach (var route in expected)
            {
                var paths = net[name].LocRib.GetPaths(Mac(route.Item1, route.Item2, route.Item3));
                if (paths.Length == Reflectors.Length) fromBoth.Add(route);
            }
            var rib = new List<(int, uint, int)>();
            foreach (var p in net[name].LocRib.BestPaths)
            {
                if (p.Source.IsLocal) continue;
                Assert.False(p.Stale, $"{name}: stale path left");
                rib.Add(Decode((MacIpAdvertisementRoute)p.Route));
            }
            Assert.True(expected.SetEquals(rib), $"{name}: expected {expected.Count} routes, Loc-RIB has {rib.Count}");
            Assert.True(expected.SetEquals(fromBoth), $"{name}: {expected.Count - fromBoth.Count} routes lack a path from one reflector");
            foreach (var rr in Reflectors) Assert.Equal(0, net.PeerOf(name, rr).AdjRibIn.StaleCount);
        }
    }
}
