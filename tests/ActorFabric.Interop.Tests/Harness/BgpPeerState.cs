namespace ActorFabric.Interop.Tests.Harness;

/// <summary>BGP FSM states (RFC 4271 §8.2.2) as either real speaker reports them; Unknown when absent.</summary>
public enum BgpPeerState
{
    Unknown,
    Idle,
    Connect,
    Active,
    OpenSent,
    OpenConfirm,
    Established,
}
