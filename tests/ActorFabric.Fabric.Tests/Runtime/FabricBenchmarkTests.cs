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

        using var json = Json(writer => FabricBenchmark.WriteJson(figures, writer));
        foreach (var key in new[] { "leaves", "macs", "converge_wall_s", "converge_emulated_s", "peak_bytes", "messages" })
            Assert.True(json.RootElement.TryGetProperty(key, out _), key);
    }

    private const string SmallGenerated = """
        name: small
        generate:
          spines: 2
          spine-route-reflectors: 1
          leaves: 6
          vnis: 2
          vnis-per-leaf: 1
          hosts-per-vni-per-leaf: 3
        """;

    [Fact]
    public void The_multihomed_benchmark_fails_a_segment_link_and_every_remote_leaf_drops_the_leaf_with_as_many_updates_for_2_or_6_macs()
    {
        var path = Path.Combine(Path.GetTempPath(), $"actorfabric-mhbench-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, SmallGenerated);
        try
        {
            var f = FabricBenchmark.RunMultihomed(path);
            Assert.True(f.Converged);
            Assert.Equal(6 * 3, f.SingleHomed.Macs);
            Assert.Equal(f.SingleHomed.Macs, f.Multihomed.Macs);
            // Pairs leaf1+leaf2 and leaf5+leaf6 carry VNI 10000 (pair units 0 and 2), leaf3+leaf4 VNI 10001.
            Assert.Equal(("es1-10000", "leaf1", 6, 2), (f.Failover.Segment, f.Failover.Leaf, f.Failover.SegmentHosts, f.Failover.RemoteLeaves));
            Assert.Equal(2, f.SmallSegmentFailover.SegmentHosts);
            Assert.True(f.Failover.Completed && f.SmallSegmentFailover.Completed, $"{f.Failover} / {f.SmallSegmentFailover}");
            Assert.True(f.Failover.Updates > 0, "the failure sent no UPDATE");
            Assert.Equal(0, f.Failover.BackgroundUpdates);
            Assert.Equal(f.SmallSegmentFailover.Updates, f.Failover.Updates);

            using var json = Json(writer => FabricBenchmark.WriteJson(f, writer));
            foreach (var key in new[] { "converge_wall_s", "peak_bytes", "mh_converge_wall_s", "mh_peak_bytes", "es_failover_emulated_s", "es_failover_wall_s", "es_failover_updates", "es_failover_small_updates" })
                Assert.True(json.RootElement.TryGetProperty(key, out _), key);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_multihomed_variant_of_a_generated_topology_turns_multihoming_on_and_renames_it()
    {
        var t = ActorFabric.Fabric.Topology.TopologyLoader.Parse(FabricBenchmark.MultihomedVariant(SmallGenerated, "small-mh-2", hostsPerVniPerLeaf: 1));
        Assert.Equal("small-mh-2", t.Name);
        Assert.Equal(3, t.EthernetSegments.Length);
        Assert.Equal(6, t.Hosts.Length);
        Assert.Throws<ArgumentException>(() => FabricBenchmark.MultihomedVariant("name: x\nnodes: []\n", "x-mh"));
    }

    private static JsonDocument Json(Action<Utf8JsonWriter> properties)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            properties(writer);
            writer.WriteEndObject();
        }
        return JsonDocument.Parse(stream.ToArray());
    }
}
