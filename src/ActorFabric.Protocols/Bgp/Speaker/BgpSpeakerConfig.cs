using ActorFabric.Wire.Bgp;
using ActorFabric.Protocols.Bgp.Rib;

namespace ActorFabric.Protocols.Bgp.Speaker;

/// <summary>Speaker-wide settings; per-peer settings are <see cref="Session.BgpSessionConfig"/>s.</summary>
public sealed record BgpSpeakerConfig
{
    public required uint LocalAs { get; init; }
    public required uint RouterId { get; init; }
    /// <summary>Act as a route reflector (RFC 4456): reflect iBGP routes per §6 to peers marked as clients.</summary>
    public bool RouteReflector { get; init; }
    /// <summary>Reflect client routes to other clients (RFC 4456 §5 allows turning it off when clients are fully meshed).</summary>
    public bool ClientToClientReflection { get; init; } = true;
    /// <summary>CLUSTER_ID (RFC 4456 §7); defaults to the router id.</summary>
    public uint? ClusterId { get; init; }
    /// <summary>
    /// Routes are accepted only if they carry one of these RTs (a leaf: the union of its instances' import
    /// sets; RFC 4364 §4.3.1 style). Null accepts everything (a route reflector). Type-4 routes are always
    /// accepted: they are imported by ES-Import RT, which the EVPN instance checks (RFC 7432 §8.1.1).
    /// </summary>
    public RouteTargetSet? ImportFilter { get; init; }
    /// <summary>How long a restarted peer's stale routes are kept waiting for its End-of-RIB (RFC 4724 §4.2, local "stale timer").</summary>
    public TimeSpan StalePathTime { get; init; } = TimeSpan.FromSeconds(360);
    /// <summary>Queue a <see cref="BgpBestPathChanged"/> for every Loc-RIB best-path change (a leaf's EVPN instance wants them; an RR does not).</summary>
    public bool ReportBestPathChanges { get; init; } = true;
    /// <summary>Dynamic neighbours: connections from these ranges are accepted (like FRR's <c>bgp listen range</c>).</summary>
    public BgpListenRange[] ListenRanges { get; init; } = [];

    /// <summary>
    /// Route Target Constraint (RFC 4684): every peer is offered AFI 1 / SAFI 132 (optional: peers without it
    /// still come up and get every route). To a peer that negotiated it, EVPN routes are sent only when one of
    /// their route targets matches a membership that peer announced; we announce <see cref="RouteTargetMemberships"/>.
    /// </summary>
    public bool RouteTargetConstraint { get; init; }
    /// <summary>
    /// Route targets to announce as memberships with <see cref="RouteTargetConstraint"/>. Null: the route targets
    /// of <see cref="ImportFilter"/>; when that is null too (a route reflector), the default membership, so
    /// peers send us everything (RFC 4684 §4 zero-length prefix).
    /// </summary>
    public ExtendedCommunity[]? RouteTargetMemberships { get; init; }
    /// <summary>
    /// How long to hold back EVPN routes from a new RTC peer waiting for its RTC End-of-RIB (RFC 4684 §6); after
    /// that the export starts with the memberships received so far (a peer that never sends End-of-RIB).
    /// </summary>
    public TimeSpan RouteTargetEndOfRibWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Pool for received EVPN routes and next hops, shared by every speaker of one emulated fabric (memory: each
    /// route is otherwise decoded once per receiving speaker and reflector). Null: each path keeps its decoded route.
    /// </summary>
    public EvpnRouteInterner? RouteInterner { get; init; }
    /// <summary>Attribute pool to use instead of a speaker-private one (share one across a fabric's speakers).</summary>
    public AttributeInterner? AttributeInterner { get; init; }

    /// <summary>
    /// How long outputs are held after the first input that follows a drain, so that the changes of many inputs
    /// (a burst of received UPDATEs, of local MACs) leave packed together. Zero releases them at once.
    /// </summary>
    public TimeSpan UpdateDelay { get; init; }

    public uint EffectiveClusterId => ClusterId ?? RouterId;
}
