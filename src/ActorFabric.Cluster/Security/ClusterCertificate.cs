using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ActorFabric.Cluster.Security;

/// <summary>
/// The one certificate every node of a lab cluster presents and expects from its peers (see <see cref="ClusterTls"/>):
/// self-signed, ECDSA P-256, allowed for both TLS server and client authentication, kept as a password-protected PFX.
/// </summary>
public static class ClusterCertificate
{
    public const string DefaultSubject = "CN=actorfabric-cluster";

    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1", "Server Authentication");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2", "Client Authentication");

    /// <summary>
    /// A new self-signed certificate valid from a minute ago (clock skew between nodes) for <paramref name="validity"/>.
    /// <paramref name="subject"/> is a distinguished name ("CN=lab") or a bare common name ("lab").
    /// </summary>
    public static X509Certificate2 CreateSelfSigned(string subject, TimeSpan validity)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (validity <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(validity), validity, "validity must be positive");
        var name = ParseSubject(subject);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        // Mutual TLS: each node is a TLS server to the peers that dial it and a TLS client to the peers it dials.
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication, ClientAuthentication], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-1), now + validity);
    }

    /// <summary>"CN=lab, O=x" as given; a bare "lab" becomes "CN=lab". Throws <see cref="ArgumentException"/> for a name that does not parse.</summary>
    public static X500DistinguishedName ParseSubject(string subject)
    {
        var text = subject.Trim();
        if (text.Length == 0) throw new ArgumentException("the subject is empty", nameof(subject));
        if (!text.Contains('=')) text = "CN=" + text;
        try
        {
            return new X500DistinguishedName(text);
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException($"'{subject}' is not a distinguished name (e.g. CN=actorfabric-cluster)", nameof(subject), e);
        }
    }

    /// <summary>
    /// Writes <paramref name="certificate"/> with its private key to <paramref name="path"/> as a PFX encrypted with
    /// AES-256 under <paramref name="password"/>. The file is readable by its owner only (on Unix); an existing file
    /// is replaced only with <paramref name="overwrite"/>, and then atomically.
    /// </summary>
    public static void Export(X509Certificate2 certificate, string path, string password, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(password);
        if (!certificate.HasPrivateKey) throw new ClusterCertificateException($"cannot write '{path}': the certificate has no private key");
        var pfx = certificate.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password);
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new ClusterCertificateException($"cannot write '{path}': it is a folder");
        if (!overwrite && File.Exists(full)) throw new ClusterCertificateException($"'{path}' already exists (replace it on purpose)");
        var folder = Path.GetDirectoryName(full)!;
        var temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(folder);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var file = new FileStream(temporary, options)) file.Write(pfx);
            File.Move(temporary, full, overwrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(temporary)) File.Delete(temporary);
            if (!overwrite && File.Exists(full)) throw new ClusterCertificateException($"'{path}' already exists (replace it on purpose)", e);
            throw new ClusterCertificateException($"cannot write '{path}': {e.Message}", e);
        }
    }

    /// <summary>
    /// Reads a cluster certificate with its private key from a PFX. Every failure is a
    /// <see cref="ClusterCertificateException"/> naming <paramref name="path"/>: no such file, wrong password or not a
    /// PFX, no private key.
    /// </summary>
    public static X509Certificate2 Load(string path, string password)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(password);
        if (Directory.Exists(path)) throw new ClusterCertificateException($"cluster certificate '{path}' is a folder, not a PFX file");
        if (!File.Exists(path)) throw new ClusterCertificateException($"cluster certificate '{path}' does not exist (create one with: actorfabric cluster cert --out {path})");
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.DefaultKeySet);
        }
        catch (CryptographicException e)
        {
            throw new ClusterCertificateException($"cluster certificate '{path}' cannot be opened: wrong password, or not a PFX (PKCS#12) file", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ClusterCertificateException($"cluster certificate '{path}' cannot be read: {e.Message}", e);
        }
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new ClusterCertificateException($"cluster certificate '{path}' holds no private key: a node proves it belongs to the cluster with that key (export the PFX with its key)");
        }
        return certificate;
    }
}
