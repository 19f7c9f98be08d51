using ActorFabric.Cluster.Placement;
using ActorFabric.Cluster.Tests.Infrastructure;
using ActorFabric.Cluster.Launch;
using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;
using ActorFabric.Simulation;
using Xunit.Abstractions;

namespace ActorFabric.Cluster.Tests.Launch;

[Collection(PostgresCollection.Name)]
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
            single = await SettledDigestAsync(one);
            singlePing = await one.PingAsync("h1", "h7", 2);
        }

        await using var cluster = await InProcessCluster.StartAsync(3);
        var progress = new Progress<string>(output.WriteLine);
        await using (var runtime = await ClusterLauncher.LaunchAsync(cluster.StartLauncher(), topology, File.ReadAllText(path), new FabricRunOptions(), 3, TimeSpan.FromSeconds(30), progress))
        {
            var report = await runtime.WaitConvergedAsync(TimeSpan.FromSeconds(60));
            output.WriteLine($"converged {report.Converged} after {report.WallTime.TotalSeconds:0.00} s: {report.Progress}");
            Assert.True(report.Converged, report.Progress.ToString());
            FabricStateDigest split;
            try
            {
                split = await DigestWhenEqualAsync(runtime, single);
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

            // A capture of a link that runs on a fabric node, written by the launcher.
            var pcap = Path.Combine(Path.GetTempPath(), $"actorfabric-cluster-{Guid.NewGuid():N}.pcap");
            var capture = await runtime.StartCaptureAsync("leaf1 spine1", pcap);
            await runtime.PingAsync("h1", "h7", 2);
            var captured = await runtime.StopCaptureAsync(capture.Id);
            output.WriteLine($"captured {captured.Packets} packets on leaf1 spine1");
            Assert.True(captured.Packets > 0);
            Assert.True(new FileInfo(pcap).Length > 24);
            File.Delete(pcap);
            Assert.Empty(runtime.Errors);
        }

        // The launcher is gone, the devices still run: a new launcher of the same topology attaches to them.
        await using var again = await ClusterLauncher.LaunchAsync(cluster.StartLauncher(), topology, File.ReadAllText(path), new FabricRunOptions(), 3, TimeSpan.FromSeconds(30), progress);
        Assert.True((await again.WaitConvergedAsync(TimeSpan.FromSeconds(30))).Converged);
        Assert.Equal(single, await DigestWhenEqualAsync(again, single));
        Assert.Equal(singlePing.Path, (await again.PingAsync("h1", "h7", 1)).Path);
    }

    [Fact]
    public async Task Multihomed_servers_across_three_nodes_elect_their_designated_forwarders_and_reach_every_host()
    {
        var path = RepositoryFiles.Topology("multihomed.yaml");
        var topology = TopologyLoader.Load(path);
        await using var cluster = await InProcessCluster.StartAsync(3);
        await using var runtime = await ClusterLauncher.LaunchAsync(cluster.StartLauncher(), topology, File.ReadAllText(path), new FabricRunOptions(), 3, TimeSpan.FromSeconds(30));
        var report = await runtime.WaitConvergedAsync(TimeSpan.FromSeconds(60));
        Assert.True(report.Converged, report.Progress.ToString());
        // The LAG links of server1 (leaf1 + leaf2) and hv1 (leaf3 + leaf4) are link entities like any other; DF
        // election runs over ES routes between leaves that may sit on different nodes (real time: poll).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        EthernetSegmentEntry hv1;
        do
        {
            hv1 = Assert.Single((await runtime.EthernetSegmentsAsync("leaf3")).Segments);
            if (hv1.DesignatedForwarders.All(d => d.Df == "10.0.0.14")) break;
            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);
        Assert.All(hv1.DesignatedForwarders, d => Assert.Equal("10.0.0.14", d.Df));
        Assert.Equal(["10.0.0.14"], hv1.Peers);
        foreach (var (from, to) in new[] { ("h3", "server1"), ("server1", "vm1"), ("h2", "vm2") })
            Assert.True((await runtime.PingAsync(from, to, 2)).Success, $"{from} → {to}");
        Assert.Empty(runtime.Errors);
    }

    [Fact]
    public async Task A_32_leaf_fabric_across_three_nodes_has_the_one_process_routes_and_fdb()
    {
        const string yaml = """
            name: leaves-32
            generate:
              spines: 2
              spine-route-reflectors: 2
              leaves: 32
              vnis: 8
              vnis-per-leaf: 4
              hosts-per-vni-per-leaf: 2
            """;
        var topology = TopologyLoader.Parse(yaml, "leaves-32.yaml");
        FabricStateDigest single;
        await using (var one = FabricRuntime.Start(topology, new FabricRunOptions { Clock = ClockMode.Real }))
        {
            Assert.True((await one.WaitConvergedAsync(TimeSpan.FromSeconds(120))).Converged);
            single = await SettledDigestAsync(one);
        }
        await using var cluster = await InProcessCluster.StartAsync(3);
        await using var runtime = await ClusterLauncher.LaunchAsync(cluster.StartLauncher(), topology, yaml, new FabricRunOptions(), 3, TimeSpan.FromSeconds(30));
        var report = await runtime.WaitConvergedAsync(TimeSpan.FromSeconds(120));
        output.WriteLine($"converged {report.Converged} after {report.WallTime.TotalSeconds:0.00} s: {report.Progress}; {single.RouteCount} routes, {single.FdbCount} FDB entries");
        Assert.True(report.Converged, report.Progress.ToString());
        Assert.Equal(single, await DigestWhenEqualAsync(runtime, single));
        var status = await ClusterStatusReader.ReadAsync(cluster.Nodes[0].System, TimeSpan.FromSeconds(10));
        Assert.Equal(3, status.Nodes.Count);
        Assert.All(status.Nodes, n => Assert.True(n.Devices > 0, $"{n.Address} runs no device"));
        Assert.Equal(topology.Nodes.Length, status.Nodes.Sum(n => n.Devices));
        // Every node runs exactly the shards the placement gives its member index: the launch waited for every
        // node's shard region, so no node took the shards of one that registered late.
        var placement = FabricPlacement.Build(topology);
        var assigned = placement.Assign(3);
        var members = status.Nodes.Select(n => n.Address).Order(StringComparer.Ordinal).ToList();
        foreach (var n in status.Nodes)
            Assert.Equal(placement.Shards.Where((_, i) => assigned[i] == members.IndexOf(n.Address)).Select(s => s.Id).Order(StringComparer.Ordinal), n.Shards);
        Assert.Empty(runtime.Errors);
    }

    /// <summary>
    /// The digest once two reads 300 ms apart agree while the fabric says converged (deadline 60 s): "converged" counts
    /// the routes leaves import, and on the real clock the reflectors' tables may still be taking their last UPDATEs
    /// when it first says so.
    /// </summary>
    internal static async Task<FabricStateDigest> SettledDigestAsync(FabricRuntime runtime)
    {
        // Two equal reads in a row, each taken while the fabric reports converged: under the real clock on a loaded
        // 2-core machine, BFD can drop sessions just after convergence, and two reads of that churn can be equal.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        FabricStateDigest? last = null;
        while (DateTime.UtcNow < deadline)
        {
            bool converged = (await runtime.WaitConvergedAsync(TimeSpan.FromSeconds(5))).Converged;
            var now = await runtime.StateDigestAsync();
            if (converged && now == last) return now;
            last = converged ? now : null;
            await Task.Delay(300);
        }
        return last ?? await runtime.StateDigestAsync();
    }

    /// <summary>The digest once it equals <paramref name="expected"/>, or the last one read after 30 s.</summary>
    internal static async Task<FabricStateDigest> DigestWhenEqualAsync(FabricRuntime runtime, FabricStateDigest expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var now = await runtime.StateDigestAsync();
        while (now != expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(300);
            now = await runtime.StateDigestAsync();
        }
        return now;
    }
}
