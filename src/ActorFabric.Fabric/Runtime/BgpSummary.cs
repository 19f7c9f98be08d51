namespace ActorFabric.Fabric.Runtime;

/// <summary>A device's BGP sessions (Junos <c>show bgp summary</c>).</summary>
public sealed record BgpSummary(string Device, uint LocalAs, string RouterId, IReadOnlyList<BgpPeerSummary> Peers)
{
    public int Established
    {
        get
        {
            int n = 0;
            foreach (var p in Peers) if (p.State == "Established") n++;
            return n;
        }
    }
}

/// <param name="State">RFC 4271 FSM state name: Idle, Connect, Active, OpenSent, OpenConfirm, Established.</param>
/// <param name="BfdState">AdminDown, Down, Init, Up, or null when no BFD session runs.</param>
/// <param name="LastChange">Emulated time of the last state change.</param>
public sealed record BgpPeerSummary(
    string Peer,
    string? PeerDevice,
    uint PeerAs,
    string State,
    string? BfdState,
    TimeSpan LastChange,
    int Flaps,
    long MessagesReceived,
    long MessagesSent,
    int RoutesReceived,
    int RoutesActive)
{
    /// <summary>UPDATE messages sent to the peer (part of <see cref="MessagesSent"/>; keepalives not counted).</summary>
    public long UpdatesSent { get; init; }
}
