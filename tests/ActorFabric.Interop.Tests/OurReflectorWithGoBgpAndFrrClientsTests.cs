using System.Net;
using ActorFabric.Cli.Bgp.Speaker;
using ActorFabric.Interop.Tests.Harness;

namespace ActorFabric.Interop.Tests;

/// <summary>
/// Our speaker as the route reflector (RFC 4456), over real TCP, with two real clients: GoBGP (routes added with
/// its CLI, connecting to us through our listen range) and FRR as a real VTEP (routes originated from kernel state
/// via zebra; passive, so we connect to it). Routes from each appear in our Loc-RIB with the fields the originator
/// shows, and reach the other real speaker with ORIGINATOR_ID and CLUSTER_LIST added and nothing else changed.
/// </summary>
public sealed class OurReflectorWithGoBgpAndFrrClientsTests : IClassFixture<OurReflectorWithGoBgpAndFrrClientsTests.Topology>
{
    public const uint As = 65000;
    public const uint FrrVni = 10500;

    public sealed class Topology : IDisposable
    {
        readonly List<IDisposable> owned = [];

        public Topology()
        {
            var rrAddress = Loopback.NextAddress();
            ClusterId = Loopback.NextAddress();
            var vtepIp = Loopback.NextAddress();
            var goId = Loopback.NextAddress();
            try
            {
                Vtep = Own(FrrEvpnVtep.Start(As, vtepIp, FrrVni, [rrAddress]));
                Reflector = Own(OurSpeaker.StartReflector(As, rrAddress, ClusterId,
                    new BgpHostPeer(new IPEndPoint(Vtep.Bgpd.ListenAddress, Vtep.Bgpd.Port), RouteReflectorClient: true)));
                GoBgp = Own(GoBgpDaemon.Start(new GoBgpConfig(As, goId)
                {
                    Neighbors = [new GoBgpNeighbor(rrAddress, As) { RemotePort = Reflector.ListenEndpoint!.Port, LocalAddress = goId }],
                }));
                Reflector.WaitEstablished(vtepIp);
                Reflector.WaitEstablished(goId);
                GoBgp.WaitEstablished(rrAddress);
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public OurSpeaker Reflector { get; } = null!;
        public FrrEvpnVtep Vtep { get; } = null!;
        public GoBgpDaemon GoBgp { get; } = null!;
        public IPAddress ClusterId { get; }

        T Own<T>(T d) where T : IDisposable { owned.Add(d); return d; }

        public string Diagnostics() => Reflector.Diagnostics() + GoBgp.Diagnostics() + Vtep.Diagnostics();

        public void Dispose()
        {
            for (int i = owned.Count - 1; i >= 0; i--) owned[i].Dispose();
        }
    }

    static readonly TimeSpan Convergence = TimeSpan.FromSeconds(30);
    readonly Topology t;

    public OurReflectorWithGoBgpAndFrrClientsTests(Topology topology) => t = topology;

    List<EvpnRoute> Wait(Func<IReadOnlyList<EvpnRoute>> rib, Func<EvpnRoute, bool> match, int count, string what) =>
        ProcessRunner.Eventually(() => rib().Where(match).ToList(), r => r.Count == count, Convergence, what, t.Diagnostics);

    [Fact]
    public void GoBgpType2And3RoutesAppearInOurLocRibUnchangedAndReachFrrWithOriginatorIdAndClusterList()
    {
        var go = t.GoBgp;
        var goId = go.RouterId.ToString();
        var rd = $"{goId}:501";
        go.AddMacIpRoute("02:af:05:00:00:01", null, rd, 10501, "65000:501");
        go.AddMacIpRoute("02:af:05:00:00:02", "10.50.0.2", rd, 10501, "65000:501");
        go.AddMulticastRoute(goId, rd, 10501, "65000:501");

        var ours = Wait(t.Reflector.GetEvpnRib, r => r.RouteDistinguisher == rd, 3, "GoBGP's three routes in our Loc-RIB");
        var atGo = go.GetEvpnRib().Where(r => r.RouteDistinguisher == rd).ToList();
        Assert.Equal(3, atGo.Count);
        foreach (var original in atGo)
        {
            var mine = Assert.Single(ours, r => r.Key == original.Key);
            Assert.Equal(original, mine); // every NLRI field, next hop, RTs, encapsulation, PMSI (type/label/endpoint)
            Assert.Equal(goId, mine.LearnedFrom);
            Assert.Null(mine.OriginatorId);
        }

        var atFrr = Wait(t.Vtep.Bgpd.GetEvpnRib, r => r.RouteDistinguisher == rd, 3, "GoBGP's routes reflected by us to FRR");
        foreach (var mine in ours)
        {
            var reflected = Assert.Single(atFrr, r => r.Key == mine.Key);
            // RFC 4456 §8: the reflector sets ORIGINATOR_ID to the client's router id and prepends its CLUSTER_ID.
            Assert.Equal(goId, reflected.OriginatorId);
            Assert.Equal([t.ClusterId.ToString()], reflected.ClusterList);
            // FRR never prints the PMSI tunnel endpoint; everything else must be unchanged.
            var expected = mine with { OriginatorId = goId, ClusterList = [t.ClusterId.ToString()], Pmsi = mine.Pmsi is { } p ? p with { Endpoint = null } : null };
            Assert.Equal(expected, reflected);
        }
    }

    [Fact]
    public void FrrKernelOriginatedType2And3RoutesAppearInOurLocRibAndReachGoBgpWithOriginatorIdAndClusterList()
    {
        var vtepIp = t.Vtep.VtepIp.ToString();
        t.Vtep.AddLocalMac("02:af:05:00:01:01");
        t.Vtep.AddLocalMacIp("02:af:05:00:01:02", "192.0.2.52");

        bool FromVtep(EvpnRoute r) => r.RouteDistinguisher.StartsWith(vtepIp + ":", StringComparison.Ordinal) &&
            (r.RouteType == 3 || r.Mac is "02:af:05:00:01:01" || (r.Mac is "02:af:05:00:01:02" && r.Ip is "192.0.2.52"));
        var ours = Wait(t.Reflector.GetEvpnRib, FromVtep, 3, "FRR's type-3, MAC-only and MAC+IP routes in our Loc-RIB");
        var atFrr = t.Vtep.Bgpd.GetEvpnRib().Where(FromVtep).ToList();
        Assert.Equal(3, atFrr.Count);
        foreach (var mine in ours)
        {
            var original = Assert.Single(atFrr, r => r.Key == mine.Key);
            Assert.Equal(vtepIp, mine.LearnedFrom);
            Assert.Equal(vtepIp, mine.NextHop);
            // FRR shows a type-3 route's VNI (from its PMSI label) as a label; the NLRI has none.
            if (mine.RouteType == 2) Assert.Equal(original.Labels, mine.Labels);
            else Assert.Equal(original.Labels, [mine.Pmsi!.Label]);
            Assert.Equal(original.Esi, mine.Esi);
            Assert.Equal(original.RouteTargets, mine.RouteTargets);
            Assert.Equal(original.Encapsulation, mine.Encapsulation);
            Assert.Equal(original.NextHop, mine.NextHop);
        }
        var imet = Assert.Single(ours, r => r.RouteType == 3);
        Assert.Equal(new PmsiTunnel(PmsiTunnel.IngressReplication, FrrVni, vtepIp), imet.Pmsi);
        Assert.Equal([$"RT:{As}:{FrrVni}"], imet.RouteTargets);

        var atGo = Wait(t.GoBgp.GetEvpnRib, FromVtep, 3, "FRR's routes reflected by us to GoBGP");
        foreach (var mine in ours)
        {
            var reflected = Assert.Single(atGo, r => r.Key == mine.Key);
            Assert.Equal(t.Reflector.RouterId.ToString(), reflected.LearnedFrom);
            Assert.Equal(mine with { OriginatorId = vtepIp, ClusterList = [t.ClusterId.ToString()] }, reflected);
        }
    }

    [Fact]
    public void WithdrawalsFromEachRealClientAreReflectedToTheOther()
    {
        var go = t.GoBgp;
        var goId = go.RouterId.ToString();
        var rd = $"{goId}:502";
        go.AddMacIpRoute("02:af:05:00:02:01", "10.50.2.1", rd, 10502, "65000:502");
        go.AddMacIpRoute("02:af:05:00:02:02", null, rd, 10502, "65000:502");
        t.Vtep.AddLocalMac("02:af:05:00:02:03");
        Wait(t.Vtep.Bgpd.GetEvpnRib, r => r.RouteDistinguisher == rd, 2, "GoBGP's two routes at FRR");
        Wait(go.GetEvpnRib, r => r.Mac == "02:af:05:00:02:03", 1, "FRR's MAC at GoBGP");

        go.DeleteMacIpRoute("02:af:05:00:02:01", "10.50.2.1", rd, 10502);
        t.Vtep.RemoveLocalMac("02:af:05:00:02:03");

        var left = Wait(t.Vtep.Bgpd.GetEvpnRib, r => r.RouteDistinguisher == rd, 1, "the MAC+IP withdrawal at FRR");
        Assert.Equal("02:af:05:00:02:02", left.Single().Mac);
        Wait(go.GetEvpnRib, r => r.Mac == "02:af:05:00:02:03", 0, "FRR's withdrawal at GoBGP");
        Wait(t.Reflector.GetEvpnRib, r => r.Mac is "02:af:05:00:02:03" || r.Ip is "10.50.2.1", 0, "both withdrawals in our Loc-RIB");
    }
}
