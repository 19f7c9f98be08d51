using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;

namespace ActorFabric.Cluster.Security;

/// <summary>
/// The check a node makes of the certificate its TLS peer presents: it must be the cluster certificate itself (the
/// same DER bytes, not only the same name or SHA-1 thumbprint) and in date. Akka.Remote runs it on both sides of every
/// connection (mutual TLS), and TLS itself makes the peer prove it holds the certificate's private key.
/// </summary>
/// <remarks>
/// Akka's HOCON offers only chain validation against the machine's trusted roots (which a self-signed lab certificate
/// never passes, and which any publicly issued certificate would) or <c>suppress-validation</c> (which accepts any
/// certificate). Pinning needs a <see cref="CertificateValidationCallback"/>, which only <see cref="DotNettySslSetup"/>
/// can carry. The TLS stack's chain and name errors are ignored on purpose: the pin replaces them.
/// </remarks>
public sealed class ClusterPeerPin
{
    private readonly byte[] _cluster;
    private readonly string _thumbprint;
    private readonly TimeProvider _clock;

    public ClusterPeerPin(X509Certificate2 clusterCertificate, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(clusterCertificate);
        _cluster = clusterCertificate.RawData;
        _thumbprint = clusterCertificate.Thumbprint;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Whether <paramref name="peerCertificate"/> is the cluster certificate, in date; logs an error naming the peer when not.</summary>
    public bool Accepts(X509Certificate2? peerCertificate, string peer, ILoggingAdapter log)
    {
        if (peerCertificate is null)
        {
            log.Error("TLS peer [{0}] refused: it presented no certificate, and only holders of the cluster certificate may connect", peer);
            return false;
        }
        if (!peerCertificate.RawData.AsSpan().SequenceEqual(_cluster))
        {
            log.Error("TLS peer [{0}] refused: its certificate {1} (thumbprint {2}) is not the cluster certificate (thumbprint {3})",
                peer, peerCertificate.Subject, peerCertificate.Thumbprint, _thumbprint);
            return false;
        }
        var now = _clock.GetUtcNow().UtcDateTime;
        if (now < peerCertificate.NotBefore.ToUniversalTime() || now > peerCertificate.NotAfter.ToUniversalTime())
        {
            log.Error("TLS peer [{0}] refused: the cluster certificate (thumbprint {1}) is valid only from {2:u} to {3:u}",
                peer, _thumbprint, peerCertificate.NotBefore.ToUniversalTime(), peerCertificate.NotAfter.ToUniversalTime());
            return false;
        }
        return true;
    }

    /// <summary>The pin as the callback <see cref="DotNettySslSetup"/> takes; Akka calls it on both ends of each TLS handshake.</summary>
    public CertificateValidationCallback ToCallback() =>
        (certificate, _, peer, _, log) => Accepts(certificate, peer, log);
}
