using System.Net;
using ActorFabric.Cli.Bgp.Speaker;
using ActorFabric.Interop.Tests.Harness;

namespace ActorFabric.Interop.Tests;

/// <summary>
/// Our speaker as the route reflector (RFC 4456) with three clients: GoBGP, FRR (bgpd alone) and a second speaker of
/// ours. Type-5 routes (interface-less and gateway-IP, RFC 9136 §4.4.1/§4.4.2) and symmetric-IRB MAC+IP routes
/// (label 2 = L3 VNI, Router's MAC; RFC 9135 §9.1) that GoBGP originates appear in our Loc-RIB exactly as GoBGP shows
/// them and reach FRR with ORIGINATOR_ID/CLUSTER_LIST added; the same routes originated by our client speaker reach
/// GoBGP through our reflector with every field, the gateway IP included, unchanged.
/// </summary>
public sealed class GoBgpIpPrefixAndSymmetricIrbRoutesThroughOurReflectorTests
{
    const uint As = 65000;
    const uint L2Vni = 10702;
    const uint L3Vni = 50702;
    const string GoRouterMac = "02:af:07:00:01:fe";
    const string OurRouterMac = "02:af:07:00:02:fe";
    static readonly TimeSpan Convergence = TimeSpan.FromSeconds(30);

