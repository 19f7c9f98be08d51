using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;
using ActorFabric.Wire.Packets;
using ActorFabric.Wire.Pcap;

namespace ActorFabric.Fabric.Tests.Multicast;

/// <summary>
/// Optimized Inter-Subnet Multicast (RFC 9625) in topologies/oism.yaml under virtual time: src1 sends on VLAN 100 at
/// leaf1; listeners sit on VLAN 200 at leaf1, leaf2 and leaf3 (which has no VLAN 100), on VLAN 100 at leaf2, and
/// behind the PEG border1.
/// </summary>
public sealed class OismFabricTests : IDisposable
{
    private const string Group = "239.1.1.1";
    private readonly string _dir = Directory.CreateTempSubdirectory("fabric-oism-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task On_the_wire_the_core_carries_the_frame_unchanged_once_per_leaf_and_the_routed_copy_leaves_the_irb_with_ttl_minus_one()
    {
        await using var fabric = await StartAsync();
        foreach (var host in new[] { "rx1a", "rx2a", "rx2b", "rx3b" }) await fabric.JoinGroupAsync(host, Group);
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(3));
        var topology = fabric.Topology;
        string Pcap(string name) => Path.Combine(_dir, name + ".pcap");
        var rx1a = topology.Hosts.Single(h => h.Name == "rx1a");
        var src1 = new MacAddress(topology.Hosts.Single(h => h.Name == "src1").Mac);
        var captures = new[]
        {
            await fabric.StartCaptureAsync("leaf1 spine1", Pcap("up1")),
            await fabric.StartCaptureAsync("leaf1 spine2", Pcap("up2")),
            await fabric.StartCaptureAsync($"leaf1:{rx1a.Port}", Pcap("rx1a")),
        };
        await fabric.StartMulticastStreamAsync("src1", Group, rate: 100, count: 5, ttl: 8);
        foreach (var c in captures) await fabric.StopCaptureAsync(c.Id);

        // RFC 9625 §2.3: one copy per interested leaf, in the source BD (VNI 10100) to the leaves that have it and in
        // the SBD (VNI 10999) to leaf3; inner frame as src1 sent it (its MAC, TTL 8); nothing in VLAN 200's VNI.
        string Vtep(string node) => new Ipv4Address(topology.Nodes.Single(n => n.Name == node).Vtep).ToString();
        var core = new List<string>();
        foreach (var name in new[] { "up1", "up2" })
            foreach (var record in CaptureFile.Read(File.ReadAllBytes(Pcap(name))))
            {
                if (VxlanEncapsulation.TryDecapsulate(record.Frame, out var outer, out var inner) != PacketError.None) continue;
                var summary = FrameSummary.Parse(inner, out _);
                if (summary.IpDestination.ToString() != Group || EthernetHeader.TryRead(inner, out var eth) != PacketError.None) continue;
                Assert.Equal((src1, 8), (eth.Source, (int)summary.Ttl));
                core.Add($"{outer.DestinationVtep}/{outer.Vni}");
            }
        var expected = new[] { $"{Vtep("border1")}/10100", $"{Vtep("leaf2")}/10100", $"{Vtep("leaf3")}/10999" }
            .SelectMany(k => Enumerable.Repeat(k, 5)).Order().ToArray();
        Assert.Equal(expected, core.Order().ToArray());

        // The copy routed into VLAN 200 at leaf1: from the IRB's anycast MAC, to the group MAC, TTL 7, checksum fixed.
        var routed = CaptureFile.Read(File.ReadAllBytes(Pcap("rx1a")))
            .Select(r => r.Frame)
            .Where(f => FrameSummary.Parse(f, out _) is { IsUdp: true } s && s.IpDestination.ToString() == Group)
            .ToList();
        Assert.Equal(5, routed.Count);
        foreach (var frame in routed)
        {
            Assert.Equal(PacketError.None, EthernetHeader.TryRead(frame, out var eth, out var payload));
            Assert.Equal((new MacAddress(RoutingSettings.DefaultAnycastMac), MacAddress.ForIpv4Multicast(Ipv4Address.Parse(Group))), (eth.Source, eth.Destination));
            Assert.Equal(PacketError.None, Ipv4Header.TryRead(payload, out var ip, out _));   // a bad checksum is an error here
            Assert.Equal(7, ip.Ttl);
        }
    }

