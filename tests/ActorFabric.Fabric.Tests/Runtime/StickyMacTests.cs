using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Tests.Topology;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Tests.Runtime;

/// <summary>A MAC the topology pins on a leaf port (`static-mac: true`, RFC 7432 §15.2), seen through show and /metrics.</summary>
public sealed class StickyMacTests
{
    /// <summary>The quickstart fabric with h1's MAC configured static on leaf1:eth3.</summary>
    private static FabricTopology WithStaticH1()
    {
        var path = RepositoryFiles.Topology("quickstart.yaml");
        string yaml = File.ReadAllText(path);
        const string h1 = "  - {name: h1, leaf: leaf1, port: eth3, vlan: 100, mac: \"02:00:00:00:01:01\", ip: 192.168.100.11/24";
        Assert.Contains(h1 + "}", yaml);
        return TopologyLoader.Parse(yaml.Replace(h1 + "}", h1 + ", static-mac: true}"), path);
    }

    [Fact]
    public void The_topology_key_marks_the_host_mac_static()
    {
        var topology = WithStaticH1();
        Assert.True(topology.Hosts.Single(h => h.Name == "h1").StaticMac);
        Assert.All(topology.Hosts.Where(h => h.Name != "h1"), h => Assert.False(h.StaticMac));
    }

    [Fact]
    public async Task A_static_mac_is_advertised_sticky_never_moves_and_a_learning_elsewhere_is_reported_by_show_and_metrics()
    {
        await using var fabric = FabricRuntime.Start(WithStaticH1(), new FabricRunOptions { Seed = 1, SerializeMessages = true });
        var report = await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60));
        Assert.True(report.Converged, $"not converged: {report.Progress}");
        var h1 = fabric.Topology.Hosts.Single(h => h.Name == "h1");
        string mac = new Wire.Packets.MacAddress(h1.Mac).ToString();

        async Task<EvpnMacEntry> Entry(string leaf) => (await fabric.EvpnMacTableAsync(leaf, h1.Vni)).Entries.Single(e => e.Mac == mac);

        var pinned = await Entry("leaf1");
        Assert.Equal(("local", "eth3", true, 0u), (pinned.Kind, pinned.Interface, pinned.Sticky, pinned.Sequence));
        var seen = await Entry("leaf3");
        Assert.Equal(("remote", "10.0.0.11", true), (seen.Kind, seen.RemoteVtep, seen.Sticky));
        Assert.Contains("actorfabric_sticky_mac_conflicts_total{device=\"leaf2\"} 0", fabric.Metrics.Scrape());

        // The host turns up behind leaf2 (its gratuitous ARP, then traffic): leaf2 must not learn it and must alert.
        await fabric.VmMoveAsync("h1", "leaf2", "eth5");
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(1));
        await fabric.PingAsync("h1", "h3", 2);

        var conflicted = await Entry("leaf2");
        Assert.Equal(("remote", "10.0.0.11", true, 1), (conflicted.Kind, conflicted.RemoteVtep, conflicted.Sticky, conflicted.StickyConflicts));
        foreach (var leaf in new[] { "leaf3", "leaf4" })
            Assert.Equal("10.0.0.11", (await Entry(leaf)).RemoteVtep); // never moved
        Assert.Equal(("local", "eth3"), ((await Entry("leaf1")).Kind, (await Entry("leaf1")).Interface));

        string metrics = fabric.Metrics.Scrape();
        Assert.Contains("actorfabric_sticky_mac_conflicts_total{device=\"leaf2\"} 1", metrics);
        Assert.Contains("actorfabric_sticky_mac_conflicts_total{device=\"leaf1\"} 0", metrics);
    }
}
