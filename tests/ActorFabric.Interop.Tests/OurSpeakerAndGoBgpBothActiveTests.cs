using System.Net;
using ActorFabric.Cli.Bgp.Speaker;
using ActorFabric.Interop.Tests.Harness;

namespace ActorFabric.Interop.Tests;

/// <summary>
/// A configured neighbour on both sides: our speaker (<c>--peer</c>) and GoBGP both connect and both listen, so
/// connections can cross (RFC 4271 §6.8). The pair still settles on one Established session and routes flow both ways.
/// </summary>
public sealed class OurSpeakerAndGoBgpBothActiveTests
{
    const uint As = 65000;

    [Fact]
    public void BothSidesConnectingStillEstablishOneSessionAndExchangeRoutes()
    {
        var ourAddress = Loopback.NextAddress();
        var goId = Loopback.NextAddress();
        int ourPort = Loopback.FreeTcpPort(ourAddress), goPort = Loopback.FreeTcpPort(goId);
        using var go = GoBgpDaemon.Start(new GoBgpConfig(As, goId)
        {
            ListenAddress = goId, ListenPort = goPort,
            Neighbors = [new GoBgpNeighbor(ourAddress, As) { RemotePort = ourPort, LocalAddress = goId }],
        });
        using var ours = OurSpeaker.Start(new BgpSpeakerHostOptions
        {
            Asn = As, RouterId = ourAddress, Listen = new IPEndPoint(ourAddress, ourPort),
            Peers = [new BgpHostPeer(new IPEndPoint(goId, goPort))],
        });
        string Diag() => ours.Diagnostics() + go.Diagnostics();
        ours.WaitEstablished(goId);
        go.WaitEstablished(ourAddress);

        go.AddMacIpRoute("02:af:08:00:00:01", "10.80.0.1", $"{goId}:800", 10800, "65000:800");
        ours.Originate(new EvpnRouteSpec { Type = 2, Rd = $"{ourAddress}:800", Mac = "02:af:08:00:00:02", Vni = 10800, RouteTargets = ["65000:800"] });

        var atUs = ProcessRunner.Eventually(() => ours.GetEvpnRib().Where(r => r.Mac == "02:af:08:00:00:01").ToList(), r => r.Count == 1,
            TimeSpan.FromSeconds(30), "GoBGP's route at our speaker", Diag).Single();
        Assert.Equal(goId.ToString(), atUs.LearnedFrom);
        Assert.Equal("10.80.0.1", atUs.Ip);
        var atGo = ProcessRunner.Eventually(() => go.GetEvpnRib().Where(r => r.Mac == "02:af:08:00:00:02").ToList(), r => r.Count == 1,
            TimeSpan.FromSeconds(30), "our route at GoBGP", Diag).Single();
        Assert.Equal(ourAddress.ToString(), atGo.LearnedFrom);
        Assert.Null(atGo.OriginatorId); // plain iBGP, nothing reflected
        Assert.Equal(BgpPeerState.Established, go.NeighborState(ourAddress));
    }
}
