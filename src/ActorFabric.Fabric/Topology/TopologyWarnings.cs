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
        AddAssistedReplication(topology, warnings);
        if (topology.Nodes.Length > 1 && topology.Links.Length == 0)
        {
            warnings.Insert(0, $"{topology.SourceFile}: no links: the {topology.Nodes.Length} nodes cannot reach each other (add 'links:' or use 'generate:')");
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

    /// <summary>AR set-ups the seed document describes as degraded: they run, but not the way the file probably meant.</summary>
    private static void AddAssistedReplication(FabricTopology topology, List<string> warnings)
    {
        if (topology.AssistedReplication is not { } ar) return;
        var file = topology.SourceFile;
        if (ar.Replicators.IsEmpty)
        {
            warnings.Add($"{file}: 'assisted-replication' without any replicator: every AR leaf uses ingress replication (\"No replicators/Ingress Replication\"); give a leaf 'assisted-replication: replicator'");
            return;
        }
        if (ar.Mode == ArMode.Extended)
            foreach (var es in topology.EthernetSegments)
            {
                EthernetSegmentMember? replicator = null, leaf = null;
                foreach (var m in es.Members)
                {
                    var role = topology.Nodes[m.Leaf].ArRole;
                    if (role == ArRole.Replicator) replicator ??= m;
                    else if (role == ArRole.Leaf) leaf ??= m;
                }
                if (replicator is { } r && leaf is { } l)
                    warnings.Add($"{file}: AR leaf '{topology.Nodes[l.Leaf].Name}' shares Ethernet segment '{es.Name}' with replicator '{topology.Nodes[r.Leaf].Name}': in extended AR mode it does not use AR (\"Misconfiguration/Ingress Replication\")");
            }
        bool replicatorSnoops = false;
        foreach (int r in ar.Replicators) replicatorSnoops |= topology.Nodes[r].Snooping;
        if (!replicatorSnoops) return;
        int count = 0;
        string? first = null;
        foreach (var n in topology.Nodes)
            if (n.ArRole == ArRole.Leaf && !n.Snooping && count++ == 0) first = n.Name;
        if (count > 0)
            warnings.Add($"{file}: {count} AR lea{(count == 1 ? "f" : "ves")} without snooping (first '{first}') while replicators snoop: replicators drop multicast toward {(count == 1 ? "it" : "them")} (the documented AR limitation); make {(count == 1 ? "it a regular NVE" : "them regular NVEs")} with 'assisted-replication: none'");
    }
}
