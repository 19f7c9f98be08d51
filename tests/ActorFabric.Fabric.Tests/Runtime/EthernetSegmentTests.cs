using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Runtime.Devices;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Tests.Runtime;

/// <summary>
/// A server dual-homed on leaf1 and leaf2 (an all-active Ethernet segment), in virtual time: the leaves find each
/// other by their ES routes, elect one DF for the VNI after the 3 s peering timer (RFC 7432 §8.5), advertise per-ES
/// A-D routes that remote leaves receive, and re-elect when one LAG link goes down.
/// </summary>
public sealed class EthernetSegmentTests
{
    /// <summary>One spine (the reflector) and three leaves; each test adds its VNIs, segments and hosts.</summary>
    private const string ThreeLeaves = """
        nodes:
          - {name: spine1, role: spine, route-reflector: true, loopback: 10.0.0.1}
          - {name: leaf1, role: leaf, loopback: 10.0.0.11}
          - {name: leaf2, role: leaf, loopback: 10.0.0.12}
          - {name: leaf3, role: leaf, loopback: 10.0.0.13}
        links:
          - endpoints: [leaf1:eth1, spine1:eth1]
          - endpoints: [leaf2:eth1, spine1:eth2]
          - endpoints: [leaf3:eth1, spine1:eth3]

        """;

    private const string Yaml = ThreeLeaves + """
        mac-vrfs:
          - {name: blue, vlan: 100, vni: 10101}
        ethernet-segments:
          - name: bond1
            esi: 00:11:22:33:44:55:66:77:88:99
            members: [{leaf: leaf1, port: eth5}, {leaf: leaf2, port: eth5}]
        hosts:
          - {name: server1, segment: bond1, vlan: 100}
          - {name: h3, leaf: leaf3, vlan: 100}
        """;

