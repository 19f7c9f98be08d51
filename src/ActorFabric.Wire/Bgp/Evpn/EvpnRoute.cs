using System.Net;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Wire.Bgp.Evpn;

/// <summary>EVPN route types (RFC 7432 §7; type 5 RFC 9136 §3; types 6–8 RFC 9251 §9).</summary>
public enum EvpnRouteType : byte
{
    EthernetAutoDiscovery = 1,
    MacIpAdvertisement = 2,
    InclusiveMulticastEthernetTag = 3,
    EthernetSegment = 4,
    IpPrefix = 5,
    SelectiveMulticastEthernetTag = 6,
    MulticastMembershipReportSynch = 7,
    MulticastLeaveSynch = 8,
}

/// <summary>
/// One EVPN NLRI entry (AFI 25 / SAFI 70), decoded. Labels are 24-bit values; with VXLAN they are VNIs
/// (RFC 8365 §5.1.3). Route identity for replace/withdraw is the route type's key, not every field:
/// compare with <see cref="EvpnRouteKeyComparer"/> (e.g. a type-2 route's ESI and labels are not key).
/// </summary>
public abstract record EvpnRoute
{
    public abstract EvpnRouteType RouteType { get; }
    /// <summary>Route distinguisher; every known type starts with one.</summary>
    public abstract RouteDistinguisher Rd { get; }
    /// <summary>The route-type octet as on the wire (differs from <see cref="RouteType"/> only for unknown types).</summary>
    public virtual byte RouteTypeCode => (byte)RouteType;
}

/// <summary>Type 1 (RFC 7432 §7.1). Key: RD, ESI, Ethernet Tag. Per-ES when the tag is MAX-ET (0xFFFFFFFF).</summary>
public sealed record EthernetAutoDiscoveryRoute(RouteDistinguisher Distinguisher, EthernetSegmentId Esi, uint EthernetTag, uint Label) : EvpnRoute
{
    public const uint MaxEthernetTag = 0xFFFF_FFFF;
    public override EvpnRouteType RouteType => EvpnRouteType.EthernetAutoDiscovery;
    public override RouteDistinguisher Rd => Distinguisher;
    public bool IsPerEthernetSegment => EthernetTag == MaxEthernetTag;
}

/// <summary>
/// Type 2 (RFC 7432 §7.2). Key: RD, Ethernet Tag, MAC, IP. <see cref="Ip"/> null = MAC-only route;
/// <see cref="Label2"/> (L3 VNI, RFC 9135 §5.1) null when absent.
/// </summary>
public sealed record MacIpAdvertisementRoute(RouteDistinguisher Distinguisher, EthernetSegmentId Esi, uint EthernetTag, MacAddress Mac, IPAddress? Ip, uint Label1, uint? Label2 = null) : EvpnRoute
{
    public override EvpnRouteType RouteType => EvpnRouteType.MacIpAdvertisement;
    public override RouteDistinguisher Rd => Distinguisher;
}

/// <summary>Type 3 (RFC 7432 §7.3). Key: RD, Ethernet Tag, originating router IP. Carries the PMSI Tunnel attribute.</summary>
public sealed record InclusiveMulticastRoute(RouteDistinguisher Distinguisher, uint EthernetTag, IPAddress OriginatorIp) : EvpnRoute
{
    public override EvpnRouteType RouteType => EvpnRouteType.InclusiveMulticastEthernetTag;
    public override RouteDistinguisher Rd => Distinguisher;
}

/// <summary>Type 4 (RFC 7432 §7.4). Key: RD, ESI, originating router IP. Carries the ES-Import RT.</summary>
public sealed record EthernetSegmentRoute(RouteDistinguisher Distinguisher, EthernetSegmentId Esi, IPAddress OriginatorIp) : EvpnRoute
{
    public override EvpnRouteType RouteType => EvpnRouteType.EthernetSegment;
    public override RouteDistinguisher Rd => Distinguisher;
}

/// <summary>Type 5 (RFC 9136 §3.1). Key: RD, Ethernet Tag, prefix length, prefix. Prefix and gateway share a family.</summary>
public sealed record IpPrefixRoute(RouteDistinguisher Distinguisher, EthernetSegmentId Esi, uint EthernetTag, byte PrefixLength, IPAddress Prefix, IPAddress Gateway, uint Label) : EvpnRoute
{
    public override EvpnRouteType RouteType => EvpnRouteType.IpPrefix;
    public override RouteDistinguisher Rd => Distinguisher;
}

/// <summary>Flags octet of route types 6–8 (RFC 9251 §9.1): IGMP/MLD version bits and Include/Exclude.</summary>
[Flags]
public enum MulticastRouteFlags : byte
{
    None = 0,
    IgmpV1 = 0x01,
    IgmpV2 = 0x02,
    IgmpV3 = 0x04,
    Exclude = 0x08,
}

/// <summary>Type 6, SMET (RFC 9251 §9.1). Key: every field except flags. <see cref="Source"/> null for (*,G).</summary>
public sealed record SelectiveMulticastRoute(RouteDistinguisher Distinguisher, uint EthernetTag, IPAddress? Source, IPAddress Group, IPAddress OriginatorIp, MulticastRouteFlags Flags) : EvpnRoute
{
    public override EvpnRouteType RouteType => EvpnRouteType.SelectiveMulticastEthernetTag;
    public override RouteDistinguisher Rd => Distinguisher;
}

/// <summary>Type 7, Multicast Membership Report Synch (RFC 9251 §9.2). Key: every field except flags.</summary>
public sealed record MulticastMembershipReportSynchRoute(RouteDistinguisher Distinguisher, EthernetSegmentId Esi, uint EthernetTag, IPAddress? Source, IPAddress Group, IPAddress OriginatorIp, MulticastRouteFlags Flags) : EvpnRoute
{
    public override EvpnRouteType RouteType => EvpnRouteType.MulticastMembershipReportSynch;
    public override RouteDistinguisher Rd => Distinguisher;
}

/// <summary>Type 8, Multicast Leave Synch (RFC 9251 §9.3). Key: every field except Reserved, Max Response Time and flags.</summary>
public sealed record MulticastLeaveSynchRoute(RouteDistinguisher Distinguisher, EthernetSegmentId Esi, uint EthernetTag, IPAddress? Source, IPAddress Group, IPAddress OriginatorIp, uint Reserved, byte MaxResponseTime, MulticastRouteFlags Flags) : EvpnRoute
{
    public override EvpnRouteType RouteType => EvpnRouteType.MulticastLeaveSynch;
    public override RouteDistinguisher Rd => Distinguisher;
}

/// <summary>
/// An entry of a route type this speaker does not know, kept whole so a route reflector can pass it on.
/// RFC 7606 §5.4 / RFC 9136 §3: unknown types are skipped by length, never a session error.
/// Its key is the whole value.
/// </summary>
public sealed record UnknownEvpnRoute(byte TypeCode, byte[] Value) : EvpnRoute
{
    public override EvpnRouteType RouteType => (EvpnRouteType)TypeCode;
    public override byte RouteTypeCode => TypeCode;
    public override RouteDistinguisher Rd => Value.Length >= RouteDistinguisher.Length ? RouteDistinguisher.Read(Value) : default;
    public bool Equals(UnknownEvpnRoute? other) => other is not null && TypeCode == other.TypeCode && Value.AsSpan().SequenceEqual(other.Value);
    public override int GetHashCode() => HashCode.Combine(TypeCode, Value.Length);
}
