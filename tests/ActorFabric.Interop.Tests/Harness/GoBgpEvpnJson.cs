using System.Globalization;
using System.Text.Json;

namespace ActorFabric.Interop.Tests.Harness;

/// <summary>
/// Reads `gobgp global rib -a evpn -j` (GoBGP 3.10). Shape: an object keyed by GoBGP's display
/// string of the prefix ("[type:macadv][rd:…]…"), each value an array of paths:
/// <code>
/// { "nlri": { "type": 2, "value": { "rd": {"type":1,"admin":"127.0.0.2","assigned":100},
///             "esi": "single-homed", "etag": 0, "mac": "aa:…", "ip": "10.0.0.2" | "&lt;nil&gt;", "labels": [10100] } },
///   "best": true, "neighbor-ip": "127.0.0.1" (absent for local routes),
///   "attrs": [ {"type":9,"value":"127.0.0.2"}, {"type":10,"value":["1.1.1.1"]},
///              {"type":16,"value":[{"type":0,"subtype":2,"value":"65000:100"},{"type":3,"subtype":12,"tunnel_type":8}]},
///              {"type":22,"tunnel-type":6,"label":10100,"tunnel-id":"127.0.0.2","is-leaf-info-required":false},
///              {"type":14,"nexthop":"127.0.0.2","afi":25,"safi":70,"value":[…every NLRI of the UPDATE…]} ] }
/// </code>
/// Type 3 NLRI values carry only rd, etag and ip (the originating router's IP). Type 5 values carry rd, esi, etag,
/// "prefix": "10.1.0.0/24", "gateway": "0.0.0.0" and a single "label": 50005; the Router's MAC community is
/// {"type":6,"subtype":3,"mac":"02:…"}.
/// </summary>
public static class GoBgpEvpnJson
{
    public static IReadOnlyList<EvpnRoute> Parse(string json)
    {
        var routes = new List<EvpnRoute>();
        if (string.IsNullOrWhiteSpace(json)) return routes;
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind != JsonValueKind.Object) return routes;
        foreach (var prefix in doc.RootElement.EnumerateObject())
        {
            foreach (var path in prefix.Value.EnumerateArray())
            {
                routes.Add(ParsePath(path));
            }
        }
        return routes;
    }

    static EvpnRoute ParsePath(JsonElement path)
    {
        var nlri = path.GetProperty("nlri");
        var type = nlri.GetProperty("type").GetInt32();
        var v = nlri.GetProperty("value");

        string? nextHop = null, originator = null, encap = null, routerMac = null;
        var clusters = new List<string>();
        var rts = new List<string>();
        PmsiTunnel? pmsi = null;
        if (path.TryGetProperty("attrs", out var attrs))
        {
            foreach (var a in attrs.EnumerateArray())
            {
                switch (a.GetProperty("type").GetInt32())
                {
                    case 3: // NEXT_HOP (not used for EVPN, but harmless)
                        nextHop ??= a.GetProperty("nexthop").GetString();
                        break;
                    case 9: // ORIGINATOR_ID, RFC 4456 §8
                        originator = a.GetProperty("value").GetString();
                        break;
                    case 10: // CLUSTER_LIST, RFC 4456 §8
                        foreach (var c in a.GetProperty("value").EnumerateArray()) clusters.Add(c.GetString()!);
                        break;
                    case 14: // MP_REACH_NLRI next hop, RFC 4760 §3
                        nextHop = a.GetProperty("nexthop").GetString();
                        break;
                    case 16:
                        foreach (var ec in a.GetProperty("value").EnumerateArray()) ReadExtendedCommunity(ec, rts, ref encap, ref routerMac);
                        break;
                    case 22: // PMSI_TUNNEL, RFC 6514 §5
                        pmsi = new PmsiTunnel(
                            a.GetProperty("tunnel-type").GetInt32(),
                            a.TryGetProperty("label", out var l) ? l.GetUInt32() : 0,
                            a.TryGetProperty("tunnel-id", out var t) ? t.GetString() : null,
                            a.TryGetProperty("is-leaf-info-required", out var li) && li.GetBoolean());
                        break;
                }
            }
        }

        var labels = new List<uint>();
        if (v.TryGetProperty("labels", out var ls))
        {
            foreach (var l in ls.EnumerateArray()) labels.Add(l.GetUInt32());
        }
        else if (v.TryGetProperty("label", out var single)) labels.Add(single.GetUInt32()); // type 5: one label

        return new EvpnRoute
        {
            RouteType = type,
            RouteDistinguisher = ReadRd(v.GetProperty("rd")),
            Esi = v.TryGetProperty("esi", out var esi) ? NormaliseEsi(esi.GetString()) : null,
            EthernetTag = v.TryGetProperty("etag", out var etag) ? etag.GetUInt32() : 0,
            Mac = v.TryGetProperty("mac", out var mac) ? mac.GetString()?.ToLowerInvariant() : null,
            Ip = v.TryGetProperty("ip", out var ip) ? NormaliseIp(ip.GetString())
                : v.TryGetProperty("prefix", out var prefix) ? prefix.GetString() : null,
            Gateway = v.TryGetProperty("gateway", out var gw) ? NormaliseIp(gw.GetString()) : null,
            RouterMac = routerMac,
            Labels = labels,
            NextHop = nextHop,
            OriginatorId = originator,
            ClusterList = clusters,
            RouteTargets = rts,
            Encapsulation = encap,
            Pmsi = pmsi,
            LearnedFrom = path.TryGetProperty("neighbor-ip", out var n) ? n.GetString() : null,
            IsBest = path.TryGetProperty("best", out var b) && b.GetBoolean(),
        };
    }

    // RFC 4360 §3.1/§3.2 and RFC 5668: transitive two-octet-AS (0), IPv4 (1), four-octet-AS (2) types, subtype 2 = RT.
    // RFC 9012 §4.1: opaque type 3, subtype 12 = encapsulation; tunnel type 8 = VXLAN.
    // RFC 9135 §8.1: EVPN type 6, subtype 3 = Router's MAC.
    static void ReadExtendedCommunity(JsonElement ec, List<string> rts, ref string? encap, ref string? routerMac)
    {
        var type = ec.GetProperty("type").GetInt32();
        var sub = ec.TryGetProperty("subtype", out var s) ? s.GetInt32() : -1;
        if (type is 0 or 1 or 2 && sub == 2 && ec.TryGetProperty("value", out var val))
        {
            rts.Add("RT:" + val.GetString());
        }
        else if (type == 3 && sub == 12 && ec.TryGetProperty("tunnel_type", out var tt))
        {
            encap = EncapsulationName(tt.GetInt32());
        }
        else if (type == 6 && sub == 3 && ec.TryGetProperty("mac", out var mac))
        {
            routerMac = mac.GetString()?.ToLowerInvariant();
        }
    }

    internal static string EncapsulationName(int tunnelType) => tunnelType switch
    {
        8 => "vxlan",
        9 => "nvgre",
        10 => "mpls",
        11 => "mpls-in-gre",
        12 => "vxlan-gpe",
        _ => "tunnel-" + tunnelType.ToString(CultureInfo.InvariantCulture),
    };

    static string ReadRd(JsonElement rd)
    {
        var admin = rd.GetProperty("admin");
        var adminText = admin.ValueKind == JsonValueKind.Number ? admin.GetRawText() : admin.GetString();
        return adminText + ":" + rd.GetProperty("assigned").GetRawText();
    }

    static string? NormaliseEsi(string? esi) =>
        esi is null or "single-homed" or "" or "0" or "00:00:00:00:00:00:00:00:00:00" ? null
        // GoBGP 3.10 prints a type-0 ESI as "ESI_ARBITRARY | " + the nine value octets; FRR and we print all ten.
        : esi.StartsWith("ESI_ARBITRARY | ", StringComparison.Ordinal) ? "00:" + esi["ESI_ARBITRARY | ".Length..]
        : esi;

    static string? NormaliseIp(string? ip) =>
        ip is null or "<nil>" or "" or "0.0.0.0" or "::" ? null : ip;
}
