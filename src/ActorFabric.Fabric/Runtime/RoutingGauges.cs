using ActorFabric.Fabric.DataPlane;

namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// A routing device's figures for /metrics. The IRB counters are read at scrape time from the data plane running now
/// (single-writer longs, never torn on 64-bit) plus what earlier data planes counted before a device restart, so
/// forwarding pays nothing for them; the route counts are recounted by the device actor when an IP-VRF changed.
/// Written by the device actor alone; references are replaced whole, never changed in place.
/// </summary>
internal sealed class RoutingGauges
{
    public SwitchDataPlane? DataPlane;
    /// <summary>What data planes replaced by a restart counted (Prometheus counters never go down).</summary>
    public RoutingCounters Before = new(0, 0, 0, new Dictionary<string, long>());
    /// <summary>(VRF, source, routes whose active path has that source).</summary>
    public IReadOnlyList<(string Vrf, string Source, int Routes)> Routes = [];

    /// <summary>The counters so far, over restarts.</summary>
    public RoutingCounters Read() => Add(Volatile.Read(ref Before), Volatile.Read(ref DataPlane));

    public static RoutingCounters Add(RoutingCounters before, SwitchDataPlane? dp)
    {
        if (dp is null) return before;
        var drops = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (reason, n) in before.Drops) drops[reason] = n;
        foreach (var (reason, n) in dp.RoutingDrops()) drops[reason] = drops.GetValueOrDefault(reason) + n;
        return new RoutingCounters(before.RoutedPackets + dp.RoutedPackets, before.GatewayArpReplies + dp.GatewayArpReplies,
            before.GleanRequests + dp.GleanRequests, drops, before.GatewayNeighborAdvertisements + dp.GatewayNeighborAdvertisements,
            before.GleanSolicitations + dp.GleanSolicitations);
    }
}
