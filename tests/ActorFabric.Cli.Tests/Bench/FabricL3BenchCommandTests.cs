using System.Text.Json;
using ActorFabric.Cli.Bench;
using ActorFabric.Cli.Tests.Fabric;
using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Tests.Bench;

/// <summary><c>bench fabric --l3</c> on a small generated fabric: option parsing, the JSON shape issue 14 asks for and the routing work, not timings.</summary>
public sealed class FabricL3BenchCommandTests : IDisposable
{
    // 8 leaves, 8 VNIs, 4 per leaf (leaf i carries VNI positions 4i..4i+3 mod 8), 2 hosts per VNI and leaf: with 4 VNIs
    // per VRF each leaf routes exactly one of the 2 tenants, which lives on 4 leaves with 4 x 2 x 4 = 32 hosts.
    private const string Topology = """
        name: l3-small
        settings:
          route-target-constraint: true
        generate:
          spines: 2
          spine-route-reflectors: 2
          leaves: 8
          vnis: 8
          first-vni: 10000
          first-vlan: 100
          vnis-per-leaf: 4
          hosts-per-vni-per-leaf: 2
        """;

    // Every leaf holds a host route for each of its tenant's 32 hosts (VMTO on: remote ones too).
    private const long HostRoutes = 8 * 32;
    // Plus, per IRB (4 per leaf), the subnet and the gateway address.
    private const long VrfPrefixes = HostRoutes + 8 * 4 * 2;

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"l3-small-{Guid.NewGuid():N}.yaml");

    public FabricL3BenchCommandTests() => File.WriteAllText(_path, Topology);

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Bench_fabric_l3_runs_the_bridging_and_the_routed_fabric_in_a_child_process_each_and_reports_every_host_route_installed()
    {
        var (code, output, error) = CliRun.Run("bench", "fabric", _path, "--l3", "--vnis-per-vrf", "4", "--json");

        Assert.True(code == 0, error + output);
        var root = JsonDocument.Parse(output).RootElement;
        foreach (var key in new[] { "l3_converge_wall_s", "l3_peak_bytes", "l2_converge_wall_s", "l2_peak_bytes", "l2_converge_emulated_s",
                     "l3_converge_emulated_s", "l2_messages", "l3_messages", "wall_ratio", "memory_ratio", "l2_allocated_bytes", "l3_allocated_bytes",
                     "l2_live_bytes", "l3_live_bytes", "l2_gc_pause_s", "l3_gc_pause_s", "l2_converge_cpu_s", "l3_converge_cpu_s", "cpu_ratio" })
            Assert.True(root.TryGetProperty(key, out _), $"missing {key}");
        Assert.Equal("process", root.GetProperty("peak_isolation").GetString());
        AssertRoutedWorkDone(root);
        // Each run is its own process, so each peak is at least that process's own (a .NET process is tens of MB).
        Assert.True(root.GetProperty("l2_peak_bytes").GetInt64() > 10_000_000, output);
        Assert.True(root.GetProperty("l3_peak_bytes").GetInt64() > 10_000_000, output);
    }

    [Fact]
    public void Bench_fabric_l3_in_process_gives_the_same_routing_figures_and_says_how_the_peak_was_restarted()
    {
        var (code, output, error) = CliRun.Run("bench", "fabric", _path, "--l3", "--vnis-per-vrf", "4", "--in-process", "--json");

        Assert.True(code == 0, error + output);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal("clear_refs", root.GetProperty("peak_isolation").GetString());
        AssertRoutedWorkDone(root);
    }

    [Fact]
    public void Bench_fabric_l3_prints_a_table_with_both_runs_and_the_host_route_count()
    {
        var (code, output, error) = CliRun.Run("bench", "fabric", _path, "--l3", "--vnis-per-vrf", "4", "--in-process");

        Assert.True(code == 0, error + output);
        Assert.Contains("bridging", output, StringComparison.Ordinal);
        Assert.Contains("routed", output, StringComparison.Ordinal);
        Assert.Contains($"{HostRoutes} / {HostRoutes} expected", output, StringComparison.Ordinal);
        Assert.DoesNotContain("MISSING", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--in-process")]
    [InlineData("--vnis-per-vrf", "4")]
    [InlineData("--l3", "--multihomed")]
    [InlineData("--l3", "--vnis-per-vrf", "0")]
    public void Bench_fabric_refuses_l3_options_that_do_not_go_together_as_bad_usage(params string[] options)
    {
        var (code, output, error) = CliRun.Run(["bench", "fabric", _path, "--json", .. options]);

        Assert.Equal(CliApp.ExitUsage, code);
        Assert.Equal("", output);
        Assert.Contains("--", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_fabric_l3_refuses_a_topology_without_a_generate_block_before_running_anything()
    {
        var (code, output, error) = CliRun.Run("bench", "fabric", RecordedFabric.QuickstartPath, "--l3", "--json");

        Assert.Equal(CliApp.ExitUsage, code);
        Assert.Equal("", output);
        Assert.Contains("generate", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_fabric_reports_allocation_and_live_heap_and_ip_vrf_routes_only_for_a_routed_topology()
    {
        string routed = Path.Combine(Path.GetTempPath(), $"l3-small-routed-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(routed, FabricBenchmark.L3Variant(Topology, "l3-small-routed", vnisPerVrf: 4));
        try
        {
            var (code, output, error) = CliRun.Run("bench", "fabric", _path, "--json");
            Assert.True(code == 0, error);
            var bridging = JsonDocument.Parse(output).RootElement;
            Assert.True(bridging.GetProperty("allocated_bytes").GetInt64() > 0, output);
            Assert.True(bridging.GetProperty("live_bytes").GetInt64() > 0, output);
            Assert.True(bridging.GetProperty("gc_pause_s").GetDouble() >= 0, output);
            Assert.True(bridging.GetProperty("converge_cpu_s").GetDouble() > 0, output);
            Assert.False(bridging.TryGetProperty("ip_vrf_routes", out _), output);

            (code, output, error) = CliRun.Run("bench", "fabric", routed, "--json");
            Assert.True(code == 0, error);
            var root = JsonDocument.Parse(output).RootElement;
            Assert.Equal(2, root.GetProperty("ip_vrfs").GetInt32());
            Assert.Equal(HostRoutes, root.GetProperty("ip_vrf_host_routes").GetInt64());
            Assert.Equal(HostRoutes, root.GetProperty("ip_vrf_host_routes_expected").GetInt64());
            Assert.Equal(VrfPrefixes, root.GetProperty("ip_vrf_routes").GetInt64());
        }
        finally
        {
            File.Delete(routed);
        }
    }

    [Fact]
    public void A_routed_run_missing_host_routes_fails_the_benchmark()
    {
        var l2 = Figures("l3-small", ipVrfs: 0, hostRoutes: 0, expected: 0);
        Assert.True(new FabricL3BenchFigures(l2, Figures("l3-small-l3", 2, HostRoutes, HostRoutes), 4, "process").Passed);
        Assert.False(new FabricL3BenchFigures(l2, Figures("l3-small-l3", 2, HostRoutes - 1, HostRoutes), 4, "process").Passed);
        // A shape that implies no host route (nothing routed) is no proof of routing either.
        Assert.False(new FabricL3BenchFigures(l2, Figures("l3-small-l3", 2, 0, 0), 4, "process").Passed);
    }

    [Fact]
    public void The_figures_a_child_prints_read_back_as_the_same_figures()
    {
        var f = Figures("l3-small-l3", 2, HostRoutes, HostRoutes);

        var back = FabricL3Bench.FromJson(JsonDocument.Parse(FabricBenchCommand.ToJson(f)).RootElement);

        Assert.Equal(f with { Progress = back.Progress }, back);
        Assert.Equal((f.Progress.RoutesPresent, f.Progress.RoutesExpected), (back.Progress.RoutesPresent, back.Progress.RoutesExpected));
        Assert.Equal((f.IpVrfs, f.IpVrfRoutes, f.IpVrfHostRoutes, f.IpVrfHostRoutesExpected),
            (back.IpVrfs, back.IpVrfRoutes, back.IpVrfHostRoutes, back.IpVrfHostRoutesExpected));
    }

    private static void AssertRoutedWorkDone(JsonElement root)
    {
        Assert.True(root.GetProperty("l2_converged").GetBoolean());
        Assert.True(root.GetProperty("l3_converged").GetBoolean());
        Assert.Equal(8, root.GetProperty("leaves").GetInt32());
        Assert.Equal(64, root.GetProperty("macs").GetInt64());
        Assert.Equal(2, root.GetProperty("l3_ip_vrfs").GetInt32());
        Assert.Equal(HostRoutes, root.GetProperty("l3_ip_vrf_host_routes_expected").GetInt64());
        Assert.Equal(HostRoutes, root.GetProperty("l3_ip_vrf_host_routes").GetInt64());
        Assert.Equal(VrfPrefixes, root.GetProperty("l3_ip_vrf_routes").GetInt64());
        Assert.True(root.GetProperty("l3_routes_installed").GetBoolean());
        // The routed fabric imports the same EVPN routes into its MAC-VRFs as the bridging one.
        Assert.Equal(root.GetProperty("l2_routes").GetInt64(), root.GetProperty("l3_routes").GetInt64());
        Assert.Equal(root.GetProperty("l3_routes_expected").GetInt64(), root.GetProperty("l3_routes").GetInt64());
    }

    private static FabricBenchmarkFigures Figures(string name, int ipVrfs, long hostRoutes, long expected) =>
        new(name, 8, 64, true, 1.25, 2.03, 80_000_000, 2_500, 0.1, new ConvergenceProgress(16, 16, 480, 480, 0, 0, 0, TimeSpan.FromSeconds(2.03)))
        {
            RouteTargetConstraint = true,
            IpVrfs = ipVrfs,
            IpVrfRoutes = hostRoutes + 64,
            IpVrfHostRoutes = hostRoutes,
            IpVrfHostRoutesExpected = expected,
            AllocatedBytes = 123_456_789,
            GcPauseSeconds = 0.25,
            Gen2Collections = 3,
            LiveBytes = 45_678_901,
            CpuSeconds = 1.5,
        };
}
