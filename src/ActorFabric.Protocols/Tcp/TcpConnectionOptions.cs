using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Tcp;

/// <summary>The four-tuple and the initial send sequence number of one <see cref="TcpConnection"/>.</summary>
public sealed record TcpConnectionOptions
{
    public required Ipv4Address LocalAddress { get; init; }
    public required Ipv4Address RemoteAddress { get; init; }
    public required ushort LocalPort { get; init; }
    public required ushort RemotePort { get; init; }
    /// <summary>ISS (RFC 9293 §3.4.1). The host derives it from the run's seed so runs replay; it also seeds the IPv4 identification.</summary>
    public required uint InitialSequence { get; init; }
    /// <summary>How long the handshake may take before the connection fails.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>The longest the retransmission timeout backs off to (RFC 6298 §2.5: at least 60 s).</summary>
    public TimeSpan MaxRetransmissionTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
