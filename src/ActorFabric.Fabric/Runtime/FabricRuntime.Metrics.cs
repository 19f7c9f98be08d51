using Akka.Actor;
using ActorFabric.Fabric.Metrics;

namespace ActorFabric.Fabric.Runtime;

// The metric families, read from the device/link gauges at scrape time.
public sealed partial class FabricRuntime
{
    private ConvergenceReport? _lastConvergence;

    private void RegisterMetrics()
    {
        var t = Topology;
        var d = _directory;
        FabricGaugeFamilies.Register(Metrics, t, d, _gaugeScope);
        ChaosMetricFamilies.Register(Metrics, _chaosTimeline);
        if (!t.IpVrfs.IsEmpty) RegisterTromboneMetric();
        Metrics.Register(new MetricFamily("actorfabric_convergence_seconds", MetricType.Gauge, "Emulated seconds from the start to convergence (NaN before).", [], () =>
        {
            var r = _lastConvergence;
            return [new MetricSample([], r is { Converged: true } ? r.EmulatedTime.TotalSeconds : double.NaN)];
        }));
        Metrics.Register(new MetricFamily("actorfabric_convergence_wall_seconds", MetricType.Gauge, "Wall-clock seconds the last convergence wait took (NaN before).", [], () =>
        {
            var r = _lastConvergence;
            return [new MetricSample([], r is { Converged: true } ? r.WallTime.TotalSeconds : double.NaN)];
        }));
        RegisterProgress("actorfabric_convergence_sessions_expected", "BGP sessions the topology configures (convergence needs them all established).", p => p.SessionsExpected);
        RegisterProgress("actorfabric_convergence_sessions_established", "Configured BGP sessions established now.", p => p.SessionsEstablished);
        RegisterProgress("actorfabric_convergence_routes_expected", "EVPN routes the leaves should import, summed over leaves.", p => p.RoutesExpected);
        RegisterProgress("actorfabric_convergence_routes_present", "EVPN routes the leaves have imported now, summed over leaves.", p => p.RoutesPresent);
        RegisterProgress("actorfabric_converged", "1 while the fabric is converged (sessions, routes and flood lists complete, no BGP byte in flight), else 0.",
            p => p.Converged ? 1 : 0);
        Metrics.Register(new MetricFamily("actorfabric_actor_mailbox_depth", MetricType.Gauge, "Messages waiting in a device actor's mailbox.", ["device"], () =>
        {
            var samples = new List<MetricSample>();
            foreach (var n in t.Nodes) samples.Add(new MetricSample([n.Name], MailboxDepth(d.Devices[n.Index])));
            return samples;
        }));
        Metrics.Register(new MetricFamily("actorfabric_messages_in_flight", MetricType.Gauge, "Messages waiting in the mailboxes of all device, host and fabric-link actors.", [], () =>
        {
            long total = 0;
            foreach (var refs in (IActorRef[][])[d.Devices, d.Hosts, d.Links])
                foreach (var r in refs) total += MailboxDepth(r);
            return [new MetricSample([], total)];
        }));
        Metrics.Register(new MetricFamily("actorfabric_messages_processed_total", MetricType.Counter, "Actor messages processed.", [], () =>
            [new MetricSample([], MessagesProcessed)]));
        ProcessMetricFamilies.Register(Metrics);
    }

    /// <summary>A gauge read from the convergence board's latest progress (the figures `up` prints), live rather than at the last wait.</summary>
    private void RegisterProgress(string name, string help, Func<ConvergenceProgress, double> read) =>
        Metrics.Register(new MetricFamily(name, MetricType.Gauge, help, [], () => [new MetricSample([], read(_convergence.Latest))]));

    /// <summary>
    /// IP-VRF prefixes and host routes summed over every device, from the gauges each device writes after its pump
    /// (current once the fabric is quiet, e.g. converged under virtual time).
    /// </summary>
    internal (long Routes, long HostRoutes) IpVrfRouteTotals()
    {
        long routes = 0, hosts = 0;
        foreach (var g in _directory.DeviceGauges)
        {
            routes += Volatile.Read(ref g.IpVrfRoutes);
            hosts += Volatile.Read(ref g.IpVrfHostRoutes);
        }
        return (routes, hosts);
    }

    private static long MailboxDepth(IActorRef actor) => actor is ActorRefWithCell local ? local.Underlying.NumberOfMessages : 0;
}
