using System.Text.Json;
using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Tests.Topology;

namespace ActorFabric.Fabric.Tests.Runtime;

public sealed class FabricBenchmarkTests
{
    [Fact]
    public void The_benchmark_runs_a_topology_to_convergence_and_writes_the_issue_keys()
    {
        var figures = FabricBenchmark.Run(RepositoryFiles.Topology("quickstart.yaml"));
        Assert.True(figures.Converged);
        Assert.Equal(4, figures.Leaves);
        Assert.Equal(8, figures.Macs);
        Assert.True(figures.Messages > 0 && figures.PeakBytes > 0 && figures.ConvergeEmulatedSeconds > 0);

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            FabricBenchmark.WriteJson(figures, writer);
            writer.WriteEndObject();
        }
        using var json = JsonDocument.Parse(stream.ToArray());
        foreach (var key in new[] { "leaves", "macs", "converge_wall_s", "converge_emulated_s", "peak_bytes", "messages" })
            Assert.True(json.RootElement.TryGetProperty(key, out _), key);
    }
}
