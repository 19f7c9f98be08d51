using System.Globalization;
using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;
using ActorFabric.Protocols.Bgp.Session;

namespace ActorFabric.Fabric.Metrics;

/// <summary>Which devices, fabric links and hosts (by index) a process reports: all of them in one process, its own on a cluster node.</summary>
internal sealed record GaugeScope(Func<int, bool> Device, Func<int, bool> Link, Func<int, bool> Host)
{
    public static readonly GaugeScope All = new(_ => true, _ => true, _ => true);
    public static readonly GaugeScope None = new(_ => false, _ => false, _ => false);
}

/// <summary>
/// The per-device and per-link metric families, read from the gauges each device and link actor writes alone: `up`
/// registers them for the whole fabric, a cluster node for the devices, links and hosts it runs.
/// </summary>
internal static class FabricGaugeFamilies
{
    public static void Register(MetricsRegistry registry, FabricTopology t, FabricDirectory d, GaugeScope scope)
    {
        var states = Enum.GetValues<BgpSessionState>();
        registry.Register(new MetricFamily("actorfabric_bgp_sessions", MetricType.Gauge, "BGP sessions by FSM state per device.", ["device", "state"], () =>
        {
            var samples = new List<MetricSample>();
            foreach (var n in t.Nodes)
            {
                if (!scope.Device(n.Index)) continue;
                foreach (var s in states)
                    samples.Add(new MetricSample([n.Name, s.ToString().ToLowerInvariant()], Volatile.Read(ref d.DeviceGauges[n.Index].SessionsByState[(int)s])));
            }
            return samples;
        }));
        RegisterDeviceFamily(registry, t, d, scope, "actorfabric_bgp_session_flaps_total",
            "BGP sessions of the device that left Established (hold timer, BFD down, NOTIFICATION, a peer gone; RFC 4271 §8).",
            g => Volatile.Read(ref g.BgpSessionFlaps));
        RegisterDeviceFamily(registry, t, d, scope, "actorfabric_tcp_retransmissions_total",
            "TCP data segments the device's BGP connections sent again: after the retransmission timeout (RFC 6298), at the third duplicate ACK (RFC 5681 §3.2) or for a partial ACK (RFC 6582).",
            g => Volatile.Read(ref g.TcpRetransmissions));
        registry.Register(new MetricFamily("actorfabric_evpn_routes", MetricType.Gauge, "Remote EVPN routes imported per device, by route type.", ["device", "type"], () =>
        {
            var samples = new List<MetricSample>();
            foreach (var n in t.Nodes)
            {
                if (!n.IsVtep || !scope.Device(n.Index)) continue;
                var g = d.DeviceGauges[n.Index];
                samples.Add(new MetricSample([n.Name, "2"], Volatile.Read(ref g.Type2Routes)));
                samples.Add(new MetricSample([n.Name, "3"], Volatile.Read(ref g.Type3Routes)));
            }
            return samples;
        }));
        RegisterVtepFamily(registry, t, d, scope, "actorfabric_fdb_entries", MetricType.Gauge, "FDB entries per device (all bridge domains).", g => Volatile.Read(ref g.FdbEntries));
        RegisterVtepFamily(registry, t, d, scope, "actorfabric_arp_entries", MetricType.Gauge,
            "ARP/ND suppression bindings (IP to MAC) per device, over its bridge domains (RFC 7432 §10).", g => Volatile.Read(ref g.ArpEntries));
        RegisterVtepFamily(registry, t, d, scope, "actorfabric_mac_moves_total", MetricType.Counter,
            "MAC moves seen per device: a local learning outbidding a remote route or a remote route taking a local MAC (RFC 7432 §15).", g => Volatile.Read(ref g.MacMoves));
        RegisterVtepFamily(registry, t, d, scope, "actorfabric_duplicate_macs", MetricType.Gauge,
            "MACs frozen as duplicates per device (N moves within M seconds, RFC 7432 §15.1).", g => Volatile.Read(ref g.DuplicateMacs));
        RegisterVtepFamily(registry, t, d, scope, "actorfabric_bum_copies_sent_total", MetricType.Counter, "BUM copies sent into the fabric per device (ingress replication).",
            g => Volatile.Read(ref g.BumCopies));
        RegisterVtepFamily(registry, t, d, scope, "actorfabric_sticky_mac_conflicts_total", MetricType.Counter,
            "Sticky (static) MAC conflicts raised per device: a MAC pinned on one PE learned or advertised elsewhere (RFC 7432 §15.2).", g => Volatile.Read(ref g.StickyMacConflicts));
        RegisterVtepFamily(registry, t, d, scope, "actorfabric_bum_fabric_bytes_total", MetricType.Counter,
            "BUM bytes sent on fabric ports per device (copies made here and VXLAN BUM in transit).", g => Volatile.Read(ref g.BumFabricBytes));
        // Only fabrics with an assisted-replication block have replicators to change (RFC 9574 §5.2 re-selection).
        if (t.AssistedReplication is not null)
            RegisterVtepFamily(registry, t, d, scope, "actorfabric_ar_replicator_changes_total", MetricType.Counter,
                "Assisted Replication operational-mode or replicator changes over a device's VNIs.", g => Volatile.Read(ref g.ReplicatorChanges));
        RoutingMetricFamilies.Register(registry, t, d, scope);
        OismMetricFamilies.Register(registry, t, d, scope);
        RegisterSegmentFamily(registry, t, d, scope, "actorfabric_es_df_changes_total", "Designated-forwarder changes per leaf and Ethernet segment (this leaf became or stopped being DF of a VNI).", g => Volatile.Read(ref g.DfChanges));
        RegisterSegmentFamily(registry, t, d, scope, "actorfabric_es_split_horizon_drops_total", "BUM copies a leaf kept off a segment because they came from a VTEP on the same segment (local bias, RFC 8365 §8.3.1).", g => Volatile.Read(ref g.SplitHorizonDrops));
        RegisterSegmentFamily(registry, t, d, scope, "actorfabric_es_non_df_blocks_total", "BUM copies from the fabric a leaf kept off a segment because it is not the DF for the VNI (RFC 7432 §8.5).", g => Volatile.Read(ref g.NonDfBlocks));
        RegisterLinkFamily(registry, t, d, scope, "actorfabric_link_frames_total", MetricType.Counter, "Frames carried per link and direction.",
            g => (Volatile.Read(ref g.FramesAtoB), Volatile.Read(ref g.FramesBtoA)));
        RegisterLinkFamily(registry, t, d, scope, "actorfabric_link_bytes_total", MetricType.Counter, "Bytes carried per link and direction.",
            g => (Volatile.Read(ref g.BytesAtoB), Volatile.Read(ref g.BytesBtoA)));
        RegisterLinkFamily(registry, t, d, scope, "actorfabric_link_drops_total", MetricType.Counter,
            "Frames a link dropped per direction (sent while it was down, or lost to its loss setting).",
            g => (Volatile.Read(ref g.DroppedAtoB), Volatile.Read(ref g.DroppedBtoA)));
        RegisterLinkFamily(registry, t, d, scope, "actorfabric_link_up", MetricType.Gauge, "1 while a link is up, 0 while it is down.", g => Volatile.Read(ref g.Up));
        RegisterLinkFamily(registry, t, d, scope, "actorfabric_link_latency_seconds", MetricType.Gauge, "Configured one-way latency of a link in seconds.",
            g => TimeSpan.FromTicks(Volatile.Read(ref g.LatencyTicks)).TotalSeconds);
        RegisterLinkFamily(registry, t, d, scope, "actorfabric_link_loss_ratio", MetricType.Gauge, "Configured random loss of a link, 0 to 1 (BGP segments are exempt).",
            g => Volatile.Read(ref g.Loss));
    }

