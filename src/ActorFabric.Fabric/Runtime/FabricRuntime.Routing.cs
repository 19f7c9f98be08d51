using System.Collections.Concurrent;
using ActorFabric.Fabric.Metrics;

namespace ActorFabric.Fabric.Runtime;

// The L3 views (IP-VRF route tables, EVPN IP prefix database, L3 contexts) cut out of one device query, and the
// trombone hops of traced pings.
public sealed partial class FabricRuntime
{
    private const string Ipv4TableSuffix = ".inet.0", Ipv6TableSuffix = ".inet6.0";

    // Trombone hops counted per VTEP detoured through (bounded by the devices; written under Serialized, read at scrape).
    private readonly ConcurrentDictionary<string, long> _tromboneHops = new(StringComparer.Ordinal);

    /// <summary>Every IP-VRF <paramref name="device"/> routes, with its routes, type-5 exports and imports, and its routing counters.</summary>
    public Task<DeviceRoutingState> RoutingStateAsync(string device) => Query<DeviceRoutingState>(device, DeviceQueryKind.Routing, null);

    /// <summary>True for a Junos IP-VRF table name: "VRF.inet.0" (IPv4) or "VRF.inet6.0" (IPv6).</summary>
    public static bool IsIpVrfTable(string table, out string vrf, out bool ipv6)
    {
        ArgumentNullException.ThrowIfNull(table);
        ipv6 = table.EndsWith(Ipv6TableSuffix, StringComparison.Ordinal);
        var suffix = ipv6 ? Ipv6TableSuffix : Ipv4TableSuffix;
        vrf = table.EndsWith(suffix, StringComparison.Ordinal) ? table[..^suffix.Length] : "";
        return vrf.Length > 0;
    }

    /// <summary>
    /// Junos <c>show route table VRF.inet.0</c> (or <c>.inet6.0</c>) of <paramref name="device"/>; an unknown table names the
    /// tables the device has.
    /// </summary>
    public async Task<IpVrfRouteTable> IpVrfRouteTableAsync(string device, string table)
    {
        var state = await RoutingStateAsync(device).ConfigureAwait(false);
        if (IsIpVrfTable(table, out var name, out bool ipv6))
            foreach (var vrf in state.Vrfs)
                if (vrf.Context.Name == name)
                    return new IpVrfRouteTable(device, table, name, [.. vrf.Routes.Where(r => r.Prefix.Contains(':') == ipv6)]);
        // The tables the device has: a spine or route reflector routes no IP-VRF and has bgp.evpn.0 only.
        throw new UnknownFabricObjectException(state.Vrfs.Count == 0 ? $"route table on {device} (it routes no IP-VRF)" : $"route table on {device}", table, TablesOf(state));
    }

    /// <summary>Junos <c>show evpn ip-prefix-database [l3-context VRF]</c> of <paramref name="device"/>.</summary>
    public async Task<EvpnIpPrefixDatabase> EvpnIpPrefixDatabaseAsync(string device, string? vrf = null)
    {
        var state = await RoutingStateAsync(device).ConfigureAwait(false);
        var contexts = new List<EvpnIpPrefixContext>();
        foreach (var v in state.Vrfs)
            if (vrf is null || v.Context.Name == vrf)
                contexts.Add(new EvpnIpPrefixContext(v.Context.Name, v.Context.L3Vni, v.Context.RouterMac, v.Exported, v.Imported));
        if (vrf is not null && contexts.Count == 0)
            throw new UnknownFabricObjectException($"L3 context on {device}", vrf, [.. state.Vrfs.Select(v => v.Context.Name)]);
        return new EvpnIpPrefixDatabase(device, contexts);
    }

    /// <summary>Junos <c>show evpn l3-context</c> of <paramref name="device"/>, with its routing counters.</summary>
    public async Task<EvpnL3ContextTable> EvpnL3ContextAsync(string device)
    {
        var state = await RoutingStateAsync(device).ConfigureAwait(false);
        return new EvpnL3ContextTable(device, [.. state.Vrfs.Select(v => v.Context)], state.Counters);
    }

    /// <summary>The route tables <paramref name="state"/>'s device has: bgp.evpn.0 and an inet.0 and inet6.0 per IP-VRF.</summary>
    private static List<string> TablesOf(DeviceRoutingState state)
    {
        var tables = new List<string> { "bgp.evpn.0" };
        foreach (var v in state.Vrfs)
        {
            tables.Add(v.Context.Name + Ipv4TableSuffix);
            tables.Add(v.Context.Name + Ipv6TableSuffix);
        }
        return tables;
    }

    /// <summary>Fills in a ping's routing figures and counts its trombone hops for /metrics.</summary>
    private PingResult Traced(PingResult result)
    {
        var traced = FlowPathFigures.Of(result, Topology, out var detours);
        foreach (var device in detours) _tromboneHops.AddOrUpdate(device, 1, (_, n) => n + 1);
        return traced;
    }

    private void RegisterTromboneMetric() =>
        Metrics.Register(new MetricFamily("actorfabric_trombone_hops_total", MetricType.Counter,
            "Fabric crossings beyond the direct path in traced pings, by the VTEP the packet detoured through (a VM's old leaf without VMTO).", ["device"], () =>
            {
                var samples = new List<MetricSample>();
                foreach (var n in Topology.Nodes)
                    if (n.IsVtep || n.RoutesVrfs.Count > 0) samples.Add(new MetricSample([n.Name], _tromboneHops.GetValueOrDefault(n.Name)));
                return samples;
            }));
}
