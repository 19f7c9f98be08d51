using System.Net;
using ActorFabric.Cli.Bgp.Speaker;
using ActorFabric.Interop.Tests.Harness;

namespace ActorFabric.Interop.Tests;

/// <summary>
/// FRR as a real VTEP with an IP-VRF (L3 VNI bound in zebra, `advertise ipv4 unicast` in `router bgp AS vrf NAME`)
/// originates interface-less type-5 routes (RFC 9136 §4.4.1) for the VRF's prefixes, and our speaker receives them
/// exactly as FRR shows them: RD, prefix, label = L3 VNI, the Router's MAC community = the VRF bridge's MAC
/// (RFC 9135 §8.1), VXLAN encapsulation, the auto-derived route target AS:L3VNI, the VTEP as next hop.
/// </summary>
public sealed class FrrOriginatesIpPrefixRoutesFromAVrfTests
{
    const uint As = 65000;
    const uint L2Vni = 10801;
    const uint L3Vni = 50801;
    const string RouterMac = "02:af:08:00:00:fe";
    static readonly TimeSpan Convergence = TimeSpan.FromSeconds(30);

    [Fact]
    public void Type5RoutesFrrOriginatesFromAVrfReachOurSpeakerWithTheL3VniAndFrrsRouterMac()
    {
        var vtepIp = Loopback.NextAddress();
        var ourAddress = Loopback.NextAddress();
        var vrf = new FrrIpVrf(L3Vni, RouterMac, "10.81.1.1/24", ["10.81.9.0/24"]);
        using var vtep = FrrEvpnVtep.Start(As, vtepIp, L2Vni, [ourAddress], ipVrf: vrf);
        using var ours = OurSpeaker.Start(new BgpSpeakerHostOptions
        {
            Asn = As,
            RouterId = ourAddress,
            LocalAddress = ourAddress,
            Peers = [new BgpHostPeer(new IPEndPoint(vtep.Bgpd.ListenAddress, vtep.Bgpd.Port))],
        });
        string Diag() => ours.Diagnostics() + vtep.Diagnostics();
        ours.WaitEstablished(vtepIp);

        var vtepText = vtepIp.ToString();
        // zebra -n sees every namespace as a VRF (other tests' too): only this VTEP's type-5 routes count.
        bool Ours(EvpnRoute r) => r.RouteType == 5 && r.RouteDistinguisher.StartsWith(vtepText + ":", StringComparison.Ordinal)
            && r.Ip is "10.81.1.0/24" or "10.81.9.0/24";
        var received = ProcessRunner.Eventually(() => ours.GetEvpnRib().Where(Ours).ToList(), r => r.Count == 2, Convergence,
            "FRR's two type-5 routes from its VRF in our Loc-RIB", Diag);
        var atFrr = vtep.Bgpd.GetEvpnRib().Where(Ours).ToList();
        Assert.Equal(2, atFrr.Count);
        foreach (var r in received)
        {
            Assert.Equal(vtepText, r.LearnedFrom);
            Assert.Equal(vtepText, r.NextHop);
            Assert.Equal([L3Vni], r.Labels);
            Assert.Equal(RouterMac, r.RouterMac);
            Assert.Equal("vxlan", r.Encapsulation);
            // RFC 8365 §5.1.2.1 style auto-derivation: FRR's VRF RT is AS:L3VNI.
            Assert.Equal([$"RT:{As}:{L3Vni}"], r.RouteTargets);
            Assert.Null(r.Gateway); // interface-less: no gateway IP overlay index
            Assert.Null(r.Esi);
            Assert.Equal(0u, r.EthernetTag);
            var original = Assert.Single(atFrr, f => f.Key == r.Key); // same RD, tag and prefix as FRR shows it
            Assert.Equal(original.Labels, r.Labels);
            Assert.Equal(original.RouterMac, r.RouterMac);
            Assert.Equal(original.RouteTargets, r.RouteTargets);
            Assert.Equal(original.NextHop, r.NextHop);
        }
        // Both come from the VRF's one RD (router-id:index), not the L2 VNI's.
        Assert.Single(received.Select(r => r.RouteDistinguisher).Distinct());
    }
}
