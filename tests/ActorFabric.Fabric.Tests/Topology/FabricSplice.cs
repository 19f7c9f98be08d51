using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Tests.Topology;

/// <summary>
/// Loads a test's blocks on top of a small fabric whose node list comes last, so a test's own <c>nodes:</c> items
/// (what follows its <c>nodes:</c> line) continue it.
/// </summary>
internal static class FabricSplice
{
    public static FabricTopology Load(string yaml, string fabric, string file)
    {
        int at = yaml.IndexOf("nodes:\n", StringComparison.Ordinal);
        var text = at < 0 ? yaml + "\n" + fabric : yaml[..at] + fabric + yaml[(at + "nodes:\n".Length)..];
        Assert.True(TopologyLoader.TryParse(text, file, out var topology, out var errors), string.Join("\n", errors));
        return topology!;
    }
}
