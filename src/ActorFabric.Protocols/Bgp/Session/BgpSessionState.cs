namespace ActorFabric.Protocols.Bgp.Session;

/// <summary>The six states of the BGP finite state machine (RFC 4271 §8.2.2).</summary>
public enum BgpSessionState : byte
{
    Idle,
    Connect,
    Active,
    OpenSent,
    OpenConfirm,
    Established,
}
