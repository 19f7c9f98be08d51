using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Tests.Topology;
using ActorFabric.Fabric.Topology;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.Tests.Routing;

/// <summary>Centrally-routed bridging on topologies/l3-crb.yaml (RFC 9135 §6 asymmetric IRB at the spines), under virtual time.</summary>
public sealed class CrbRoutingTests : IDisposable
{
    private static readonly MacAddress AnycastMac = new(RoutingSettings.DefaultAnycastMac);
    private readonly string _dir = Directory.CreateTempSubdirectory("fabric-crb-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Inter_vlan_ping_hairpins_through_a_spine_that_routes_once_and_bridges_in_the_destination_vni()
    {
        var captures = new[] { "leaf1 spine1", "leaf1 spine2", "leaf2 spine1", "leaf2 spine2" };
        var files = captures.Select((_, i) => Path.Combine(_dir, $"c{i}.pcap")).ToArray();
        PingResult result;
        FabricTopology topology;
        await using (var fabric = await StartConvergedAsync())
        {
            topology = fabric.Topology;
            var ids = new List<string>();
            for (int i = 0; i < captures.Length; i++) ids.Add((await fabric.StartCaptureAsync(captures[i], files[i])).Id);
            // web1 (leaf1, VLAN 100) → db2 (leaf2, VLAN 200): neither leaf routes.
            result = await fabric.PingAsync("web1", "db2", count: 3);
            foreach (var id in ids) await fabric.StopCaptureAsync(id);
        }

        Assert.True(result.Success, $"{result.Received}/{result.Sent}");
        Assert.Equal(["web1", "leaf1", result.Path[2].Device, "leaf2", "db2"], result.Path.Select(h => h.Device).ToArray());
        Assert.StartsWith("spine", result.Path[2].Device);
        // One routing hop each way (the spine); the leaves only bridge.
        Assert.All(result.Replies, r => Assert.Equal(63, r.Ttl));

        var web1 = topology.Hosts.Single(h => h.Name == "web1");
        var db2 = topology.Hosts.Single(h => h.Name == "db2");
        var echoes = RoutingFabric.EchoRequests(files, new Ipv4Address(db2.Ipv4));
        // Leaf → spine: the source's L2 VNI (blue), web1 → the anycast gateway MAC, TTL untouched.
        var up = echoes.Where(e => e.Vni == 10100).ToList();
        Assert.Equal(3, up.Count);
        Assert.All(up, e => Assert.Equal((new MacAddress(web1.Mac), AnycastMac, 64), (e.InnerSource, e.InnerDestination, e.Ttl)));
        // Spine → leaf: the destination's L2 VNI (green), inner source = the anycast MAC, destination = db2, TTL − 1.
        var down = echoes.Where(e => e.Vni == 10200).ToList();
        Assert.Equal(3, down.Count);
        Assert.All(down, e => Assert.Equal((AnycastMac, new MacAddress(db2.Mac), 63), (e.InnerSource, e.InnerDestination, e.Ttl)));
        Assert.Equal(6, echoes.Count);
    }

    [Fact]
    public async Task Leaves_answer_arp_for_the_gateway_from_the_spines_default_gateway_routes_and_route_through_both_spines()
    {
        await using var fabric = await StartConvergedAsync();
        var before = await fabric.DataPlaneCountersAsync("leaf1");

        // web1 → db1, both on leaf1: still hairpinned through a spine, since leaf1 has no IRB.
        var result = await fabric.PingAsync("web1", "db1", count: 2);

        Assert.True(result.Success, $"{result.Received}/{result.Sent}");
        Assert.Equal(["web1", "leaf1", result.Path[2].Device, "leaf1", "db1"], result.Path.Select(h => h.Device).ToArray());
        Assert.All(result.Replies, r => Assert.Equal(63, r.Ttl));
        // web1's ARP for 192.168.100.1 was answered by leaf1 from the spines' MAC+IP route (RFC 7432 §10), not flooded.
        var after = await fabric.DataPlaneCountersAsync("leaf1");
        Assert.Equal(before.ProxyReplies + 1, after.ProxyReplies);
        Assert.Equal(before.BumCopies, after.BumCopies);

        // Both spines advertise the gateway MAC with the same virtual gateway ESI and its A-D routes, so leaf1 aliases
        // it to both (RFC 7432 §8.4): flows that differ in their UDP port are spread over the two spines.
        var spines = new[] { "spine1", "spine2" };
        var decapsulated = new long[2];
        for (int i = 0; i < 2; i++) decapsulated[i] = (await fabric.DataPlaneCountersAsync(spines[i])).Decapsulated;
        for (ushort port = 5001; port <= 5008; port++)
            Assert.Equal(2L, (await fabric.UdpFlowAsync("web1", "db2", port, count: 2)).Received);
        for (int i = 0; i < 2; i++)
            Assert.True((await fabric.DataPlaneCountersAsync(spines[i])).Decapsulated > decapsulated[i], $"{spines[i]} routed none of the flows");
    }

    [Fact]
    public async Task A_silent_host_is_found_by_an_arp_the_spine_floods_from_the_gateway()
    {
        // Hosts that never announce themselves: no leaf knows db2 (leaf2) until it speaks, so no spine has a host route
        // for it and its subnet is connected at the spines.
        await using var fabric = FabricRuntime.Start(TopologyLoader.Load(RepositoryFiles.Topology("l3-crb.yaml")), new FabricRunOptions { Seed = 1, AnnounceHosts = false });
        Assert.True((await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60))).Converged);

