using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Fabric.Tests.Runtime;

public sealed class ChaosAndMetricsTests
{
    [Theory]
    [InlineData("link-down leaf1 spine1", typeof(LinkDownAction))]
    [InlineData("link-up leaf1 spine1", typeof(LinkUpAction))]
    [InlineData("link-set leaf1 spine1 --latency 2ms --loss 5%", typeof(LinkSetAction))]
    [InlineData("device-stop leaf2", typeof(DeviceStopAction))]
    [InlineData("device-start leaf2", typeof(DeviceStartAction))]
    [InlineData("vm-move h1 leaf2:eth5", typeof(VmMoveAction))]
    public void Chaos_actions_parse_from_the_issue_grammar(string text, Type expected) =>
        Assert.IsType(expected, ChaosAction.Parse(text));

    [Fact]
    public void Chaos_parsing_reads_values_and_rejects_nonsense()
    {
        var set = Assert.IsType<LinkSetAction>(ChaosAction.Parse("link-set a b --latency 1.5ms --loss 0.25"));
        Assert.Equal(TimeSpan.FromMicroseconds(1500), set.Latency);
        Assert.Equal(0.25, set.Loss);
        var move = Assert.IsType<VmMoveAction>(ChaosAction.Parse("vm-move h1 leaf2:eth5"));
        Assert.Equal(("h1", "leaf2", "eth5"), (move.Host, move.Leaf, move.Port));
        Assert.Throws<FormatException>(() => ChaosAction.Parse("link-set a b"));
        Assert.Throws<FormatException>(() => ChaosAction.Parse("reboot x"));
        Assert.Throws<FormatException>(() => ChaosAction.Parse("vm-move h1 leaf2"));
        Assert.Throws<FormatException>(() => ChaosAction.Parse("link-set a b --loss 150%"));
    }

    [Theory]
    [InlineData("link-set a b --loss NaN")]
    [InlineData("link-set a b --loss Infinity")]
    [InlineData("link-set a b --loss -0.1")]
    [InlineData("link-set a b --latency 100000000s")]
    [InlineData("link-set a b --latency 5")]
    [InlineData("link-set a b --latency -5ms")]
    public void Chaos_parsing_refuses_what_a_topology_file_refuses(string text)
    {
        Assert.Throws<FormatException>(() => ChaosAction.Parse(text));
    }

    [Fact]
    public async Task The_runtime_refuses_link_values_a_topology_file_refuses_and_changes_nothing()
    {
        await using var fabric = QuickstartFabric.Start();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => fabric.LinkSetAsync("leaf1", "spine1", loss: double.NaN));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => fabric.LinkSetAsync("leaf1", "spine1", latency: TimeSpan.FromSeconds(100_000_000)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => fabric.LinkSetAsync("leaf1", "spine1", latency: TimeSpan.FromMilliseconds(-1)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => fabric.PingAsync("h1", "h5", 1, TimeSpan.FromSeconds(-1)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => fabric.PingAsync("h1", "h5", 0));
    }

    [Fact]
    public async Task Link_latency_set_by_chaos_shows_in_the_ping_round_trip()
    {
        await using var fabric = await QuickstartFabric.StartConvergedAsync();
        var before = await fabric.PingAsync("h1", "h5", 2);
        await fabric.LinkSetAsync("leaf1", "spine1", latency: TimeSpan.FromMilliseconds(5));
        await fabric.LinkSetAsync("leaf1", "spine2", latency: TimeSpan.FromMilliseconds(5));
        var after = await fabric.PingAsync("h1", "h5", 2);
        Assert.Equal(2, after.Received);
        // Both directions cross one of leaf1's uplinks, whose latency went from 10 us to 5 ms.
        var delta = after.Replies[^1].RoundTrip - before.Replies[^1].RoundTrip;
        Assert.Equal(2 * (TimeSpan.FromMilliseconds(5) - fabric.Topology.Settings.DefaultLinkLatency), delta);
    }

    [Fact]
    public async Task Unknown_names_are_rejected_with_near_matches()
    {
        await using var fabric = QuickstartFabric.Start();
        var e = await Assert.ThrowsAsync<UnknownFabricObjectException>(() => fabric.BgpSummaryAsync("leaf9"));
        Assert.Equal("device", e.Kind);
        Assert.Contains("leaf1", e.Suggestions);
        await Assert.ThrowsAsync<UnknownFabricObjectException>(() => fabric.PingAsync("h1", "h99"));
    }

    [Fact]
    public async Task Metrics_expose_the_issue_families_with_live_values()
    {
        await using var fabric = await QuickstartFabric.StartConvergedAsync();
        await fabric.PingAsync("h1", "h5", 1);
        string text = fabric.Metrics.Scrape();
        Assert.Contains("actorfabric_bgp_sessions{device=\"leaf1\",state=\"established\"} 2", text);
        Assert.Contains("actorfabric_bgp_sessions{device=\"leaf1\",state=\"idle\"} 0", text);
        Assert.Contains("actorfabric_evpn_routes{device=\"leaf1\",type=\"3\"} 6", text);
        Assert.Contains("actorfabric_evpn_routes{device=\"leaf1\",type=\"2\"} 12", text);
        Assert.Contains("actorfabric_fdb_entries{device=\"leaf1\"} 8", text);
        Assert.Contains("actorfabric_bum_copies_sent_total{device=\"leaf1\"}", text); // GARPs left before flood lists existed
        Assert.Matches("actorfabric_link_frames_total\\{link=\"leaf1:eth1-spine1:eth1\",direction=\"a_to_b\"\\} [1-9]", text);
        Assert.Contains("actorfabric_link_bytes_total", text);
        Assert.Matches("actorfabric_convergence_seconds [0-9.]+", text);
        Assert.Contains("actorfabric_actor_mailbox_depth{device=\"spine1\"}", text);
    }
}
