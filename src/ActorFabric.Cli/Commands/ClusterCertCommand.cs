using System.CommandLine;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using ActorFabric.Cluster.Security;

namespace ActorFabric.Cli.Commands;

/// <summary>
/// <c>actorfabric cluster cert --out PATH [--password PW] [--days N] [--subject CN] [--force]</c>: writes the
/// self-signed certificate every node of a lab cluster presents and pins (see <see cref="ClusterTls"/>) as a PFX, and
/// prints the node options that load it. Exit codes: 0 written, 1 the file could not be written, 2 bad input
/// (including an existing file without <c>--force</c>).
/// </summary>
public static partial class ClusterCertCommand
{
    public const int DefaultDays = 365;
    public const int MaxDays = 3650;

    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "PFX file to write (its folder is created).", Required = true };
        var password = new Option<string?>("--password") { Description = "Password of the PFX; default: a random one, printed once." };
        var days = new Option<int>("--days") { Description = $"Days the certificate is valid (1 to {MaxDays}).", DefaultValueFactory = _ => DefaultDays };
        var subject = new Option<string>("--subject") { Description = "Subject: a common name or a distinguished name.", DefaultValueFactory = _ => ClusterCertificate.DefaultSubject };
        var force = new Option<bool>("--force") { Description = "Replace the file if it exists." };
        var command = new Command("cert", "Create the cluster's TLS certificate: a self-signed PFX that every node loads with --tls-cert.")
        {
            output, password, days, subject, force,
        };
        command.SetAction(parse => Run(
            parse.GetValue(output)!, parse.GetValue(password), parse.GetValue(days), parse.GetValue(subject)!, parse.GetValue(force),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(string path, string? givenPassword, int days, string subject, bool force, TextWriter output, TextWriter error)
    {
        void Complain(string problem) => error.WriteLine($"actorfabric cluster cert: {problem}");
        if (string.IsNullOrWhiteSpace(path))
        {
            Complain("--out: give the PFX file to write");
            return CliApp.ExitUsage;
        }
        if (days is < 1 or > MaxDays)
        {
            Complain($"--days {days}: give 1 to {MaxDays}");
            return CliApp.ExitUsage;
        }
        if (givenPassword is { Length: 0 })
        {
            Complain("--password: an empty password leaves the cluster key unprotected; give one or leave --password out for a random one");
            return CliApp.ExitUsage;
        }
        if (Directory.Exists(path))
        {
            Complain($"--out '{path}' is a folder: give a file name, e.g. {Path.Combine(path, "cluster.pfx")}");
            return CliApp.ExitUsage;
        }
        if (File.Exists(path) && !force)
        {
            Complain($"'{path}' already exists: nodes may still use it; add --force to replace it");
            return CliApp.ExitUsage;
        }
        string name;
        try
        {
            name = ClusterCertificate.ParseSubject(subject).Name;
        }
        catch (ArgumentException)
        {
            Complain($"--subject '{subject}' is neither a common name nor a distinguished name (e.g. {ClusterCertificate.DefaultSubject})");
            return CliApp.ExitUsage;
        }

        var pfxPassword = givenPassword ?? RandomPassword();
        try
        {
            using var certificate = ClusterCertificate.CreateSelfSigned(name, TimeSpan.FromDays(days));
            ClusterCertificate.Export(certificate, path, pfxPassword, overwrite: force);
            output.WriteLine($"wrote {path}: {certificate.Subject}, ECDSA P-256, valid until {certificate.NotAfter.ToUniversalTime():u}");
            output.WriteLine($"thumbprint  {certificate.Thumbprint}");
            output.WriteLine($"sha256      {certificate.GetCertHashString(HashAlgorithmName.SHA256)}");
            if (givenPassword is null) output.WriteLine($"password    {pfxPassword}  (generated: it is stored nowhere else)");
            output.WriteLine("Start every node with this same file and password (nodes accept only peers that present this certificate):");
            output.WriteLine($"  --tls-cert {ShellWord(path)} --tls-password {ShellWord(pfxPassword)}");
            return 0;
        }
        catch (ClusterCertificateException e)
        {
            Complain(e.Message);
            return 1;
        }
    }

    /// <summary>128 random bits as 22 URL-safe base64 characters: nothing a shell or a compose file would interpret.</summary>
    private static string RandomPassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The text as one POSIX shell word, so the printed options can be pasted as they are.</summary>
    private static string ShellWord(string text) =>
        PlainShellWord().IsMatch(text) ? text : "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"^[A-Za-z0-9._,:/@%+=-]+$")]
    private static partial Regex PlainShellWord();
}
