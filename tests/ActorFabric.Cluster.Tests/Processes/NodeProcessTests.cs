using System.Diagnostics;
using ActorFabric.Cluster.Launch;
using ActorFabric.Cluster.Node;
using ActorFabric.Cluster.Tests.Launch;
using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;
using ActorFabric.Simulation;
using Xunit.Abstractions;

namespace ActorFabric.Cluster.Tests.Processes;

/// <summary>Three `actorfabric node` processes on 127.0.0.1 and a launcher in this process.</summary>
public class NodeProcessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Devices_of_a_killed_node_resume_on_the_others_and_the_route_and_fdb_digests_return()
    {
        var path = RepositoryFiles.Topology("quickstart.yaml");
        var topology = TopologyLoader.Load(path);
        FabricStateDigest single;
        await using (var one = FabricRuntime.Start(topology, new FabricRunOptions { Clock = ClockMode.Real }))
        {
            Assert.True((await one.WaitConvergedAsync(TimeSpan.FromSeconds(60))).Converged);
            single = await one.StateDigestAsync();
        }

        int seedPort = InProcessCluster.FreePort();
        var seed = $"127.0.0.1:{seedPort}";
        var nodes = new List<NodeProcess>();
        try
        {
            nodes.Add(NodeProcess.Start(seedPort, seed));
            nodes.Add(NodeProcess.Start(InProcessCluster.FreePort(), seed));
            nodes.Add(NodeProcess.Start(InProcessCluster.FreePort(), seed));
            foreach (var n in nodes) await n.WaitUpAsync(TimeSpan.FromSeconds(60));
            var launcher = ClusterNode.Start(new ClusterNodeOptions { Seeds = [seed], Roles = [ClusterNode.ControlRole] });
            await using var runtime = await ClusterLauncher.LaunchAsync(launcher, topology, File.ReadAllText(path), new FabricRunOptions(), 3, TimeSpan.FromSeconds(60),
                new Progress<string>(output.WriteLine));
            Assert.True((await runtime.WaitConvergedAsync(TimeSpan.FromSeconds(60))).Converged);
            Assert.Equal(single, await runtime.StateDigestAsync());
            Assert.Equal(2, (await runtime.PingAsync("h1", "h7", 2)).Received);

            // kill -9 a node that is not the seed: its shards must come back on the two others.
            var before = await ClusterStatusReader.ReadAsync(launcher.System, TimeSpan.FromSeconds(10));
            var victim = nodes[2];
            var victimView = before.Nodes.Single(n => n.Address.EndsWith($":{victim.Port}", StringComparison.Ordinal));
            output.WriteLine($"killing node :{victim.Port} with {victimView.Devices} devices, {victimView.Hosts} hosts");
            var clock = Stopwatch.StartNew();
            victim.Kill();
            var deadline = TimeSpan.FromSeconds(60);
            ClusterStatusView after;
            do
            {
                await Task.Delay(200);
                after = await ClusterStatusReader.ReadAsync(launcher.System, TimeSpan.FromSeconds(5));
            }
            while ((after.Nodes.Count != 2 || after.Nodes.Sum(n => n.Devices) != topology.Nodes.Length || after.Nodes.Sum(n => n.Hosts) != topology.Hosts.Length) && clock.Elapsed < deadline);
            output.WriteLine($"devices running again on 2 nodes after {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.Equal(topology.Nodes.Length, after.Nodes.Sum(n => n.Devices));
            Assert.Equal(topology.Hosts.Length, after.Nodes.Sum(n => n.Hosts));

            FabricStateDigest now;
            do
            {
                await Task.Delay(500);
                now = await runtime.StateDigestAsync();
            }
            while (now != single && clock.Elapsed < TimeSpan.FromSeconds(120));
            output.WriteLine($"digests back after {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.Equal(single, now);
            Assert.Equal(2, (await runtime.PingAsync("h1", "h7", 2)).Received);
        }
        finally
        {
            foreach (var n in nodes)
            {
                output.WriteLine($"--- node :{n.Port}\n{n.Output}");
                n.Dispose();
            }
        }
    }
}
