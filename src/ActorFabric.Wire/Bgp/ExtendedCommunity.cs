using System.Buffers.Binary;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Wire.Bgp;

/// <summary>
/// One 8-octet extended community (RFC 4360) held as a big-endian ulong: octet 0 type, octet 1 sub-type,
/// octets 2–7 value. Any value survives decode → encode unchanged, known or not (RFC 7606 §7.14).
/// Factories and accessors cover the EVPN set: route targets (RFC 4360 §4, RFC 7432 §7.10.1), MAC mobility (RFC 7432 §7.7),
/// ESI label (§7.5), ES-import (§7.6), encapsulation (RFC 9012 §4.1), router MAC (RFC 9135 §8.1).
/// </summary>
public readonly record struct ExtendedCommunity(ulong Value) : IComparable<ExtendedCommunity>
{
    public const int Length = 8;

    // Types (octet 0) and sub-types (octet 1).
    public const byte TypeTwoOctetAs = 0x00, TypeIpv4 = 0x01, TypeFourOctetAs = 0x02, TypeOpaque = 0x03, TypeEvpn = 0x06;
    public const byte SubRouteTarget = 0x02, SubSiteOfOrigin = 0x03;
    public const byte SubColor = 0x0B, SubEncapsulation = 0x0C, SubDefaultGateway = 0x0D;
    public const byte SubMacMobility = 0x00, SubEsiLabel = 0x01, SubEsImportRouteTarget = 0x02, SubRoutersMac = 0x03,
        SubLayer2Attributes = 0x04, SubDfElection = 0x06, SubMulticastFlags = 0x09,
        SubEviRtType0 = 0x0A, SubEviRtType1 = 0x0B, SubEviRtType2 = 0x0C, SubEviRtType3 = 0x0D;
    /// <summary>BGP Encapsulation tunnel type for VXLAN (RFC 8365 §12).</summary>
    public const ushort TunnelTypeVxlan = 8;

    public byte Type => (byte)(Value >> 56);
    public byte SubType => (byte)(Value >> 48);
    /// <summary>Transitive unless bit 0x40 of the type octet is set (RFC 4360 §2).</summary>
    public bool IsTransitive => (Type & 0x40) == 0;

    public bool IsRouteTarget => SubType == SubRouteTarget && (Type is TypeTwoOctetAs or TypeIpv4 or TypeFourOctetAs);
    /// <summary>Site of Origin (RFC 4360 §5): sub-type 0x03 in the same three layouts as a route target.</summary>
    public bool IsSiteOfOrigin => SubType == SubSiteOfOrigin && (Type is TypeTwoOctetAs or TypeIpv4 or TypeFourOctetAs);
    /// <summary>Color (RFC 9012 §4.3): opaque sub-type 0x0B, 2 flag octets then a 4-octet color value.</summary>
    public bool IsColor => Type == TypeOpaque && SubType == SubColor;
    public uint ColorValue => (uint)Value;

    public static ExtendedCommunity Read(ReadOnlySpan<byte> source) => new(BinaryPrimitives.ReadUInt64BigEndian(source));
    public void Write(Span<byte> destination) => BinaryPrimitives.WriteUInt64BigEndian(destination, Value);

    private static ExtendedCommunity Make(byte type, byte sub, ulong value48) => new(((ulong)type << 56) | ((ulong)sub << 48) | (value48 & 0xFFFF_FFFF_FFFFUL));

    public static ExtendedCommunity RouteTargetAs2(ushort asn, uint local) => Make(TypeTwoOctetAs, SubRouteTarget, ((ulong)asn << 32) | local);
    public static ExtendedCommunity RouteTargetIpv4(uint address, ushort local) => Make(TypeIpv4, SubRouteTarget, ((ulong)address << 16) | local);
    public static ExtendedCommunity RouteTargetAs4(uint asn, ushort local) => Make(TypeFourOctetAs, SubRouteTarget, ((ulong)asn << 16) | local);

    /// <summary>RFC 8365 §5.1.2.1 auto-derived RT: A=0, TYPE=1 (VXLAN), D-ID in bits 4–7 of the local admin's first octet, 24-bit VNI.</summary>
    public static ExtendedCommunity AutoDerivedRouteTarget(ushort asn, uint vni, byte domainId = 0) =>
        RouteTargetAs2(asn, (1u << 28) | ((uint)(domainId & 0x0F) << 24) | (vni & 0xFF_FFFF));

    public static ExtendedCommunity SiteOfOriginAs2(ushort asn, uint local) => Make(TypeTwoOctetAs, SubSiteOfOrigin, ((ulong)asn << 32) | local);
    public static ExtendedCommunity Color(uint color) => Make(TypeOpaque, SubColor, color);

    public static ExtendedCommunity Encapsulation(ushort tunnelType) => Make(TypeOpaque, SubEncapsulation, tunnelType);
    public static ExtendedCommunity VxlanEncapsulation => Encapsulation(TunnelTypeVxlan);
    public static ExtendedCommunity DefaultGateway => Make(TypeOpaque, SubDefaultGateway, 0);

    /// <summary>MAC Mobility (RFC 7432 §7.7): flags octet (0x01 sticky/static), reserved octet, 4-octet sequence number.</summary>
    public static ExtendedCommunity MacMobility(uint sequence, bool sticky) => Make(TypeEvpn, SubMacMobility, ((ulong)(sticky ? 1 : 0) << 40) | sequence);
    /// <summary>ESI Label (RFC 7432 §7.5): flags octet (0x01 single-active), 2 reserved octets, 3-octet label.</summary>
    public static ExtendedCommunity EsiLabel(bool singleActive, uint label) => Make(TypeEvpn, SubEsiLabel, ((ulong)(singleActive ? 1 : 0) << 40) | (label & 0xFF_FFFF));
    public static ExtendedCommunity EsImportRouteTarget(MacAddress mac) => Make(TypeEvpn, SubEsImportRouteTarget, mac.Value);
    public static ExtendedCommunity RoutersMac(MacAddress mac) => Make(TypeEvpn, SubRoutersMac, mac.Value);
    /// <summary>DF Election (RFC 8584 §2.2, RFC 9785 §3): algorithm (5 bits), capability bitmap, preference.</summary>
    public static ExtendedCommunity DfElection(byte algorithm, ushort bitmap, ushort preference = 0) =>
        Make(TypeEvpn, SubDfElection, ((ulong)(algorithm & 0x1F) << 40) | ((ulong)bitmap << 24) | preference);
    /// <summary>EVPN Multicast Flags (RFC 9251 §9.4): 16-bit flags, 0x0001 IGMP proxy, 0x0002 MLD proxy.</summary>
    public static ExtendedCommunity MulticastFlags(ushort flags) => Make(TypeEvpn, SubMulticastFlags, (ulong)flags << 32);

    /// <summary>
    /// EVI-RT (RFC 9251 §9.5): the value of a 2-octet-AS, IPv4 or 4-octet-AS route target carried under EVPN type 0x06
    /// with sub-type 0x0A / 0x0B / 0x0C, so it names an EVI without acting as an import RT.
    /// </summary>
    public static ExtendedCommunity EviRouteTarget(ExtendedCommunity routeTarget)
    {
        if (!routeTarget.IsRouteTarget) throw new ArgumentException($"{routeTarget} is not a route target", nameof(routeTarget));
        return Make(TypeEvpn, (byte)(SubEviRtType0 + routeTarget.Type), routeTarget.Value48);
    }

    public bool IsEviRouteTarget => Type == TypeEvpn && SubType is SubEviRtType0 or SubEviRtType1 or SubEviRtType2 or SubEviRtType3;

    /// <summary>The route target an EVI-RT of sub-type 0x0A–0x0C stands for.</summary>
    public ExtendedCommunity EviRouteTargetValue => Make((byte)(SubType - SubEviRtType0), SubRouteTarget, Value48);

    public bool IsEncapsulation => Type == TypeOpaque && SubType == SubEncapsulation;
    public ushort EncapsulationTunnelType => (ushort)Value;
    public bool IsMacMobility => Type == TypeEvpn && SubType == SubMacMobility;
    public uint MacMobilitySequence => (uint)Value;
    public bool MacMobilitySticky => ((Value >> 40) & 0x01) != 0;
    public bool IsEsiLabel => Type == TypeEvpn && SubType == SubEsiLabel;
    public bool IsEsImportRouteTarget => Type == TypeEvpn && SubType == SubEsImportRouteTarget;
    public bool IsRoutersMac => Type == TypeEvpn && SubType == SubRoutersMac;
    public bool IsDefaultGateway => Type == TypeOpaque && SubType == SubDefaultGateway;
    public bool IsDfElection => Type == TypeEvpn && SubType == SubDfElection;
    public bool IsMulticastFlags => Type == TypeEvpn && SubType == SubMulticastFlags;
    /// <summary>The 6-octet value, e.g. the MAC of ES-Import RT / Router's MAC.</summary>
    public ulong Value48 => Value & 0xFFFF_FFFF_FFFFUL;

    public int CompareTo(ExtendedCommunity other) => Value.CompareTo(other.Value);

    public override string ToString() => ExtendedCommunityText.Format(this);
}
