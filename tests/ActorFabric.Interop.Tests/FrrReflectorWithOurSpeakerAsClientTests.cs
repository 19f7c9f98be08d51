using ActorFabric.Cli.Bgp.Speaker;
using ActorFabric.Interop.Tests.Harness;

namespace ActorFabric.Interop.Tests;

/// <summary>
/// FRR as the route reflector (listen range), our speaker and GoBGP as its clients: routes we originate (type 2
/// MAC-only, MAC+IP with ESI, tag and two labels, type 3 with PMSI) reach GoBGP with every field as we sent it plus
/// FRR's ORIGINATOR_ID/CLUSTER_LIST, and our withdrawals remove them there.
/// </summary>
public sealed class FrrReflectorWithOurSpeakerAsClientTests
{
    const uint As = 65000;
    static readonly TimeSpan Convergence = TimeSpan.FromSeconds(30);

    [Fact]
    public void RoutesWeOriginateArriveAtGoBgpUnchangedThroughFrrAndWithdrawalsPropagate()
    {
        using var t = new FrrReflectorWithOurSpeakerAndGoBgp(As);
        var (ours, go, ourAddress) = (t.Ours, t.GoBgp, t.OurAddress);
        string Diag() => t.Diagnostics();

        var rd = $"{ourAddress}:601";
        string[] rt = ["65000:601"];
        var macOnly = new EvpnRouteSpec { Type = 2, Rd = rd, Mac = "02:af:06:00:00:01", Vni = 10601, RouteTargets = rt };
        var macIp = new EvpnRouteSpec
        {
            Type = 2, Rd = rd, Mac = "02:af:06:00:00:02", Ip = "10.60.0.2", Vni = 10601, Vni2 = 50601, EthernetTag = 7,
            Esi = "00:11:22:33:44:55:66:77:88:99", RouteTargets = rt,
        };
        var imet = new EvpnRouteSpec { Type = 3, Rd = rd, Vni = 10601, RouteTargets = rt };
        ours.Originate(macOnly, macIp, imet);

        var mine = ours.GetEvpnRib().Where(r => r.RouteDistinguisher == rd).ToList();
        Assert.Equal(3, mine.Count);
        var atGo = ProcessRunner.Eventually(() => go.GetEvpnRib().Where(r => r.RouteDistinguisher == rd).ToList(),
            r => r.Count == 3, Convergence, "our three routes at GoBGP through FRR", Diag);
        foreach (var local in mine)
        {
            var received = Assert.Single(atGo, r => r.Key == local.Key);
            Assert.Equal(t.FrrId.ToString(), received.LearnedFrom);
            Assert.Equal(t.AsReflectedToGoBgp(local), received); // unchanged except ORIGINATOR_ID/CLUSTER_LIST

        }
        var full = Assert.Single(atGo, r => r.Ip == "10.60.0.2");
        Assert.Equal([10601u, 50601u], full.Labels);
        Assert.Equal("00:11:22:33:44:55:66:77:88:99", full.Esi);
        Assert.Equal(7u, full.EthernetTag);
        Assert.Equal(new PmsiTunnel(PmsiTunnel.IngressReplication, 10601, ourAddress.ToString()), Assert.Single(atGo, r => r.RouteType == 3).Pmsi);

        ours.Withdraw(macOnly, imet);

        var left = ProcessRunner.Eventually(() => go.GetEvpnRib().Where(r => r.RouteDistinguisher == rd).ToList(),
            r => r.Count == 1, Convergence, "our two withdrawals at GoBGP", Diag);
        Assert.Equal("10.60.0.2", left.Single().Ip);
    }
}
