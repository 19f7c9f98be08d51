using System.Text.RegularExpressions;
using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Runtime.Devices;
using ActorFabric.Fabric.Tests.Topology;
using ActorFabric.Fabric.Topology;
using ActorFabric.Wire.Packets;
using ActorFabric.Tests.Shared;

namespace ActorFabric.Fabric.Tests.Routing;

/// <summary>Inter-VLAN routing at the leaves of topologies/l3-erb.yaml (ERB, RFC 9135), under virtual time.</summary>
public sealed class ErbRoutingTests : IDisposable
{
    private static readonly MacAddress AnycastMac = ErbFabric.AnycastMac;
    private readonly string _dir = Directory.CreateTempSubdirectory("fabric-irb-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Ping_between_two_vlans_of_one_leaf_is_routed_by_that_leaf_with_one_ttl_decrement()
    {
        await using var fabric = await StartConvergedAsync(File.ReadAllText(RepositoryFiles.Topology("l3-erb.yaml")));
        var before = await fabric.DataPlaneCountersAsync("leaf1");

        // web1 (VLAN 100) and db1 (VLAN 200) both hang off leaf1: the frame never enters the fabric.
        var result = await fabric.PingAsync("web1", "db1", count: 3);

        Assert.True(result.Success, $"{result.Received}/{result.Sent}");
        Assert.Equal(["web1", "leaf1", "db1"], result.Path.Select(h => h.Device).ToArray());
        // The reply crossed one router: 64 − 1.
        Assert.All(result.Replies, r => Assert.Equal(63, r.Ttl));
        var after = await fabric.DataPlaneCountersAsync("leaf1");
        // web1 ARPed for its gateway and leaf1 answered itself (db1 answers echoes to the frame's source MAC, the
        // anycast MAC, without an ARP): no request was flooded anywhere.
        Assert.Equal(before.ProxyReplies + 1, after.ProxyReplies);
        Assert.Equal(before.BumCopies, after.BumCopies);
        Assert.Equal(before.BumLocalCopies, after.BumLocalCopies);
        Assert.Equal(before.Encapsulated, after.Encapsulated);
    }

    [Fact]
    public async Task A_leaf_without_the_destination_vlan_routes_to_the_host_route_of_the_leaf_that_has_it()
    {
        await using var fabric = await StartConvergedAsync(File.ReadAllText(RepositoryFiles.Topology("l3-erb.yaml")));

        // tenant1: web2 on leaf2 (VLAN 100 only) to db2 on leaf3 (VLAN 200); tenant2: app1 (leaf2, VLAN 300) to app2
        // (leaf3, VLAN 400) over tenant2's own L3 VNI.
        foreach (var (source, destination) in new[] { ("web2", "db2"), ("app1", "app2") })
        {
            var result = await fabric.PingAsync(source, destination, count: 2);
            Assert.True(result.Success, $"{source} → {destination}: {result.Received}/{result.Sent}");
            Assert.Equal([source, "leaf2", result.Path[2].Device, "leaf3", destination], result.Path.Select(h => h.Device).ToArray());
            Assert.All(result.Replies, r => Assert.Equal(62, r.Ttl));
        }
    }

    [Fact]
    public async Task Another_tenants_subnet_is_not_reached_the_tenants_type5_default_route_takes_it_out_through_the_border_leaf()
    {
        await using var fabric = await StartConvergedAsync(File.ReadAllText(RepositoryFiles.Topology("l3-erb.yaml")));

        // web1 is tenant1, app1 tenant2: tenant1 has no route to 10.30.0.0/24 but border1's 0.0.0.0/0 (type 5,
        // RFC 9136 §4.4.1), so leaf1 sends it to border1, which hands it to the external router behind it: that one
        // answers for any address of its prefixes. app1 itself never sees the echo.
        var app1 = await fabric.HostFramesAsync("app1");
        var result = await fabric.PingAsync("web1", "app1", count: 1);

        Assert.Equal(1, result.Received);
        Assert.Equal(["web1", "leaf1", result.Path[2].Device, "border1"], result.Path.Select(h => h.Device).Take(4).ToArray());
        // The spine forwards out of its port to border1 (eth4 on both spines).
        Assert.Equal("eth4", result.Path[2].EgressPort);
        Assert.Equal(app1, await fabric.HostFramesAsync("app1"));
    }

    [Fact]
    public async Task Symmetric_irb_routes_across_leaves_over_the_l3_vni_between_the_two_router_macs()
    {
        string yaml = File.ReadAllText(RepositoryFiles.Topology("l3-erb.yaml"));
        var (result, requests, topology) = await PingCapturedAsync(yaml, "web1", "db2");

        Assert.True(result.Success, $"{result.Received}/{result.Sent}");
        // web1 (leaf1, VLAN 100) → leaf1 routes → a spine → leaf3 routes → db2 (VLAN 200, which leaf2 does not carry).
        Assert.Equal(["web1", "leaf1", result.Path[2].Device, "leaf3", "db2"], result.Path.Select(h => h.Device).ToArray());
        Assert.StartsWith("spine", result.Path[2].Device);
        // Routed at ingress and at egress, both ways (RFC 9135 §5.4, §5.5).
        Assert.All(result.Replies, r => Assert.Equal(62, r.Ttl));

        // On the wire: VNI = tenant1's L3 VNI, inner SMAC = leaf1's Router's MAC, DMAC = leaf3's, TTL already 63.
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r =>
        {
            Assert.Equal(50001u, r.Vni);
            Assert.Equal(FabricAddressing.DeviceMac(topology.Node("leaf1").Index), r.InnerSource);
            Assert.Equal(FabricAddressing.DeviceMac(topology.Node("leaf3").Index), r.InnerDestination);
            Assert.Equal(63, r.Ttl);
        });

        // tshark reads the same: VNI, then the inner (last) Ethernet addresses and IPv4 TTL of each echo request.
        string leaf1Mac = FabricAddressing.DeviceMac(topology.Node("leaf1").Index).ToString();
        string leaf3Mac = FabricAddressing.DeviceMac(topology.Node("leaf3").Index).ToString();
        var lines = Captures().SelectMany(path => TsharkProcess.Run("-r", path, "-Y", "vxlan && icmp.type == 8", "-T", "fields",
            "-E", "occurrence=l", "-e", "vxlan.vni", "-e", "eth.src", "-e", "eth.dst", "-e", "ip.ttl").Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal(3, lines.Count);
        Assert.All(lines, line => Assert.Equal($"50001\t{leaf1Mac}\t{leaf3Mac}\t63", line.Trim()));
    }

    [Fact]
    public async Task Asymmetric_irb_bridges_the_routed_packet_in_the_destination_l2_vni_to_the_host_mac()
    {
        // Asymmetric IRB needs every VLAN of the tenant on every routing leaf (RFC 9135 §4.2).
        string yaml = File.ReadAllText(RepositoryFiles.Topology("l3-erb.yaml")).Replace("irb: symmetric", "irb: asymmetric");
        yaml = Regex.Replace(yaml, @"leaves: \[[^\]]*\]", "leaves: [leaf1, leaf2, leaf3, border1]");
        var (result, requests, topology) = await PingCapturedAsync(yaml, "web1", "db2");

        Assert.True(result.Success, $"{result.Received}/{result.Sent}");
        Assert.Equal(["web1", "leaf1", result.Path[2].Device, "leaf3", "db2"], result.Path.Select(h => h.Device).ToArray());
        // Routed once at each ingress leaf, bridged at the egress leaf.
        Assert.All(result.Replies, r => Assert.Equal(63, r.Ttl));

        // On the wire: db2's L2 VNI (green), inner SMAC = the anycast gateway MAC, DMAC = db2's own MAC (RFC 9135 §6).
        var db2 = topology.Hosts.Single(h => h.Name == "db2");
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r =>
        {
            Assert.Equal(10200u, r.Vni);
            Assert.Equal(AnycastMac, r.InnerSource);
            Assert.Equal(new MacAddress(db2.Mac), r.InnerDestination);
            Assert.Equal(63, r.Ttl);
        });
    }

