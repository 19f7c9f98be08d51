using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Serialization;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Cli.Bgp.Speaker;

/// <summary>A route the speaker originates, bound from an entry of a routes file or an API request.</summary>
public sealed record EvpnOrigination(EvpnRoute Route, PathAttributes Attributes, IPAddress NextHop);

/// <summary>
/// One EVPN route as a routes file spells it (snake_case JSON): type 2 (MAC only or MAC+IP, optionally with the
/// L3 VNI and Router's MAC of symmetric IRB), type 3 (with a PMSI tunnel, ingress replication by default) or type 5
/// (IP prefix). Unset next hop / originator default to the speaker's router id.
/// </summary>
public sealed record EvpnRouteSpec
{
    [JsonPropertyName("type")] public int Type { get; init; }
    [JsonPropertyName("rd")] public string Rd { get; init; } = "";
    [JsonPropertyName("esi")] public string? Esi { get; init; }
    [JsonPropertyName("etag")] public uint EthernetTag { get; init; }
    [JsonPropertyName("mac")] public string? Mac { get; init; }
    [JsonPropertyName("ip")] public string? Ip { get; init; }
    /// <summary>
    /// Label 1 (type 2), the PMSI label (type 3) or the type-5 label; with VXLAN it is the VNI (RFC 8365 §5.1.3):
    /// the L2 VNI for types 2/3, the L3 VNI of the IP-VRF for type 5 (RFC 9136 §4.4.1).
    /// </summary>
    [JsonPropertyName("vni")] public uint Vni { get; init; }
    /// <summary>Label 2 (L3 VNI of symmetric IRB, RFC 9135 §9.1); optional.</summary>
    [JsonPropertyName("vni2")] public uint? Vni2 { get; init; }
    /// <summary>Type 5: the IP prefix with its length, "10.1.0.0/24" or "2001:db8::/64" (RFC 9136 §3.1).</summary>
    [JsonPropertyName("prefix")] public string? Prefix { get; init; }
    /// <summary>Type 5: the gateway IP overlay index; default 0.0.0.0 / :: (interface-less, RFC 9136 §4.4.1).</summary>
    [JsonPropertyName("gateway")] public string? Gateway { get; init; }
    /// <summary>
    /// Types 2 and 5: the EVPN Router's MAC extended community (RFC 9135 §8.1), the MAC that routed packets carry as
    /// inner destination towards this VTEP; optional.
    /// </summary>
    [JsonPropertyName("router_mac")] public string? RouterMac { get; init; }
    [JsonPropertyName("route_targets")] public string?[]? RouteTargets { get; init; } = [];
    /// <summary>"vxlan" (default, RFC 9012 tunnel type 8) or "none".</summary>
    [JsonPropertyName("encapsulation")] public string Encapsulation { get; init; } = "vxlan";
    [JsonPropertyName("next_hop")] public string? NextHop { get; init; }
    /// <summary>Type 3: the originating router's IP; defaults to the next hop.</summary>
    [JsonPropertyName("originator_ip")] public string? OriginatorIp { get; init; }
    /// <summary>Type 3: "ingress-replication" (default) or "none".</summary>
    [JsonPropertyName("pmsi")] public string Pmsi { get; init; } = "ingress-replication";
    [JsonPropertyName("local_pref")] public uint LocalPref { get; init; } = 100;

    /// <summary>The route, its attributes and next hop; throws <see cref="FormatException"/> naming the bad field.</summary>
    public EvpnOrigination ToOrigination(IPAddress defaultNextHop)
    {
        if (string.IsNullOrEmpty(Rd)) throw new FormatException("a route needs 'rd'");
        var rd = RouteDistinguisher.Parse(Rd);
        var nextHop = NextHop is null ? defaultNextHop : BgpHostAddress.ParseIp(NextHop, "next_hop");
        var communities = new List<ExtendedCommunity>();
        foreach (var rt in RouteTargets ?? []) communities.Add(ParseRouteTarget(rt ?? throw new FormatException("a route target is null")));
        if (Vni > 0xFF_FFFF || Vni2 > 0xFF_FFFF) throw new FormatException("'vni' and 'vni2' are 24-bit labels (0 to 16777215)");
        if (Encapsulation == "vxlan") communities.Add(ExtendedCommunity.VxlanEncapsulation);
        else if (Encapsulation != "none") throw new FormatException($"encapsulation '{BgpHostAddress.Shorten(Encapsulation)}' is not vxlan or none");
        if (RouterMac is not null)
        {
            if (Type is not (2 or 5)) throw new FormatException("'router_mac' belongs to type-2 and type-5 routes only");
            communities.Add(ExtendedCommunity.RoutersMac(ParseRouterMac(RouterMac)));
        }
        if (Type != 5 && (Prefix is not null || Gateway is not null)) throw new FormatException("'prefix' and 'gateway' belong to type-5 routes only");
        var attributes = new PathAttributes
        {
            Origin = Origin.Igp,
            AsPath = AsPath.Empty,
            LocalPref = LocalPref,
            ExtendedCommunities = communities.ToArray(),
        };
        switch (Type)
        {
            case 2:
                if (Mac is null) throw new FormatException("a type-2 route needs 'mac'");
                var esi = Esi is null or "0" or "single-homed" ? EthernetSegmentId.Zero : EthernetSegmentId.Parse(Esi);
                var ip = string.IsNullOrEmpty(Ip) ? null : BgpHostAddress.ParseIp(Ip, "ip");
                return new EvpnOrigination(new MacIpAdvertisementRoute(rd, esi, EthernetTag, MacAddress.Parse(Mac), ip, Vni, Vni2), attributes, nextHop);
            case 3:
                var originator = OriginatorIp is null ? nextHop : BgpHostAddress.ParseIp(OriginatorIp, "originator_ip");
                // RFC 7432 §11.2 / RFC 8365 §5.1.3: type 3 carries a PMSI tunnel; ingress replication to the VTEP, label = VNI.
                if (Pmsi == "ingress-replication") attributes = attributes with { PmsiTunnel = PmsiTunnel.IngressReplication(Vni, originator) };
                else if (Pmsi != "none") throw new FormatException($"pmsi '{BgpHostAddress.Shorten(Pmsi)}' is not ingress-replication or none");
                return new EvpnOrigination(new InclusiveMulticastRoute(rd, EthernetTag, originator), attributes, nextHop);
            case 5:
                return new EvpnOrigination(ToIpPrefixRoute(rd), attributes, nextHop);
            default:
                throw new FormatException($"route type {Type} cannot be originated here (2, 3 or 5)");
        }
    }

