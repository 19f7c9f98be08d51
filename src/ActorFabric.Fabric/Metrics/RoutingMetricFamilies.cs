using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Metrics;

/// <summary>
/// The IRB families (RFC 9135 data plane and IP-VRFs) of the devices that route an IP-VRF, read from their
/// <see cref="RoutingGauges"/>. Registered only when the topology has IP-VRFs, so an L2 fabric's /metrics is unchanged.
/// </summary>
internal static class RoutingMetricFamilies
{
    public static void Register(MetricsRegistry registry, FabricTopology t, FabricDirectory d, GaugeScope scope)
    {
        if (t.IpVrfs.IsEmpty) return;
        Counter(registry, t, d, scope, "actorfabric_routed_packets_total", "Packets routed by a device's IP-VRFs (at ingress and at the egress of an L3 VNI).",
            c => c.RoutedPackets);
        Counter(registry, t, d, scope, "actorfabric_gateway_arp_replies_total", "ARP requests for an anycast gateway address a device answered (RFC 9135 §4.1).",
            c => c.GatewayArpReplies);
        Counter(registry, t, d, scope, "actorfabric_glean_requests_total", "ARP requests a device's gateway flooded to find a silent host (gleaning, RFC 9135 §5.3).",
            c => c.GleanRequests);
        Counter(registry, t, d, scope, "actorfabric_gateway_neighbor_advertisements_total",
            "Neighbor Solicitations for an anycast gateway IPv6 address a device answered (RFC 9135 §4.1, RFC 4861 §7.2.4).", c => c.GatewayNeighborAdvertisements);
        Counter(registry, t, d, scope, "actorfabric_glean_solicitations_total",
            "Neighbor Solicitations a device's gateway flooded to find a silent IPv6 host (gleaning, RFC 9135 §5.3).", c => c.GleanSolicitations);
        registry.Register(new MetricFamily("actorfabric_routing_drops_total", MetricType.Counter,
            "Packets a device's IP-VRFs did not forward, by reason (no route, unresolved host, TTL expired, for the gateway, external).", ["device", "reason"], () =>
            {
                var samples = new List<MetricSample>();
                foreach (var (name, g) in Routing(t, d, scope))
                    foreach (var (reason, n) in g.Read().Drops) samples.Add(new MetricSample([name, reason], n));
                return samples;
            }));
        registry.Register(new MetricFamily("actorfabric_ipvrf_routes", MetricType.Gauge,
            "Routes of an IP-VRF by the source of their active path (connected, gateway_address, local_host, static, remote_host, remote_prefix).",
            ["device", "vrf", "source"], () =>
            {
                var samples = new List<MetricSample>();
                foreach (var (name, g) in Routing(t, d, scope))
                    foreach (var (vrf, source, n) in Volatile.Read(ref g.Routes)) samples.Add(new MetricSample([name, vrf, source], n));
                return samples;
            }));
    }

    private static void Counter(MetricsRegistry registry, FabricTopology t, FabricDirectory d, GaugeScope scope, string name, string help, Func<RoutingCounters, long> read) =>
        registry.Register(new MetricFamily(name, MetricType.Counter, help, ["device"], () =>
        {
            var samples = new List<MetricSample>();
            foreach (var (device, g) in Routing(t, d, scope)) samples.Add(new MetricSample([device], read(g.Read())));
            return samples;
        }));

    /// <summary>The devices the process reports that route an IP-VRF (their gauges appear when they first publish).</summary>
    private static IEnumerable<(string Name, RoutingGauges Gauges)> Routing(FabricTopology t, FabricDirectory d, GaugeScope scope)
    {
        foreach (var n in t.Nodes)
            if (n.RoutesVrfs.Count > 0 && scope.Device(n.Index) && Volatile.Read(ref d.DeviceGauges[n.Index].Routing) is { } g)
                yield return (n.Name, g);
    }
}
