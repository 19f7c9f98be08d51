using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Wire.Bgp;

/// <summary>
/// Text forms of extended communities in the style FRR and GoBGP print them ("RT:65000:100", "SoO:65000:100",
/// "ET:8", "MM:1"), and the names of the flag bits the EVPN ones carry, so a decode shows both names and raw values.
/// </summary>
public static class ExtendedCommunityText
{
    /// <summary>As <see cref="Format"/>, but a route target as Junos writes it ("target:65000:50002").</summary>
    public static string JunosFormat(ExtendedCommunity c) => c.IsRouteTarget ? "target:" + AdministratorAndNumber(c) : Format(c);

    public static string Format(ExtendedCommunity c)
    {
        var v = c.Value48;
        if (c.IsRouteTarget) return "RT:" + AdministratorAndNumber(c);
        if (c.IsSiteOfOrigin) return "SoO:" + AdministratorAndNumber(c);
        if (c.IsColor) return $"Color:{c.ColorValue}";
        if (c.IsEncapsulation) return $"ET:{c.EncapsulationTunnelType}";
        if (c.IsMacMobility) return c.MacMobilitySticky ? $"MM:{c.MacMobilitySequence}, sticky MAC" : $"MM:{c.MacMobilitySequence}";
        if (c.IsEsiLabel) return $"ESI-label-Rt:{(((v >> 40) & 1) != 0 ? "SA" : "AA")}:{v & 0xFF_FFFF}";
        if (c.IsEsImportRouteTarget) return $"ES-Import-Rt:{new MacAddress(v)}";
        if (c.IsRoutersMac) return $"Rmac:{new MacAddress(v)}";
        if (c.IsDefaultGateway) return "Default Gateway";
        if (c.IsDfElection)
        {
            var bitmap = DfElectionBitmap(c);
            var names = DfElectionCapabilityNames(bitmap);
            return $"DF: (alg: {DfElectionAlgorithm(c)} {DfElectionAlgorithmName(DfElectionAlgorithm(c))}, bmap: 0x{bitmap:x4}{(names.Length > 0 ? " [" + string.Join(',', names) + "]" : "")} pref: {v & 0xFFFF})";
        }
        if (c.IsEviRouteTarget && c.SubType != ExtendedCommunity.SubEviRtType3) return "EVI-" + Format(c.EviRouteTargetValue);
        if (c.IsMulticastFlags)
        {
            var flags = (ushort)(v >> 32);
            var names = MulticastFlagNames(flags);
            return $"MC-Flags:0x{flags:x4}{(names.Length > 0 ? " [" + string.Join(',', names) + "]" : "")}";
        }
        return $"0x{c.Value:x16}";
    }

    /// <summary>Global and local administrator of a route target or SoO: 2-octet AS, IPv4 or 4-octet AS (RFC 4360 §3).</summary>
    private static string AdministratorAndNumber(ExtendedCommunity c)
    {
        var v = c.Value48;
        return c.Type switch
        {
            ExtendedCommunity.TypeTwoOctetAs => $"{(ushort)(v >> 32)}:{(uint)v}",
            ExtendedCommunity.TypeIpv4 => $"{new IPAddress(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness((uint)(v >> 16)))}:{(ushort)v}",
            _ => $"{(uint)(v >> 16)}:{(ushort)v}",
        };
    }

