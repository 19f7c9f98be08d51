using System.Net;
using System.Text.Json.Serialization;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Cli.Bgp.Speaker;

/// <summary>A route the speaker originates, bound from an entry of a routes file or an API request.</summary>
public sealed record EvpnOrigination(EvpnRoute Route, PathAttributes Attributes, IPAddress NextHop);

/// <summary>
/// One EVPN route as a routes file spells it (snake_case JSON): type 2 (MAC only or MAC+IP) or type 3 (with a
/// PMSI tunnel, ingress replication by default). Unset next hop / originator default to the speaker's router id.
/// </summary>
public sealed record EvpnRouteSpec
{
    [JsonPropertyName("type")] public int Type { get; init; }
    [JsonPropertyName("rd")] public string Rd { get; init; } = "";
    [JsonPropertyName("esi")] public string? Esi { get; init; }
    [JsonPropertyName("etag")] public uint EthernetTag { get; init; }
    [JsonPropertyName("mac")] public string? Mac { get; init; }
    [JsonPropertyName("ip")] public string? Ip { get; init; }
    /// <summary>Label 1 (type 2) or the PMSI label (type 3); with VXLAN it is the VNI (RFC 8365 §5.1.3).</summary>
    [JsonPropertyName("vni")] public uint Vni { get; init; }
    /// <summary>Label 2 (L3 VNI of symmetric IRB, RFC 9135); optional.</summary>
    [JsonPropertyName("vni2")] public uint? Vni2 { get; init; }
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
            default:
                throw new FormatException($"route type {Type} cannot be originated here (2 or 3)");
        }
    }

    /// <summary>"65000:100", "RT:65000:100", "4200000000:7" or "192.0.2.1:7" (the wire layer's route-target text).</summary>
    public static ExtendedCommunity ParseRouteTarget(string text)
    {
        var t = text.StartsWith("RT:", StringComparison.OrdinalIgnoreCase) ? text[3..] : text;
        return ExtendedCommunityText.TryParseRouteTarget(t, out var rt, out var error) ? rt
            : throw new FormatException($"route target '{BgpHostAddress.Shorten(text)}': {error}");
    }
}
