using System.Net;
using ActorFabric.Protocols.Bgp.Rib;
using ActorFabric.Protocols.Bgp.Speaker;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using static ActorFabric.Protocols.Tests.Bgp.Rtc.LeafMacRoutes;

namespace ActorFabric.Protocols.Tests.Bgp.Rtc;

/// <summary>
/// A small fabric with two route reflectors and leaves that each import a different subset of VNIs: every
/// leaf's Loc-RIB ends up with exactly the remote routes of the VNIs it imports, and every route a reflector
/// sent a leaf carried one of that leaf's route targets.
/// </summary>
public class RouteTargetConstraintFabricTests
{
    private const int Leaves = 12, Vnis = 24, VnisPerLeaf = 4, MacsPerVni = 5;

    private static uint VniOf(int leaf, int k) => (uint)(1000 + (leaf * 7 + k * 5) % Vnis);

    [Fact]
    public void Two_reflectors_deliver_each_leaf_exactly_the_routes_of_the_vnis_it_imports()
    {
        var net = new BgpTestNetwork();
        var rrs = new[] { "rr1", "rr2" };
        net.Add("rr1", "10.0.1.1", routeReflector: true, tweak: c => c with { RouteTargetConstraint = true, ClusterId = 1 });
        net.Add("rr2", "10.0.1.2", routeReflector: true, tweak: c => c with { RouteTargetConstraint = true, ClusterId = 1 });
        var imports = new Dictionary<string, HashSet<uint>>();
        for (int l = 0; l < Leaves; l++)
        {
            var vnis = new HashSet<uint>();
            for (int k = 0; k < VnisPerLeaf; k++) vnis.Add(VniOf(l, k));
            imports[$"l{l}"] = vnis;
            net.Add($"l{l}", $"10.0.0.{l + 1}", tweak: c => c with
            {
                RouteTargetConstraint = true,
                ImportFilter = new RouteTargetSet(vnis.Select(v => RouteTargetSet.AutoDerive(BgpTestData.Asn, v))),
            });
        }
        // Each leaf originates MACs in every VNI it imports.
        for (int l = 0; l < Leaves; l++)
        {
            var nh = IPAddress.Parse($"10.0.0.{l + 1}");
            foreach (var vni in imports[$"l{l}"])
                for (int m = 0; m < MacsPerVni; m++)
                    net[$"l{l}"].Originate(Mac(l, vni, m), BgpTestData.Attributes(vni), nh, net.Now);
        }
        for (int l = 0; l < Leaves; l++)
            foreach (var rr in rrs) net.Peer(rr, $"l{l}", bIsClientOfA: true);

        for (int l = 0; l < Leaves; l++)
        {
            var name = $"l{l}";
            var expected = new HashSet<(int, uint, int)>();
            for (int o = 0; o < Leaves; o++)
                if (o != l)
                    foreach (var vni in imports[$"l{o}"])
                        if (imports[name].Contains(vni))
                            for (int m = 0; m < MacsPerVni; m++) expected.Add((o, vni, m));
            var rib = new HashSet<(int, uint, int)>();
            foreach (var p in net[name].LocRib.BestPaths)
                if (!p.Source.IsLocal) rib.Add(Decode((MacIpAdvertisementRoute)p.Route));
            Assert.True(expected.SetEquals(rib), $"{name}: expected {expected.Count} routes, Loc-RIB has {rib.Count}");
            foreach (var rr in rrs)
                foreach (var u in net.Received(name, rr).OfType<UpdateMessage>())
                    if (u.MpReach is { EvpnRoutes.Length: > 0 })
                        Assert.Contains(u.Attributes.ExtendedCommunities, c => c.IsRouteTarget && imports[name].Contains((uint)(c.Value48 & 0xFF_FFFF)));
        }
        // Every reflector keeps the whole table: leaves see it as the default membership.
        Assert.Equal(Leaves * VnisPerLeaf * MacsPerVni, net["rr1"].LocRib.BestPaths.Count());
    }
}
