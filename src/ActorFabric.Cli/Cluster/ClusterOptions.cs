using System.CommandLine;
using ActorFabric.Cluster.Security;
using ActorFabric.Cli.Control;

namespace ActorFabric.Cli.Cluster;

/// <summary>Options shared by <c>node</c>, <c>launch</c> and <c>cluster status</c>, and their checks (bad input: exit 2 with the option named).</summary>
internal static class ClusterOptions
{
    public sealed record TlsOptions(Option<string?> Cert, Option<string?> Password);

    public static TlsOptions Tls() => new(
        new Option<string?>("--tls-cert") { Description = "Cluster certificate (PFX from `actorfabric cluster cert`): nodes talk mutual TLS and refuse peers without it." },
        new Option<string?>("--tls-password") { Description = "Password of --tls-cert (default: $ACTORFABRIC_TLS_PASSWORD)." });

    public static bool TryEndpoint(string text, string option, bool allowZero, TextWriter error, out HostPort value)
    {
        if (HostPort.Problem(text, allowZero, out value) is not { } problem) return true;
        error.WriteLine($"actorfabric: {option} '{FabricNames.Clip(text)}': {problem}");
        return false;
    }

    public static bool TrySeeds(string text, TextWriter error, out List<HostPort> seeds)
    {
        seeds = [];
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TryEndpoint(part, "--seed", false, error, out var s)) return false;
            seeds.Add(s);
        }
        if (seeds.Count > 0) return true;
        error.WriteLine("actorfabric: --seed needs at least one HOST:PORT");
        return false;
    }

    public static bool TryTls(ParseResult parse, TlsOptions options, TextWriter error, out ClusterTls? tls)
    {
        tls = null;
        var cert = parse.GetValue(options.Cert);
        var password = parse.GetValue(options.Password) ?? Environment.GetEnvironmentVariable("ACTORFABRIC_TLS_PASSWORD");
        if (cert is null)
        {
            if (parse.GetValue(options.Password) is null) return true;
            error.WriteLine("actorfabric: --tls-password given without --tls-cert");
            return false;
        }
        if (string.IsNullOrEmpty(password))
        {
            error.WriteLine("actorfabric: --tls-cert needs --tls-password (or ACTORFABRIC_TLS_PASSWORD)");
            return false;
        }
        try
        {
            tls = ClusterTls.Load(cert, password);
            return true;
        }
        catch (ClusterCertificateException e)
        {
            error.WriteLine($"actorfabric: --tls-cert: {e.Message}");
            return false;
        }
    }
}
