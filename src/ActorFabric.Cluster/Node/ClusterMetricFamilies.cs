using ActorFabric.Cluster.Entities;
using ActorFabric.Fabric.Metrics;

namespace ActorFabric.Cluster.Node;

/// <summary>
/// What only a cluster node reports on its /metrics, next to the gauges of its own devices, links and hosts: how many
/// devices it runs and what its relay sent to each other node. Labels are node addresses (host:port), as many as
/// there are nodes.
/// </summary>
internal static class ClusterMetricFamilies
{
    public static void Register(MetricsRegistry registry, FabricEntities entities, Func<int> devicesRun)
    {
        registry.Register(new MetricFamily("actorfabric_cluster_devices", MetricType.Gauge, "Devices started on this cluster node.", ["node"], () =>
            [new MetricSample([entities.SelfHostPort], devicesRun())]));
        registry.Register(new MetricFamily("actorfabric_cluster_relay_frames_total", MetricType.Counter, "Frames this node's relay sent to another node, by that node (host:port).", ["peer"], () =>
            RelaySamples(entities, g => Volatile.Read(ref g.Frames))));
        registry.Register(new MetricFamily("actorfabric_cluster_relay_bytes_total", MetricType.Counter, "Frame bytes this node's relay sent to another node, by that node (host:port).", ["peer"], () =>
            RelaySamples(entities, g => Volatile.Read(ref g.Bytes))));
    }

    private static List<MetricSample> RelaySamples(FabricEntities entities, Func<Relay.RelayPeerGauges, long> read)
    {
        var samples = new List<MetricSample>();
        foreach (var (peer, g) in entities.RelaySent.OrderBy(p => p.Key, StringComparer.Ordinal)) samples.Add(new MetricSample([peer], read(g)));
        return samples;
    }
}
