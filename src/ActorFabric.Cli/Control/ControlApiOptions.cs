using System.Net;
using System.Security.Cryptography;

namespace ActorFabric.Cli.Control;

/// <summary>
/// Where and how the control API listens, and what guards it (docs/cli.md, "Who may drive the API"): a per-run
/// token every write must carry, loopback Host headers only while bound to loopback, and the one folder
/// captures may be written in.
/// </summary>
public sealed record ControlApiOptions
{
    /// <summary>Request bodies above this are answered 413 without being read (every request body is a few hundred bytes).</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public int Port { get; init; } = ControlApiServer.DefaultPort;

    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>The bearer token of this run; a fresh random one unless given.</summary>
    public string Token { get; init; } = NewToken();

    /// <summary>Captures may only be written inside this folder (default: the working directory of <c>up</c>).</summary>
    public string CaptureDirectory { get; init; } = Directory.GetCurrentDirectory();

    public bool IsLoopback => IPAddress.IsLoopback(Address);

    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