    [Fact]
    public void Type5AndSymmetricIrbRoutesCrossOurReflectorUnchangedInBothDirections()
    {
        var rrAddress = Loopback.NextAddress();
        var clusterId = Loopback.NextAddress();
        var goId = Loopback.NextAddress();
        var frrId = Loopback.NextAddress();
        var clientAddress = Loopback.NextAddress();
        using var reflector = OurSpeaker.StartReflector(As, rrAddress, clusterId);
        var rrPort = reflector.ListenEndpoint!.Port;
        using var go = GoBgpDaemon.Start(new GoBgpConfig(As, goId)
        {
            Neighbors = [new GoBgpNeighbor(rrAddress, As) { RemotePort = rrPort, LocalAddress = goId }],
        });
        using var frr = FrrBgpd.Start(new FrrBgpdConfig(As, frrId) { Neighbors = [new FrrNeighbor(rrAddress, As) { Port = rrPort }] });
        using var client = OurSpeaker.Start(new BgpSpeakerHostOptions
        {
            Asn = As,
            RouterId = clientAddress,
            LocalAddress = clientAddress,
            Peers = [new BgpHostPeer(new IPEndPoint(rrAddress, rrPort))],
        });
        string Diag() => reflector.Diagnostics() + client.Diagnostics() + go.Diagnostics() + frr.Diagnostics();
        reflector.WaitEstablished(goId);
        reflector.WaitEstablished(frrId);
        reflector.WaitEstablished(clientAddress);

        // GoBGP → our reflector → FRR.
        var goRd = $"{goId}:702";
        go.AddPrefixRoute("10.72.1.0/24", null, goRd, L3Vni, "65000:702", GoRouterMac);
        go.AddPrefixRoute("10.72.2.0/24", "10.72.1.254", goRd, L3Vni, "65000:702", ethernetTag: 4);
        go.AddMacIpRoute("02:af:07:00:01:01", "10.72.1.1", goRd, L2Vni, "65000:702", l3Vni: L3Vni, routerMac: GoRouterMac);

        var ours = ProcessRunner.Eventually(() => reflector.GetEvpnRib().Where(r => r.RouteDistinguisher == goRd).ToList(),
            r => r.Count == 3, Convergence, "GoBGP's three IP-VRF routes in our Loc-RIB", Diag);
        var atGo = go.GetEvpnRib().Where(r => r.RouteDistinguisher == goRd).ToList();
        Assert.Equal(3, atGo.Count);
        foreach (var original in atGo)
        {
            var mine = Assert.Single(ours, r => r.Key == original.Key);
            Assert.Equal(original, mine); // prefix, gateway, labels, RD, RTs, Router's MAC, encapsulation, next hop
            Assert.Equal(goId.ToString(), mine.LearnedFrom);
        }
        Assert.Equal("10.72.1.254", Assert.Single(ours, r => r.Ip == "10.72.2.0/24").Gateway);
        Assert.Equal(GoRouterMac, Assert.Single(ours, r => r.Ip == "10.72.1.0/24").RouterMac);
        Assert.Equal([L2Vni, L3Vni], Assert.Single(ours, r => r.RouteType == 2).Labels);

        var atFrr = ProcessRunner.Eventually(() => frr.GetEvpnRib().Where(r => r.RouteDistinguisher == goRd).ToList(),
            r => r.Count == 3, Convergence, "GoBGP's routes reflected by us to FRR", Diag);
        foreach (var mine in ours)
        {
            var reflected = Assert.Single(atFrr, r => r.Key == mine.Key);
            // RFC 4456 §8: ORIGINATOR_ID and CLUSTER_LIST added; FRR 8.4 prints no type-5 gateway IP.
            Assert.Equal(mine with { OriginatorId = goId.ToString(), ClusterList = [clusterId.ToString()], Gateway = null }, reflected);
        }

        // Our client speaker → our reflector → GoBGP (and FRR).
        var ourRd = $"{clientAddress}:702";
        string[] rts = ["65000:702"];
        client.Originate(
            new EvpnRouteSpec { Type = 5, Rd = ourRd, Prefix = "10.72.3.0/24", Vni = L3Vni, RouterMac = OurRouterMac, RouteTargets = rts },
            new EvpnRouteSpec { Type = 5, Rd = ourRd, Prefix = "10.72.4.0/24", Gateway = "10.72.3.254", EthernetTag = 4, Vni = L3Vni, RouteTargets = rts },
            new EvpnRouteSpec { Type = 2, Rd = ourRd, Mac = "02:af:07:00:02:01", Ip = "10.72.3.1", Vni = L2Vni, Vni2 = L3Vni, RouterMac = OurRouterMac, RouteTargets = rts });
        var sent = client.GetEvpnRib().Where(r => r.RouteDistinguisher == ourRd).ToList();
        Assert.Equal(3, sent.Count);
        var goReceived = ProcessRunner.Eventually(() => go.GetEvpnRib().Where(r => r.RouteDistinguisher == ourRd).ToList(),
            r => r.Count == 3, Convergence, "our client's routes reflected by us to GoBGP", Diag);
        foreach (var local in sent)
        {
            var received = Assert.Single(goReceived, r => r.Key == local.Key);
            Assert.Equal(rrAddress.ToString(), received.LearnedFrom);
            Assert.Equal(local with { OriginatorId = clientAddress.ToString(), ClusterList = [clusterId.ToString()] }, received);
        }
        Assert.Equal("10.72.3.254", Assert.Single(goReceived, r => r.Ip == "10.72.4.0/24").Gateway);
        Assert.Equal(OurRouterMac, Assert.Single(goReceived, r => r.Ip == "10.72.3.0/24").RouterMac);
        ProcessRunner.Eventually(() => frr.GetEvpnRib().Count(r => r.RouteDistinguisher == ourRd), n => n == 3, Convergence,
            "our client's routes reflected by us to FRR", Diag);

        // Withdrawals both ways.
        go.DeletePrefixRoute("10.72.1.0/24", goRd, L3Vni);
        client.Withdraw(new EvpnRouteSpec { Type = 5, Rd = ourRd, Prefix = "10.72.3.0/24", Vni = L3Vni });
        ProcessRunner.Eventually(() => frr.GetEvpnRib().Where(r => r.Ip is "10.72.1.0/24" or "10.72.3.0/24").ToList(), r => r.Count == 0,
            Convergence, "both type-5 withdrawals at FRR", Diag);
        ProcessRunner.Eventually(() => go.GetEvpnRib().Where(r => r.Ip is "10.72.3.0/24").ToList(), r => r.Count == 0,
            Convergence, "our client's type-5 withdrawal at GoBGP", Diag);
        Assert.Equal(2, go.GetEvpnRib().Count(r => r.RouteDistinguisher == ourRd));
    }
}
