using System.Text.Json;
using ActorFabric.Protocols.Bgp.Rib;
using ActorFabric.Wire.Bgp;

namespace ActorFabric.Cli.Bgp.Speaker;

/// <summary>Which Loc-RIB entries <c>bgp rib</c> lists: by route type and/or RD (text as FRR prints it).</summary>
public sealed record BgpRibFilter(int? RouteType = null, string? Rd = null)
{
    public bool Matches(BgpPath path) =>
        (RouteType is null || path.Route.RouteTypeCode == RouteType) &&
        (Rd is null || path.Route.Rd.ToString() == Rd);
}

/// <summary>The Loc-RIB as JSON: every best path with its NLRI fields, next hop, source and all attributes.</summary>
public static class BgpRibJson
{
    public static void Write(Utf8JsonWriter w, LocRib rib, BgpRibFilter filter)
    {
        w.WriteStartObject();
        w.WriteNumber("loc_rib_size", rib.Count);
        w.WriteStartArray("routes");
        int count = 0;
        foreach (var path in rib.BestPaths)
        {
            if (!filter.Matches(path)) continue;
            count++;
            WritePath(w, path);
        }
        w.WriteEndArray();
        w.WriteNumber("count", count);
        w.WriteEndObject();
    }

    public static void WritePath(Utf8JsonWriter w, BgpPath path)
    {
        w.WriteStartObject();
        w.WritePropertyName("route");
        BgpJsonRenderer.WriteRoute(w, path.Route);
        w.WriteString("next_hop", path.NextHop.ToString());
        w.WriteString("learned_from", path.Source.IsLocal ? "local" : path.Source.Address.ToString());
        if (!path.Source.IsLocal) w.WriteString("peer_router_id", BgpHostAddress.Format(path.Source.RouterId));
        w.WriteBoolean("stale", path.Stale);
        w.WritePropertyName("attributes");
        BgpJsonRenderer.WriteAttributes(w, path.Attributes);
        w.WriteEndObject();
    }

    public static string ToJson(LocRib rib, BgpRibFilter filter)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream)) Write(w, rib, filter);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
