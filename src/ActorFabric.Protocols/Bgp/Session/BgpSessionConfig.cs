using System.Net;

namespace ActorFabric.Protocols.Bgp.Session;

/// <summary>
/// What one BGP session is configured with. Timer defaults are the RFC 4271 §10 suggestions (hold 90 s,
/// connect-retry 120 s); a data-center fabric sets lower values (FRR's datacenter profile uses hold 9 s).
/// </summary>
public sealed record BgpSessionConfig
{
    public required uint LocalAs { get; init; }
    /// <summary>Our BGP Identifier as a big-endian uint (IPv4 address value).</summary>
    public required uint RouterId { get; init; }
    /// <summary>The AS the peer must announce; null accepts any AS (dynamic neighbours).</summary>
    public uint? PeerAs { get; init; }
    /// <summary>The peer's transport address; used for the last best-path tie-break (RFC 4271 §9.1.2.2 g).</summary>
    public IPAddress PeerAddress { get; init; } = IPAddress.Any;
    public TimeSpan HoldTime { get; init; } = TimeSpan.FromSeconds(90);
    public TimeSpan ConnectRetryTime { get; init; } = TimeSpan.FromSeconds(120);
    /// <summary>
    /// When set, an attempt still unanswered when the ConnectRetryTimer runs out makes the next one wait twice as long,
    /// up to this; the time returns to <see cref="ConnectRetryTime"/> once a transport comes up. RFC 4271 §8.2.2 leaves
    /// the value local but wants it long enough for TCP to initialise — a short one suits a LAN until a busy peer
    /// answers slower than it, and then no attempt ever completes. Null: fixed.
    /// </summary>
    public TimeSpan? MaxConnectRetryTime { get; init; }
    /// <summary>Hold time while waiting for the peer's OPEN (RFC 4271 §8.2.2 suggests 4 minutes).</summary>
    public TimeSpan OpenHoldTime { get; init; } = TimeSpan.FromMinutes(4);
    /// <summary>Never open the transport; wait for the peer to connect (RFC 4271 §8.1.1 passive establishment).</summary>
    public bool Passive { get; init; }
    /// <summary>Restart automatically after an error (RFC 4271 §8.1.1 AutomaticStart), after <see cref="IdleHoldTime"/> doubled per consecutive failure up to <see cref="MaxIdleHoldTime"/>.</summary>
    public bool AutomaticRestart { get; init; } = true;
    public TimeSpan IdleHoldTime { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxIdleHoldTime { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Families to advertise with the Multiprotocol capability (RFC 4760 §8).</summary>
    public BgpFamily[] Families { get; init; } = [BgpFamily.L2vpnEvpn];
    /// <summary>
    /// Families advertised like <see cref="Families"/> but never required: a peer without them still comes up,
    /// it just does not carry them (e.g. Route Target Constraint, RFC 4684 §4, whose absence means "send all").
    /// </summary>
    public BgpFamily[] OptionalFamilies { get; init; } = [];
    /// <summary>Refuse the session (2/7) when the peer lacks one of <see cref="Families"/> (RFC 5492 §5).</summary>
    public bool RequireFamilies { get; init; } = true;
    public bool AdvertiseRouteRefresh { get; init; } = true;
    public bool AdvertiseEnhancedRouteRefresh { get; init; } = true;
    public bool AdvertiseExtendedMessage { get; init; }
    /// <summary>Advertise Graceful Restart (RFC 4724 §3) with this restart time; null = not GR-capable.</summary>
    public ushort? GracefulRestartTimeSeconds { get; init; } = 120;
    /// <summary>
    /// List our families in the GR capability with the Forwarding State bit set (RFC 4724 §3): we claim to keep
    /// forwarding across a restart of this BGP speaker, so helpers keep our routes until our End-of-RIB. False
    /// (default) is honest for a device whose data plane restarts with it: helpers then drop our stale routes as
    /// soon as we are back (RFC 4724 §4.2) — they still bridge the time we are away.
    /// </summary>
    public bool GracefulRestartForwardingPreserved { get; init; }
    /// <summary>The peer is a route-reflector client of ours (RFC 4456 §6).</summary>
    public bool RouteReflectorClient { get; init; }
}
