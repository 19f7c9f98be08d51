using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ActorFabric.Cluster.Security;

namespace ActorFabric.Cluster.Tests.Security;

public sealed class ClusterCertificateTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    [Fact]
    public void A_new_certificate_is_self_signed_ecdsa_p256_with_its_key_and_allows_server_and_client_authentication()
    {
        using var certificate = ClusterCertificate.CreateSelfSigned("lab", TimeSpan.FromDays(30));

        Assert.Equal("CN=lab", certificate.Subject);
        Assert.Equal(certificate.Subject, certificate.Issuer);
        Assert.True(certificate.HasPrivateKey);
        using var key = certificate.GetECDsaPublicKey();
        Assert.NotNull(key);
        Assert.Equal(256, key.KeySize);
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value).ToList();
        Assert.Contains("1.3.6.1.5.5.7.3.1", usages);
        Assert.Contains("1.3.6.1.5.5.7.3.2", usages);
        Assert.True(certificate.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature));
        Assert.False(certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.InRange(certificate.NotAfter.ToUniversalTime() - DateTime.UtcNow, TimeSpan.FromDays(29.9), TimeSpan.FromDays(30.1));
        Assert.True(certificate.NotBefore.ToUniversalTime() <= DateTime.UtcNow);
    }

    [Fact]
    public void A_subject_given_as_a_distinguished_name_is_kept()
    {
        using var certificate = ClusterCertificate.CreateSelfSigned("CN=fabric, O=ActorFabric", TimeSpan.FromDays(1));
        Assert.Equal("CN=fabric, O=ActorFabric", certificate.Subject);
    }

    [Fact]
    public void A_subject_that_is_not_a_distinguished_name_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ClusterCertificate.CreateSelfSigned("CN=a, =b, ,", TimeSpan.FromDays(1)));
        Assert.Throws<ArgumentException>(() => ClusterCertificate.CreateSelfSigned("  ", TimeSpan.FromDays(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClusterCertificate.CreateSelfSigned("lab", TimeSpan.Zero));
    }

    [Fact]
    public void An_exported_certificate_loads_back_with_the_same_bytes_and_its_private_key()
    {
        using var created = ClusterCertificate.CreateSelfSigned("lab", TimeSpan.FromDays(1));
        var path = _folder.File("cluster.pfx");

        ClusterCertificate.Export(created, path, "s3cret");
        using var loaded = ClusterCertificate.Load(path, "s3cret");

        Assert.Equal(created.RawData, loaded.RawData);
        Assert.True(loaded.HasPrivateKey);
        using var key = loaded.GetECDsaPrivateKey();
        Assert.NotNull(key);
        var signature = key.SignData(new byte[] { 1, 2, 3 }, HashAlgorithmName.SHA256);
        using var publicKey = created.GetECDsaPublicKey()!;
        Assert.True(publicKey.VerifyData(new byte[] { 1, 2, 3 }, signature, HashAlgorithmName.SHA256));
    }

    [Fact]
    public void The_exported_file_is_readable_by_its_owner_only()
    {
        if (OperatingSystem.IsWindows()) return;
        using var created = ClusterCertificate.CreateSelfSigned("lab", TimeSpan.FromDays(1));
        var path = _folder.File("cluster.pfx");

        ClusterCertificate.Export(created, path, "s3cret");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Export_makes_the_missing_folders_and_leaves_no_temporary_file()
    {
        using var created = ClusterCertificate.CreateSelfSigned("lab", TimeSpan.FromDays(1));
        var path = Path.Combine(_folder.Path, "certs", "deeper", "cluster.pfx");

        ClusterCertificate.Export(created, path, "s3cret");

        Assert.Equal(["cluster.pfx"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void Export_does_not_replace_an_existing_file_unless_asked()
    {
        using var first = ClusterCertificate.CreateSelfSigned("first", TimeSpan.FromDays(1));
        using var second = ClusterCertificate.CreateSelfSigned("second", TimeSpan.FromDays(1));
        var path = _folder.File("cluster.pfx");
        ClusterCertificate.Export(first, path, "pw");

        var refused = Assert.Throws<ClusterCertificateException>(() => ClusterCertificate.Export(second, path, "pw"));
        Assert.Contains(path, refused.Message, StringComparison.Ordinal);
        Assert.Contains("already exists", refused.Message, StringComparison.Ordinal);
        using (var kept = ClusterCertificate.Load(path, "pw")) Assert.Equal(first.RawData, kept.RawData);

        ClusterCertificate.Export(second, path, "pw", overwrite: true);
        using var replaced = ClusterCertificate.Load(path, "pw");
        Assert.Equal(second.RawData, replaced.RawData);
        Assert.Single(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public void Loading_a_missing_file_names_the_path_and_how_to_create_one()
    {
        var path = _folder.File("nowhere.pfx");
        var e = Assert.Throws<ClusterCertificateException>(() => ClusterCertificate.Load(path, "pw"));
        Assert.Contains($"'{path}' does not exist", e.Message, StringComparison.Ordinal);
        Assert.Contains("actorfabric cluster cert --out", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loading_with_the_wrong_password_names_the_path_and_the_password()
    {
        using var created = ClusterCertificate.CreateSelfSigned("lab", TimeSpan.FromDays(1));
        var path = _folder.File("cluster.pfx");
        ClusterCertificate.Export(created, path, "right");

        var e = Assert.Throws<ClusterCertificateException>(() => ClusterCertificate.Load(path, "wrong"));

        Assert.Contains($"'{path}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("wrong password", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loading_a_file_that_is_not_a_pfx_names_the_path()
    {
        var path = _folder.File("cluster.pfx");
        File.WriteAllText(path, "-----BEGIN NOTHING-----");

        var e = Assert.Throws<ClusterCertificateException>(() => ClusterCertificate.Load(path, "pw"));

        Assert.Contains($"'{path}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("not a PFX", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loading_a_folder_names_the_path()
    {
        var e = Assert.Throws<ClusterCertificateException>(() => ClusterCertificate.Load(_folder.Path, "pw"));
        Assert.Contains($"'{_folder.Path}' is a folder", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loading_a_pfx_without_a_private_key_names_the_path_and_the_missing_key()
    {
        using var created = ClusterCertificate.CreateSelfSigned("lab", TimeSpan.FromDays(1));
        var path = _folder.File("public-only.pfx");
        using (var publicOnly = X509CertificateLoader.LoadCertificate(created.RawData))
            File.WriteAllBytes(path, publicOnly.Export(X509ContentType.Pkcs12, "pw"));

        var e = Assert.Throws<ClusterCertificateException>(() => ClusterCertificate.Load(path, "pw"));

        Assert.Contains($"'{path}' holds no private key", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_refuses_to_start_with_a_cluster_certificate_out_of_date()
    {
        using var created = ClusterCertificate.CreateSelfSigned("lab", TimeSpan.FromDays(1));
        var path = _folder.File("cluster.pfx");
        ClusterCertificate.Export(created, path, "pw");

        var e = Assert.Throws<ClusterCertificateException>(() => ClusterTls.Load(path, "pw", new FixedClock(DateTimeOffset.UtcNow.AddDays(2))));

        Assert.Contains($"'{path}' is valid only from", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