    [Fact]
    public async Task Two_leaves_of_a_segment_elect_one_df_advertise_per_es_routes_and_re_elect_when_a_link_fails()
    {
        await using var fabric = FabricRuntime.Start(TopologyLoader.Parse(Yaml, "mh.yaml"), new FabricRunOptions { Seed = 1, SerializeMessages = true });
        var report = await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60));
        Assert.True(report.Converged, $"not converged: {report.Progress}");
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(5)); // past the DF peering timer

        var leaf1 = Assert.Single((await fabric.EthernetSegmentsAsync("leaf1")).Segments);
        var leaf2 = Assert.Single((await fabric.EthernetSegmentsAsync("leaf2")).Segments);
        Assert.Empty((await fabric.EthernetSegmentsAsync("leaf3")).Segments);
        Assert.Equal(("00:11:22:33:44:55:66:77:88:99", "bond1", "eth5", "all-active", true), (leaf1.Esi, leaf1.Name, leaf1.Port, leaf1.Mode, leaf1.LinkUp));
        Assert.Equal(["10.0.0.12"], leaf1.Peers);
        Assert.Equal(["10.0.0.11"], leaf2.Peers);
        // Modulo (RFC 7432 §8.5): ordinals by VTEP address, 10.0.0.11 = 0 and 10.0.0.12 = 1; VNI 10101 mod 2 = 1.
        var df1 = Assert.Single(leaf1.DesignatedForwarders);
        var df2 = Assert.Single(leaf2.DesignatedForwarders);
        Assert.Equal((10101u, "10.0.0.12", false), (df1.Vni, df1.Df, df1.Local));
        Assert.Equal((10101u, "10.0.0.12", true), (df2.Vni, df2.Df, df2.Local));

        // A remote leaf holds the per-ES A-D route (tag MAX-ET) of both members; the ES routes stay among the members.
        var leaf3Routes = (await fabric.RouteTableAsync("leaf3", "bgp.evpn.0")).Routes;
        Assert.Equal(["10.0.0.11", "10.0.0.12"], leaf3Routes.Where(r => r.RouteType == 1 && r.EthernetTag == uint.MaxValue && r.Best).Select(r => r.NextHop).Order());
        Assert.DoesNotContain(leaf3Routes, r => r.RouteType == 4);
        Assert.Contains((await fabric.RouteTableAsync("leaf1", "bgp.evpn.0")).Routes, r => r.RouteType == 4 && r.NextHop == "10.0.0.12");

        Assert.True((await fabric.PingAsync("server1", "h3", 2)).Success);

        // leaf2's LAG link fails: it withdraws its routes, leaf1 becomes DF at once (no new peering wait).
        await fabric.LinkDownAsync("server1", "leaf2");
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(1));
        leaf1 = Assert.Single((await fabric.EthernetSegmentsAsync("leaf1")).Segments);
        leaf2 = Assert.Single((await fabric.EthernetSegmentsAsync("leaf2")).Segments);
        Assert.False(leaf2.LinkUp);
        Assert.Empty(leaf1.Peers);
        Assert.Equal(("10.0.0.11", true), (leaf1.DesignatedForwarders[0].Df, leaf1.DesignatedForwarders[0].Local));
        Assert.True(leaf1.DfChanges >= 1 && leaf2.DfChanges >= 2, $"DF changes: leaf1 {leaf1.DfChanges}, leaf2 {leaf2.DfChanges}");
        leaf3Routes = (await fabric.RouteTableAsync("leaf3", "bgp.evpn.0")).Routes;
        Assert.Equal(["10.0.0.11"], leaf3Routes.Where(r => r.RouteType == 1 && r.EthernetTag == uint.MaxValue && r.Best).Select(r => r.NextHop));
    }

    [Fact]
    public async Task A_lag_host_keeps_reaching_the_fabric_over_its_other_link()
    {
        await using var fabric = FabricRuntime.Start(TopologyLoader.Parse(Yaml, "mh.yaml"), new FabricRunOptions { Seed = 1 });
        Assert.True((await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60))).Converged);
        await fabric.LinkDownAsync("server1", "leaf1");
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(1));
        // Every frame of the server now leaves on its link to leaf2, which learns its MAC on the segment.
        Assert.True((await fabric.PingAsync("server1", "h3", 3)).Success);
        var mac = (await fabric.EvpnMacTableAsync("leaf2", 10101)).Entries.Single(e => e.Kind == "local");
        Assert.Equal("eth5", mac.Interface);
    }

    private const string Traffic = ThreeLeaves + """
        mac-vrfs:
          - {name: blue, vlan: 100, vni: 10100, subnet: 192.168.100.0/24}
        ethernet-segments:
          - {name: bond1, members: [{leaf: leaf1, port: eth5}, {leaf: leaf2, port: eth5}]}
        hosts:
          - {name: server1, segment: bond1, vlan: 100}
          - {name: h1, leaf: leaf1, vlan: 100}
          - {name: h2, leaf: leaf2, vlan: 100}
          - {name: h3, leaf: leaf3, vlan: 100}
          - {name: h4, leaf: leaf3, vlan: 100}
        """;

    private static readonly string[] Hosts = ["server1", "h1", "h2", "h3", "h4"];

    private static async Task<FabricRuntime> StartTrafficFabric()
    {
        var fabric = FabricRuntime.Start(TopologyLoader.Parse(Traffic, "mh-traffic.yaml"), new FabricRunOptions { Seed = 3 });
        Assert.True((await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60))).Converged);
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(5)); // DF elected
        return fabric;
    }

    /// <summary>Broadcasts <paramref name="from"/> sends (ARP for an address no host has) and what every host received meanwhile.</summary>
    private static async Task<(long Sent, Dictionary<string, long> Received)> BroadcastFrom(FabricRuntime fabric, string from)
    {
        var before = new Dictionary<string, HostFrameCounters>();
        foreach (var h in Hosts) before[h] = await fabric.HostFramesAsync(h);
        Assert.False(await fabric.PingAddressAsync(from, "192.168.100.250", TimeSpan.FromSeconds(1)));
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(10)); // every ARP retry has gone out and crossed the fabric
        var received = new Dictionary<string, long>();
        foreach (var h in Hosts) received[h] = (await fabric.HostFramesAsync(h)).Received - before[h].Received;
        return ((await fabric.HostFramesAsync(from)).Sent - before[from].Sent, received);
    }

    [Fact]
    public async Task A_broadcast_from_a_multihomed_host_reaches_every_other_host_once_and_never_returns_to_its_segment()
    {
        await using var fabric = await StartTrafficFabric();
        var (sent, received) = await BroadcastFrom(fabric, "server1");
        Assert.True(sent >= 1, "the server sent no ARP request");
        Assert.Equal(0, received["server1"]);
        foreach (var h in new[] { "h1", "h2", "h3", "h4" }) Assert.True(received[h] == sent, $"{h} received {received[h]} copies of {sent} broadcasts");
        // leaf1 or leaf2 kept the other's copy off the segment (split horizon), and leaf3's copies went out of only one.
        Assert.Contains("actorfabric_es_split_horizon_drops_total", fabric.Metrics.Scrape());
    }

    [Fact]
    public async Task A_broadcast_toward_a_multihomed_host_reaches_it_once_through_its_designated_forwarder()
    {
        await using var fabric = await StartTrafficFabric();
        var (sent, received) = await BroadcastFrom(fabric, "h3");
        Assert.True(sent >= 1);
        Assert.Equal(0, received["h3"]);
        foreach (var h in new[] { "server1", "h1", "h2", "h4" }) Assert.True(received[h] == sent, $"{h} received {received[h]} copies of {sent} broadcasts");
        // Only the DF (leaf1 or leaf2) put the copies onto the segment; the other counted them as blocked.
        var metrics = fabric.Metrics.Scrape();
        long blocked = 0;
        foreach (var leaf in new[] { "leaf1", "leaf2" })
            blocked += MetricValue(metrics, $"actorfabric_es_non_df_blocks_total{{device=\"{leaf}\",segment=\"bond1\"}}");
        Assert.True(blocked >= sent, $"non-DF blocks {blocked} for {sent} broadcasts");
    }

    [Fact]
    public async Task Unicast_to_a_multihomed_host_is_spread_over_both_leaves_and_survives_a_link_failure_without_duplicates()
    {
        await using var fabric = await StartTrafficFabric();
        async Task<long[]> Flows(string from)
        {
            var before = fabric.LagFramesToHost("server1");
            for (ushort port = 5001; port <= 5016; port++)
            {
                var r = await fabric.UdpFlowAsync(from, "server1", port, count: 4, interval: TimeSpan.FromMilliseconds(10));
                Assert.True(r.Received == r.Sent, $"{from} → server1 port {port}: {r.Received} of {r.Sent} datagrams");
            }
            var after = fabric.LagFramesToHost("server1");
            return [after[0] - before[0], after[1] - before[1]];
        }

        // Aliasing (RFC 7432 §8.4): leaf3 learnt server1's MAC from one leaf's route, yet sends flows to both.
        var spread = await Flows("h3");
        Assert.True(spread[0] > 0 && spread[1] > 0, $"frames to server1 over leaf1 {spread[0]}, over leaf2 {spread[1]}");

        // leaf1's LAG link fails: its per-ES withdrawal takes leaf1 out of every MAC of the segment at remote leaves.
        await fabric.LinkDownAsync("server1", "leaf1");
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(1));
        var after = await Flows("h4");
        Assert.Equal(0, after[0]);
        Assert.True(after[1] > 0);
    }

    [Fact]
    public async Task A_segment_failure_on_one_leaf_moves_all_its_vms_at_once_without_withdrawing_their_mac_routes()
    {
        const string yaml = ThreeLeaves + """
            mac-vrfs:
              - {name: blue, vlan: 100, vni: 10100}
            ethernet-segments:
              - {name: hv1, members: [{leaf: leaf1, port: eth5}, {leaf: leaf2, port: eth5}]}
            hosts:
              - {name: vm1, segment: hv1, vlan: 100}
              - {name: vm2, segment: hv1, vlan: 100}
              - {name: vm3, segment: hv1, vlan: 100}
              - {name: h3, leaf: leaf3, vlan: 100}
            """;
        await using var fabric = FabricRuntime.Start(TopologyLoader.Parse(yaml, "hv.yaml"), new FabricRunOptions { Seed = 5 });
        Assert.True((await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60))).Converged);
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(5));
        foreach (var vm in new[] { "vm1", "vm2", "vm3" }) Assert.True((await fabric.PingAsync("h3", vm, 1)).Success);
        static string[] FromLeaf1(RouteTable t) => [.. t.Routes.Where(r => r.RouteType == 2 && r.NextHop == "10.0.0.11").Select(r => r.Prefix).Order()];
        var leaf1MacRoutes = FromLeaf1(await fabric.RouteTableAsync("leaf3", "bgp.evpn.0"));
        Assert.NotEmpty(leaf1MacRoutes);

        await fabric.SegmentLinkDownAsync("hv1", "leaf1");
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(1));
        var table = await fabric.RouteTableAsync("leaf3", "bgp.evpn.0");
        // One per-ES withdrawal (RFC 7432 §8.2) took leaf1 out; its MAC routes stay until they age out (§17.3).
        Assert.Equal(["10.0.0.12"], table.Routes.Where(r => r.RouteType == 1 && r.EthernetTag == uint.MaxValue).Select(r => r.NextHop));
        Assert.Equal(leaf1MacRoutes, FromLeaf1(table));
        Assert.False(Assert.Single((await fabric.EthernetSegmentsAsync("leaf1")).Segments).LinkUp);
        foreach (var vm in new[] { "vm1", "vm2", "vm3" })
        {
            var before = fabric.LagFramesToHost(vm);
            Assert.True((await fabric.PingAsync("h3", vm, 2)).Success, $"h3 → {vm} after leaf1's links failed");
            Assert.Equal(before[0], fabric.LagFramesToHost(vm)[0]); // nothing over the dead links
        }
        await fabric.SegmentLinkUpAsync("hv1", "leaf1");
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(5));
        Assert.True(Assert.Single((await fabric.EthernetSegmentsAsync("leaf1")).Segments).LinkUp);
        Assert.Equal(["10.0.0.11", "10.0.0.12"], (await fabric.RouteTableAsync("leaf3", "bgp.evpn.0")).Routes
            .Where(r => r.RouteType == 1 && r.EthernetTag == uint.MaxValue).Select(r => r.NextHop).Order());
    }

    [Fact]
    public async Task When_a_leaf_of_the_segment_dies_its_peer_takes_every_vni_and_all_traffic()
    {
        await using var fabric = await StartTrafficFabric();
        await fabric.DeviceStopAsync("leaf2");
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(15)); // BFD / hold timer end leaf2's sessions; its routes go
        var leaf1 = Assert.Single((await fabric.EthernetSegmentsAsync("leaf1")).Segments);
        Assert.Empty(leaf1.Peers);
        Assert.All(leaf1.DesignatedForwarders, d => Assert.True(d.Local));
        for (ushort port = 6001; port <= 6008; port++)
        {
            var r = await fabric.UdpFlowAsync("h3", "server1", port, count: 3, interval: TimeSpan.FromMilliseconds(10));
            Assert.True(r.Received == r.Sent, $"h3 → server1 port {port}: {r.Received} of {r.Sent}");
        }
        var (sent, received) = await BroadcastFrom(fabric, "h3");
        Assert.Equal(sent, received["server1"]);
    }

    [Fact]
    public async Task On_a_single_active_segment_only_the_df_forwards_and_its_peer_takes_over_when_it_fails()
    {
        var yaml = Traffic.Replace("{name: bond1, members:", "{name: bond1, mode: single-active, members:");
        await using var fabric = FabricRuntime.Start(TopologyLoader.Parse(yaml, "mh-sa.yaml"), new FabricRunOptions { Seed = 3 });
        Assert.True((await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60))).Converged);
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(5));
        // Modulo: VNI 10100 mod 2 = 0 → leaf1 (10.0.0.11) is DF; leaf2's link is standby.
        var leaf2 = Assert.Single((await fabric.EthernetSegmentsAsync("leaf2")).Segments);
        Assert.Equal(("single-active", "10.0.0.11", false), (leaf2.Mode, leaf2.DesignatedForwarders[0].Df, leaf2.DesignatedForwarders[0].Local));

        async Task<long[]> Flows(string from, ushort firstPort)
        {
            var before = fabric.LagFramesToHost("server1");
            for (ushort port = firstPort; port < firstPort + 8; port++)
            {
                var r = await fabric.UdpFlowAsync(from, "server1", port, count: 3, interval: TimeSpan.FromMilliseconds(10));
                Assert.True(r.Received == r.Sent, $"{from} → server1 port {port}: {r.Received} of {r.Sent}");
            }
            var after = fabric.LagFramesToHost("server1");
            return [after[0] - before[0], after[1] - before[1]];
        }

        // Every frame to the server comes over the DF's link: no aliasing onto the standby leaf (RFC 7432 §14.1.1).
        var frames = await Flows("h3", 7001);
        Assert.True(frames[0] > 0 && frames[1] == 0, $"over leaf1 {frames[0]}, over leaf2 {frames[1]}");
        var (sent, received) = await BroadcastFrom(fabric, "h3");
        Assert.Equal(sent, received["server1"]);
        (sent, received) = await BroadcastFrom(fabric, "server1");
        foreach (var h in new[] { "h1", "h2", "h3", "h4" }) Assert.True(received[h] == sent, $"{h}: {received[h]} of {sent}");

        // The DF's link fails: leaf2 becomes DF, the server's bond moves to it, traffic follows (backup path).
        await fabric.LinkDownAsync("server1", "leaf1");
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.True(Assert.Single((await fabric.EthernetSegmentsAsync("leaf2")).Segments).DesignatedForwarders[0].Local);
        Assert.True((await fabric.PingAsync("server1", "h3", 2)).Success);
        frames = await Flows("h4", 7101);
        Assert.True(frames[0] == 0 && frames[1] > 0, $"over leaf1 {frames[0]}, over leaf2 {frames[1]}");
    }

    [Fact]
    public async Task The_bundled_multihomed_example_elects_by_preference_and_by_modulo()
    {
        var topology = TopologyLoader.Load(Topology.RepositoryFiles.Topology("multihomed.yaml"));
        await using var fabric = FabricRuntime.Start(topology, new FabricRunOptions { Seed = 1 });
        Assert.True((await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60))).Converged);
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(5));
        // hv1: preference 200 on leaf4 beats 100 on leaf3 (RFC 9785 §4.1), for both VNIs of its VMs.
        var hv1 = Assert.Single((await fabric.EthernetSegmentsAsync("leaf3")).Segments);
        Assert.Equal("HighestPreference", hv1.DfAlgorithm);
        Assert.All(hv1.DesignatedForwarders, d => Assert.Equal(("10.0.0.14", false), (d.Df, d.Local)));
        Assert.Equal([10100u, 10200u], hv1.DesignatedForwarders.Select(d => d.Vni));
        // bond1: modulo, VNI 10100 mod 2 = 0 → the lower address, leaf1.
        var bond1 = Assert.Single((await fabric.EthernetSegmentsAsync("leaf2")).Segments);
        Assert.Equal(("10.0.0.11", false), (bond1.DesignatedForwarders[0].Df, bond1.DesignatedForwarders[0].Local));
        foreach (var (from, to) in new[] { ("h3", "server1"), ("server1", "vm1"), ("h4", "vm2"), ("h2", "vm2"), ("vm1", "h1") })
            Assert.True((await fabric.PingAsync(from, to, 2)).Success, $"{from} → {to}");
    }

    private static long MetricValue(string metrics, string series)
    {
        foreach (var line in metrics.Split('\n'))
            if (line.StartsWith(series + " ", StringComparison.Ordinal)) return long.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        return 0;
    }
}
