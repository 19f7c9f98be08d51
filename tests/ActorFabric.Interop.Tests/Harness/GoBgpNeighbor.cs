using System.Net;

namespace ActorFabric.Interop.Tests.Harness;

/// <summary>One neighbor in a gobgpd config, always with the l2vpn-evpn AFI/SAFI (AFI 25 / SAFI 70, RFC 7432 §7).</summary>
public sealed record GoBgpNeighbor(IPAddress Address, uint PeerAs)
{
    /// <summary>TCP port of the peer (FRR or our speaker listen on high loopback ports, never 179).</summary>
    public int RemotePort { get; init; } = 179;
    /// <summary>Source address for the session; a listen-range reflector tells its clients apart by it.</summary>
    public IPAddress? LocalAddress { get; init; }
    /// <summary>Only wait for the peer to connect (no active open).</summary>
    public bool Passive { get; init; }
    /// <summary>Make this gobgpd a route reflector for the neighbor (RFC 4456).</summary>
    public bool RouteReflectorClient { get; init; }
    /// <summary>Cluster id this gobgpd uses when reflecting to the neighbor; its router id when null.</summary>
    public IPAddress? ClusterId { get; init; }
}
