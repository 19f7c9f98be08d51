using System.CommandLine;
using ActorFabric.Cli.Commands;
using ActorFabric.Cluster.Security;

namespace ActorFabric.Cli.Tests.Cluster;

/// <summary>
/// <c>cluster cert</c> run under a stand-in <c>cluster</c> group, so these tests do not depend on where CliApp
/// registers it.
/// </summary>
public sealed class ClusterCertCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "actorfabric-cert-" + Guid.NewGuid().ToString("N"));

    public ClusterCertCommandTests() => Directory.CreateDirectory(_folder);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand { new Command("cluster") { ClusterCertCommand.Create() } };
        var parsed = root.Parse(["cluster", "cert", .. args]);
        Assert.Empty(parsed.Errors);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Writes_a_pfx_that_loads_with_the_given_password_and_prints_the_thumbprint_and_the_node_options()
    {
        var path = Path.Combine(_folder, "certs", "cluster.pfx");

        var (code, output, error) = Run("--out", path, "--password", "lab pass", "--days", "10", "--subject", "lab-cluster");

        Assert.Equal(0, code);
        Assert.Equal("", error);
        using var certificate = ClusterCertificate.Load(path, "lab pass");
        Assert.Equal("CN=lab-cluster", certificate.Subject);
        Assert.InRange(certificate.NotAfter.ToUniversalTime() - DateTime.UtcNow, TimeSpan.FromDays(9.9), TimeSpan.FromDays(10.1));
        Assert.Contains($"thumbprint  {certificate.Thumbprint}", output, StringComparison.Ordinal);
        Assert.Contains($"--tls-cert {path} --tls-password 'lab pass'", output, StringComparison.Ordinal);
        Assert.DoesNotContain("generated", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_password_it_generates_one_prints_it_once_and_the_pfx_opens_with_it()
    {
        var path = Path.Combine(_folder, "cluster.pfx");

        var (code, output, _) = Run("--out", path);

        Assert.Equal(0, code);
        var line = output.Split('\n').Single(l => l.StartsWith("password", StringComparison.Ordinal));
        var password = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        Assert.Equal(22, password.Length);
        using var certificate = ClusterCertificate.Load(path, password);
        Assert.Equal(ClusterCertificate.DefaultSubject, certificate.Subject);
        Assert.Contains($"--tls-cert {path} --tls-password {password}", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_to_replace_an_existing_file_without_force()
    {
        var path = Path.Combine(_folder, "cluster.pfx");
        Assert.Equal(0, Run("--out", path, "--password", "first").Code);
        using var first = ClusterCertificate.Load(path, "first");

        var (code, _, error) = Run("--out", path, "--password", "second");

        Assert.Equal(2, code);
        Assert.Contains($"'{path}' already exists", error, StringComparison.Ordinal);
        Assert.Contains("--force", error, StringComparison.Ordinal);
        using (var kept = ClusterCertificate.Load(path, "first")) Assert.Equal(first.RawData, kept.RawData);

        Assert.Equal(0, Run("--out", path, "--password", "second", "--force").Code);
        using var replaced = ClusterCertificate.Load(path, "second");
        Assert.NotEqual(first.RawData, replaced.RawData);
    }

    [Theory]
    [InlineData("--days", "0", "--days 0: give 1 to 3650")]
    [InlineData("--days", "3651", "--days 3651: give 1 to 3650")]
    [InlineData("--password", "", "--password: an empty password")]
    [InlineData("--subject", "CN=a, =b", "--subject 'CN=a, =b' is neither a common name nor a distinguished name")]
    public void Bad_input_exits_2_with_a_message_and_writes_nothing(string option, string value, string message)
    {
        var path = Path.Combine(_folder, "cluster.pfx");

        var (code, output, error) = Run("--out", path, option, value);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void An_out_path_that_is_a_folder_exits_2()
    {
        var (code, _, error) = Run("--out", _folder);

        Assert.Equal(2, code);
        Assert.Contains("is a folder: give a file name", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_that_cannot_be_created_exits_1()
    {
        var blocker = Path.Combine(_folder, "a-file");
        File.WriteAllText(blocker, "");

        var (code, _, error) = Run("--out", Path.Combine(blocker, "cluster.pfx"), "--password", "pw");

        Assert.Equal(1, code);
        Assert.Contains("cannot write", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_is_required()
    {
        var root = new RootCommand { new Command("cluster") { ClusterCertCommand.Create() } };
        Assert.NotEmpty(root.Parse(["cluster", "cert"]).Errors);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
