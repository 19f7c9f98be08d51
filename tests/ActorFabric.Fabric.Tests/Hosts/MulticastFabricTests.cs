using ActorFabric.Fabric.Hosts;
using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Tests.Runtime;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Tests.Hosts;

/// <summary>
/// Hosts of a running fabric join groups and send streams through the runtime's multicast operations, in virtual
/// time. What reaches a host that did not join depends on the switches (flooding without snooping); these tests only
/// rely on what holds either way: members get every datagram once, non-members count what they get as unsolicited.
/// </summary>
public sealed class MulticastFabricTests
{
    [Fact]
    public async Task A_member_across_the_fabric_gets_every_datagram_of_a_stream_once_and_non_members_count_theirs_as_unsolicited()
    {
        await using var fabric = await QuickstartFabric.StartConvergedAsync();
        var join = await fabric.JoinGroupAsync("h3", "239.1.1.1");           // leaf2, VNI 10100, IGMPv3 by default
        Assert.Equal((MulticastProtocol.Igmpv3, true, "239.1.1.1"), (join.Protocol, join.Changed, join.Group));
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(2));

        var stream = await fabric.StartMulticastStreamAsync("h1", "239.1.1.1", rate: 100, payloadSize: 200, count: 20);
        Assert.Equal((20L, "192.168.100.11"), (stream.Sent, stream.Source));
        Assert.Equal(TimeSpan.FromMilliseconds(190), stream.FinishedAt - stream.StartedAt);

        var receivers = await fabric.MulticastReceiversAsync("239.1.1.1");
        var h3 = receivers["h3"]!;
        Assert.True(h3.Joined);
        var got = Assert.Single(h3.Streams);
        Assert.Equal(("192.168.100.11", stream.StreamId, 20L, 20L * 200, 0L, 0L), (got.Source, got.StreamId, got.Packets, got.Bytes, got.Duplicates, got.Unsolicited));
        Assert.Equal(0, receivers.Duplicates);
        Assert.Null(receivers["h1"]);                                        // the sender does not hear itself
        foreach (var other in receivers.Receivers.Where(r => r.Host != "h3"))
        {
            Assert.False(other.Joined, other.Host);
            Assert.Equal(other.Packets, other.Unsolicited);
            Assert.Contains(other.Host, new[] { "h5", "h7" });               // VNI 10100 only: never h2/h4/h6/h8
        }
    }

    [Fact]
    public async Task After_an_mldv1_leave_the_host_counts_the_group_as_unsolicited_and_bad_requests_are_refused()
    {
        await using var fabric = await QuickstartFabric.StartConvergedAsync();
        Assert.Equal(MulticastProtocol.Mldv1, (await fabric.JoinGroupAsync("h4", "ff0e::1:3", version: 1)).Protocol);
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.True((await fabric.LeaveGroupAsync("h4", "ff0e::1:3")).Changed);
        Assert.False((await fabric.LeaveGroupAsync("h4", "ff0e::1:3")).Changed);
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(2));

        await fabric.StartMulticastStreamAsync("h2", "ff0e::1:3", rate: 50, payloadSize: 64, count: 5);
        var receivers = await fabric.MulticastReceiversAsync("ff0e::1:3");
        Assert.All(receivers.Receivers, r => Assert.Equal(r.Packets, r.Unsolicited));
        Assert.All(receivers.Receivers, r => Assert.False(r.Joined));

        await Assert.ThrowsAsync<ArgumentException>(() => fabric.JoinGroupAsync("h4", "239.1.1.1", version: 2, sources: ["10.0.0.1"]));
        await Assert.ThrowsAsync<ArgumentException>(() => fabric.JoinGroupAsync("h4", "not-an-address"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => fabric.StartMulticastStreamAsync("h4", "239.1.1.1", payloadSize: 4));
        await Assert.ThrowsAsync<UnknownFabricObjectException>(() => fabric.JoinGroupAsync("nobody", "239.1.1.1"));
    }

    [Fact]
    public async Task A_multihomed_server_joins_over_its_lag_and_receives_one_copy_of_each_datagram()
    {
        // topologies/multihomed.yaml: server1 on segment bond1 (leaf1 + leaf2, all-active), h3 on leaf3, both in VLAN 100.
        var topology = TopologyLoader.Load(Topology.RepositoryFiles.Topology("multihomed.yaml"));
        await using var fabric = FabricRuntime.Start(topology, new FabricRunOptions { Seed = 1, SerializeMessages = true });
        Assert.True((await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60))).Converged);
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(5)); // past the DF election

        var h3 = new Wire.Packets.Ipv4Address(fabric.Topology.Hosts.Single(h => h.Name == "h3").Ipv4).ToString();
        await fabric.JoinGroupAsync("server1", "239.2.2.2", sources: [h3]);   // IGMPv3 source-specific, sent over one LAG member
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(2));
        var stream = await fabric.StartMulticastStreamAsync("h3", "239.2.2.2", rate: 20, count: 10);

        var server = (await fabric.MulticastReceiversAsync("239.2.2.2"))["server1"]!;
        Assert.True(server.Joined);
        var got = Assert.Single(server.Streams);
        Assert.Equal((h3, 10L, 0L, 0L), (got.Source, got.Packets, got.Duplicates, got.Unsolicited));
        Assert.Equal(h3, stream.Source);
    }
}
