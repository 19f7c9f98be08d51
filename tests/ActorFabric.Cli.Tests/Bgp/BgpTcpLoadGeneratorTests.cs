using System.Net;
using ActorFabric.Cli.Bench;
using ActorFabric.Cli.Bgp.Speaker;

namespace ActorFabric.Cli.Tests.Bgp;

/// <summary>The TCP benchmark's load generator against our in-process reflector: every client counts every route.</summary>
public sealed class BgpTcpLoadGeneratorTests
{
    [Fact]
    public void EveryClientCountsEveryRouteBothOriginatorsSentThroughOurReflector()
    {
        var rr = IPAddress.Parse("127.0.0.81");
        using var host = new BgpSpeakerHost(new BgpSpeakerHostOptions
        {
            Asn = BgpTcpLoadGenerator.Asn, RouterId = rr, RouteReflector = true,
            Listen = new IPEndPoint(rr, 0), AcceptRanges = ["127.0.0.80/28"],
        });
        host.Start();
        var load = new BgpTcpLoadGenerator(5_000,
            [IPAddress.Parse("127.0.0.82"), IPAddress.Parse("127.0.0.83")],
            [IPAddress.Parse("127.0.0.84"), IPAddress.Parse("127.0.0.85"), IPAddress.Parse("127.0.0.86")]);

        var result = load.Run(host.ListenEndpoint!, TimeSpan.FromSeconds(60));

        Assert.True(result.Completed);
        Assert.Equal([5_000L, 5_000L, 5_000L], result.RoutesPerClient);
    }
}