        var result = await fabric.PingAsync("web1", "db2", count: 3);

        // The first echo is dropped while the spine gleans (an ARP from the anycast gateway flooded in VLAN 200 to the
        // VTEPs of its flood list, RFC 9135 §5.3); db2 answers to the anycast MAC, leaf2 snoops the reply and
        // advertises db2's MAC+IP route, and the later echoes are routed.
        Assert.Equal([1, 2], result.Replies.Select(r => r.Sequence).ToArray());
        Assert.All(result.Replies, r => Assert.Equal(63, r.Ttl));
    }

    [Fact]
    public async Task The_convergence_expectation_counts_the_virtual_gateway_routes_once_per_vtep_and_vni()
    {
        await using var fabric = await StartConvergedAsync();
        // 5 VTEPs (two routing spines, leaf1, leaf2, border1) × 4 VNIs: IMET from 4 others each = 80; MAC and MAC+IP of
        // 5 hosts, imported by the 4 VTEPs that are not their leaf = 40; the gateway MAC+IP per VNI, counted once
        // at each VTEP although both spines send it (one virtual gateway ESI) = 20; type5: gateway-ip adds the
        // overlay gateway MAC+IP of spine1, spine2 and border1 in each tenant's first VNI (10100, 10300), imported
        // by the 4 other VTEPs = 24.
        var report = await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(1));
        Assert.Equal((164L, 164L), (report.Progress.RoutesExpected, report.Progress.RoutesPresent));
    }

    [Fact]
    public async Task When_a_spine_stops_the_other_spine_still_routes_between_the_vlans()
    {
        await using var fabric = await StartConvergedAsync();
        Assert.True((await fabric.PingAsync("web1", "db2", count: 1)).Success);

        await fabric.DeviceStopAsync("spine1");
        // The hold time (9 s) expires: spine1's routes, its virtual gateway A-D routes among them, are withdrawn.
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(15));
        var result = await fabric.PingAsync("web1", "db2", count: 3);

        Assert.True(result.Success, $"{result.Received}/{result.Sent}");
        Assert.Equal(["web1", "leaf1", "spine2", "leaf2", "db2"], result.Path.Select(h => h.Device).ToArray());
        Assert.All(result.Replies, r => Assert.Equal(63, r.Ttl));
    }

    private static Task<FabricRuntime> StartConvergedAsync() =>
        RoutingFabric.StartConvergedAsync(TopologyLoader.Load(RepositoryFiles.Topology("l3-crb.yaml")));
}
