using System.Net;

namespace ActorFabric.Interop.Tests.Harness;

/// <summary>A statically configured FRR neighbor (FRR connects out to it as well as accepting).</summary>
public sealed record FrrNeighbor(IPAddress Address, uint RemoteAs)
{
    /// <summary>TCP port FRR connects to (`neighbor A port N`).</summary>
    public int Port { get; init; } = 179;
    public bool RouteReflectorClient { get; init; }
    /// <summary>Never open the connection, only accept (`neighbor A passive`).</summary>
    public bool Passive { get; init; }
    /// <summary>`neighbor A update-source X`: an address or interface name; the router id when null.</summary>
    public string? UpdateSource { get; init; }
}
