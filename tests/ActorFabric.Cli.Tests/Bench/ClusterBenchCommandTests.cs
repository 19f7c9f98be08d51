using System.Text.Json;
using ActorFabric.Cli.Tests.Fabric;

namespace ActorFabric.Cli.Tests.Bench;

/// <summary><c>bench cluster</c>'s remote-frame part: a frame sink process, frames through the relays and one by one.</summary>
public class ClusterBenchCommandTests
{
    [Fact]
    public async Task Bench_cluster_skip_fabric_sends_every_frame_to_another_process_both_ways_and_reports_the_rates()
    {
        var (code, output, error) = await CliRun.RunAsync("bench", "cluster", "--skip-fabric", "--frames", "20000", "--json");

        Assert.True(code == 0, error);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(20_000, root.GetProperty("remote_frames").GetInt64());
        Assert.Equal(5_000, root.GetProperty("remote_msgs_unbatched").GetInt64());
        foreach (var key in new[] { "remote_frames_per_s", "remote_bytes_per_s", "remote_msgs_per_s_unbatched", "remote_bytes_per_s_unbatched", "remote_batched_over_unbatched" })
            Assert.True(root.GetProperty(key).GetDouble() > 0, $"{key} is not positive: {output}");
        // Every measured frame left in a relay batch, and batches carried more than one frame each.
        Assert.InRange(root.GetProperty("remote_batches").GetInt64(), 1, 19_999);
        Assert.InRange(root.GetProperty("remote_frame_bytes_min").GetInt32(), 100, 1500);
        Assert.InRange(root.GetProperty("remote_frame_bytes_max").GetInt32(), 100, 1500);
        Assert.True(root.TryGetProperty("target_remote_frames_met", out _));
        Assert.False(root.TryGetProperty("split_converge_wall_s", out _));
    }

    [Fact]
    public void Bench_cluster_refuses_too_few_frames_as_bad_input()
    {
        var (code, _, error) = CliRun.Run("bench", "cluster", "--skip-fabric", "--frames", "10");

        Assert.Equal(CliApp.ExitUsage, code);
        Assert.Contains("--frames", error, StringComparison.Ordinal);
    }
}
