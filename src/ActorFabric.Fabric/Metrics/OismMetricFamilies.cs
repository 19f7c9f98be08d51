using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Metrics;

/// <summary>
/// Optimized Inter-Subnet Multicast (RFC 9625) per device with an OISM tenant, read from its <see cref="OismGauges"/>:
/// one label, the device, so the series stay bounded by the topology. Registered only when an ip-vrf has an
/// <c>oism:</c> block, so other fabrics' /metrics are unchanged.
/// </summary>
internal static class OismMetricFamilies
{
    public static void Register(MetricsRegistry registry, FabricTopology t, FabricDirectory d, GaugeScope scope)
    {
        if (!t.IpVrfs.Any(v => v.Oism is not null)) return;
        Counter(registry, t, d, scope, "actorfabric_oism_routed_copies_total",
            "Multicast copies a device's IP-VRF routed into its local BDs with listeners (RFC 9625 §2.3, §2.4).", g => Volatile.Read(ref g.RoutedCopies));
        Counter(registry, t, d, scope, "actorfabric_oism_sbd_copies_total",
            "Multicast copies a device sent in the SBD to PEs without the source BD (RFC 9625 §2.3) or from an external source.", g => Volatile.Read(ref g.SbdCopies));
        Counter(registry, t, d, scope, "actorfabric_oism_external_received_total",
            "Datagrams the emulated receivers behind a PIM/EVPN gateway got (RFC 9625 §2.3).", g => Volatile.Read(ref g.ExternalReceived));
        Counter(registry, t, d, scope, "actorfabric_oism_external_sent_total",
            "Datagrams the emulated external source behind a PIM/EVPN gateway sent into the tenant.", g => Volatile.Read(ref g.ExternalSent));
        Counter(registry, t, d, scope, "actorfabric_oism_ttl_expired_total",
            "Multicast copies not routed because their TTL would reach 0 (RFC 1812 §5.3.1).", g => Volatile.Read(ref g.TtlExpired));
    }

    private static void Counter(MetricsRegistry registry, FabricTopology t, FabricDirectory d, GaugeScope scope, string name, string help, Func<OismGauges, long> read) =>
        registry.Register(new MetricFamily(name, MetricType.Counter, help, ["device"], () =>
        {
            var samples = new List<MetricSample>();
            foreach (var n in t.Nodes)
                if (scope.Device(n.Index) && Volatile.Read(ref d.DeviceGauges[n.Index].Oism) is { } g)
                    samples.Add(new MetricSample([n.Name], read(g)));
            return samples;
        }));
}
