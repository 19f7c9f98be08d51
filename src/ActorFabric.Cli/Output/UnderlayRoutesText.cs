using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Output;

/// <summary>The link-state underlay table: prefix, metric and every equal-cost next hop (port and neighbour).</summary>
public static class UnderlayRoutesText
{
    public static void Write(UnderlayRouteList list, TextWriter output)
    {
        output.WriteLine($"inet.0 ({list.Device}): {list.Routes.Count} destinations");
        var rows = new TextColumns("Prefix", ">Metric", "Next hop");
        foreach (var r in list.Routes)
        {
            if (r.Local)
            {
                rows.Add(r.Prefix, r.Metric, "local");
                continue;
            }
            var hops = new List<string>(r.NextHops.Count);
            foreach (var h in r.NextHops) hops.Add($"{h.Neighbor} via {h.Port}");
            rows.Add(r.Prefix, r.Metric, string.Join(", ", hops));
        }
        rows.WriteTo(output);
    }
}
