using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Tests.Topology;
using ActorFabric.Fabric.Topology;
using ActorFabric.Tests.Shared;

namespace ActorFabric.Fabric.Tests.Routing;

/// <summary>
/// Ingress VM traffic optimisation (routing.vmto) on a copy of topologies/l3-erb.yaml, under virtual time: after a
/// VM move the trombone through the old leaf when it is off, the direct path to the new leaf when it is on.
/// </summary>
public sealed class VmMobilityRoutingTests
{
    [Fact]
    public async Task Without_vmto_a_moved_vm_is_reached_through_its_old_leaf_by_the_subnet_route()
    {
        var (before, after, metrics) = await PingAroundMoveAsync(vmto: false);

        // leaf2 has no amber IRB and no host route for app2 (its MAC+IP route has no Label2): it routes by amber's
        // type 5 subnet route, whose next hops are every amber leaf (leaf1, leaf3, border1); this flow's ECMP hash
        // picks leaf3, which holds app2 before the move and delivers it itself.
        Assert.True(before.Success, Describe(before));
        Assert.Equal(["app1", "leaf2", before.Path[2].Device, "leaf3", "app2"], Devices(before));
        // The reply is routed once at leaf3 and bridged in red's VNI to leaf2 (asymmetric host path, RFC 9135 §6).
        Assert.All(before.Replies, r => Assert.Equal(63, r.Ttl));

        // After the move the subnet route still points at leaf3 (the move changed no type 5 route): leaf3 routes the
        // packet again and bridges it in amber's VNI to leaf1 by app2's MAC+IP route from there — the trombone.
        Assert.True(after.Success, Describe(after));
        Assert.Equal(["app1", "leaf2", after.Path[2].Device, "leaf3", after.Path[4].Device, "leaf1", "app2"], Devices(after));
        Assert.All(new[] { before.Path[2], after.Path[2], after.Path[4] }, h => Assert.StartsWith("spine", h.Device));
        Assert.All(after.Replies, r => Assert.Equal(62, r.Ttl));
        // Two more fabric links each way cost round-trip time (the ARP of the first echo aside).
        Assert.True(after.Replies.Min(r => r.RoundTrip) > before.Replies[^1].RoundTrip, $"{Describe(before)} / {Describe(after)}");

        // Routed at leaf2 and again at leaf3 both times; after the move leaf3 is a stop beyond the direct path
        // (leaf2 → leaf1): one trombone hop, counted against leaf3 in /metrics.
        Assert.Equal((2, 1, 0), (before.RoutedHops, before.FabricCrossings, before.TromboneHops));
        Assert.Equal((2, 2, 1), (after.RoutedHops, after.FabricCrossings, after.TromboneHops));
        Assert.Contains("actorfabric_trombone_hops_total{device=\"leaf3\"} 1\n", metrics);
        Assert.Contains("actorfabric_trombone_hops_total{device=\"leaf1\"} 0\n", metrics);
    }

    [Fact]
    public async Task With_vmto_a_moved_vm_is_reached_directly_at_its_new_leaf_with_a_lower_rtt_than_the_trombone()
    {
        var (before, after, metrics) = await PingAroundMoveAsync(vmto: true);
        var (_, trombone, _) = await PingAroundMoveAsync(vmto: false);

        // leaf2 installs app2's /32 from its symmetric MAC+IP route (Label2 = L3 VNI, Router's MAC; RFC 9135 §5.1);
        // the new leaf's route outbids the old one by its MAC Mobility sequence (RFC 7432 §15), so the host route
        // follows app2 to leaf1 and the packet crosses the fabric once, over tenant2's L3 VNI.
        Assert.True(before.Success, Describe(before));
        Assert.Equal(["app1", "leaf2", before.Path[2].Device, "leaf3", "app2"], Devices(before));
        Assert.True(after.Success, Describe(after));
        Assert.Equal(["app1", "leaf2", after.Path[2].Device, "leaf1", "app2"], Devices(after));
        Assert.All(new[] { before.Path[2], after.Path[2] }, h => Assert.StartsWith("spine", h.Device));
        Assert.All(before.Replies.Concat(after.Replies), r => Assert.Equal(62, r.Ttl));

        // The direct path costs what it cost before the move, and less than the trombone.
        Assert.Equal(before.Replies[^1].RoundTrip, after.Replies[^1].RoundTrip);
        Assert.True(after.Replies.Max(r => r.RoundTrip) < trombone.Replies.Min(r => r.RoundTrip), $"{Describe(after)} / {Describe(trombone)}");

        // Symmetric IRB end to end: routed at the ingress and the egress leaf, one fabric crossing, no trombone.
        Assert.All(new[] { before, after }, p => Assert.Equal((2, 1, 0), (p.RoutedHops, p.FabricCrossings, p.TromboneHops)));
        Assert.Equal(1, trombone.TromboneHops);
        Assert.DoesNotMatch(@"actorfabric_trombone_hops_total\{device=""\w+""\} [1-9]", metrics);
    }

    private static string[] Devices(PingResult r) => [.. r.Path.Select(h => h.Device)];

    private static string Describe(PingResult r) =>
        $"{r.Received}/{r.Sent} [{string.Join(", ", Devices(r))}] rtt [{string.Join(", ", r.Replies.Select(x => x.RoundTripMs))}]";

    /// <summary>
    /// l3-erb.yaml with tenant2's amber VLAN 400 also on leaf1, so app2 can move there, and routing.vmto set; app1
    /// (leaf2, red VLAN 300) has no amber IRB, so it needs a route to reach app2.
    /// </summary>
    private static string Yaml(bool vmto)
    {
        string yaml = File.ReadAllText(RepositoryFiles.Topology("l3-erb.yaml"));
        yaml = Replace(yaml, "leaves: [leaf3, border1]}", "leaves: [leaf1, leaf3, border1]}");
        return Replace(yaml, "  vmto: true", $"  vmto: {(vmto ? "true" : "false")}");
    }

    private static string Replace(string yaml, string old, string replacement)
    {
        Assert.Contains(old, yaml);
        return yaml.Replace(old, replacement, StringComparison.Ordinal);
    }

    private static async Task<(PingResult Before, PingResult After, string Metrics)> PingAroundMoveAsync(bool vmto)
    {
        var topology = TopologyLoader.Parse(Yaml(vmto), "l3-vmto.yaml");
        Assert.Equal(vmto, topology.Routing.Vmto);
        await using var fabric = FabricRuntime.Start(topology, new FabricRunOptions { Seed = 1, SerializeMessages = true });
        var report = await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60));
        Assert.True(report.Converged, $"not converged: {report.Progress}");
        var before = await fabric.PingAsync("app1", "app2", count: 3);
        // The moved VM announces itself at leaf1 (vm-move); BGP carries the new MAC+IP route within the 2 s.
        await fabric.VmMoveAsync("app2", "leaf1", "eth6");
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(2));
        var after = await fabric.PingAsync("app1", "app2", count: 3);
        return (before, after, fabric.Metrics.Scrape());
    }
}
