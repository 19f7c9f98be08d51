namespace ActorFabric.Protocols.Tcp;

public enum TcpEventKind : byte
{
    /// <summary>The three-way handshake completed (RFC 9293 §3.5): the connection is Established.</summary>
    Connected,
    /// <summary>Stream bytes arrived in order (<see cref="TcpEvent.Data"/>).</summary>
    Data,
    /// <summary>An Established connection ended: the peer sent FIN (acknowledged already) or RST.</summary>
    Closed,
    /// <summary>The handshake did not complete: RST while connecting, or the connect timeout ran out.</summary>
    Failed,
}

public enum TcpCloseCause : byte
{
    None,
    /// <summary>The peer sent FIN.</summary>
    Fin,
    /// <summary>The peer sent RST.</summary>
    Reset,
    /// <summary>No handshake within <see cref="TcpConnectionOptions.ConnectTimeout"/>.</summary>
    TimedOut,
}

/// <summary>Something a <see cref="TcpConnection"/> reports to its host; drained with <see cref="TcpConnection.TryPollEvent"/>.</summary>
public readonly record struct TcpEvent(TcpEventKind Kind, TcpCloseCause Cause = TcpCloseCause.None, byte[]? Data = null);
