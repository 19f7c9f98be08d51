using System.Diagnostics;
using ActorFabric.Cluster.Launch;
using ActorFabric.Cluster.Node;
using ActorFabric.Cluster.Tests.Infrastructure;
using ActorFabric.Cluster.Tests.Launch;
using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;
using ActorFabric.Simulation;
using Xunit.Abstractions;

namespace ActorFabric.Cluster.Tests.Processes;

/// <summary>Three `actorfabric node` processes on 127.0.0.1 sharing a PostgreSQL store, and a launcher in this process.</summary>
[Collection(PostgresCollection.Name)]
public class NodeProcessTests(PostgresServer postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task Devices_of_a_killed_node_resume_on_the_others_with_their_chaos_state_and_the_route_and_fdb_digests_return()
    {
        var path = RepositoryFiles.Topology("quickstart.yaml");
        var topology = TopologyLoader.Load(path);
        FabricStateDigest single;
        await using (var one = FabricRuntime.Start(topology, new FabricRunOptions { Clock = ClockMode.Real }))
        {
            Assert.True((await one.WaitConvergedAsync(TimeSpan.FromSeconds(60))).Converged);
            single = await ClusterLaunchTests.SettledDigestAsync(one);
        }

        int seedPort = InProcessCluster.FreePort();
        var seed = $"127.0.0.1:{seedPort}";
        var store = postgres.CreateDatabase("failover");
        var nodes = new List<NodeProcess>();
        try
        {
            nodes.Add(NodeProcess.Start(seedPort, seed, "--store", store));
            nodes.Add(NodeProcess.Start(InProcessCluster.FreePort(), seed, "--store", store));
            nodes.Add(NodeProcess.Start(InProcessCluster.FreePort(), seed, "--store", store));
            foreach (var n in nodes) await n.WaitUpAsync(TimeSpan.FromSeconds(60));
            var launcher = ClusterNode.Start(new ClusterNodeOptions { Seeds = [seed], Roles = [ClusterNode.ControlRole] });
            await using var runtime = await ClusterLauncher.LaunchAsync(launcher, topology, File.ReadAllText(path), new FabricRunOptions(), 3, TimeSpan.FromSeconds(60),
                new Progress<string>(output.WriteLine));
            Assert.True((await runtime.WaitConvergedAsync(TimeSpan.FromSeconds(60))).Converged);
            Assert.Equal(single, await ClusterLaunchTests.DigestWhenEqualAsync(runtime, single));
            Assert.Equal(2, (await runtime.PingAsync("h1", "h7", 2)).Received);

            // Chaos first: leaf1's link to spine1 goes down; pings take spine2.
            await runtime.LinkDownAsync("leaf1", "spine1");
            var deadline0 = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while ((await runtime.PingAsync("h1", "h7", 1)).Path.Any(h => h.Device == "spine1") && DateTime.UtcNow < deadline0) await Task.Delay(200);
            // The reference state: converged again (every session and route back, not a moment of churn on the loaded
            // 2-core machine) and the same on two reads in a row.
            Assert.True((await runtime.WaitConvergedAsync(TimeSpan.FromSeconds(60))).Converged);
            var beforeKill = await ClusterLaunchTests.SettledDigestAsync(runtime);

            // kill -9 the node running leaf1 (and the link it owns): its shards must come back on the two others,
            // the link still down (from the journal in PostgreSQL).
            var before = await ClusterStatusReader.ReadAsync(launcher.System, TimeSpan.FromSeconds(10));
            var leafShard = ActorFabric.Cluster.Placement.FabricPlacement.Build(topology).ShardOf("d:leaf1");
            var victimView = before.Nodes.Single(n => n.Shards.Contains(leafShard));
            var victim = nodes.Single(n => victimView.Address.EndsWith($":{n.Port}", StringComparison.Ordinal));
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
            while (now != beforeKill && clock.Elapsed < TimeSpan.FromSeconds(120));
            output.WriteLine($"digests back after {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.Equal(beforeKill, now);
            var ping = await runtime.PingAsync("h1", "h7", 2);
            Assert.Equal(2, ping.Received);
            Assert.DoesNotContain(ping.Path, h => h.Device == "spine1");
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
