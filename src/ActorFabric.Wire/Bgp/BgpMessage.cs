using System.Net;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Wire.Bgp;

/// <summary>A decoded BGP message (RFC 4271 §4). Encoding and decoding live in the codec classes.</summary>
public abstract record BgpMessage
{
    public abstract BgpMessageType Type { get; }
}

/// <summary>
/// OPEN (RFC 4271 §4.2). <see cref="MyAs"/> is the 2-octet field (AS_TRANS when the real AS needs 4 octets);
/// the real AS is in the 4-octet-AS capability (RFC 6793). Optional parameters other than capabilities are
/// kept raw in <see cref="OtherParameters"/> (type, value).
/// </summary>
public sealed record OpenMessage(byte Version, ushort MyAs, ushort HoldTimeSeconds, uint BgpIdentifier, Capability[] Capabilities) : BgpMessage
{
    public override BgpMessageType Type => BgpMessageType.Open;
    public (byte Type, byte[] Value)[] OtherParameters { get; init; } = [];

    /// <summary>The speaker's AS: the 4-octet-AS capability when present, else <see cref="MyAs"/>.</summary>
    public uint EffectiveAs => Capabilities.OfType<FourOctetAsCapability>().FirstOrDefault()?.Asn ?? MyAs;

    public bool Equals(OpenMessage? other) =>
        other is not null && Version == other.Version && MyAs == other.MyAs && HoldTimeSeconds == other.HoldTimeSeconds &&
        BgpIdentifier == other.BgpIdentifier && Capabilities.AsSpan().SequenceEqual(other.Capabilities) &&
        OtherParameters.Length == other.OtherParameters.Length;
    public override int GetHashCode() => HashCode.Combine(MyAs, HoldTimeSeconds, BgpIdentifier);
}

/// <summary>MP_REACH_NLRI (RFC 4760 §3). EVPN routes are decoded; NLRI of other families stay raw.</summary>
public sealed record MpReachNlri(ushort Afi, byte Safi, IPAddress NextHop, EvpnRoute[] EvpnRoutes)
{
    /// <summary>IPv6 link-local next hop when the next-hop field is 32 octets.</summary>
    public IPAddress? LinkLocalNextHop { get; init; }
    /// <summary>ADD-PATH path identifiers, one per route, when ADD-PATH receive was negotiated (RFC 7911 §3); else null.</summary>
    public uint[]? PathIds { get; init; }
    /// <summary>The NLRI field of a non-EVPN family, undecoded.</summary>
    public byte[] OtherNlri { get; init; } = [];
    /// <summary>Raw next-hop bytes for next hops that are not 4, 16 or 32 octets (kept for pass-through).</summary>
    public byte[]? RawNextHop { get; init; }
    /// <summary>Route target membership NLRI when the family is AFI 1 / SAFI 132 (RFC 4684 §4).</summary>
    public RouteTargetMembership[] RouteTargetMemberships { get; init; } = [];
    /// <summary>
    /// EVPN entries that were delimited but malformed: not announced, each treated as withdrawn on its own
    /// (RFC 7606 §5.3). Never encoded: a reflector does not pass them on.
    /// </summary>
    public UndecodableEvpnRoute[] UndecodableEvpnRoutes { get; init; } = [];

    public bool Equals(MpReachNlri? other) =>
        other is not null && Afi == other.Afi && Safi == other.Safi && NextHop.Equals(other.NextHop) && Equals(LinkLocalNextHop, other.LinkLocalNextHop) &&
        EvpnRoutes.AsSpan().SequenceEqual(other.EvpnRoutes) && PathIds.AsSpan().SequenceEqual(other.PathIds) &&
        UndecodableEvpnRoutes.AsSpan().SequenceEqual(other.UndecodableEvpnRoutes) &&
        OtherNlri.AsSpan().SequenceEqual(other.OtherNlri) && RawNextHop.AsSpan().SequenceEqual(other.RawNextHop) &&
        RouteTargetMemberships.AsSpan().SequenceEqual(other.RouteTargetMemberships);
    public override int GetHashCode() => HashCode.Combine(Afi, Safi, EvpnRoutes.Length);
}

/// <summary>MP_UNREACH_NLRI (RFC 4760 §4). With no routes it is the End-of-RIB marker for that family (RFC 4724 §2).</summary>
public sealed record MpUnreachNlri(ushort Afi, byte Safi, EvpnRoute[] EvpnRoutes)
{
    public uint[]? PathIds { get; init; }
    public byte[] OtherNlri { get; init; } = [];
    /// <summary>Withdrawn route target membership NLRI when the family is AFI 1 / SAFI 132 (RFC 4684 §4).</summary>
    public RouteTargetMembership[] RouteTargetMemberships { get; init; } = [];
    /// <summary>Withdrawn EVPN entries that were delimited but malformed; their recoverable keys are still withdrawn.</summary>
    public UndecodableEvpnRoute[] UndecodableEvpnRoutes { get; init; } = [];

