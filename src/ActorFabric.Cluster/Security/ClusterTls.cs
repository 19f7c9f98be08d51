using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Remote.Transport.DotNetty;

namespace ActorFabric.Cluster.Security;

/// <summary>
/// TLS between cluster nodes (Akka.Remote's DotNetty transport): every node presents the cluster certificate and
/// accepts a connection, in either direction, only from a peer that presents that same certificate
/// (<see cref="ClusterPeerPin"/>).
/// </summary>
/// <remarks>
/// It takes two halves, and a node needs both (<see cref="Bootstrap"/> joins them):
/// <list type="bullet">
/// <item><see cref="Config"/>: HOCON that turns TLS on (<c>enable-ssl</c>), requires mutual authentication and turns
/// hostname checks off (every node presents the same certificate, whatever its address).</item>
/// <item><see cref="SslSetup"/>: the certificate and the pinned check. Akka.Remote 1.5.75 reads a custom validator only
/// from a <see cref="DotNettySslSetup"/>; HOCON can only check the chain against trusted roots or suppress checks.</item>
/// </list>
/// The HOCON names no certificate on purpose: with the setup missing, Akka cannot start the transport at all
/// ("Path to SSL certificate was not found") instead of starting with a weaker check.
/// </remarks>
public sealed class ClusterTls
{
    /// <summary>The keys under <c>akka.remote.dot-netty.tcp</c> that <see cref="Config"/> sets.</summary>
    public const string Hocon = """
        akka.remote.dot-netty.tcp {
          enable-ssl = true
          ssl {
            require-mutual-authentication = true
            validate-certificate-hostname = false
            suppress-validation = false
          }
        }
        """;

    private static readonly Config TlsConfig = ConfigurationFactory.ParseString(Hocon);

    private ClusterTls(X509Certificate2 certificate, ClusterPeerPin pin)
    {
        Certificate = certificate;
        Pin = pin;
    }

    /// <summary>The cluster certificate (with its private key) this node presents.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The check of each peer's certificate.</summary>
    public ClusterPeerPin Pin { get; }

    /// <summary>The HOCON half (see <see cref="Hocon"/>); it must win over the node's other remote settings.</summary>
    public Config Config => TlsConfig;

    /// <summary>The certificate-and-check half, for <see cref="ActorSystemSetup"/>.</summary>
    public DotNettySslSetup SslSetup => new(
        Certificate,
        suppressValidation: false,
        requireMutualAuthentication: true,
        validateCertificateHostname: false,
        customValidator: Pin.ToCallback());

    /// <summary>
    /// Loads the cluster certificate (errors name the file: missing, wrong password, no private key) and refuses one
    /// that is out of date, which every peer would refuse anyway.
    /// </summary>
    public static ClusterTls Load(string pfxPath, string password, TimeProvider? clock = null)
    {
        var certificate = ClusterCertificate.Load(pfxPath, password);
        var now = (clock ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
        {
            var message = $"cluster certificate '{pfxPath}' is valid only from {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u}";
            certificate.Dispose();
            throw new ClusterCertificateException(message);
        }
        return new ClusterTls(certificate, new ClusterPeerPin(certificate, clock));
    }

    /// <summary>
    /// The HOCON half for the certificate at <paramref name="pfxPath"/>, after checking that the file is usable. Alone it
    /// does not start a node (see the remarks of <see cref="ClusterTls"/>): use <see cref="Bootstrap"/>.
    /// </summary>
    public static Config ToConfig(string pfxPath, string password)
    {
        using var _ = Load(pfxPath, password).Certificate;
        return TlsConfig;
    }

    /// <summary>
    /// Everything <see cref="ActorSystem.Create(string, ActorSystemSetup)"/> needs for a TLS node: <paramref name="config"/>
    /// under the TLS keys, plus the certificate and the pinned check.
    /// </summary>
    public ActorSystemSetup Bootstrap(Config config) =>
        BootstrapSetup.Create().WithConfig(TlsConfig.WithFallback(config)).And(SslSetup);
}
