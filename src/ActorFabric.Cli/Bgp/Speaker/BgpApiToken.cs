using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace ActorFabric.Cli.Bgp.Speaker;

/// <summary>
/// The per-run secret of a speaker's control API. <c>bgp speaker --api</c> makes a new one each run and writes it
/// to a file only its user can read (mode 0600, directory 0700); <c>bgp rib|inject|withdraw</c> read it from the
/// same place and send it as <c>Authorization: Bearer …</c>. A web page the user visits can neither read the file
/// nor guess the token, so it cannot drive the API even where it can reach the port.
/// </summary>
public static class BgpApiToken
{
    public const string EnvironmentVariable = "ACTORFABRIC_BGP_API_TOKEN";

    public static string Generate() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// <c>$XDG_RUNTIME_DIR/actorfabric/bgp-api-ADDR-PORT.token</c> (else <c>~/.actorfabric/…</c>): one file per API
    /// endpoint, so several speakers on one machine each have theirs.
    /// </summary>
    public static string DefaultPath(IPEndPoint api)
    {
        var name = $"bgp-api-{api.Address}-{api.Port}.token";
        if (Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } runtimeDir && Directory.Exists(runtimeDir))
            return Path.Combine(runtimeDir, "actorfabric", name);
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".actorfabric", name);
    }

    /// <summary>Write <paramref name="token"/> to <paramref name="path"/>, readable by the owner only (created so, never widened).</summary>
    public static void Write(string path, string token)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(dir))
        {
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(dir);
            else Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        if (File.Exists(path)) File.Delete(path); // an existing file would keep its old mode
        using var stream = new FileStream(path, options);
        stream.Write(Encoding.ASCII.GetBytes(token));
    }

    /// <summary>The token for <paramref name="api"/>: <c>$ACTORFABRIC_BGP_API_TOKEN</c>, else the file; null when neither exists.</summary>
    public static string? Read(IPEndPoint api, string? path = null)
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment) return fromEnvironment.Trim();
        path ??= DefaultPath(api);
        try { return File.Exists(path) ? File.ReadAllText(path).Trim() : null; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>Compares in time independent of where the strings differ.</summary>
    public static bool Matches(string expected, string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));
}
