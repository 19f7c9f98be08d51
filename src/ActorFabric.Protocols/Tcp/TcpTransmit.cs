namespace ActorFabric.Protocols.Tcp;

/// <summary>
/// A segment the host must send now: a complete IPv4 packet (header, TCP header with checksum, data), routed
/// to <see cref="TcpConnectionOptions.RemoteAddress"/>.
/// </summary>
public readonly record struct TcpTransmit(byte[] Packet);
