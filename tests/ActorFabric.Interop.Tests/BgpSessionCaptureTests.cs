using ActorFabric.Interop.Tests.Harness;
using Xunit.Abstractions;

namespace ActorFabric.Interop.Tests;

/// <summary>
/// A tshark capture of real EVPN sessions (FRR reflector, two GoBGP clients) decodes as BGP with no
/// malformed packets and no expert warnings or errors: the baseline our own speaker must match.
/// </summary>
public sealed class BgpSessionCaptureTests(ITestOutputHelper output)
{
    [Fact]
    public void CaptureOfReflectedEvpnSessionsDecodesWithoutMalformedPacketsOrExpertWarnings()
    {
        TsharkCapture? capture = null;
        try
        {
            using var fabric = new FrrReflectorWithGoBgpClients(rr => capture = TsharkCapture.Start(rr.Port));
            var rd = $"{fabric.ClientA.RouterId}:300";
            var vtep = fabric.ClientA.RouterId.ToString();
            fabric.ClientA.AddMacIpRoute("02:af:00:00:03:01", null, rd, 10300, "65000:300");
            fabric.ClientA.AddMacIpRoute("02:af:00:00:03:02", "10.30.0.2", rd, 10300, "65000:300");
            fabric.ClientA.AddMulticastRoute(vtep, rd, 10300, "65000:300");
            ProcessRunner.Eventually(() => fabric.ClientB.GetEvpnRib().Count(r => r.RouteDistinguisher == rd) == 3,
                TimeSpan.FromSeconds(20), "three routes reflected to client B", fabric.Diagnostics);
            fabric.ClientA.DeleteMacIpRoute("02:af:00:00:03:01", null, rd, 10300);
            ProcessRunner.Eventually(() => fabric.ClientB.GetEvpnRib().Count(r => r.RouteDistinguisher == rd) == 2,
                TimeSpan.FromSeconds(20), "the MAC-only withdrawal reflected to client B", fabric.Diagnostics);

            // Stop capturing while the sessions are still up: killing daemons would add resets.
            var analysis = capture!.Analyze();
            output.WriteLine(analysis.ToString());

            Assert.True(analysis.Problems.Count == 0, analysis + "\n" + capture.ExpertReport);
            Assert.Empty(analysis.Malformed);
            Assert.True(analysis.CountOf(1) >= 4, "OPENs both ways on two sessions: " + analysis);
            Assert.True(analysis.CountOf(4) >= 4, "KEEPALIVEs both ways on two sessions: " + analysis);
            // A's UPDATEs to the reflector plus the reflected copies to B (the reflector may pack several routes in one).
            Assert.True(analysis.CountOf(2) >= 3, "UPDATEs in and out of the reflector: " + analysis);
        }
        finally
        {
            capture?.Dispose();
        }
    }

    [Fact]
    public void AnalysisReportsABgpMessageTooShortForItsTypeAsAProblem()
    {
        // Our own broken bytes on a loopback port: proves Analyze() would catch a bad encoder.
        var port = Loopback.FreeTcpPort();
        using var capture = TsharkCapture.Start(port);
        var listener = new System.Net.Sockets.TcpListener(Loopback.Localhost, port);
        listener.Start();
        try
        {
            using var client = new System.Net.Sockets.TcpClient();
            client.Connect(Loopback.Localhost, port);
            using var accepted = listener.AcceptTcpClient();
            // RFC 4271 §4.1/§4.2: marker, length 19, type OPEN, but an OPEN needs at least 29 octets.
            var bad = new byte[19];
            Array.Fill(bad, (byte)0xFF, 0, 16);
            bad[17] = 19;
            bad[18] = 1;
            client.GetStream().Write(bad);
            var got = new byte[19];
            accepted.GetStream().ReadExactly(got);
            client.Client.Shutdown(System.Net.Sockets.SocketShutdown.Both);
        }
        finally
        {
            listener.Stop();
        }

        var analysis = ProcessRunner.Eventually(capture.Analyze, a => a.FrameCount > 0, TimeSpan.FromSeconds(10), "frames in the capture", capture.Diagnostics);
        output.WriteLine(analysis.ToString());
        output.WriteLine(capture.ExpertReport);

        Assert.Equal(1, analysis.CountOf(1));
        Assert.NotEmpty(analysis.Problems);
        Assert.Single(analysis.Malformed);
    }
}
