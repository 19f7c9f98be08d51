using System.Diagnostics;

namespace ActorFabric.Fabric.Metrics;

/// <summary>
/// Memory, CPU and garbage collection of the emulator process, under the names Prometheus client libraries use
/// (process_* as the Go and Java clients, dotnet_* as prometheus-net), so stock dashboards and alerts apply.
/// Read from the runtime at scrape time.
/// </summary>
public static class ProcessMetricFamilies
{
    public static void Register(MetricsRegistry registry)
    {
        registry.Register(new MetricFamily("process_resident_memory_bytes", MetricType.Gauge, "Resident memory size of the process in bytes.", [], () =>
        {
            using var self = Process.GetCurrentProcess();
            return [new MetricSample([], self.WorkingSet64)];
        }));
        registry.Register(new MetricFamily("process_cpu_seconds_total", MetricType.Counter, "User and system CPU time the process has spent, in seconds.", [], () =>
        {
            using var self = Process.GetCurrentProcess();
            return [new MetricSample([], self.TotalProcessorTime.TotalSeconds)];
        }));
        registry.Register(new MetricFamily("dotnet_gc_collections_total", MetricType.Counter, "Garbage collections since the process started, by generation.", ["generation"], () =>
        {
            var samples = new List<MetricSample>();
            for (int g = 0; g <= GC.MaxGeneration; g++)
                samples.Add(new MetricSample([g.ToString(System.Globalization.CultureInfo.InvariantCulture)], GC.CollectionCount(g)));
            return samples;
        }));
        registry.Register(new MetricFamily("dotnet_gc_heap_size_bytes", MetricType.Gauge, "Bytes of the managed heap after the last garbage collection.", [], () =>
            [new MetricSample([], GC.GetGCMemoryInfo().HeapSizeBytes)]));
        registry.Register(new MetricFamily("dotnet_gc_pause_seconds_total", MetricType.Counter, "Seconds the process was paused for garbage collection.", [], () =>
            [new MetricSample([], GC.GetTotalPauseDuration().TotalSeconds)]));
    }
}
