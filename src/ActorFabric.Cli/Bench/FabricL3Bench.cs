using System.Globalization;
using System.Text.Json;
using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cli.Bench;

/// <summary>
/// <c>actorfabric bench fabric [FILE] --l3</c> (issue 14): the bridging fabric of FILE's <c>generate:</c> block, then
/// the same shape with a tenant VRF per <c>--vnis-per-vrf</c> VNIs routed at every leaf (<see
/// cref="FabricBenchmark.L3Variant"/>), each converged on the virtual clock. By default each run is a child process
/// (<c>bench fabric FILE --json</c>), so neither run inherits the other's heap, JIT state or peak working set; with
/// <c>--in-process</c> both run here one after the other. Fails (exit 1) unless both converge and the routed fabric
/// installed every host route its shape implies.
/// </summary>
internal static class FabricL3Bench
{
    /// <summary>How long past the child's own wall limit to wait for it before killing it (start-up, load, stop).</summary>
    private static readonly TimeSpan ChildGrace = TimeSpan.FromMinutes(2);

    public sealed record Settings(string Path, int VnisPerVrf, int Seed, string Timeout, string WallLimit, bool InProcess);

    public static int Run(Settings s, TimeSpan wait, TimeSpan wallCap, bool asJson, TextWriter output, TextWriter error)
    {
        string variant;
        try
        {
            variant = FabricBenchmark.L3Variant(File.ReadAllText(s.Path), TopologyName(s.Path) + "-l3", s.VnisPerVrf);
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"actorfabric: {s.Path}: {e.Message}");
            return CliApp.ExitUsage;
        }
        // The routed variant is checked before anything runs: a shape l3 refuses (vlan-aware bundles) is bad input.
        if (!TopologyLoader.TryParse(variant, System.IO.Path.GetFileName(s.Path), out _, out var problems))
        {
            Output.TopologyProblems.Write(problems, error, "nothing started (routed variant of the file)");
            return CliApp.ExitUsage;
        }

