namespace ActorFabric.Protocols.Tcp;

/// <summary>
/// The states of <see cref="TcpConnection"/> (RFC 9293 §3.3.2, reduced: LISTEN is the host's, and closing is
/// immediate — FIN-WAIT, CLOSE-WAIT, CLOSING, LAST-ACK and TIME-WAIT are not emulated).
/// </summary>
public enum TcpState : byte
{
    /// <summary>Not opened yet, or over (FIN sent or received, RST, connect timeout, abort).</summary>
    Closed,
    SynSent,
    SynReceived,
    Established,
}
