using ActorFabric.Protocols.Bgp.Speaker;
using ActorFabric.Protocols.Bgp.Transport;
using ActorFabric.Protocols.Tcp;

namespace ActorFabric.Fabric.Runtime.Transport;

/// <summary>
/// The emulated TCP connection (<see cref="TcpConnection"/>) that carries one BGP session, with the BGP peer it
/// belongs to, which side opened it, and the reader that cuts its byte stream into BGP messages.
/// </summary>
internal sealed class BgpConnection(TcpConnection tcp, BgpPeer peer, bool active)
{
    public const ushort BgpPort = 179;

    public TcpConnection Tcp { get; } = tcp;
    public BgpPeer Peer { get; } = peer;
    /// <summary>We sent the SYN (the session's TcpConnectionFails applies only to this side, RFC 4271 §8.2.2).</summary>
    public bool Active { get; } = active;
    public BgpStreamReader Reader { get; } = new();
}