        FabricL3BenchFigures f;
        if (s.InProcess)
        {
            var (l2, l3) = FabricBenchmark.RunL3InProcess(s.Path, s.VnisPerVrf, wait, s.Seed, wallCap);
            f = new FabricL3BenchFigures(l2, l3, s.VnisPerVrf, "clear_refs");
        }
        else
        {
            string file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"actorfabric-l3-{Guid.NewGuid():N}.yaml");
            File.WriteAllText(file, variant);
            try
            {
                if (!asJson) error.WriteLine("  bridging run (child process)…");
                if (RunChild("bench-l2", s.Path, s, wallCap, error) is not { } l2) return 1;
                if (!asJson) error.WriteLine("  routed run (child process)…");
                if (RunChild("bench-l3", file, s, wallCap, error) is not { } l3) return 1;
                f = new FabricL3BenchFigures(l2, l3, s.VnisPerVrf, "process");
            }
            finally
            {
                File.Delete(file);
            }
        }
        if (asJson) output.WriteLine(ToJson(f));
        else WriteTable(f, output);
        return f.Passed ? 0 : 1;
    }

    private static string TopologyName(string path) =>
        TopologyLoader.TryLoad(path, out var topology, out _) ? topology.Name : System.IO.Path.GetFileNameWithoutExtension(path);

    /// <summary>Runs <c>bench fabric FILE --json</c> as a child and reads its figures; null (reason on stderr) when it gave none.</summary>
    private static FabricBenchmarkFigures? RunChild(string name, string file, Settings s, TimeSpan wallCap, TextWriter error)
    {
        using var child = BenchChildProcess.Start(name, "bench", "fabric", file, "--json",
            "--seed", s.Seed.ToString(CultureInfo.InvariantCulture), "--timeout", s.Timeout, "--wall-limit", s.WallLimit);
        var code = child.WaitForExit(wallCap + ChildGrace);
        // Exit 1 (did not converge) still prints its figures; anything else is a failure of the child itself.
        string? json = null;
        foreach (var line in child.Output.Split('\n'))
            if (line.TrimStart().StartsWith('{')) json = line.Trim();
        if (code is 0 or 1 && json is not null)
        {
            try
            {
                using var figures = JsonDocument.Parse(json);
                return FromJson(figures.RootElement);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                error.WriteLine($"actorfabric: {name}: unreadable figures ({e.Message}): {json}");
                return null;
            }
        }
        error.WriteLine(code is null
            ? $"actorfabric: {name}: still running after {(wallCap + ChildGrace).TotalSeconds:0} s, killed:\n{child.Tail()}"
            : $"actorfabric: {name} exited ({code}) without figures:\n{child.Tail()}");
        return null;
    }

    /// <summary>The figures of <c>bench fabric --json</c> (<see cref="FabricBenchmark.WriteJson(FabricBenchmarkFigures, Utf8JsonWriter)"/>) read back.</summary>
    internal static FabricBenchmarkFigures FromJson(JsonElement r)
    {
        long Optional(string key) => r.TryGetProperty(key, out var v) ? v.GetInt64() : 0;
        double emulated = r.GetProperty("converge_emulated_s").GetDouble();
        var progress = new ConvergenceProgress(
            r.GetProperty("sessions_expected").GetInt32(), r.GetProperty("sessions").GetInt32(),
            r.GetProperty("routes_expected").GetInt64(), r.GetProperty("routes").GetInt64(),
            0, 0, 0, TimeSpan.FromSeconds(emulated));
        return new FabricBenchmarkFigures(
            r.GetProperty("topology").GetString() ?? "", r.GetProperty("leaves").GetInt32(), r.GetProperty("macs").GetInt64(),
            r.GetProperty("converged").GetBoolean(), r.GetProperty("converge_wall_s").GetDouble(), emulated,
            r.GetProperty("peak_bytes").GetInt64(), r.GetProperty("messages").GetInt64(), r.GetProperty("load_wall_s").GetDouble(), progress)
        {
            RouteTargetConstraint = r.GetProperty("rt_constraint").GetBoolean(),
            IpVrfs = (int)Optional("ip_vrfs"),
            IpVrfRoutes = Optional("ip_vrf_routes"),
            IpVrfHostRoutes = Optional("ip_vrf_host_routes"),
            IpVrfHostRoutesExpected = r.TryGetProperty("ip_vrf_host_routes_expected", out var expected) ? expected.GetInt64() : (r.TryGetProperty("ip_vrfs", out _) ? -1 : 0),
            AllocatedBytes = Optional("allocated_bytes"),
            GcPauseSeconds = r.TryGetProperty("gc_pause_s", out var pause) ? pause.GetDouble() : 0,
            Gen2Collections = (int)Optional("gc_gen2"),
            LiveBytes = Optional("live_bytes"),
            CpuSeconds = r.TryGetProperty("converge_cpu_s", out var cpu) ? cpu.GetDouble() : 0,
        };
    }

    public static string ToJson(FabricL3BenchFigures f) => FabricBenchCommand.ToJson(w =>
    {
        w.WriteString("topology", f.L2.Topology);
        w.WriteNumber("leaves", f.L2.Leaves);
        w.WriteNumber("macs", f.L2.Macs);
        w.WriteNumber("vnis_per_vrf", f.VnisPerVrf);
        w.WriteString("peak_isolation", f.PeakIsolation);
        FabricBenchmark.WriteJson(f.L2, w, "l2_");
        FabricBenchmark.WriteJson(f.L3, w, "l3_");
        w.WriteBoolean("l3_routes_installed", f.RoutesInstalled);
        w.WriteNumber("wall_ratio", Math.Round(f.WallRatio, 3));
        w.WriteNumber("memory_ratio", Math.Round(f.MemoryRatio, 3));
        w.WriteNumber("cpu_ratio", Math.Round(f.CpuRatio, 3));
        w.WriteNumber("target_ratio", FabricL3BenchFigures.TargetRatio);
    });

    private static void WriteTable(FabricL3BenchFigures f, TextWriter output)
    {
        string N(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
        string Gib(long bytes) => N(bytes / (1024.0 * 1024 * 1024), "0.00") + " GiB";
        output.WriteLine($"topology              {f.L2.Topology} ({f.L2.Leaves} leaves, {N(f.L2.Macs, "N0")} MACs), routed: {f.L3.Topology}, {f.L3.IpVrfs} VRFs of {f.VnisPerVrf} VNIs");
        output.WriteLine($"                      bridging              routed");
        output.WriteLine($"converged             {(f.L2.Converged ? "yes" : "NO"),-21} {(f.L3.Converged ? "yes" : "NO")}");
        output.WriteLine($"converge (wall)       {N(f.L2.ConvergeWallSeconds, "0.00") + " s",-21} {N(f.L3.ConvergeWallSeconds, "0.00")} s");
        output.WriteLine($"converge (CPU)        {N(f.L2.CpuSeconds, "0.00") + " s",-21} {N(f.L3.CpuSeconds, "0.00")} s");
        output.WriteLine($"converge (emulated)   {N(f.L2.ConvergeEmulatedSeconds, "0.000") + " s",-21} {N(f.L3.ConvergeEmulatedSeconds, "0.000")} s");
        output.WriteLine($"peak memory           {Gib(f.L2.PeakBytes),-21} {Gib(f.L3.PeakBytes)}  ({f.PeakIsolation})");
        output.WriteLine($"messages processed    {N(f.L2.Messages, "N0"),-21} {N(f.L3.Messages, "N0")}");
        output.WriteLine($"live heap after       {Gib(f.L2.LiveBytes),-21} {Gib(f.L3.LiveBytes)}");
        output.WriteLine($"allocated             {Gib(f.L2.AllocatedBytes),-21} {Gib(f.L3.AllocatedBytes)}");
        output.WriteLine($"GC pause              {N(f.L2.GcPauseSeconds, "0.00") + " s",-21} {N(f.L3.GcPauseSeconds, "0.00")} s");
        output.WriteLine($"EVPN routes imported  {N(f.L2.Progress.RoutesPresent, "N0"),-21} {N(f.L3.Progress.RoutesPresent, "N0")}");
        output.WriteLine($"IP-VRF host routes    {"-",-21} {N(f.L3.IpVrfHostRoutes, "N0")} / {N(f.L3.IpVrfHostRoutesExpected, "N0")} expected{(f.RoutesInstalled ? "" : "  MISSING")}");
        output.WriteLine($"IP-VRF prefixes       {"-",-21} {N(f.L3.IpVrfRoutes, "N0")}");
        string target = N(FabricL3BenchFigures.TargetRatio, "0.0");
        output.WriteLine($"routed / bridging     wall {N(f.WallRatio, "0.00")}x, memory {N(f.MemoryRatio, "0.00")}x (target <= {target}x), CPU {N(f.CpuRatio, "0.00")}x");
    }
}
