using ActorFabric.Interop.Tests.Harness;

namespace ActorFabric.Interop.Tests;

/// <summary>
/// Real peers only: FRR reflects EVPN routes between two GoBGP clients (RFC 4456). Proves the harness
/// originates, reads back and compares routes the way the tests with our own speaker will.
/// </summary>
public sealed class FrrReflectsGoBgpRoutesTests : IClassFixture<FrrReflectsGoBgpRoutesTests.Topology>
{
    public sealed class Topology : IDisposable
    {
        public FrrReflectorWithGoBgpClients Fabric { get; } = new();
        public void Dispose() => Fabric.Dispose();
    }

    const uint Vni = 10100;
    const string RouteTarget = "65000:100";
    static readonly TimeSpan Convergence = TimeSpan.FromSeconds(20);

    readonly FrrReflectorWithGoBgpClients fabric;

    public FrrReflectsGoBgpRoutesTests(Topology topology) => fabric = topology.Fabric;

    string Rd(int assigned) => $"{fabric.ClientA.RouterId}:{assigned}";

    EvpnRoute WaitAtClientB(Func<EvpnRoute, bool> match, string what) =>
        ProcessRunner.Eventually(
            () => fabric.ClientB.GetEvpnRib().FirstOrDefault(match),
            r => r is not null, Convergence, what, fabric.Diagnostics)!;

    void AssertReflectedFromA(EvpnRoute r)
    {
        Assert.Equal(fabric.Reflector.ListenAddress.ToString(), r.LearnedFrom);
        Assert.Equal(fabric.ClientA.RouterId.ToString(), r.OriginatorId); // RFC 4456 §8
        Assert.Equal([fabric.ClusterId.ToString()], r.ClusterList);
        Assert.Equal(fabric.ClientA.RouterId.ToString(), r.NextHop); // an RR leaves the next hop alone
        Assert.Equal(["RT:" + RouteTarget], r.RouteTargets);
        Assert.Equal("vxlan", r.Encapsulation);
    }

    [Fact]
    public void MacOnlyType2RouteFromClientAReachesClientBWithOriginatorIdAndClusterList()
    {
        var rd = Rd(201);
        fabric.ClientA.AddMacIpRoute("02:af:00:00:02:01", null, rd, Vni, RouteTarget);

        var r = WaitAtClientB(x => x.RouteType == 2 && x.RouteDistinguisher == rd, "MAC-only type-2 at client B");

        AssertReflectedFromA(r);
        Assert.Equal("02:af:00:00:02:01", r.Mac);
        Assert.Null(r.Ip);
        Assert.Null(r.Esi);
        Assert.Equal(0u, r.EthernetTag);
        Assert.Equal([Vni], r.Labels);
    }

    [Fact]
    public void MacIpType2RouteFromClientAReachesClientBWithIdenticalFields()
    {
        var rd = Rd(202);
        fabric.ClientA.AddMacIpRoute("02:af:00:00:02:02", "10.20.2.2", rd, Vni, RouteTarget);

        var atB = WaitAtClientB(x => x.RouteType == 2 && x.RouteDistinguisher == rd, "MAC+IP type-2 at client B");
        var atA = fabric.ClientA.GetEvpnRib().Single(x => x.RouteDistinguisher == rd);

        AssertReflectedFromA(atB);
        Assert.Equal("10.20.2.2", atB.Ip);
        // Reflection adds only ORIGINATOR_ID and CLUSTER_LIST; every NLRI field and community is unchanged.
        Assert.Equal(atA with { OriginatorId = atB.OriginatorId, ClusterList = atB.ClusterList }, atB);
    }

    [Fact]
    public void Type3RouteWithIngressReplicationPmsiReachesClientB()
    {
        var rd = Rd(203);
        var vtep = fabric.ClientA.RouterId.ToString();
        fabric.ClientA.AddMulticastRoute(vtep, rd, Vni, RouteTarget);

        var r = WaitAtClientB(x => x.RouteType == 3 && x.RouteDistinguisher == rd, "type-3 at client B");

        AssertReflectedFromA(r);
        Assert.Equal(vtep, r.Ip);
        Assert.Equal(new PmsiTunnel(PmsiTunnel.IngressReplication, Vni, vtep), r.Pmsi);
    }

    [Fact]
    public void ReflectorHoldsClientRoutesWithVniPmsiAndRouteTargets()
    {
        var rd = Rd(204);
        var vtep = fabric.ClientA.RouterId.ToString();
        fabric.ClientA.AddMacIpRoute("02:af:00:00:02:04", "10.20.2.4", rd, Vni, RouteTarget);
        fabric.ClientA.AddMulticastRoute(vtep, rd, Vni, RouteTarget);

        var routes = ProcessRunner.Eventually(
            () => fabric.Reflector.GetEvpnRib().Where(x => x.RouteDistinguisher == rd).ToList(),
            rs => rs.Count == 2, Convergence, "both routes in FRR's EVPN table", fabric.Diagnostics);

        var mac = routes.Single(x => x.RouteType == 2);
        Assert.Equal("02:af:00:00:02:04", mac.Mac);
        Assert.Equal("10.20.2.4", mac.Ip);
        Assert.Equal([Vni], mac.Labels);
        Assert.Equal(vtep, mac.LearnedFrom);
        Assert.Equal(vtep, mac.NextHop);
        Assert.Null(mac.OriginatorId); // learned straight from the client: nothing reflected yet
        Assert.Equal(["RT:" + RouteTarget], mac.RouteTargets);
        Assert.Equal("vxlan", mac.Encapsulation);

        var imet = routes.Single(x => x.RouteType == 3);
        Assert.Equal(vtep, imet.Ip);
        Assert.Equal(new PmsiTunnel(PmsiTunnel.IngressReplication, Vni, null), imet.Pmsi);
    }

    [Fact]
    public void WithdrawalsAtClientAAreRemovedAtClientB()
    {
        var rd = Rd(205);
        var vtep = fabric.ClientA.RouterId.ToString();
        fabric.ClientA.AddMacIpRoute("02:af:00:00:02:05", null, rd, Vni, RouteTarget);
        fabric.ClientA.AddMacIpRoute("02:af:00:00:02:06", "10.20.2.6", rd, Vni, RouteTarget);
        fabric.ClientA.AddMulticastRoute(vtep, rd, Vni, RouteTarget);
        ProcessRunner.Eventually(() => fabric.ClientB.GetEvpnRib().Count(x => x.RouteDistinguisher == rd) == 3,
            Convergence, "three routes of the RD at client B", fabric.Diagnostics);

        fabric.ClientA.DeleteMacIpRoute("02:af:00:00:02:05", null, rd, Vni);
        fabric.ClientA.DeleteMacIpRoute("02:af:00:00:02:06", "10.20.2.6", rd, Vni);
        fabric.ClientA.DeleteMulticastRoute(vtep, rd);

        ProcessRunner.Eventually(() => !fabric.ClientB.GetEvpnRib().Any(x => x.RouteDistinguisher == rd),
            Convergence, "every route of the RD withdrawn at client B", fabric.Diagnostics);
        ProcessRunner.Eventually(() => !fabric.Reflector.GetEvpnRib().Any(x => x.RouteDistinguisher == rd),
            Convergence, "every route of the RD withdrawn at the reflector", fabric.Diagnostics);
    }
}