    public bool Equals(MpUnreachNlri? other) =>
        other is not null && Afi == other.Afi && Safi == other.Safi && EvpnRoutes.AsSpan().SequenceEqual(other.EvpnRoutes) &&
        UndecodableEvpnRoutes.AsSpan().SequenceEqual(other.UndecodableEvpnRoutes) &&
        PathIds.AsSpan().SequenceEqual(other.PathIds) && OtherNlri.AsSpan().SequenceEqual(other.OtherNlri) &&
        RouteTargetMemberships.AsSpan().SequenceEqual(other.RouteTargetMemberships);
    public override int GetHashCode() => HashCode.Combine(Afi, Safi, EvpnRoutes.Length);
}

/// <summary>
/// UPDATE (RFC 4271 §4.3). For EVPN everything travels in <see cref="MpReach"/> / <see cref="MpUnreach"/>;
/// the IPv4 withdrawn-routes and NLRI fields are kept raw.
/// </summary>
public sealed record UpdateMessage : BgpMessage
{
    public override BgpMessageType Type => BgpMessageType.Update;
    public byte[] WithdrawnIpv4 { get; init; } = [];
    public PathAttributes Attributes { get; init; } = PathAttributes.Empty;
    public MpReachNlri? MpReach { get; init; }
    public MpUnreachNlri? MpUnreach { get; init; }
    public byte[] NlriIpv4 { get; init; } = [];

    /// <summary>End-of-RIB for a family (RFC 4724 §2): IPv4 unicast = empty UPDATE; others = lone empty MP_UNREACH_NLRI.</summary>
    public static UpdateMessage EndOfRib(ushort afi, byte safi) =>
        afi == BgpConstants.AfiIpv4 && safi == BgpConstants.SafiUnicast
            ? new UpdateMessage()
            : new UpdateMessage { MpUnreach = new MpUnreachNlri(afi, safi, []) };

    public bool IsEndOfRib(out ushort afi, out byte safi)
    {
        afi = 0; safi = 0;
        if (MpReach is not null || WithdrawnIpv4.Length != 0 || NlriIpv4.Length != 0) return false;
        if (MpUnreach is null)
        {
            if (!ReferenceEquals(Attributes, PathAttributes.Empty) && !Attributes.Equals(PathAttributes.Empty)) return false;
            afi = BgpConstants.AfiIpv4; safi = BgpConstants.SafiUnicast;
            return true;
        }
        if (MpUnreach.EvpnRoutes.Length != 0 || MpUnreach.UndecodableEvpnRoutes.Length != 0 || MpUnreach.OtherNlri.Length != 0 || MpUnreach.RouteTargetMemberships.Length != 0 || !Attributes.Equals(PathAttributes.Empty)) return false;
        afi = MpUnreach.Afi; safi = MpUnreach.Safi;
        return true;
    }

    public bool Equals(UpdateMessage? other) =>
        other is not null && WithdrawnIpv4.AsSpan().SequenceEqual(other.WithdrawnIpv4) && Attributes.Equals(other.Attributes) &&
        Equals(MpReach, other.MpReach) && Equals(MpUnreach, other.MpUnreach) && NlriIpv4.AsSpan().SequenceEqual(other.NlriIpv4);
    public override int GetHashCode() => HashCode.Combine(MpReach?.EvpnRoutes.Length, MpUnreach?.EvpnRoutes.Length);
}

public sealed record KeepaliveMessage : BgpMessage
{
    public override BgpMessageType Type => BgpMessageType.Keepalive;
    public static readonly KeepaliveMessage Instance = new();
}

/// <summary>NOTIFICATION (RFC 4271 §4.5): error code, subcode, data.</summary>
public sealed record NotificationMessage(byte Code, byte Subcode, byte[] Data) : BgpMessage
{
    public override BgpMessageType Type => BgpMessageType.Notification;
    public NotificationMessage(byte code, byte subcode) : this(code, subcode, []) { }
    public bool Equals(NotificationMessage? other) => other is not null && Code == other.Code && Subcode == other.Subcode && Data.AsSpan().SequenceEqual(other.Data);
    public override int GetHashCode() => HashCode.Combine(Code, Subcode, Data.Length);
}

/// <summary>ROUTE-REFRESH (RFC 2918 §3; subtype from RFC 7313: 0 normal, 1 BoRR, 2 EoRR).</summary>
public sealed record RouteRefreshMessage(ushort Afi, byte Subtype, byte Safi) : BgpMessage
{
    public override BgpMessageType Type => BgpMessageType.RouteRefresh;
}
