using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;
using BenchmarkDotNet.Attributes;

namespace ActorFabric.Benchmarks.Fabric;

/// <summary>
/// Wall time and allocations of a whole emulated fabric run under virtual time: quickstart (6 devices, 8 hosts)
/// from start to convergence, and a 3-echo ping across leaves on a converged fabric.
/// The scale figures (bench-256, large-1000) come from <see cref="FabricBenchmark.Run"/> (<c>actorfabric bench fabric</c>).
/// </summary>
[MemoryDiagnoser]
public class QuickstartConvergenceBenchmarks
{
    private FabricTopology _topology = null!;
    private FabricRuntime _converged = null!;

    [GlobalSetup]
    public void Setup()
    {
        var path = Path.Combine(FindRoot(), "topologies", "quickstart.yaml");
        _topology = TopologyLoader.Load(path);
        _converged = FabricRuntime.Start(_topology, new FabricRunOptions { TraceDigest = false });
        _converged.WaitConvergedAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _converged.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public bool StartAndConverge()
    {
        var fabric = FabricRuntime.Start(_topology, new FabricRunOptions { TraceDigest = false });
        try
        {
            return fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult().Converged;
        }
        finally
        {
            fabric.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [Benchmark]
    public int PingAcrossLeaves() => _converged.PingAsync("h1", "h5", 3).GetAwaiter().GetResult().Received;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ActorFabric.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root not found");
    }
}
