using ActorFabric.Interop.Tests.Harness;

namespace ActorFabric.Interop.Tests;

/// <summary>
/// FRR as a real VTEP (zebra in a test-made network namespace, bgpd on host loopback) originates
/// type-2 and type-3 routes from kernel bridge/VXLAN state, and GoBGP receives them: the routes our
/// speaker will later receive from FRR in the same way.
/// </summary>
public sealed class FrrOriginatesEvpnRoutesTests
{
    const uint As = 65000;
    const uint Vni = 10400;
    static readonly TimeSpan Convergence = TimeSpan.FromSeconds(30);

    [Fact]
    public void MacOnlyMacIpAndInclusiveMulticastRoutesFromFrrKernelStateReachGoBgpAndAreWithdrawn()
    {
        var vtepIp = Loopback.NextAddress();
        var goId = Loopback.NextAddress();
        using var vtep = FrrEvpnVtep.Start(As, vtepIp, Vni, [goId]);
        using var gobgp = GoBgpDaemon.Start(new GoBgpConfig(As, goId)
        {
            Neighbors = [new GoBgpNeighbor(vtep.Bgpd.ListenAddress, As) { RemotePort = vtep.Bgpd.Port, LocalAddress = goId }],
        });
        string Diag() => vtep.Diagnostics() + gobgp.Diagnostics();

        vtep.AddLocalMac("02:af:00:00:04:01");
        vtep.AddLocalMacIp("02:af:00:00:04:02", "192.0.2.42");

        var rib = ProcessRunner.Eventually(gobgp.GetEvpnRib, r => r.Count(x => x.Mac is not null) >= 3 && r.Any(x => x.RouteType == 3),
            Convergence, "FRR's type-3 and three type-2 routes at GoBGP", Diag);

        var vtepText = vtepIp.ToString();
        // RFC 8365 §5.1.2.1: FRR auto-derives the RT as AS:VNI; RD is router-id:index.
        var rt = $"RT:{As}:{Vni}";
        foreach (var r in rib)
        {
            Assert.Equal(vtepText, r.NextHop);
            Assert.Equal("vxlan", r.Encapsulation);
            Assert.Equal([rt], r.RouteTargets);
            Assert.StartsWith(vtepText + ":", r.RouteDistinguisher);
            Assert.Null(r.OriginatorId);
        }
        var macOnly = Assert.Single(rib, x => x.RouteType == 2 && x.Mac == "02:af:00:00:04:01");
        Assert.Null(macOnly.Ip);
        Assert.Equal([Vni], macOnly.Labels);
        Assert.Single(rib, x => x.RouteType == 2 && x.Mac == "02:af:00:00:04:02" && x.Ip is null);
        var macIp = Assert.Single(rib, x => x.RouteType == 2 && x.Mac == "02:af:00:00:04:02" && x.Ip is not null);
        Assert.Equal("192.0.2.42", macIp.Ip);
        Assert.Equal([Vni], macIp.Labels);
        var imet = Assert.Single(rib, x => x.RouteType == 3);
        Assert.Equal(vtepText, imet.Ip);
        Assert.Equal(new PmsiTunnel(PmsiTunnel.IngressReplication, Vni, vtepText), imet.Pmsi);
        Assert.DoesNotContain(rib, x => x.Mac is not null && !x.Mac.StartsWith("02:af:00:00:04:", StringComparison.Ordinal));

        vtep.RemoveLocalIp("192.0.2.42");
        vtep.RemoveLocalMac("02:af:00:00:04:01");

        ProcessRunner.Eventually(() =>
        {
            var now = gobgp.GetEvpnRib();
            return !now.Any(x => x.Mac == "02:af:00:00:04:01") && !now.Any(x => x.Ip == "192.0.2.42")
                   && now.Any(x => x.Mac == "02:af:00:00:04:02");
        }, Convergence, "the MAC-only and MAC+IP withdrawals at GoBGP, the other MAC kept", Diag);
    }
}
