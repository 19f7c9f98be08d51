using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Tests.Runtime;

/// <summary>
/// A server dual-homed on leaf1 and leaf2 (an all-active Ethernet segment), in virtual time: the leaves find each
/// other by their ES routes, elect one DF for the VNI after the 3 s peering timer (RFC 7432 §8.5), advertise per-ES
/// A-D routes that remote leaves receive, and re-elect when one LAG link goes down.
/// </summary>
public sealed class EthernetSegmentTests
{
    private const string Yaml = """
        name: mh
        nodes:
          - {name: spine1, role: spine, route-reflector: true, loopback: 10.0.0.1}
          - {name: leaf1, role: leaf, loopback: 10.0.0.11}
          - {name: leaf2, role: leaf, loopback: 10.0.0.12}
          - {name: leaf3, role: leaf, loopback: 10.0.0.13}
        links:
          - endpoints: [leaf1:eth1, spine1:eth1]
          - endpoints: [leaf2:eth1, spine1:eth2]
          - endpoints: [leaf3:eth1, spine1:eth3]
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
}
