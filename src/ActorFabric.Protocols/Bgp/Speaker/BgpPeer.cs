using System.Net;
using ActorFabric.Protocols.Bgp.Rib;
using ActorFabric.Protocols.Bgp.Session;
using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Bgp.Speaker;

/// <summary>How a peer is treated on export (RFC 4456 §6 roles; eBGP per RFC 4271 §9.2).</summary>
public enum BgpPeerRole : byte
{
    InternalNonClient,
    InternalClient,
    External,
}

/// <summary>A neighbour of a <see cref="BgpSpeaker"/>: its session, its Adj-RIB-In and graceful-restart state.</summary>
public sealed class BgpPeer
{
    internal BgpPeer(int id, BgpSession session, bool dynamic, LocRib rib)
    {
        Id = id;
        Session = session;
        IsDynamic = dynamic;
        Source = new BgpPathSource(id, session.Config.PeerAddress)
        {
            IsRouteReflectorClient = session.Config.RouteReflectorClient,
            As = session.Config.PeerAs ?? session.Config.LocalAs,
            IsExternal = session.Config.PeerAs is uint a && a != session.Config.LocalAs,
        };
        AdjRibIn = new AdjRibIn(rib, Source);
        RouteTargets = new RouteTargetPeer(Source);
    }

    /// <summary>Stable number in creation order (1, 2, …); 0 is the speaker itself.</summary>
    public int Id { get; }
    /// <summary>The session's state machine; only the speaker drives it. Hosts read the properties below.</summary>
    internal BgpSession Session { get; }
    public BgpPathSource Source { get; }
    /// <summary>The peer's accepted routes: a view over the speaker's Loc-RIB (no separate copy).</summary>
    public AdjRibIn AdjRibIn { get; }
    public bool IsDynamic { get; }
    public IPAddress Address => Session.Config.PeerAddress;
    public BgpSessionState State => Session.State;
    public BgpCodecOptions CodecOptions => Session.CodecOptions;
    /// <summary>The peer AS configured for this neighbour; null when any AS is accepted (it then comes from the OPEN).</summary>
    public uint? ConfiguredPeerAs => Session.Config.PeerAs;
    /// <summary>The BGP Identifier from the peer's OPEN on the current (or last) session; null before any OPEN arrived.</summary>
    public uint? PeerRouterId => Session.PeerOpen?.BgpIdentifier;
    /// <summary>Started and not administratively stopped (see <see cref="BgpSpeaker.StartPeer"/> / <see cref="BgpSpeaker.StopPeer"/>).</summary>
    public bool IsStarted => Session.IsStarted;
    /// <summary>The current transport connection was opened by us (false: accepted from the peer).</summary>
    public bool LocallyInitiated => Session.LocallyInitiated;
    /// <summary>Address families both sides offered in their OPENs (RFC 4760); empty before the session is up.</summary>
    public IReadOnlyList<BgpFamily> NegotiatedFamilies => Session.NegotiatedFamilies;
    public BgpPeerRole Role => RoleOf(Source);

    internal static BgpPeerRole RoleOf(BgpPathSource source) => source.IsExternal ? BgpPeerRole.External
        : source.IsRouteReflectorClient ? BgpPeerRole.InternalClient : BgpPeerRole.InternalNonClient;

    /// <summary>When the routes kept for a restarting peer are purged (RFC 4724 §4.2); null when none are kept.</summary>
    public TimeSpan? StaleDeadline { get; internal set; }
    public bool EndOfRibReceived { get; internal set; }
    /// <summary>Message and route counts for metrics and the CLI.</summary>
    public BgpPeerCounters Counters { get; } = new();
    public bool Removed { get; internal set; }

    // ---- Route Target Constraint (RFC 4684) ----

    /// <summary>Both sides negotiated AFI 1 / SAFI 132 on the current session and our config enables it.</summary>
    public bool RouteTargetConstraintActive => RouteTargets.Active;
    /// <summary>Memberships the peer announced and has not withdrawn (its RTC Adj-RIB-In), in arrival order.</summary>
    public IReadOnlyCollection<RouteTargetMembership> ReceivedMemberships => RouteTargets.Received.Keys;
    /// <summary>The filter our EVPN export to this peer currently follows; null = every route (no RTC, or default).</summary>
    public RouteTargetFilter? ExportFilter => RouteTargets.ExportFilter;
    /// <summary>Waiting for the peer's RTC End-of-RIB before sending it EVPN routes (RFC 4684 §6).</summary>
    public bool AwaitingRouteTargetEndOfRib => RouteTargets.AwaitingEndOfRib;
    /// <summary>When we stop waiting for that End-of-RIB and export with the memberships received so far.</summary>
    public TimeSpan? RouteTargetEndOfRibDeadline => RouteTargets.EndOfRibDeadline;
    internal RouteTargetPeer RouteTargets { get; }
    internal UpdateGroup? Group { get; set; }

    public override string ToString() => $"peer#{Id} {Address} {State}";
}