    /// <summary>A family with one sample per VTEP the process reports, read from its <see cref="DeviceGauges"/>.</summary>
    private static void RegisterVtepFamily(MetricsRegistry registry, FabricTopology t, FabricDirectory d, GaugeScope scope, string name, MetricType type, string help,
        Func<DeviceGauges, long> read) =>
        RegisterNodeFamily(registry, t, d, scope, name, type, help, n => n.IsVtep, read);

    /// <summary>A counter of every device (spines and reflectors too), by device.</summary>
    private static void RegisterDeviceFamily(MetricsRegistry registry, FabricTopology t, FabricDirectory d, GaugeScope scope, string name, string help,
        Func<DeviceGauges, long> read) =>
        RegisterNodeFamily(registry, t, d, scope, name, MetricType.Counter, help, _ => true, read);

    private static void RegisterNodeFamily(MetricsRegistry registry, FabricTopology t, FabricDirectory d, GaugeScope scope, string name, MetricType type, string help,
        Func<FabricNode, bool> includes, Func<DeviceGauges, long> read)
    {
        registry.Register(new MetricFamily(name, type, help, ["device"], () =>
        {
            var samples = new List<MetricSample>();
            foreach (var n in t.Nodes)
                if (includes(n) && scope.Device(n.Index)) samples.Add(new MetricSample([n.Name], read(d.DeviceGauges[n.Index])));
            return samples;
        }));
    }

