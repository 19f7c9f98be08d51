using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Tests.Topology;
using ActorFabric.Fabric.Topology;
using ActorFabric.Tests.Shared;
using ActorFabric.Wire.Packets;
using ActorFabric.Wire.Pcap;

namespace ActorFabric.Fabric.Tests.Routing;

/// <summary>
/// The anycast gateway answers ICMP echo for its own addresses (RFC 1122 §3.2.2.6) and ICMPv6 echo for its gateway6
/// addresses (RFC 4443 §4.2), in ERB and CRB, under virtual time.
/// </summary>
public sealed class GatewayEchoTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fabric-gw-echo-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task An_erb_leaf_answers_a_ping_to_the_gateway_of_the_hosts_vlan_and_of_another_vlan_it_routes()
    {
        await using var fabric = await RoutingFabric.StartConvergedAsync(TopologyLoader.Load(RepositoryFiles.Topology("l3-erb.yaml")));

        foreach (var gateway in new[] { "192.168.100.1", "192.168.200.1" })
        {
            var result = await fabric.PingAsync("web1", gateway, count: 2);
            Assert.True(result.Success, $"{gateway}: {result.Received}/{result.Sent}");
            Assert.Equal(gateway, result.DestinationIp);
            // leaf1 itself answers: the request goes no further (the trace continues with the reply, back to web1), and
            // the reply is originated with a fresh TTL.
            Assert.Equal(["web1", "leaf1", "web1"], result.Path.Select(h => h.Device).ToArray());
            Assert.All(result.Replies, r => Assert.Equal(64, r.Ttl));
        }
        var drops = await fabric.DataPlaneCountersAsync("leaf1");
        Assert.Equal(0, drops.TotalDrops);
    }

    [Fact]
    public async Task A_crb_routing_spine_answers_a_ping_to_the_gateway_back_in_the_hosts_l2_vni()
    {
        await using var fabric = await RoutingFabric.StartConvergedAsync(TopologyLoader.Load(RepositoryFiles.Topology("l3-crb.yaml")));

        var result = await fabric.PingAsync("web2", "192.168.100.1", count: 2);

        Assert.True(result.Success, $"{result.Received}/{result.Sent}");
        // Request up to a spine in VLAN 100's L2 VNI, the reply back down to leaf2 in the same VNI.
        Assert.Equal(["web2", "leaf2", result.Path[2].Device, "leaf2", "web2"], result.Path.Select(h => h.Device).ToArray());
        Assert.StartsWith("spine", result.Path[2].Device);
        // The spine originates the reply (TTL 64) and leaf2 only bridges it.
        Assert.All(result.Replies, r => Assert.Equal(64, r.Ttl));
    }

    [Fact]
    public async Task A_ping_to_an_address_nobody_has_still_fails_and_an_unknown_name_is_refused()
    {
        await using var fabric = await RoutingFabric.StartConvergedAsync(TopologyLoader.Load(RepositoryFiles.Topology("l3-erb.yaml")));

        // 192.168.100.77 is in web1's subnet but no host has it: its ARP goes unanswered.
        Assert.Equal(0, (await fabric.PingAsync("web1", "192.168.100.77", count: 1, timeout: TimeSpan.FromSeconds(1))).Received);
        await Assert.ThrowsAsync<UnknownFabricObjectException>(() => fabric.PingAsync("web1", "web9", count: 1));
    }

    [Fact]
    public async Task An_erb_leaf_answers_an_icmpv6_echo_to_its_gateway6_addresses_with_the_request_echoed_and_tshark_agrees()
    {
        string capture = Path.Combine(_dir, "web1.pcap");
        await using (var fabric = await RoutingFabric.StartConvergedAsync(TopologyLoader.Load(RepositoryFiles.Topology("l3-erb.yaml"))))
        {
            var c = await fabric.StartCaptureAsync("web1 leaf1", capture);
            foreach (var gateway in new[] { "2001:db8:100::1", "2001:db8:200::1" })
            {
                var result = await fabric.PingAsync("web1", gateway, count: 2);
                Assert.True(result.Success, $"{gateway}: {result.Received}/{result.Sent}");
                Assert.Equal(gateway, result.Destination);
                Assert.Equal(gateway, result.DestinationIp);
                // leaf1 answers itself (originated: hop limit 64, not 63) and routes the reply back to web1.
                Assert.Equal(["web1", "leaf1", "web1"], result.Path.Select(h => h.Device).ToArray());
                Assert.All(result.Replies, r => Assert.Equal(64, r.Ttl));
            }
            await fabric.StopCaptureAsync(c.Id);
            var leaf1 = await fabric.DataPlaneCountersAsync("leaf1");
            Assert.Equal(0, leaf1.TotalDrops);
        }

        // Each reply is the request turned round: from the gateway6 address to web1, same identifier, sequence and data.
        var requests = new List<(Ipv6Address To, ushort Id, ushort Seq, byte[] Data)>();
        var replies = new List<(Ipv6Address From, ushort Id, ushort Seq, byte[] Data, Ipv6Address To)>();
        foreach (var record in CaptureFile.Read(File.ReadAllBytes(capture)))
        {
            if (EthernetHeader.TryRead(record.Frame, out var eth) != PacketError.None || eth.EtherType != EtherType.Ipv6 ||
                Icmpv6Echo.TryRead(record.Frame.AsSpan(eth.Length), out var ip, out var echo, out var data) != PacketError.None)
                continue;
            if (echo.IsRequest) requests.Add((ip.Destination, echo.Identifier, echo.Sequence, data.ToArray()));
            else replies.Add((ip.Source, echo.Identifier, echo.Sequence, data.ToArray(), ip.Destination));
        }
        Assert.Equal(4, requests.Count);
        Assert.Equal(requests.Count, replies.Count);
        var web1 = Ipv6Address.Parse("2001:db8:100::2");
        for (int i = 0; i < requests.Count; i++)
        {
            Assert.Equal((requests[i].To, requests[i].Id, requests[i].Seq, web1), (replies[i].From, replies[i].Id, replies[i].Seq, replies[i].To));
            Assert.Equal(requests[i].Data, replies[i].Data);
        }

        // tshark: the replies carry a good pseudo-header checksum, hop limit 64, and come from the anycast MAC.
        var lines = TsharkProcess.Run("-r", capture, "-Y", "icmpv6.type == 129", "-T", "fields", "-e", "eth.src", "-e", "ipv6.src",
            "-e", "ipv6.hlim", "-e", "icmpv6.checksum.status").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.All(lines, line => Assert.Matches($@"^{ErbFabric.AnycastMac}\t2001:db8:[12]00::1\t64\t1$", line.Trim()));
    }
}
