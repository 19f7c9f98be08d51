using System.Net;
using ActorFabric.Protocols.Bgp.Rib;
using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Bgp.Speaker;

/// <summary>
/// One peer's Route Target Constraint state (RFC 4684): the memberships it announced (its RTC Adj-RIB-In), the
/// memberships we announced to it (our RTC Adj-RIB-Out), and the export filter its EVPN routes currently follow.
/// Owned by <see cref="RouteTargetConstraint"/>; a <see cref="BgpPeer"/> shows it read-only.
/// </summary>
internal sealed class RouteTargetPeer
{
    public RouteTargetPeer(BgpPathSource source) => Source = source;

    public BgpPathSource Source { get; }
    public BgpPeerRole Role => BgpPeer.RoleOf(Source);

    /// <summary>Both sides negotiated AFI 1 / SAFI 132 on the current session and our config enables it.</summary>
    public bool Active { get; set; }
    /// <summary>Memberships the peer announced and has not withdrawn, in arrival order.</summary>
    public Dictionary<RouteTargetMembership, (PathAttributes Attributes, IPAddress NextHop)> Received { get; } = [];
    /// <summary>Memberships we announced to the peer, with the attributes they were sent with.</summary>
    public Dictionary<RouteTargetMembership, PathAttributes> Sent { get; } = [];
    /// <summary><see cref="Received"/> changed since <see cref="ExportFilter"/> was built.</summary>
    public bool Changed { get; set; }
    /// <summary>The filter our EVPN export to this peer follows; null = every route (no RTC, or default).</summary>
    public RouteTargetFilter? ExportFilter { get; set; }
    /// <summary>Waiting for the peer's RTC End-of-RIB before sending it EVPN routes (RFC 4684 §6).</summary>
    public bool AwaitingEndOfRib { get; set; }
    /// <summary>When that wait ends anyway.</summary>
    public TimeSpan? EndOfRibDeadline { get; set; }
}