    /// <summary>
    /// Reads a route target written as <c>ADMIN:NUMBER</c>: <c>65000:100</c> (2-octet AS, 4-octet number, RFC 4360 §3.1),
    /// <c>10.0.0.1:100</c> (IPv4 address, 2-octet number, §3.2) or <c>4200000000:100</c> (an AS above 65535 selects the
    /// 4-octet AS layout with a 2-octet number, RFC 5668 §2). <paramref name="error"/> says what is wrong without
    /// quoting the text, so the caller decides how much of it to show. An IPv4 administrator with a leading zero
    /// (<c>010.0.0.1</c>) is refused: inet_aton reads it as octal, other parsers as decimal.
    /// </summary>
    public static bool TryParseRouteTarget(ReadOnlySpan<char> text, out ExtendedCommunity routeTarget, [NotNullWhen(false)] out string? error)
    {
        routeTarget = default;
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            error = "expected ADMIN:NUMBER, the administrator an AS number or an IPv4 address";
            return false;
        }
        var admin = text[..colon];
        var number = text[(colon + 1)..];
        if (admin.Contains('.'))
        {
            if (!Ipv4Address.TryParse(admin, out var address))
            {
                error = "the administrator is not an IPv4 address (a.b.c.d)";
                return false;
            }
            if (Ipv4Address.HasLeadingZero(admin))
            {
                error = "the IPv4 administrator has a leading zero (octal or decimal is ambiguous)";
                return false;
            }
            if (!TryParseNumber(number, ushort.MaxValue, out var local, out error)) return false;
            routeTarget = ExtendedCommunity.RouteTargetIpv4(address.Value, (ushort)local);
            return true;
        }
        if (!uint.TryParse(admin, NumberStyles.None, CultureInfo.InvariantCulture, out var asn))
        {
            error = $"the administrator is not an AS number from 0 to {uint.MaxValue} nor an IPv4 address";
            return false;
        }
        if (asn <= ushort.MaxValue)
        {
            if (!TryParseNumber(number, uint.MaxValue, out var local32, out error)) return false;
            routeTarget = ExtendedCommunity.RouteTargetAs2((ushort)asn, local32);
            return true;
        }
        if (!TryParseNumber(number, ushort.MaxValue, out var local16, out error)) return false;
        routeTarget = ExtendedCommunity.RouteTargetAs4(asn, (ushort)local16);
        return true;
    }

    /// <summary><see cref="TryParseRouteTarget"/> that throws <see cref="FormatException"/> with the reason.</summary>
    public static ExtendedCommunity ParseRouteTarget(string text) =>
        TryParseRouteTarget(text, out var rt, out var error) ? rt : throw new FormatException($"'{text}' is not a route target: {error}");

    /// <summary>The local administrator: decimal, at most <paramref name="max"/> (2 octets after an IPv4 address or a 4-octet AS).</summary>
    private static bool TryParseNumber(ReadOnlySpan<char> text, uint max, out uint value, [NotNullWhen(false)] out string? error)
    {
        if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= max)
        {
            value = (uint)n;
            error = null;
            return true;
        }
        value = 0;
        error = max == ushort.MaxValue
            ? $"the number after an IPv4 address or a 4-octet AS is 2 octets (0 to {ushort.MaxValue})"
            : $"the number after a 2-octet AS is 0 to {uint.MaxValue}";
        return false;
    }

    /// <summary>DF Election EC (RFC 8584 §2.2): octet 2 is 3 reserved bits and the 5-bit algorithm.</summary>
    public static byte DfElectionAlgorithm(ExtendedCommunity c) => (byte)((c.Value48 >> 40) & 0x1F);
    /// <summary>DF Election EC: the 2-octet capability bitmap (octets 3–4).</summary>
    public static ushort DfElectionBitmap(ExtendedCommunity c) => (ushort)(c.Value48 >> 24);
    /// <summary>DF Election EC: the preference in octets 6–7, meaningful for algorithms 2 and 3 (RFC 9785).</summary>
    public static ushort DfElectionPreference(ExtendedCommunity c) => (ushort)c.Value48;

    /// <summary>DF election algorithms: 0 modulo (RFC 7432 §8.5), 1 HRW (RFC 8584 §3), 2/3 highest/lowest preference (RFC 9785).</summary>
    public static string DfElectionAlgorithmName(byte algorithm) => algorithm switch
    {
        0 => "modulo",
        1 => "hrw",
        2 => "highest-preference",
        3 => "lowest-preference",
        31 => "experimental",
        _ => "unassigned",
    };

    /// <summary>
    /// Named bits of the DF Election bitmap, bit 0 = most significant: bit 0 D "Don't Preempt" (RFC 9785), bit 1 A
    /// "AC-DF" (RFC 8584 §2.2). Other set bits are shown by number.
    /// </summary>
    public static string[] DfElectionCapabilityNames(ushort bitmap) => BitNames(bitmap, bit => bit switch
    {
        0 => "D:dont-preempt",
        1 => "A:ac-df",
        _ => null,
    });

    /// <summary>
    /// Named bits of the EVPN Multicast Flags EC (bit 0 = most significant of the 16), as the IANA "Multicast Flags
    /// Extended Community" registry assigns them: bit 15 I IGMP proxy, bit 14 M MLD proxy (RFC 9251 §9.4); bit 13
    /// Extended-MH-AR, set by an AR-REPLICATOR in extended AR mode on its Replicator-AR route
    /// (draft-ietf-bess-extended-evpn-optimized-ir, which extends RFC 9574); bit 12 OISM supported, bit 11 PEG, bit 10
    /// MEG, bit 9 IPMG, bit 7 OISM SBD (RFC 9625 §8); bit 8 Segmentation Support (RFC 9572 §8); bit 6 EVPN/MVPN
    /// seamless interop supported and bit 5 SEMG (draft-ietf-bess-evpn-mvpn-seamless-interop), bit 4 Single Flow Group
    /// (RFC 9856), bit 3 EEG (draft-rabnic-bess-evpn-mcast-eeg).
    /// </summary>
    public static string[] MulticastFlagNames(ushort flags) => BitNames(flags, bit => bit switch
    {
        15 => "I:igmp-proxy",
        14 => "M:mld-proxy",
        13 => "extended-mh-ar",
        12 => "oism",
        11 => "peg",
        10 => "meg",
        9 => "ipmg",
        8 => "segmentation",
        7 => "oism-sbd",
        6 => "seamless-interop",
        5 => "semg",
        4 => "single-flow-group",
        3 => "eeg",
        _ => null,
    });

    /// <summary>Flags octet of EVPN route types 6–8 (RFC 9251 §9.1): IE, v3, v2, v1 in the low four bits.</summary>
    public static string[] MulticastRouteFlagNames(MulticastRouteFlags flags)
    {
        var names = new List<string>(4);
        if ((flags & MulticastRouteFlags.IgmpV1) != 0) names.Add("v1");
        if ((flags & MulticastRouteFlags.IgmpV2) != 0) names.Add("v2");
        if ((flags & MulticastRouteFlags.IgmpV3) != 0) names.Add("v3");
        if ((flags & MulticastRouteFlags.Exclude) != 0) names.Add("exclude");
        for (int bit = 4; bit < 8; bit++) if (((byte)flags & (1 << bit)) != 0) names.Add($"reserved-{7 - bit}");
        return names.ToArray();
    }

    /// <summary>Names of the set bits of a 16-bit field numbered from the most significant (bit 0); unnamed ones as "bit-N".</summary>
    private static string[] BitNames(ushort field, Func<int, string?> name)
    {
        var names = new List<string>();
        for (int bit = 0; bit < 16; bit++)
            if ((field & (0x8000 >> bit)) != 0) names.Add(name(bit) ?? $"bit-{bit}");
        return names.ToArray();
    }
}
