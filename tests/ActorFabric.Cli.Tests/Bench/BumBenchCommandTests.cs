using System.Text.Json;
using ActorFabric.Cli.Tests.Fabric;

namespace ActorFabric.Cli.Tests.Bench;

/// <summary><c>bench bum</c> on a small generated fabric: the shape issue 12 expects, not timings.</summary>
public sealed class BumBenchCommandTests : IDisposable
{
    // 12 leaves + 2 replicators (14 VTEPs), 2 VNIs on every leaf, one host per leaf and VNI; every 10th leaf
    // (leaf1, leaf11) is interested in the ar_smet mode.
    private const string Topology = """
        name: bum-small
        generate:
          spines: 2
          leaves: 12
          replicators: 2
          assisted-replication: true
          snooping: true
          vnis: 2
          first-vni: 10000
          first-vlan: 100
          vnis-per-leaf: 2
          hosts-per-vni-per-leaf: 1
        """;

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"bum-small-{Guid.NewGuid():N}.yaml");

    public BumBenchCommandTests() => File.WriteAllText(_path, Topology);

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Bench_bum_cuts_the_ingress_copies_to_one_with_AR_and_the_fabric_bytes_with_SMET_while_every_joined_host_gets_every_packet_once()
    {
        var (code, output, error) = CliRun.Run("bench", "bum", "--topology", _path, "--json");

        Assert.True(code == 0, error);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(12, root.GetProperty("leaves").GetInt32());
        Assert.Equal(2, root.GetProperty("replicators").GetInt32());
        var ir = root.GetProperty("ir");
        var ar = root.GetProperty("ar");
        var smet = root.GetProperty("ar_smet");
        foreach (var mode in new[] { ir, ar, smet })
        {
            Assert.True(mode.GetProperty("converged").GetBoolean(), output);
            Assert.Equal(2, mode.GetProperty("streams").GetInt32());
            Assert.Equal(2, mode.GetProperty("interested_leaves").GetInt32());
            Assert.Equal(4, mode.GetProperty("joined_hosts").GetInt32());      // 2 leaves x 2 VNIs
            Assert.Equal(0, mode.GetProperty("duplicates").GetInt64());
            // 2 streams x 10 packets, each to the 2 joined hosts of its VNI.
            Assert.Equal(40, mode.GetProperty("delivered_expected").GetInt64());
            Assert.True(mode.GetProperty("delivered").GetInt64() == 40, output);
        }
        // Ingress replication: one copy per other VTEP (N-1 = 13); AR: one copy, to the replicator.
        Assert.Equal(13, ir.GetProperty("busiest_leaf_copies").GetDouble());
        Assert.Equal(0, ir.GetProperty("replicator_copies").GetInt64());
        Assert.Equal(1, ar.GetProperty("busiest_leaf_copies").GetDouble());
        Assert.Equal(1, smet.GetProperty("busiest_leaf_copies").GetDouble());
        // The replicator sends to the 12 other VTEPs without snooping, only to the 2 interested leaves with SMET.
        Assert.Equal(2 * 10 * 12, ar.GetProperty("replicator_copies").GetInt64());
        Assert.Equal(2 * 10 * 2, smet.GetProperty("replicator_copies").GetInt64());
        // Without snooping every host of the VNI gets the stream; with it only the joined ones.
        Assert.Equal(22, ir.GetProperty("receivers").GetInt32());
        Assert.Equal(22, ar.GetProperty("receivers").GetInt32());
        Assert.Equal(4, smet.GetProperty("receivers").GetInt32());
        Assert.Equal(0, smet.GetProperty("unsolicited").GetInt64());
        long arBytes = ar.GetProperty("fabric_bytes").GetInt64();
        Assert.True(arBytes > 0);
        Assert.True(smet.GetProperty("fabric_bytes").GetInt64() < arBytes / 2, output);
        Assert.Equal(0, ar.GetProperty("background_fabric_bytes").GetInt64());
    }

    [Fact]
    public void Bench_bum_refuses_a_topology_without_a_generate_block_as_bad_input()
    {
        var (code, _, error) = CliRun.Run("bench", "bum", "--topology", RecordedFabric.QuickstartPath);

        Assert.Equal(CliApp.ExitUsage, code);
        Assert.Contains("generate", error, StringComparison.Ordinal);
    }
}