    private IpPrefixRoute ToIpPrefixRoute(RouteDistinguisher rd)
    {
        if (string.IsNullOrEmpty(Prefix)) throw new FormatException("a type-5 route needs 'prefix' (address/length)");
        if (Mac is not null || Ip is not null || Vni2 is not null) throw new FormatException("a type-5 route has no 'mac', 'ip' or 'vni2' (use 'prefix', 'gateway', 'vni')");
        var (prefix, length) = ParsePrefix(Prefix);
        var v6 = prefix.AddressFamily == AddressFamily.InterNetworkV6;
        // RFC 9136 §3.1: prefix and gateway are of one family (34- or 58-octet route); unset = 0, no overlay index.
        var gateway = Gateway is null ? (v6 ? IPAddress.IPv6Any : IPAddress.Any) : BgpHostAddress.ParseIp(Gateway, "gateway");
        if (gateway.AddressFamily != prefix.AddressFamily)
            throw new FormatException($"gateway '{BgpHostAddress.Shorten(Gateway)}' is not of the prefix's family (IPv{(v6 ? 6 : 4)})");
        var esi = Esi is null or "0" or "single-homed" ? EthernetSegmentId.Zero : EthernetSegmentId.Parse(Esi);
        // RFC 9136 §3.1/§3.2: a non-zero ESI and a non-zero gateway together are an error the receiver treats as a
        // withdrawal, and so is a route with neither overlay index, no Router's MAC and label 0: refuse to send them.
        var gatewaySet = !gateway.Equals(v6 ? IPAddress.IPv6Any : IPAddress.Any);
        if (!esi.IsZero && gatewaySet) throw new FormatException("a type-5 route has either a non-zero 'esi' or a 'gateway' as overlay index, not both (RFC 9136 §3.1)");
        if (esi.IsZero && !gatewaySet && RouterMac is null && Vni == 0)
            throw new FormatException("a type-5 route needs 'vni' (the L3 VNI), 'gateway', 'esi' or 'router_mac': with none a receiver withdraws it (RFC 9136 §3.2)");
        return new IpPrefixRoute(rd, esi, EthernetTag, length, prefix, gateway, Vni);
    }

    /// <summary>"a.b.c.d/len" (0–32) or "v6/len" (0–128), host bits zero.</summary>
    private static (IPAddress Prefix, byte Length) ParsePrefix(string text)
    {
        var slash = text.IndexOf('/');
        if (slash < 0) throw new FormatException($"prefix '{BgpHostAddress.Shorten(text)}' has no length (address/length)");
        var address = BgpHostAddress.ParseIp(text[..slash], "prefix");
        int max = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        if (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length > max)
            throw new FormatException($"prefix '{BgpHostAddress.Shorten(text)}': the length must be 0 to {max}");
        // A prefix with host bits set is almost always a typo (10.1.0.5/24 for 10.1.0.0/24); FRR and GoBGP mask it
        // silently, which would make the route we show differ from the one a peer shows.
        var bytes = address.GetAddressBytes();
        for (int bit = length; bit < max; bit++)
        {
            if ((bytes[bit / 8] & (0x80 >> (bit % 8))) != 0)
                throw new FormatException($"prefix '{BgpHostAddress.Shorten(text)}' has bits set beyond its length {length}");
        }
        return (address, (byte)length);
    }

    private static MacAddress ParseRouterMac(string text)
    {
        if (!MacAddress.TryParse(text, out var mac)) throw new FormatException($"router_mac '{BgpHostAddress.Shorten(text)}' is not a MAC address (aa:bb:cc:dd:ee:ff)");
        // The Router's MAC is a unicast MAC (RFC 9136 §3.2, Table 1 note): a group MAC is never a router's.
        if (mac.IsMulticast) throw new FormatException($"router_mac '{BgpHostAddress.Shorten(text)}' is a multicast MAC; a router's MAC is unicast");
        return mac;
    }

    /// <summary>"65000:100", "RT:65000:100", "4200000000:7" or "192.0.2.1:7" (the wire layer's route-target text).</summary>
    public static ExtendedCommunity ParseRouteTarget(string text)
    {
        var t = text.StartsWith("RT:", StringComparison.OrdinalIgnoreCase) ? text[3..] : text;
        return ExtendedCommunityText.TryParseRouteTarget(t, out var rt, out var error) ? rt
            : throw new FormatException($"route target '{BgpHostAddress.Shorten(text)}': {error}");
    }
}