    [Fact]
    public async Task A_silent_host_is_found_by_an_arp_from_the_gateway_and_reached_from_the_next_packet_on()
    {
        // Hosts that never announce themselves: no leaf knows db2 until it speaks, so leaf1 has no host route for it
        // and db2's subnet is connected at leaf1.
        await using var fabric = FabricRuntime.Start(TopologyLoader.Load(RepositoryFiles.Topology("l3-erb.yaml")), new FabricRunOptions { Seed = 1, AnnounceHosts = false });
        Assert.True((await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60))).Converged);

        var result = await fabric.PingAsync("web1", "db2", count: 3);

        // The first echo is dropped while leaf1 gleans (an ARP from the anycast gateway flooded in VLAN 200, RFC 9135
        // §5.3); db2 answers to the anycast MAC, leaf3 takes the reply and advertises db2's MAC+IP route, and the
        // later echoes cross the L3 VNI.
        Assert.Equal([1, 2], result.Replies.Select(r => r.Sequence).ToArray());
        Assert.All(result.Replies, r => Assert.Equal(62, r.Ttl));
        // (The first echo's trace also shows the gleaning request it caused; a new ping shows the routed path alone.)
        var again = await fabric.PingAsync("web1", "db2", count: 1);
        Assert.True(again.Success);
        Assert.Equal(["web1", "leaf1", again.Path[2].Device, "leaf3", "db2"], again.Path.Select(h => h.Device).ToArray());
    }

    private static Task<FabricRuntime> StartConvergedAsync(string yaml) => ErbFabric.StartConvergedAsync(yaml);

    /// <summary>Pings with both of the source leaf's uplinks captured; returns the VXLAN copies of the echo requests.</summary>
    private async Task<(PingResult Result, List<InnerEcho> Requests, FabricTopology Topology)> PingCapturedAsync(string yaml, string source, string destination)
    {
        var (result, topology, vxlan) = await ErbFabric.PingCapturedAsync(yaml, source, destination, Captures());
        var target = new Ipv4Address(topology.Hosts.Single(h => h.Name == destination).Ipv4);
        var requests = new List<InnerEcho>();
        foreach (var (vni, inner) in vxlan)
        {
            var summary = FrameSummary.Parse(inner, out _);
            if (!summary.IsIcmpEcho || summary.IcmpType != IcmpType.EchoRequest || summary.IpDestination != target) continue;
            if (EthernetHeader.TryRead(inner, out var eth) != PacketError.None) continue;
            requests.Add(new InnerEcho(vni, eth.Source, eth.Destination, summary.Ttl));
        }
        return (result, requests, topology);
    }

    private string[] Captures() => [Path.Combine(_dir, "up1.pcap"), Path.Combine(_dir, "up2.pcap")];
}
