namespace ActorFabric.Fabric.Topology;

/// <summary>
/// Things a valid topology may mean by mistake: it loads, but the fabric it describes cannot do much. Shown by
/// <c>topology validate</c> and <c>up</c> as <c>warning:</c> lines; they never stop a run.
/// </summary>
public static class TopologyWarnings
{
    public static IReadOnlyList<string> Of(FabricTopology topology)
    {
        var warnings = new List<string>();
        if (topology.Nodes.Length > 1 && topology.Links.Length == 0)
        {
            warnings.Add($"{topology.SourceFile}: no links: the {topology.Nodes.Length} nodes cannot reach each other (add 'links:' or use 'generate:')");
            return warnings;
        }
        if (topology.Nodes.Length > 1)
        {
            int unlinked = 0;
            string? first = null;
            foreach (var n in topology.Nodes)
                if (topology.LinksOf(n.Index).Length == 0 && unlinked++ == 0) first = n.Name;
            if (unlinked > 0)
                warnings.Add($"{topology.SourceFile}: {unlinked} node{(unlinked == 1 ? "" : "s")} without any link (first '{first}'): {(unlinked == 1 ? "it" : "they")} cannot reach the fabric");
        }
        return warnings;
    }
}
