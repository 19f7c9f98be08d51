using ActorFabric.Cli.Bgp.Speaker;
using ActorFabric.Interop.Tests.Harness;

namespace ActorFabric.Interop.Tests;

/// <summary>
/// FRR as the route reflector, our speaker and GoBGP as its clients: the routes of an EVPN IP-VRF that we originate
/// from a routes-file spec — type 5 interface-less (gateway 0, label = L3 VNI, Router's MAC; RFC 9136 §4.4.1),
/// type 5 with a gateway IP as overlay index (RFC 9136 §4.4.2), an IPv6 type 5, and a symmetric-IRB MAC+IP route
/// (label 2 = L3 VNI, Router's MAC; RFC 9135 §9.1) — reach GoBGP with every field as we sent it plus FRR's
/// ORIGINATOR_ID/CLUSTER_LIST, FRR itself shows prefix, label and Router's MAC, and our withdrawals propagate.
/// One exception, FRR's and not ours: FRR 8.4 re-advertises a reflected type 5 with the gateway IP cleared to zero
/// (FRRouting/frr issue 15842), so the gateway is compared only in our own Loc-RIB here; that it reaches a peer
/// unchanged through a reflector is shown through ours (<see cref="GoBgpIpPrefixAndSymmetricIrbRoutesThroughOurReflectorTests"/>).
/// </summary>
public sealed class OurIpPrefixAndSymmetricIrbRoutesThroughFrrReflectorTests
{
    const uint As = 65000;
    const uint L2Vni = 10701;
    const uint L3Vni = 50701;
    const string RouterMac = "02:af:07:00:00:fe";
    static readonly TimeSpan Convergence = TimeSpan.FromSeconds(30);

    [Fact]
    public void Type5AndMacIpWithL3VniAndRouterMacArriveAtGoBgpUnchangedThroughFrrAndWithdrawalsPropagate()
    {
        using var t = new FrrReflectorWithOurSpeakerAndGoBgp(As);
        var (ours, go, frr, ourAddress) = (t.Ours, t.GoBgp, t.Frr, t.OurAddress);
        string Diag() => t.Diagnostics();

        var rd = $"{ourAddress}:701";
        string[] rts = ["65000:701", "65000:50701"];
        var interfaceLess = new EvpnRouteSpec { Type = 5, Rd = rd, Prefix = "10.70.1.0/24", Vni = L3Vni, RouterMac = RouterMac, RouteTargets = rts };
        var withGateway = new EvpnRouteSpec { Type = 5, Rd = rd, Prefix = "10.70.2.0/24", Gateway = "10.70.1.254", EthernetTag = 3, Vni = L3Vni, RouteTargets = rts };
        var v6 = new EvpnRouteSpec { Type = 5, Rd = rd, Prefix = "2001:db8:70::/48", Vni = L3Vni, RouterMac = RouterMac, RouteTargets = rts };
        var macIp = new EvpnRouteSpec
        {
            Type = 2, Rd = rd, Mac = "02:af:07:00:00:01", Ip = "10.70.1.1", Vni = L2Vni, Vni2 = L3Vni, RouterMac = RouterMac, RouteTargets = rts,
        };
        ours.Originate(interfaceLess, withGateway, v6, macIp);

        var mine = ours.GetEvpnRib().Where(r => r.RouteDistinguisher == rd).ToList();
        Assert.Equal(4, mine.Count);
        var atGo = ProcessRunner.Eventually(() => go.GetEvpnRib().Where(r => r.RouteDistinguisher == rd).ToList(),
            r => r.Count == 4, Convergence, "our four IP-VRF routes at GoBGP through FRR", Diag);
        foreach (var local in mine)
        {
            var received = Assert.Single(atGo, r => r.Key == local.Key);
            Assert.Equal(t.FrrId.ToString(), received.LearnedFrom);
            // Unchanged except what RFC 4456 §8 makes a reflector add (and FRR's gateway clearing, see above).
            Assert.Equal(t.AsReflectedToGoBgp(local) with { Gateway = received.Gateway }, received);
        }
        string[] expectedRts = ["RT:65000:701", "RT:65000:50701"];
        var t5 = Assert.Single(atGo, r => r.RouteType == 5 && r.Ip == "10.70.1.0/24");
        Assert.Equal([L3Vni], t5.Labels);
        Assert.Null(t5.Gateway);
        Assert.Null(t5.Esi);
        Assert.Equal(RouterMac, t5.RouterMac);
        Assert.Equal("vxlan", t5.Encapsulation);
        Assert.Equal(ourAddress.ToString(), t5.NextHop);
        Assert.Equal(expectedRts, t5.RouteTargets);
        Assert.Equal("10.70.1.254", Assert.Single(mine, r => r.Ip == "10.70.2.0/24").Gateway);
        var gw = Assert.Single(atGo, r => r.RouteType == 5 && r.Ip == "10.70.2.0/24");
        Assert.Equal(3u, gw.EthernetTag);
        Assert.Null(gw.RouterMac);
        Assert.Equal([L3Vni], gw.Labels);
        Assert.Equal(RouterMac, Assert.Single(atGo, r => r.RouteType == 5 && r.Ip == "2001:db8:70::/48").RouterMac);
        var irb = Assert.Single(atGo, r => r.RouteType == 2);
        Assert.Equal([L2Vni, L3Vni], irb.Labels);
        Assert.Equal(RouterMac, irb.RouterMac);
        Assert.Equal("10.70.1.1", irb.Ip);

        // FRR, the reflector, decoded them the same way (it prints no type-5 gateway IP).
        var atFrr = ProcessRunner.Eventually(() => frr.GetEvpnRib().Where(r => r.RouteDistinguisher == rd).ToList(),
            r => r.Count == 4, Convergence, "our four routes in FRR's table", Diag);
        foreach (var local in mine)
        {
            var seen = Assert.Single(atFrr, r => r.Key == local.Key);
            Assert.Equal(local.Labels, seen.Labels);
            Assert.Equal(local.RouterMac, seen.RouterMac);
            Assert.Equal(local.RouteTargets, seen.RouteTargets);
            Assert.Equal(local.Encapsulation, seen.Encapsulation);
            Assert.Equal(local.NextHop, seen.NextHop);
        }

        ours.Withdraw(interfaceLess, macIp);

        var left = ProcessRunner.Eventually(() => go.GetEvpnRib().Where(r => r.RouteDistinguisher == rd).ToList(),
            r => r.Count == 2, Convergence, "our type-5 and MAC+IP withdrawals at GoBGP", Diag);
        Assert.Equal(["10.70.2.0/24", "2001:db8:70::/48"], left.Select(r => r.Ip!).Order(StringComparer.Ordinal));
    }
}
