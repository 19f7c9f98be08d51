using System.Text.RegularExpressions;
using ActorFabric.Cluster.Launch;
using ActorFabric.Cluster.Tests.Infrastructure;
using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cluster.Tests.Launch;

/// <summary>Each fabric node's /metrics: its own devices, how many, what its relay sent to the other node, its process.</summary>
[Collection(PostgresCollection.Name)]
public class ClusterMetricsTests
{
    [Fact]
    public async Task Each_node_serves_its_own_devices_its_device_count_and_the_frames_its_relay_sent_to_the_other()
    {
        var path = RepositoryFiles.Topology("quickstart.yaml");
        var topology = TopologyLoader.Load(path);
        await using var cluster = await InProcessCluster.StartAsync(2);
        await using var runtime = await ClusterLauncher.LaunchAsync(cluster.StartLauncher(), topology, File.ReadAllText(path), new FabricRunOptions(), 2, TimeSpan.FromSeconds(30));
        Assert.True((await runtime.WaitConvergedAsync(TimeSpan.FromSeconds(60))).Converged);
        Assert.Equal(2, (await runtime.PingAsync("h1", "h7", 2)).Received);

        var devicesSeen = new List<string>();
        double devicesCounted = 0;
        for (int i = 0; i < 2; i++)
        {
            var text = cluster.Nodes[i].ScrapeMetrics();
            string self = cluster.Nodes[i].Address.HostPort(), other = cluster.Nodes[1 - i].Address.HostPort();
            devicesCounted += Value(text, $"actorfabric_cluster_devices{{node=\"{self}\"}}");
            Assert.True(Value(text, $"actorfabric_cluster_relay_frames_total{{peer=\"{other}\"}}") > 0, $"node {self} sent no frame to {other}");
            Assert.True(Value(text, $"actorfabric_cluster_relay_bytes_total{{peer=\"{other}\"}}") > 0);
            Assert.True(Value(text, "process_resident_memory_bytes") > 0);
            devicesSeen.AddRange(Regex.Matches(text, "^actorfabric_fdb_entries\\{device=\"([^\"]+)\"\\}", RegexOptions.Multiline).Select(m => m.Groups[1].Value));
        }
        // Every device runs on exactly one node, and the nodes' counts add up to the fabric.
        Assert.Equal(topology.Nodes.Length, devicesCounted);
        Assert.Equal(topology.Nodes.Where(n => n.IsVtep).Select(n => n.Name).Order(), devicesSeen.Order());
    }

    private static double Value(string text, string series)
    {
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        Assert.True(line is not null, $"the node's scrape has no series {series}");
        return double.Parse(line![(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
