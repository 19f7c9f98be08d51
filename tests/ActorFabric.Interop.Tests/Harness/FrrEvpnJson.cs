using System.Globalization;
using System.Text.Json;

namespace ActorFabric.Interop.Tests.Harness;

/// <summary>
/// Reads FRR 8.4's EVPN table JSON, both `show bgp l2vpn evpn json` and the richer
/// `show bgp l2vpn evpn route detail json`. Both are nested by RD, then by FRR's prefix string:
/// <code>
/// { "bgpTableVersion": 3, …scalars…,
///   "127.0.0.2:100": { "rd": "127.0.0.2:100",
///     "[2]:[0]:[48]:[aa:bb:cc:00:00:02]:[32]:[10.0.0.2]": {
///        "prefix": "…", "routeType": 2, "ethTag": 0, "mac": "aa:…", "ip": "10.0.0.2", …,
///        "paths": [ {…path…} ]            // plain form: array of paths
///        "paths": [ [ {…path…} ] ]        // detail form: array of arrays of paths
///     } } }
/// path (detail): { "VNI": "10100" (or "l2vni/l3vni"), "bestpath": {"overall": true}, "originatorId": "…",
///   "clusterList": {"list": ["…"]}, "extendedCommunity": {"string": "RT:65000:100 ET:8"},
///   "pmsi": {"tunnelType": "Ingress Replication", "label": 10100},
///   "nexthops": [{"ip": "127.0.0.2", …}], "peer": {"peerId": "…", "routerId": "…"} }
/// path (plain): { "bestpath": true, "peerId": "…", "extendedCommunity": {…}, "nexthops": […] }
/// </code>
/// Type 5 prefixes look like "[5]:[0]:[24]:[10.1.0.0]" with "ip" and "ipLen"; the Router's MAC is the
/// "Rmac:02:…" token of the community string. FRR 8.4 prints no type-5 gateway IP in either form, so
/// <see cref="EvpnRoute.Gateway"/> stays null.
/// The plain form has no VNI, PMSI, ORIGINATOR_ID or CLUSTER_LIST. FRR does not print the PMSI tunnel
/// endpoint, so <see cref="PmsiTunnel.Endpoint"/> stays null.
/// </summary>
public static class FrrEvpnJson
{
    public static IReadOnlyList<EvpnRoute> Parse(string json)
    {
        var routes = new List<EvpnRoute>();
        if (string.IsNullOrWhiteSpace(json)) return routes;
        using var doc = JsonDocument.Parse(json);
        foreach (var rdEntry in doc.RootElement.EnumerateObject())
        {
            if (rdEntry.Value.ValueKind != JsonValueKind.Object) continue; // table-level scalars
            var rd = rdEntry.Value.TryGetProperty("rd", out var rdv) ? rdv.GetString()! : rdEntry.Name;
            foreach (var prefixEntry in rdEntry.Value.EnumerateObject())
            {
                if (prefixEntry.Value.ValueKind != JsonValueKind.Object) continue;
                var prefix = prefixEntry.Value;
                if (!prefix.TryGetProperty("paths", out var paths)) continue;
                foreach (var p in paths.EnumerateArray())
                {
                    if (p.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var inner in p.EnumerateArray()) routes.Add(ParsePath(rd, prefix, inner));
                    }
                    else
                    {
                        routes.Add(ParsePath(rd, prefix, p));
                    }
                }
            }
        }
        return routes;
    }

    static EvpnRoute ParsePath(string rd, JsonElement prefix, JsonElement path)
    {
        int type = Int(prefix, "routeType") ?? Int(path, "routeType") ?? 0;
        var mac = Str(prefix, "mac") ?? Str(path, "mac");
        var ip = Str(prefix, "ip") ?? Str(path, "ip");
        var esi = Str(prefix, "esi") ?? Str(path, "esi");
        if (type == 5 && ip is not null && (Int(prefix, "ipLen") ?? Int(path, "ipLen")) is int ipLen)
        {
            ip = ip + "/" + ipLen.ToString(CultureInfo.InvariantCulture);
        }

        var labels = new List<uint>();
        var vni = Str(path, "VNI") ?? Str(path, "vni");
        if (vni is not null)
        {
            foreach (var part in vni.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                labels.Add(uint.Parse(part, CultureInfo.InvariantCulture));
            }
        }

        var rts = new List<string>();
        string? encap = null, routerMac = null;
        if (path.TryGetProperty("extendedCommunity", out var ecs) && Str(ecs, "string") is { } ecText)
        {
            foreach (var token in ecText.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (token.StartsWith("RT:", StringComparison.Ordinal)) rts.Add(token);
                else if (token.StartsWith("ET:", StringComparison.Ordinal))
                {
                    encap = GoBgpEvpnJson.EncapsulationName(int.Parse(token.AsSpan(3), CultureInfo.InvariantCulture));
                }
                else if (token.StartsWith("Rmac:", StringComparison.Ordinal)) routerMac = token[5..].ToLowerInvariant();
            }
        }

        var clusters = new List<string>();
        if (path.TryGetProperty("clusterList", out var cl))
        {
            var list = cl.ValueKind == JsonValueKind.Object && cl.TryGetProperty("list", out var l) ? l : cl;
            if (list.ValueKind == JsonValueKind.Array)
            {
                foreach (var c in list.EnumerateArray()) clusters.Add(c.GetString()!);
            }
        }

        PmsiTunnel? pmsi = null;
        if (path.TryGetProperty("pmsi", out var pm))
        {
            var tt = Str(pm, "tunnelType");
            pmsi = new PmsiTunnel(
                tt is "Ingress Replication" ? PmsiTunnel.IngressReplication : (Int(pm, "tunnelType") ?? -1),
                (uint)(Int(pm, "label") ?? 0),
                null);
        }

        string? nextHop = null;
        if (path.TryGetProperty("nexthops", out var nhs))
        {
            foreach (var nh in nhs.EnumerateArray())
            {
                nextHop = Str(nh, "ip");
                if (nextHop is not null) break;
            }
        }

        string? from = Str(path, "peerId");
        if (from is null && path.TryGetProperty("peer", out var peer)) from = Str(peer, "peerId");

        bool best = path.TryGetProperty("bestpath", out var bp) &&
                    (bp.ValueKind == JsonValueKind.True ||
                     (bp.ValueKind == JsonValueKind.Object && bp.TryGetProperty("overall", out var o) && o.GetBoolean()));

        return new EvpnRoute
        {
            RouteType = type,
            RouteDistinguisher = rd,
            Esi = esi is null or "00:00:00:00:00:00:00:00:00:00" ? null : esi,
            EthernetTag = (uint)(Int(prefix, "ethTag") ?? Int(path, "ethTag") ?? 0),
            Mac = mac?.ToLowerInvariant(),
            Ip = ip is null or "0.0.0.0" or "::" ? null : ip,
            RouterMac = routerMac,
            Labels = labels,
            NextHop = nextHop,
            OriginatorId = Str(path, "originatorId"),
            ClusterList = clusters,
            RouteTargets = rts,
            Encapsulation = encap,
            Pmsi = pmsi,
            LearnedFrom = from,
            IsBest = best,
        };
    }

    static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    static int? Int(JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v)) return null;
        if (v.ValueKind == JsonValueKind.Number) return v.GetInt32();
        return v.ValueKind == JsonValueKind.String && int.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null;
    }
}