    [Fact]
    public async Task A_source_on_one_vlan_reaches_listeners_on_other_vlans_of_every_leaf_exactly_once_with_the_ttl_of_each_routing_hop()
    {
        await using var fabric = await StartAsync();
        foreach (var host in new[] { "rx1a", "rx2a", "rx2b", "rx3b" }) await fabric.JoinGroupAsync(host, Group);
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(3));

        var stream = await fabric.StartMulticastStreamAsync("src1", Group, rate: 100, count: 20, ttl: 8);
        var receivers = await fabric.MulticastReceiversAsync(Group);

        Assert.Equal(0, receivers.Duplicates);
        // Same VLAN, other leaf: bridged unchanged (RFC 9625 §2.4 step 1). Other VLAN, any leaf: routed once, at the
        // leaf of the listener (ingress §2.3, egress §2.4), so TTL − 1.
        foreach (var (host, ttl) in new[] { ("rx2a", 8), ("rx1a", 7), ("rx2b", 7), ("rx3b", 7) })
        {
            var got = Assert.Single(receivers[host]!.Streams);
            Assert.Equal((stream.Source, 20L, 0L, 0L, (byte)ttl), (got.Source, got.Packets, got.Duplicates, got.Unsolicited, got.LastTtl));
        }

        // The receivers behind the PEG joined 239.1.1.1: border1 routes one copy of each datagram to them.
        var border = await fabric.OismAsync("border1");
        var external = Assert.Single(Assert.Single(border.Tenants).ExternalReceived);
        Assert.Equal((stream.Source, 20L, 0L, (byte)7), (external.Source, external.Packets, external.Duplicates, external.LastTtl));

