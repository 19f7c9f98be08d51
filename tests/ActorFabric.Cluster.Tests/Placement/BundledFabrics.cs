using ActorFabric.Cluster.Placement;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cluster.Tests.Placement;

/// <summary>The bundled topologies (topologies/*.yaml) and their placements, loaded once per test run.</summary>
internal static class BundledFabrics
{
    public const string Quickstart = "quickstart.yaml";
    public const string EvpnLab = "evpn-lab.yaml";
    public const string Bench256 = "bench-256.yaml";
    public const string Large1000 = "large-1000.yaml";

    public static readonly string[] All = [Quickstart, EvpnLab, Bench256, Large1000];

    private static readonly Dictionary<string, Lazy<FabricPlacement>> Placements = All.ToDictionary(
        name => name,
        name => new Lazy<FabricPlacement>(() => FabricPlacement.Build(Load(name)), LazyThreadSafetyMode.ExecutionAndPublication));

    public static FabricPlacement Placement(string name) => Placements[name].Value;

    public static FabricTopology Load(string name) => TopologyLoader.Load(Path.Combine(RepositoryRoot(), "topologies", name));

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ActorFabric.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root (ActorFabric.sln) not found above " + AppContext.BaseDirectory);
    }
}
