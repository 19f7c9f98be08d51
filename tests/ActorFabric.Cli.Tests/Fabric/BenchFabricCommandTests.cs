namespace ActorFabric.Cli.Tests.Fabric;

public class BenchFabricCommandTests
{
    [Fact]
    public void Bench_fabric_on_quickstart_prints_the_issue_keys()
    {
        var (code, output, error) = CliRun.Run("bench", "fabric", RecordedFabric.QuickstartPath, "--json");
        Assert.True(code == 0, error);
        var root = System.Text.Json.JsonDocument.Parse(output).RootElement;
        foreach (var key in new[] { "leaves", "macs", "converge_wall_s", "converge_emulated_s", "peak_bytes", "messages" })
            Assert.True(root.TryGetProperty(key, out _), $"missing {key}");
        Assert.Equal(4, root.GetProperty("leaves").GetInt32());
        Assert.Equal(8, root.GetProperty("macs").GetInt32());
        Assert.True(root.GetProperty("converged").GetBoolean());
    }
}
