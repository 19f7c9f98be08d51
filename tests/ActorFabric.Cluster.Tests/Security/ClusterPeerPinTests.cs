using ActorFabric.Cluster.Security;
using Akka.Actor;
using Akka.Event;

namespace ActorFabric.Cluster.Tests.Security;

public sealed class ClusterPeerPinTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("pin", "akka.loglevel = INFO\nakka.stdout-loglevel = OFF");
    private readonly RecordedLog _log;
    private readonly ILoggingAdapter _adapter;

    public ClusterPeerPinTests()
    {
        _log = RecordedLog.Of(_system);
        _adapter = Logging.GetLogger(_system, "pin");
    }

    [Fact]
    public void The_cluster_certificate_itself_is_accepted()
    {
        using var cluster = ClusterCertificate.CreateSelfSigned("cluster", TimeSpan.FromDays(1));
        using var copy = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(cluster.RawData);

        Assert.True(new ClusterPeerPin(cluster).Accepts(copy, "peer:1", _adapter));
    }

    [Fact]
    public void Another_certificate_with_the_same_subject_is_refused_and_the_refusal_names_the_peer()
    {
        using var cluster = ClusterCertificate.CreateSelfSigned("cluster", TimeSpan.FromDays(1));
        using var lookalike = ClusterCertificate.CreateSelfSigned("cluster", TimeSpan.FromDays(1));

        Assert.False(new ClusterPeerPin(cluster).Accepts(lookalike, "10.0.0.9:4053", _adapter));
        Assert.True(Eventually.Holds(() => _log.Has(l => l.Contains("[10.0.0.9:4053] refused", StringComparison.Ordinal)
                                                       && l.Contains(lookalike.Thumbprint, StringComparison.Ordinal)), TimeSpan.FromSeconds(10)), _log.ToString());
    }

    [Fact]
    public void A_peer_without_a_certificate_is_refused()
    {
        using var cluster = ClusterCertificate.CreateSelfSigned("cluster", TimeSpan.FromDays(1));

        Assert.False(new ClusterPeerPin(cluster).Accepts(null, "10.0.0.9:4053", _adapter));
        Assert.True(Eventually.Holds(() => _log.Has(l => l.Contains("presented no certificate", StringComparison.Ordinal)), TimeSpan.FromSeconds(10)), _log.ToString());
    }

    [Fact]
    public void The_cluster_certificate_is_refused_once_out_of_date()
    {
        using var cluster = ClusterCertificate.CreateSelfSigned("cluster", TimeSpan.FromDays(1));
        var later = new FixedClock(DateTimeOffset.UtcNow.AddDays(2));

        Assert.False(new ClusterPeerPin(cluster, later).Accepts(cluster, "10.0.0.9:4053", _adapter));
        Assert.True(Eventually.Holds(() => _log.Has(l => l.Contains("is valid only from", StringComparison.Ordinal)), TimeSpan.FromSeconds(10)), _log.ToString());
    }

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));
}
