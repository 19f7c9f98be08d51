using ActorFabric.Cluster.Launch;
using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;
using ActorFabric.Simulation;
using Xunit.Abstractions;

namespace ActorFabric.Cluster.Tests.Launch;

public class ClusterLaunchTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Quickstart_across_three_nodes_converges_to_the_one_process_routes_and_fdb()
    {
        var path = RepositoryFiles.Topology("quickstart.yaml");
        var topology = TopologyLoader.Load(path);
        FabricStateDigest single;
        PingResult singlePing;
        await using (var one = FabricRuntime.Start(topology, new FabricRunOptions { Clock = ClockMode.Real }))
        {
            Assert.True((await one.WaitConvergedAsync(TimeSpan.FromSeconds(60))).Converged);
            single = await one.StateDigestAsync();
            singlePing = await one.PingAsync("h1", "h7", 2);
        }

        await using var cluster = await InProcessCluster.StartAsync(3);
        var progress = new Progress<string>(output.WriteLine);
        await using var runtime = await ClusterLauncher.LaunchAsync(cluster.StartLauncher(), topology, File.ReadAllText(path), new FabricRunOptions(), 3, TimeSpan.FromSeconds(30), progress);
        var report = await runtime.WaitConvergedAsync(TimeSpan.FromSeconds(60));
        output.WriteLine($"converged {report.Converged} after {report.WallTime.TotalSeconds:0.00} s: {report.Progress}");
        Assert.True(report.Converged, report.Progress.ToString());
        FabricStateDigest split;
        try
        {
            split = await runtime.StateDigestAsync();
        }
        finally
        {
            lock (cluster.Log) foreach (var l in cluster.Log.Where(l => !l.Contains("UpdateDone")).Take(20)) output.WriteLine(l);
        }
        Assert.Equal(single, split);
        // h1 (leaf1) and h7 (leaf4) sit on different nodes: the echo crosses node boundaries on the same path.
        var ping = await runtime.PingAsync("h1", "h7", 2);
        Assert.Equal(2, ping.Received);
        Assert.Equal(singlePing.Path, ping.Path);
        Assert.Empty(runtime.Errors);
    }
}
