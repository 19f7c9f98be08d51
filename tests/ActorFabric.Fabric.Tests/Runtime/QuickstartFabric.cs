using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Tests.Topology;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Tests.Runtime;

/// <summary>Starts the bundled quickstart fabric under virtual time with serialize-messages on.</summary>
internal static class QuickstartFabric
{
    private static readonly Lazy<FabricTopology> Topology = new(() => TopologyLoader.Load(RepositoryFiles.Topology("quickstart.yaml")));

    public static FabricTopology Load() => Topology.Value;

    public static FabricRuntime Start(int seed = 1) =>
        FabricRuntime.Start(Topology.Value, new FabricRunOptions { Seed = seed, SerializeMessages = true });

    public static async Task<FabricRuntime> StartConvergedAsync(int seed = 1)
    {
        var runtime = Start(seed);
        var report = await runtime.WaitConvergedAsync(TimeSpan.FromSeconds(60));
        Assert.True(report.Converged, $"not converged: {report.Progress}");
        return runtime;
    }
}
