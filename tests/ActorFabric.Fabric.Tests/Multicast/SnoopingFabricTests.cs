namespace ActorFabric.Fabric.Tests.Multicast;

/// <summary>
/// IGMP/MLD snooping and SMET across the AR fabric, in virtual time: membership survives the query cycle, a leave
/// stops the traffic after the last-member queries, and multihoming peers share state with join/leave synch routes
/// (RFC 9251 types 7/8) so whichever leaf the LAG hashes a report to, both serve the segment.
/// </summary>
public sealed class SnoopingFabricTests
{
    [Fact]
    public async Task Membership_outlives_the_group_membership_interval_because_hosts_answer_the_leaf_queries()
    {
        await using var fabric = await ArFabric.StartAsync(ArFabric.Load());
        await fabric.JoinGroupAsync("nve1-h", "239.5.5.5", version: 3);
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(400));          // > 260 s: only query answers keep the state
        var o = await ArFabric.StreamAsync(fabric, "leaf4-h", [], group: "239.5.5.5");
        Assert.Equal(ArFabric.Packets, o.Got("nve1-h"));
        Assert.Equal(0, o.Receivers.Duplicates);
        Assert.Contains((await fabric.SnoopingProxyAsync("leaf4")).Entries, e => e.Group == "239.5.5.5" && e.RemoteVteps.Any(v => v.Contains("nve1", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task After_a_leave_and_the_last_member_queries_the_leaf_withdraws_its_SMET_and_no_copy_crosses_the_core()
    {
        await using var fabric = await ArFabric.StartAsync(ArFabric.Load());
        await fabric.JoinGroupAsync("nve1-h", "239.6.6.6", version: 2);
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(3));
        Assert.Contains((await fabric.SnoopingProxyAsync("leaf4")).Entries, e => e.Group == "239.6.6.6");
        await fabric.LeaveGroupAsync("nve1-h", "239.6.6.6");
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(5));            // 2 group-specific queries, 1 s apart, unanswered
        Assert.DoesNotContain((await fabric.SnoopingProxyAsync("leaf4")).Entries, e => e.Group == "239.6.6.6");
        var o = await ArFabric.StreamAsync(fabric, "leaf4-h", [], group: "239.6.6.6");
        Assert.Empty(o.HostsWithTraffic);
        Assert.Equal(0, o.Replicated("rep1") + o.Replicated("rep2"));
    }

    [Fact]
    public async Task A_report_on_one_leaf_of_a_segment_is_synced_to_its_peer_and_a_leave_removes_it_on_both()
    {
        await using var fabric = await ArFabric.StartAsync(ArFabric.Load());
        await fabric.JoinGroupAsync("mh-rx", "239.7.7.7", version: 2);
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(3));
        // mh-rx (es12) is reached over leaf1 and leaf2: both have the port, one from the report, one from the type 7.
        foreach (var leaf in new[] { "leaf1", "leaf2" })
            Assert.Contains((await fabric.SnoopingProxyAsync(leaf)).Entries, e => e.Group == "239.7.7.7" && e.LocalPorts.Contains("eth5"));
        var routes = (await fabric.RouteTableAsync("leaf1")).Routes.Concat((await fabric.RouteTableAsync("leaf2")).Routes);
        Assert.Contains(routes, r => r.RouteType == 7 && r.Ip == "239.7.7.7");

        var o = await ArFabric.StreamAsync(fabric, "nve1-h", [], group: "239.7.7.7");
        Assert.Equal((10L, 0L), (o.Got("mh-rx"), o.Receivers.Duplicates));   // the DF alone delivers

        await fabric.LeaveGroupAsync("mh-rx", "239.7.7.7");
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(6));
        foreach (var leaf in new[] { "leaf1", "leaf2" })
            Assert.DoesNotContain((await fabric.SnoopingProxyAsync(leaf)).Entries, e => e.Group == "239.7.7.7" && e.LocalPorts.Count > 0);
        Assert.DoesNotContain((await fabric.RouteTableAsync("nve1")).Routes, r => r.RouteType == 6 && r.Ip == "239.7.7.7");
    }

    [Fact]
    public async Task An_MLDv2_listener_across_the_fabric_gets_an_IPv6_stream_once_and_other_hosts_get_nothing()
    {
        await using var fabric = await ArFabric.StartAsync(ArFabric.Load());
        var o = await ArFabric.StreamAsync(fabric, "leaf4-h", [], group: "ff0e::1:5");
        Assert.Empty(o.HostsWithTraffic);
        await fabric.JoinGroupAsync("nve1-h", "ff0e::1:6", version: 2);
        o = await ArFabric.StreamAsync(fabric, "leaf4-h", [], group: "ff0e::1:6");
        Assert.Equal(["nve1-h"], o.HostsWithTraffic);
        Assert.Equal((10L, 0L), (o.Got("nve1-h"), o.Receivers.Duplicates));
    }

    [Fact]
    public async Task The_fabric_stays_converged_when_multihomed_hosts_frames_reach_every_leaf_of_their_segments()
    {
        var topology = ArFabric.Load();
        await using var fabric = ActorFabric.Fabric.Runtime.FabricRuntime.Start(topology, new ActorFabric.Fabric.Runtime.FabricRunOptions { Seed = 1, SerializeMessages = true });
        Assert.True((await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60))).Converged);
        // Reports hash over the LAG members: the MACs of multihomed hosts get learnt and advertised by more than one
        // leaf of their segment; the expected route count must not depend on which ones.
        foreach (var host in new[] { "mh-rx", "mh-src", "rep-mh" })
            for (int g = 1; g <= 4; g++) await fabric.JoinGroupAsync(host, $"233.252.0.{g}", version: 2);
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(3));
        var report = await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(20));
        Assert.True(report.Converged, report.Progress.ToString());
        Assert.Equal(report.Progress.RoutesExpected, report.Progress.RoutesPresent);
    }
}
