using System.Diagnostics;
using System.Text.Json;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Runtime;

/// <summary>The fabric scale benchmark behind <c>actorfabric bench fabric</c>: load, start under virtual time, wait for convergence.</summary>
public static partial class FabricBenchmark
{
    /// <summary>
    /// Loads <paramref name="topologyPath"/>, starts it under virtual time and waits for convergence: at most
    /// <paramref name="emulatedTimeout"/> of emulated time (default 10 min) and <paramref name="wallLimit"/> of wall
    /// time (default 5 min); <paramref name="progress"/> sees the convergence figures every 100 ms of emulated time.
    /// </summary>
    public static FabricBenchmarkFigures Run(string topologyPath, TimeSpan? emulatedTimeout = null, int seed = 1,
        TimeSpan? wallLimit = null, IProgress<ConvergenceProgress>? progress = null)
    {
        var wall = Stopwatch.StartNew();
        var topology = TopologyLoader.Load(topologyPath);
        return Converge(topology, wall.Elapsed.TotalSeconds, emulatedTimeout, seed, wallLimit, progress, null);
    }

    /// <summary>
    /// Starts <paramref name="topology"/> (loaded in <paramref name="loadSeconds"/>) under virtual time and waits for
    /// convergence; wall time is that of the start, the wait and the stop (as the figures always were), peak memory
    /// that of the start and the wait. <paramref name="converged"/>, when given, runs on the converged fabric before
    /// it stops, not counted in the figures.
    /// </summary>
    private static FabricBenchmarkFigures Converge(FabricTopology topology, double loadSeconds, TimeSpan? emulatedTimeout, int seed,
        TimeSpan? wallLimit, IProgress<ConvergenceProgress>? progress, Func<FabricRuntime, Task>? converged)
    {
        // Allocation and GC pause do not depend on how busy the machine is, as wall time does: they compare builds.
        long allocatedBefore = GC.GetTotalAllocatedBytes();
        var pauseBefore = GC.GetTotalPauseDuration();
        int gen2Before = GC.CollectionCount(2);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        long peak = 0;
        var sampler = new Timer(_ => peak = Math.Max(peak, Process.GetCurrentProcess().WorkingSet64), null, 0, 200);
        ConvergenceReport report;
        double waitSeconds, stopSeconds;
        (long Routes, long HostRoutes) ipVrfRoutes;
        (long Allocated, double PauseSeconds, int Gen2) gc;
        long live;
        double cpuSeconds;
        var runtime = FabricRuntime.Start(topology, new FabricRunOptions { Seed = seed, TraceDigest = false });
        try
        {
            using (var wallCap = new CancellationTokenSource(wallLimit ?? TimeSpan.FromMinutes(5)))
                report = runtime.WaitConvergedAsync(emulatedTimeout ?? TimeSpan.FromMinutes(10), progress, wallCap.Token).GetAwaiter().GetResult();
            waitSeconds = wall.Elapsed.TotalSeconds;
            gc = (GC.GetTotalAllocatedBytes() - allocatedBefore, (GC.GetTotalPauseDuration() - pauseBefore).TotalSeconds, GC.CollectionCount(2) - gen2Before);
            cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            sampler.Dispose();
            peak = Math.Max(peak, Process.GetCurrentProcess().PeakWorkingSet64);
            ipVrfRoutes = runtime.IpVrfRouteTotals();
            // What the converged fabric keeps (a full blocking collection, outside the timed wait and stop).
            live = GC.GetTotalMemory(forceFullCollection: true);
            if (report.Converged && converged is not null) converged(runtime).GetAwaiter().GetResult();
        }
        finally
        {
            sampler.Dispose();
            var stop = Stopwatch.StartNew();
            runtime.DisposeAsync().AsTask().GetAwaiter().GetResult();
            stopSeconds = stop.Elapsed.TotalSeconds;
        }
        int leaves = 0;
        foreach (var n in topology.Nodes) if (n.IsVtep) leaves++;
        return new FabricBenchmarkFigures(topology.Name, leaves, topology.Hosts.Length, report.Converged,
            waitSeconds + stopSeconds, report.EmulatedSeconds, peak, report.MessagesProcessed, loadSeconds, report.Progress)
        {
            RouteTargetConstraint = topology.Settings.RouteTargetConstraint,
            IpVrfs = topology.IpVrfs.Length,
            IpVrfRoutes = ipVrfRoutes.Routes,
            IpVrfHostRoutes = ipVrfRoutes.HostRoutes,
            IpVrfHostRoutesExpected = ExpectedHostRoutes(topology),
            AllocatedBytes = gc.Allocated,
            GcPauseSeconds = gc.PauseSeconds,
            Gen2Collections = gc.Gen2,
            LiveBytes = live,
            CpuSeconds = cpuSeconds,
        };
    }

    /// <summary>Writes the figures as properties of the current JSON object, each key after <paramref name="prefix"/> (<c>l2_</c>, <c>l3_</c>).</summary>
    public static void WriteJson(FabricBenchmarkFigures f, Utf8JsonWriter w, string prefix = "")
    {
        w.WriteString(prefix + "topology", f.Topology);
        w.WriteNumber(prefix + "leaves", f.Leaves);
        w.WriteNumber(prefix + "macs", f.Macs);
        w.WriteBoolean(prefix + "converged", f.Converged);
        w.WriteNumber(prefix + "converge_wall_s", Math.Round(f.ConvergeWallSeconds, 3));
        w.WriteNumber(prefix + "converge_emulated_s", Math.Round(f.ConvergeEmulatedSeconds, 6));
        w.WriteNumber(prefix + "peak_bytes", f.PeakBytes);
        w.WriteNumber(prefix + "messages", f.Messages);
        w.WriteNumber(prefix + "load_wall_s", Math.Round(f.LoadWallSeconds, 3));
        w.WriteBoolean(prefix + "rt_constraint", f.RouteTargetConstraint);
        w.WriteNumber(prefix + "sessions", f.Progress.SessionsEstablished);
        w.WriteNumber(prefix + "sessions_expected", f.Progress.SessionsExpected);
        w.WriteNumber(prefix + "routes", f.Progress.RoutesPresent);
        w.WriteNumber(prefix + "routes_expected", f.Progress.RoutesExpected);
        w.WriteNumber(prefix + "converge_cpu_s", Math.Round(f.CpuSeconds, 3));
        w.WriteNumber(prefix + "allocated_bytes", f.AllocatedBytes);
        w.WriteNumber(prefix + "gc_pause_s", Math.Round(f.GcPauseSeconds, 3));
        w.WriteNumber(prefix + "gc_gen2", f.Gen2Collections);
        w.WriteNumber(prefix + "live_bytes", f.LiveBytes);
        if (f.IpVrfs == 0) return;
        w.WriteNumber(prefix + "ip_vrfs", f.IpVrfs);
        w.WriteNumber(prefix + "ip_vrf_routes", f.IpVrfRoutes);
        w.WriteNumber(prefix + "ip_vrf_host_routes", f.IpVrfHostRoutes);
        if (f.IpVrfHostRoutesExpected >= 0) w.WriteNumber(prefix + "ip_vrf_host_routes_expected", f.IpVrfHostRoutesExpected);
    }
}
