using System.Net;
using ActorFabric.Cli.Bgp.Speaker;
using ActorFabric.Interop.Tests.Harness;
using Xunit.Abstractions;

namespace ActorFabric.Interop.Tests;

/// <summary>
/// A tshark capture (capture filter on our port) of our reflector's sessions with two GoBGP clients — OPENs with
/// our capabilities, reflected and locally originated UPDATEs (type 2 and 3 with PMSI), a withdrawal, KEEPALIVEs
/// and the Cease NOTIFICATIONs of our shutdown — decodes with no malformed packets and no expert warnings.
/// </summary>
public sealed class OurSpeakerSessionCaptureTests(ITestOutputHelper output)
{
    const uint As = 65000;

    [Fact]
    public void CaptureOfOurReflectorSessionsDecodesWithoutMalformedPacketsOrExpertWarnings()
    {
        var rrAddress = Loopback.NextAddress();
        var port = Loopback.FreeTcpPort(rrAddress);
        var idA = Loopback.NextAddress();
        var idB = Loopback.NextAddress();
        using var capture = TsharkCapture.Start(port);
        var ours = OurSpeaker.Start(new BgpSpeakerHostOptions
        {
            Asn = As, RouterId = rrAddress, RouteReflector = true,
            Listen = new IPEndPoint(rrAddress, port), AcceptRanges = ["127.0.0.0/8"],
        });
        try
        {
            GoBgpDaemon Client(IPAddress id) => GoBgpDaemon.Start(new GoBgpConfig(As, id)
            {
                Neighbors = [new GoBgpNeighbor(rrAddress, As) { RemotePort = port, LocalAddress = id }],
            });
            using var a = Client(idA);
            using var b = Client(idB);
            string Diag() => ours.Diagnostics() + a.Diagnostics() + b.Diagnostics() + capture.Diagnostics();
            ours.WaitEstablished(idA);
            ours.WaitEstablished(idB);

            var rdA = $"{idA}:700";
            a.AddMacIpRoute("02:af:07:00:00:01", null, rdA, 10700, "65000:700");
            a.AddMacIpRoute("02:af:07:00:00:02", "10.70.0.2", rdA, 10700, "65000:700");
            a.AddMulticastRoute(idA.ToString(), rdA, 10700, "65000:700");
            var rdOurs = $"{rrAddress}:700";
            var local = new EvpnRouteSpec { Type = 2, Rd = rdOurs, Mac = "02:af:07:00:01:01", Ip = "10.70.1.1", Vni = 10700, Vni2 = 50700, RouteTargets = ["65000:700"] };
            ours.Originate(local, new EvpnRouteSpec { Type = 3, Rd = rdOurs, Vni = 10700, RouteTargets = ["65000:700"] });

            ProcessRunner.Eventually(() => b.GetEvpnRib().Count(r => r.RouteDistinguisher == rdA || r.RouteDistinguisher == rdOurs) == 5,
                TimeSpan.FromSeconds(30), "three reflected and two local routes at client B", Diag);
            ours.Withdraw(local);
            ProcessRunner.Eventually(() => b.GetEvpnRib().Count(r => r.RouteDistinguisher == rdOurs) == 1,
                TimeSpan.FromSeconds(30), "our withdrawal at client B", Diag);
            ours.Dispose(); // Cease NOTIFICATIONs to both clients (RFC 4486), then close

            var analysis = capture.Analyze();
            output.WriteLine(analysis.ToString());
            Assert.True(analysis.Problems.Count == 0, analysis + "\n" + capture.ExpertReport);
            Assert.Empty(analysis.Malformed);
            Assert.True(analysis.CountOf(1) >= 4, "OPENs both ways on two sessions: " + analysis);
            Assert.True(analysis.CountOf(2) >= 5, "UPDATEs from A, reflected to B, ours to both, the withdrawal: " + analysis);
            Assert.True(analysis.CountOf(3) >= 2, "our Cease NOTIFICATIONs: " + analysis);
            Assert.True(analysis.CountOf(4) >= 4, "KEEPALIVEs both ways: " + analysis);
        }
        finally
        {
            ours.Dispose();
        }
    }
}