    private static void RegisterSegmentFamily(MetricsRegistry registry, FabricTopology t, FabricDirectory d, GaugeScope scope, string name, string help, Func<SegmentGauges, long> read)
    {
        if (t.EthernetSegments.IsEmpty) return;
        registry.Register(new MetricFamily(name, MetricType.Counter, help, ["device", "segment"], () =>
        {
            var samples = new List<MetricSample>();
            foreach (var es in t.EthernetSegments)
                foreach (var m in es.Members)
                    if (scope.Device(m.Leaf) && Volatile.Read(ref d.DeviceGauges[m.Leaf].Segments) is { } gauges)
                        samples.Add(new MetricSample([t.Nodes[m.Leaf].Name, es.Name], read(gauges[es.Index])));
            return samples;
        }));
    }

    /// <summary>A family with two samples per link the process reports, one per direction (side A is the first-named end).</summary>
    private static void RegisterLinkFamily(MetricsRegistry registry, FabricTopology t, FabricDirectory d, GaugeScope scope, string name, MetricType type, string help,
        Func<LinkGauges, (double AtoB, double BtoA)> read)
    {
        registry.Register(new MetricFamily(name, type, help, ["link", "direction"], () =>
        {
            var samples = new List<MetricSample>();
            foreach (var (link, g) in Links(t, d, scope))
            {
                var (aToB, bToA) = read(g);
                samples.Add(new MetricSample([link, "a_to_b"], aToB));
                samples.Add(new MetricSample([link, "b_to_a"], bToA));
            }
            return samples;
        }));
    }

    /// <summary>A family with one sample per link the process reports (a setting or state of the link).</summary>
    private static void RegisterLinkFamily(MetricsRegistry registry, FabricTopology t, FabricDirectory d, GaugeScope scope, string name, MetricType type, string help,
        Func<LinkGauges, double> read)
    {
        registry.Register(new MetricFamily(name, type, help, ["link"], () =>
        {
            var samples = new List<MetricSample>();
            foreach (var (link, g) in Links(t, d, scope)) samples.Add(new MetricSample([link], read(g)));
            return samples;
        }));
    }

    /// <summary>The fabric links, then the host access links, the process reports, named "A:port-B:port".</summary>
    private static IEnumerable<(string Name, LinkGauges Gauges)> Links(FabricTopology t, FabricDirectory d, GaugeScope scope)
    {
        foreach (var l in t.Links)
            if (scope.Link(l.Index))
                yield return ($"{t.Nodes[l.A].Name}:{l.APort}-{t.Nodes[l.B].Name}:{l.BPort}", d.LinkGauges[l.Index]);
        foreach (var h in t.Hosts)
            if (scope.Host(h.Index))
                yield return (string.Create(CultureInfo.InvariantCulture, $"{h.Name}:eth0-{t.Nodes[h.Leaf].Name}:{h.Port}"), d.HostLinkGauges[h.Index]);
    }
}
