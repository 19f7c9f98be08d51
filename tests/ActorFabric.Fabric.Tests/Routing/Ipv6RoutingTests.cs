using System.Text.RegularExpressions;
using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Runtime.Devices;
using ActorFabric.Fabric.Tests.Topology;
using ActorFabric.Fabric.Topology;
using ActorFabric.Tests.Shared;
using ActorFabric.Wire.Packets;
using ActorFabric.Wire.Pcap;

namespace ActorFabric.Fabric.Tests.Routing;

/// <summary>
/// IPv6 hosts and IPv6 routing at the leaves of topologies/l3-erb.yaml (ERB, RFC 9135 for IPv6; blue and green have a
/// gateway6), in virtual time.
/// </summary>
public sealed class Ipv6RoutingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fabric-irb6-").FullName;
    private static MacAddress AnycastMac => ErbFabric.AnycastMac;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string ErbYaml => File.ReadAllText(RepositoryFiles.Topology("l3-erb.yaml"));

    [Fact]
    public void Hosts_in_a_vlan_with_gateway6_get_the_prefix_addresses_from_2_in_order_and_the_gateway_as_router()
    {
        var topology = TopologyLoader.Parse(ErbYaml, "l3-erb.yaml");
        string Address(string name) => topology.Hosts.Single(h => h.Name == name).Ipv6Text;

        Assert.Equal("2001:db8:100::2/64", Address("web1"));
        Assert.Equal("2001:db8:100::3/64", Address("web2"));
        Assert.Equal("2001:db8:200::2/64", Address("db1"));
        Assert.Equal("2001:db8:200::3/64", Address("db2"));
        // No gateway6 on VLAN 300: IPv4 only.
        Assert.False(topology.Hosts.Single(h => h.Name == "app1").HasIpv6);
        Assert.Equal(AddressSyntax.TryParseIpv6("2001:db8:100::1", out var gw, out _) ? gw : 0, topology.Hosts.Single(h => h.Name == "web1").Gateway6);
    }

    [Fact]
    public async Task Ipv6_ping_between_two_vlans_of_one_leaf_is_routed_there_with_one_hop_limit_decrement()
    {
        await using var fabric = await StartConvergedAsync(ErbYaml);
        var before = await fabric.DataPlaneCountersAsync("leaf1");

        var result = await fabric.PingAsync("web1", "db1", count: 3, ipv6: true);

        Assert.True(result.Success, $"{result.Received}/{result.Sent}");
        Assert.Equal("2001:db8:200::2", result.DestinationIp);
        Assert.Equal(["web1", "leaf1", "db1"], result.Path.Select(h => h.Device).ToArray());
        Assert.True(result.Path[1].Routed);
        // The reply crossed one router: hop limit 64 − 1 (RFC 8200 §3).
        Assert.All(result.Replies, r => Assert.Equal(63, r.Ttl));
        var after = await fabric.DataPlaneCountersAsync("leaf1");
        Assert.Equal(before.Encapsulated, after.Encapsulated);
        // web1 resolved its router by a solicitation that leaf1 answered itself.
        Assert.Matches(@"actorfabric_gateway_neighbor_advertisements_total\{device=""leaf1""\} [1-9]\d*\n", fabric.Metrics.Scrape());
    }

    [Fact]
    public async Task Symmetric_irb_routes_ipv6_across_leaves_over_the_l3_vni_between_the_router_macs_and_tshark_agrees()
    {
        var (result, requests, topology) = await PingCapturedAsync(ErbYaml, "web1", "db2");

        Assert.True(result.Success, $"{result.Received}/{result.Sent}");
        Assert.Equal(["web1", "leaf1", result.Path[2].Device, "leaf3", "db2"], result.Path.Select(h => h.Device).ToArray());
        Assert.StartsWith("spine", result.Path[2].Device);
        Assert.All(result.Replies, r => Assert.Equal(62, r.Ttl));

        // RFC 9135 §5.4: VNI = the L3 VNI, inner SMAC = leaf1's Router's MAC, DMAC = leaf3's; hop limit already 63.
        var leaf1 = FabricAddressing.DeviceMac(topology.Node("leaf1").Index);
        var leaf3 = FabricAddressing.DeviceMac(topology.Node("leaf3").Index);
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.Equal(new InnerEcho(50001, leaf1, leaf3, 63), r));

        var lines = Captures().SelectMany(path => TsharkProcess.Run("-r", path, "-Y", "vxlan && icmpv6.type == 128", "-T", "fields",
            "-E", "occurrence=l", "-e", "vxlan.vni", "-e", "eth.src", "-e", "eth.dst", "-e", "ipv6.hlim", "-e", "icmpv6.checksum.status")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal(3, lines.Count);
        Assert.All(lines, line => Assert.Equal($"50001\t{leaf1}\t{leaf3}\t63\t1", line.Trim()));
    }

    [Fact]
    public async Task Asymmetric_irb_bridges_the_routed_ipv6_packet_in_the_destination_l2_vni_to_the_host_mac()
    {
        string yaml = ErbYaml.Replace("irb: symmetric", "irb: asymmetric");
        yaml = Regex.Replace(yaml, @"leaves: \[[^\]]*\]", "leaves: [leaf1, leaf2, leaf3, border1]");
        var (result, requests, topology) = await PingCapturedAsync(yaml, "web1", "db2");

        Assert.True(result.Success, $"{result.Received}/{result.Sent}");
        Assert.Equal(["web1", "leaf1", result.Path[2].Device, "leaf3", "db2"], result.Path.Select(h => h.Device).ToArray());
        Assert.All(result.Replies, r => Assert.Equal(63, r.Ttl));
        var db2 = new MacAddress(topology.Hosts.Single(h => h.Name == "db2").Mac);
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.Equal(new InnerEcho(10200, AnycastMac, db2, 63), r));
    }

    [Fact]
    public async Task A_ping_to_an_ipv6_address_names_the_host_that_has_it()
    {
        await using var fabric = await StartConvergedAsync(ErbYaml);
        var result = await fabric.PingAsync("web2", "2001:db8:100::2", count: 1);

        Assert.True(result.Success);
        Assert.Equal("web1", result.Destination);
        // Same VLAN, other leaf: bridged over VNI 10100, never routed.
        Assert.Equal(["web2", "leaf2", result.Path[2].Device, "leaf1", "web1"], result.Path.Select(h => h.Device).ToArray());
        Assert.All(result.Replies, r => Assert.Equal(64, r.Ttl));
    }

    [Fact]
    public async Task A_silent_ipv6_host_is_found_by_a_solicitation_from_the_gateway_and_reached_from_the_next_packet_on()
    {
        // Hosts that never announce themselves: no leaf knows db2 (leaf3) until it speaks.
        await using var fabric = FabricRuntime.Start(TopologyLoader.Parse(ErbYaml, "l3-erb.yaml"), new FabricRunOptions { Seed = 1, AnnounceHosts = false });
        Assert.True((await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60))).Converged);

        var result = await fabric.PingAsync("web1", "db2", count: 3, ipv6: true);

        // The first echo is dropped while leaf1 gleans with a Neighbor Solicitation from the gateway address; db2 answers
        // to the anycast MAC, leaf3 learns and advertises db2's MAC+IPv6 route, and the next echoes are routed.
        Assert.Equal([1, 2], result.Replies.Select(r => r.Sequence).ToArray());
        Assert.All(result.Replies, r => Assert.Equal(62, r.Ttl));
        Assert.Contains("actorfabric_glean_solicitations_total{device=\"leaf1\"} 1\n", fabric.Metrics.Scrape());
    }

    [Fact]
    public async Task The_gateway_answers_a_solicitation_for_its_ipv6_address_with_the_anycast_mac_as_a_router()
    {
        string capture = Path.Combine(_dir, "web1.pcap");
        await using (var fabric = await StartConvergedAsync(ErbYaml))
        {
            var c = await fabric.StartCaptureAsync("web1 leaf1", capture);
            Assert.True((await fabric.PingAsync("web1", "db1", count: 1, ipv6: true)).Success);
            await fabric.StopCaptureAsync(c.Id);
        }
        var gateway = Ipv6Address.Parse("2001:db8:100::1");
        var web1 = Ipv6Address.Parse("2001:db8:100::2");
        var advertisements = new List<(MacAddress Source, NeighborDiscoveryMessage Na)>();
        foreach (var record in CaptureFile.Read(File.ReadAllBytes(capture)))
            if (EthernetHeader.TryRead(record.Frame, out var eth) == PacketError.None && eth.EtherType == EtherType.Ipv6 &&
                NeighborDiscoveryMessage.TryRead(record.Frame.AsSpan(eth.Length), out var nd) && !nd.IsSolicitation && nd.Target == gateway)
                advertisements.Add((eth.Source, nd));

        // RFC 9135 §4.1 and RFC 4861 §4.4: from and for the anycast MAC, to web1, Router + Solicited + Override.
        var (source, na) = Assert.Single(advertisements);
        Assert.Equal(AnycastMac, source);
        Assert.Equal((AnycastMac, web1, true, true, true), (na.LinkLayerAddress!.Value, na.Destination, na.Router, na.Solicited, na.Override));
        var flags = TsharkProcess.Run("-r", capture, "-Y", "icmpv6.type == 136", "-T", "fields", "-e", "icmpv6.nd.na.flag.r", "-e", "icmpv6.nd.na.flag.s",
            "-e", "icmpv6.nd.na.flag.o", "-e", "icmpv6.checksum.status").Trim();
        Assert.Equal("1\t1\t1\t1", flags.Replace("True", "1").Replace("true", "1"));
    }

    [Fact]
    public async Task Pinging_a_host_without_ipv6_says_its_vlan_has_no_gateway6()
    {
        await using var fabric = await StartConvergedAsync(ErbYaml);
        var e = await Assert.ThrowsAnyAsync<ArgumentException>(() => fabric.PingAsync("web1", "app1", ipv6: true));
        Assert.Contains("no 'gateway6'", e.Message);
    }

    private static Task<FabricRuntime> StartConvergedAsync(string yaml) => ErbFabric.StartConvergedAsync(yaml);

    /// <summary>IPv6 pings with both of leaf1's uplinks captured; returns the VXLAN copies of the ICMPv6 echo requests.</summary>
    private async Task<(PingResult Result, List<InnerEcho> Requests, FabricTopology Topology)> PingCapturedAsync(string yaml, string source, string destination)
    {
        var (result, topology, vxlan) = await ErbFabric.PingCapturedAsync(yaml, source, destination, Captures(), ipv6: true);
        var target = AddressSyntax.ToIpv6(topology.Hosts.Single(h => h.Name == destination).Ipv6);
        var requests = new List<InnerEcho>();
        foreach (var (vni, inner) in vxlan)
        {
            if (EthernetHeader.TryRead(inner, out var eth) != PacketError.None || eth.EtherType != EtherType.Ipv6) continue;
            if (Icmpv6Echo.TryRead(inner.AsSpan(eth.Length), out var ip, out var echo, out _) != PacketError.None || !echo.IsRequest || ip.Destination != target) continue;
            requests.Add(new InnerEcho(vni, eth.Source, eth.Destination, ip.HopLimit));
        }
        return (result, requests, topology);
    }

    private string[] Captures() => [Path.Combine(_dir, "up1.pcap"), Path.Combine(_dir, "up2.pcap")];

    private readonly record struct InnerEcho(uint Vni, MacAddress InnerSource, MacAddress InnerDestination, int HopLimit);
}