        // leaf3 has no VLAN 100: it got the flow in the SBD and routed it from there into VLAN 200.
        var leaf3 = Assert.Single(Assert.Single((await fabric.OismAsync("leaf3")).Tenants).Flows);
        Assert.Equal((10999u, "10200"), (leaf3.SourceVni, string.Join(',', leaf3.RoutedInto)));
        var leaf1 = Assert.Single(Assert.Single((await fabric.OismAsync("leaf1")).Tenants).Flows);
        // leaf1 routed into VLAN 200 itself and sent one copy per datagram in the SBD (to leaf3) besides VLAN 100's.
        Assert.Equal((10100u, "10200", 20L), (leaf1.SourceVni, string.Join(',', leaf1.RoutedInto), leaf1.SupplementaryCopies));
    }

    [Fact]
    public async Task An_external_source_behind_the_peg_enters_down_the_sbd_and_reaches_listeners_inside_once_each()
    {
        await using var fabric = await StartAsync();
        foreach (var host in new[] { "rx1a", "rx2a", "rx3b" }) await fabric.JoinGroupAsync(host, "239.2.2.2");
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(3));

        var sent = await fabric.SendExternalMulticastAsync("border1", "tenant1", "239.2.2.2", count: 10, ttl: 16);

        Assert.Equal(("198.51.100.10", 10), (sent.Source, sent.Sent));
        var receivers = await fabric.MulticastReceiversAsync("239.2.2.2");
        // The PEG routes it into the SBD (TTL 15, RFC 9625 §2.3), each leaf routes it from the SBD into the listener's VLAN.
        foreach (var host in new[] { "rx1a", "rx2a", "rx3b" })
        {
            var got = Assert.Single(receivers[host]!.Streams);
            Assert.Equal(("198.51.100.10", sent.StreamId, 10L, 0L, 0L, (byte)14), (got.Source, got.StreamId, got.Packets, got.Duplicates, got.Unsolicited, got.LastTtl));
        }
        Assert.Null(receivers["rx2b"]);
        Assert.Null(receivers["src1"]);
        foreach (var leaf in new[] { "leaf1", "leaf2", "leaf3" })
        {
            var flow = Assert.Single(Assert.Single((await fabric.OismAsync(leaf)).Tenants).Flows);
            Assert.Equal(10999u, flow.SourceVni);
        }
        var border = Assert.Single((await fabric.OismAsync("border1")).Tenants);
        Assert.Equal(30L, Assert.Single(border.Flows).SupplementaryCopies);  // one per leaf and datagram, in the SBD
        Assert.Empty(border.ExternalReceived);                                 // 239.2.2.2 was not joined outside

        await Assert.ThrowsAsync<ArgumentException>(() => fabric.SendExternalMulticastAsync("leaf1", "tenant1", "239.2.2.2"));
    }

    [Fact]
    public async Task A_timed_external_stream_sends_one_datagram_per_interval_of_emulated_time_and_each_receiver_gets_each_once()
    {
        await using var fabric = await StartJoinedAsync("239.2.2.2", "rx1a", "rx3b");

        // 20 datagrams at 10/s: the first now, the last 1.9 s later (emulated), like a host's stream.
        var sent = await fabric.SendExternalMulticastAsync("border1", null, "239.2.2.2", count: 20, ttl: 16, rate: 10);

        Assert.Equal(("tenant1", 20, 10), (sent.Vrf, sent.Sent, sent.Rate));
        Assert.Equal(TimeSpan.FromSeconds(1.9), sent.FinishedAt - sent.StartedAt);
        var receivers = await fabric.MulticastReceiversAsync("239.2.2.2");
        foreach (var host in new[] { "rx1a", "rx3b" })
        {
            var got = Assert.Single(receivers[host]!.Streams);
            Assert.Equal((sent.StreamId, 20L, 0L, 0L), (got.StreamId, got.Packets, got.Duplicates, got.Unsolicited));
            // Spread over the stream's 1.9 s, not a burst at one instant.
            Assert.Equal(TimeSpan.FromSeconds(1.9), got.LastArrival - got.FirstArrival);
        }
        // Another source address behind the PEG (--source): a stream of its own, not sent back outside.
        var other = await fabric.SendExternalMulticastAsync("border1", "tenant1", "239.1.1.1", count: 3, rate: 100, source: "203.0.113.7");
        Assert.Equal(("203.0.113.7", 3), (other.Source, other.Sent));
        var joined = await fabric.MulticastReceiversAsync("239.1.1.1");
        Assert.Empty(joined[FabricRuntime.ExternalReceiverName("border1")]!.Streams);
        await Assert.ThrowsAsync<ArgumentException>(() => fabric.SendExternalMulticastAsync("border1", null, "239.1.1.1", source: "239.9.9.9"));
    }

    [Fact]
    public async Task The_receivers_behind_the_peg_are_listed_among_the_group_receivers_with_packets_duplicates_and_ttl()
    {
        await using var fabric = await StartAsync();
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(3));
        string external = FabricRuntime.ExternalReceiverName("border1");

        // 239.1.1.1 is joined beyond border1 (external-groups): listed before any traffic, as a member.
        var before = (await fabric.MulticastReceiversAsync(Group))[external];
        Assert.NotNull(before);
        Assert.True(before.Joined);
        Assert.Empty(before.Streams);

        var stream = await fabric.StartMulticastStreamAsync("src1", Group, rate: 50, count: 10, ttl: 8);
        var got = Assert.Single((await fabric.MulticastReceiversAsync(Group))[external]!.Streams);
        // Routed once, by border1 out of VLAN 100: TTL − 1.
        Assert.Equal((stream.Source, stream.StreamId, 10L, 0L, (byte)7), (got.Source, got.StreamId, got.Packets, got.Duplicates, got.LastTtl));
        Assert.Null((await fabric.MulticastReceiversAsync("239.2.2.2"))[external]);
    }

    [Fact]
    public async Task Metrics_count_routed_and_sbd_copies_and_the_peg_external_traffic_per_device()
    {
        await using var fabric = await StartJoinedAsync("239.1.1.1", "rx1a", "rx2b", "rx3b");
        await fabric.StartMulticastStreamAsync("src1", Group, rate: 100, count: 10, ttl: 8);
        await fabric.SendExternalMulticastAsync("border1", null, Group, count: 4, rate: 100);

        var text = fabric.Metrics.Scrape();
        long Sample(string family, string device)
        {
            string prefix = $"{family}{{device=\"{device}\"}} ";
            var line = text.Split('\n').SingleOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
            Assert.True(line is not null, $"no {prefix} in\n{text}");
            return long.Parse(line![prefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
        }
        Assert.Contains("# TYPE actorfabric_oism_routed_copies_total counter", text);
        // src1's 10: leaf1 routes into VLAN 200 for rx1a, leaf2 for rx2b, leaf3 (from the SBD) for rx3b; leaf1 sends
        // leaf3's copies in the SBD. The external 4: border1 sends them in the SBD to the three leaves, each leaf routes.
        Assert.Equal((14L, 14L, 14L), (Sample("actorfabric_oism_routed_copies_total", "leaf1"), Sample("actorfabric_oism_routed_copies_total", "leaf2"),
            Sample("actorfabric_oism_routed_copies_total", "leaf3")));
        Assert.Equal((10L, 12L), (Sample("actorfabric_oism_sbd_copies_total", "leaf1"), Sample("actorfabric_oism_sbd_copies_total", "border1")));
        // The receivers behind border1 joined 239.1.1.1: src1's 10, never the external source's own 4.
        Assert.Equal((10L, 4L), (Sample("actorfabric_oism_external_received_total", "border1"), Sample("actorfabric_oism_external_sent_total", "border1")));
        Assert.Equal(0L, Sample("actorfabric_oism_external_received_total", "leaf1"));
        Assert.DoesNotContain("actorfabric_oism_routed_copies_total{device=\"spine1\"}", text);
        // Every route of the tenant carries one BD-RT or the SBD-RT alone: none was malformed (RFC 9625 §2.2).
        foreach (var device in new[] { "leaf1", "leaf2", "leaf3", "border1" }) Assert.Equal(0, (await fabric.OismAsync(device)).MalformedRoutes);
    }

    [Fact]
    public async Task Oism_counters_never_go_down_when_a_device_stops_and_starts_again()
    {
        await using var fabric = await StartJoinedAsync("239.1.1.1", "rx1a", "rx2b", "rx3b");
        await fabric.StartMulticastStreamAsync("src1", Group, rate: 100, count: 10, ttl: 8);
        long Routed() => (long)Metrics.ScrapedText.Value(fabric.Metrics.Scrape(), "actorfabric_oism_routed_copies_total{device=\"leaf1\"}");
        Assert.Equal(10, Routed());

        // A stopped device has no data plane; what the old one counted stays, and the new one counts on from there.
        await fabric.ApplyChaosAsync(new DeviceStopAction("leaf1"));
        Assert.Equal(10, Routed());
        await fabric.ApplyChaosAsync(new DeviceStartAction("leaf1"));
        Assert.True((await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60))).Converged);
        Assert.Equal(10, Routed());
    }

    [Fact]
    public async Task A_ttl_of_one_is_bridged_in_its_vlan_but_never_routed()
    {
        await using var fabric = await StartAsync();
        foreach (var host in new[] { "rx1a", "rx2a", "rx2b" }) await fabric.JoinGroupAsync(host, Group);
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(3));

        await fabric.StartMulticastStreamAsync("src1", Group, rate: 100, count: 5, ttl: 1);

        var receivers = await fabric.MulticastReceiversAsync(Group);
        Assert.Equal((5L, (byte)1), (receivers["rx2a"]!.Streams[0].Packets, receivers["rx2a"]!.Streams[0].LastTtl));
        Assert.Equal(0, receivers["rx1a"]!.Packets);                           // joined, but on another VLAN
        Assert.Equal(0, receivers["rx2b"]!.Packets);
        Assert.Equal(5, (await fabric.OismAsync("leaf1")).TtlExpired);          // not routed at ingress (RFC 1812 §5.3.1)
    }

    [Fact]
    public async Task Every_leaf_advertises_its_receivers_in_the_sbd_and_sees_the_peg_and_the_oism_flags_there()
    {
        await using var fabric = await StartAsync();
        await fabric.JoinGroupAsync("rx3b", Group);
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(3));

        var leaf1 = Assert.Single((await fabric.OismAsync("leaf1")).Tenants);
        Assert.Equal(("Server leaf", (ushort)999, 10999u), (leaf1.Role, leaf1.SbdVlan, leaf1.SbdVni));
        Assert.Equal(["border1", "leaf2", "leaf3"], leaf1.Peers.Select(p => p.Device!).Order().ToArray());
        Assert.All(leaf1.Peers, p => Assert.True(p.Oism));
        Assert.Equal(["border1"], leaf1.Peers.Where(p => p.Gateway).Select(p => p.Device!).ToArray());
        // rx3b's SMET is an SBD-SMET; border1 asks for its external group in the SBD too.
        Assert.Equal(["239.1.1.1 from border1", "239.1.1.1 from leaf3"],
            leaf1.SbdRoutes.Select(r => $"{r.Group} from {r.Device}").Order().ToArray());
        Assert.Contains("oism-sbd", leaf1.Flags);
        Assert.Contains("peg", Assert.Single((await fabric.OismAsync("border1")).Tenants).Flags);
    }

    [Fact]
    public async Task With_an_ar_replicator_the_ingress_leaf_sends_one_copy_and_the_replicator_serves_the_leaf_without_the_vlan_in_the_sbd()
    {
        // rep1 (a lean spine-like leaf) replicates; it carries the tenant's VLANs and SBD as seed 004 requires.
        var yaml = File.ReadAllText(Topology.RepositoryFiles.Topology("oism.yaml"))
            .Replace("multicast:\n  snooping: true", "multicast:\n  snooping: true\nassisted-replication:\n  mode: extended")
            .Replace("  - {name: border1, role: border-leaf, loopback: 10.0.0.21}",
                "  - {name: border1, role: border-leaf, loopback: 10.0.0.21}\n  - {name: rep1, role: leaf, loopback: 10.0.0.31, assisted-replication: replicator, ar-ip: 10.0.1.31}")
            .Replace("  - endpoints: [border1:eth2, spine2:eth4]", "  - endpoints: [border1:eth2, spine2:eth4]\n  - endpoints: [rep1:eth1, spine1:eth5]\n  - endpoints: [rep1:eth2, spine2:eth5]")
            .Replace("leaves: [leaf1, leaf2, border1]}", "leaves: [leaf1, leaf2, border1, rep1]}")
            .Replace("leaves: [leaf1, leaf2, leaf3, border1]}", "leaves: [leaf1, leaf2, leaf3, border1, rep1]}");
        Assert.Contains("rep1", yaml);
        var fabric = FabricRuntime.Start(TopologyLoader.Parse(yaml, "oism-ar.yaml"), new FabricRunOptions { Seed = 1, SerializeMessages = true });
        await using var _ = fabric;
        Assert.True((await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60))).Converged);
        foreach (var host in new[] { "rx1a", "rx2a", "rx2b", "rx3b" }) await fabric.JoinGroupAsync(host, Group);
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(5));  // past the replicators' activation delay

        var stream = await fabric.StartMulticastStreamAsync("src1", Group, rate: 100, count: 10, ttl: 8);

        var receivers = await fabric.MulticastReceiversAsync(Group);
        Assert.Equal(0, receivers.Duplicates);
        foreach (var (host, ttl) in new[] { ("rx2a", 8), ("rx1a", 7), ("rx2b", 7), ("rx3b", 7) })
        {
            var got = Assert.Single(receivers[host]!.Streams);
            Assert.Equal((10L, 0L, (byte)ttl), (got.Packets, got.Duplicates, got.LastTtl));
        }
        // leaf1 sent one fabric copy per datagram (to rep1), none in the SBD itself.
        var leaf1 = await fabric.ReplicationAsync("leaf1");
        Assert.Equal(10L, leaf1.Flows.Single(f => f.Vni == 10100 && f.Group == Group).FabricCopies);
        Assert.Equal(0L, Assert.Single(Assert.Single((await fabric.OismAsync("leaf1")).Tenants).Flows).SupplementaryCopies);
        // rep1 replicated in VLAN 100 (leaf2, border1) and in the SBD (leaf3).
        var rep1 = Assert.Single(Assert.Single((await fabric.OismAsync("rep1")).Tenants).Flows);
        Assert.Equal(10L, rep1.SupplementaryCopies);
        Assert.Equal(10L, (await fabric.ReplicationAsync("rep1")).AssistedReceived);
        Assert.Equal(10L, Assert.Single(Assert.Single((await fabric.OismAsync("border1")).Tenants).ExternalReceived).Packets);
    }

    [Fact]
    public async Task A_receiver_multihomed_to_two_leaves_gets_one_routed_copy_whether_the_source_is_on_one_of_them_or_elsewhere()
    {
        // mh sits on an all-active segment of leaf1 and leaf2 in VLAN 200; src3 is a VLAN 100 source on border1.
        var yaml = File.ReadAllText(Topology.RepositoryFiles.Topology("oism.yaml"))
            .Replace("hosts:\n", "ethernet-segments:\n  - {name: es1, members: [{leaf: leaf1, port: eth5}, {leaf: leaf2, port: eth5}]}\n\nhosts:\n")
            + "  - {name: mh, segment: es1, vlan: 200}\n  - {name: src3, leaf: border1, vlan: 100}\n";
        var fabric = FabricRuntime.Start(TopologyLoader.Parse(yaml, "oism-mh.yaml"), new FabricRunOptions { Seed = 1, SerializeMessages = true });
        await using var _ = fabric;
        Assert.True((await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60))).Converged);
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(5));   // past the DF election
        await fabric.JoinGroupAsync("mh", Group);
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(3));

        // From leaf1 (on the segment): leaf1 routes into VLAN 200 itself (local bias), leaf2 must not (split horizon).
        // From border1: both leaves get it in VLAN 100 and route it; only the segment's DF delivers (RFC 9625 §2.4).
        foreach (var source in new[] { "src1", "src3" })
        {
            var stream = await fabric.StartMulticastStreamAsync(source, Group, rate: 100, count: 10, ttl: 8);
            var got = (await fabric.MulticastReceiversAsync(Group))["mh"]!.Streams.Single(s => s.StreamId == stream.StreamId && s.Source == stream.Source);
            Assert.Equal((10L, 0L, (byte)7), (got.Packets, got.Duplicates, got.LastTtl));
        }
    }

    /// <summary>The fabric of oism.yaml with <paramref name="hosts"/> members of <paramref name="group"/> for 3 s (their reports seen everywhere).</summary>
    private static async Task<FabricRuntime> StartJoinedAsync(string group, params string[] hosts)
    {
        var fabric = await StartAsync();
        foreach (var host in hosts) await fabric.JoinGroupAsync(host, group);
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(3));
        return fabric;
    }

    private static async Task<FabricRuntime> StartAsync(string file = "oism.yaml")
    {
        var fabric = FabricRuntime.Start(TopologyLoader.Load(Topology.RepositoryFiles.Topology(file)), new FabricRunOptions { Seed = 1, SerializeMessages = true });
        var report = await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60));
        Assert.True(report.Converged, $"not converged: {report.Progress}");
        return fabric;
    }
}
