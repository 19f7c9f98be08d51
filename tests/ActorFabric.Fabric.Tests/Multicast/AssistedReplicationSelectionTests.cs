using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;
using ActorFabric.Protocols.Multicast.Replication;

namespace ActorFabric.Fabric.Tests.Multicast;

/// <summary>
/// Which replicator an AR leaf uses, and what happens when replicators fail or cannot be used: hash-mod of the VNI,
/// deterministic policies in strict and loose mode, the two documented fallbacks to ingress replication, re-selection
/// when a replicator's routes are withdrawn, and the documented snooping limitation. Virtual time.
/// </summary>
public sealed class AssistedReplicationSelectionTests
{
    private const string Rep1 = "192.168.104.1", Rep2 = "192.168.105.1";

    private static async Task<AssistedReplicationInstance> InstanceAsync(FabricRuntime fabric, string device, uint vni) =>
        (await fabric.AssistedReplicationAsync(device)).Instances.Single(i => i.Vni == vni);

    [Fact]
    public async Task Leaves_spread_VNIs_over_the_replicators_by_hash_mod_of_the_VNI()
    {
        const string yaml = """
            generate: {spines: 2, spine-route-reflectors: 2, leaves: 4, replicators: 2, assisted-replication: true, vnis: 8, first-vni: 10000, first-vlan: 100, vnis-per-leaf: 8, hosts-per-vni-per-leaf: 0}
            """;
        var topology = TopologyLoader.Parse(yaml, "lb.yaml");
        await using var fabric = await ArFabric.StartAsync(topology);
        var table = await fabric.AssistedReplicationAsync("leaf1");
        var replicators = table.Instances[0].Replicators.Select(r => r.ArIp).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(2, replicators.Length);
        foreach (var instance in table.Instances)
        {
            // The documented QFX5000 method: a hash of the VNI modulo the number of replicators (ordered by AR IP).
            var expected = replicators[(int)(ReplicatorHash.OfVni(instance.Vni) % 2)];
            Assert.Equal((instance.Vni, expected), (instance.Vni, instance.ChosenReplicator));
            Assert.Equal("Extended AR", instance.OperationalMode);
        }
        Assert.Equal(2, table.Instances.Select(i => i.ChosenReplicator).Distinct().Count());
        // Every leaf makes the same choice per VNI.
        var leaf4 = await fabric.AssistedReplicationAsync("leaf4");
        Assert.Equal(table.Instances.Select(i => i.ChosenReplicator), leaf4.Instances.Select(i => i.ChosenReplicator));
    }

    [Fact]
    public async Task A_loose_policy_falls_back_to_its_fallback_replicator_when_the_preferred_one_fails_and_the_leaf_reports_the_change()
    {
        await using var fabric = await ArFabric.StartAsync(ArFabric.Load());
        Assert.Contains("Loose/192.168.104.1/192.168.105.1", (await InstanceAsync(fabric, "leaf4", 1100)).Policies.Select(p => p.Status));
        await fabric.DeviceStopAsync("rep1");
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(12));      // BFD/hold timers, the withdrawals reach every leaf

        var instance = await InstanceAsync(fabric, "leaf4", 1100);
        Assert.Equal(Rep2, Assert.Single(instance.Replicators).ArIp);
        Assert.Equal(Rep2, instance.ChosenReplicator);
        Assert.NotNull(instance.LastChange);
        Assert.True((await fabric.AssistedReplicationAsync("leaf4")).ReplicatorChanges > 0);
        Assert.Equal(Rep2, instance.Policies.Single(p => p.Policy == "arpol1").InUse);

        var o = await ArFabric.StreamAsync(fabric, "leaf4-h", ["nve1-h", "mh-rx"]);
        Assert.Equal((10L, 10L, 0L), (o.Got("nve1-h"), o.Got("mh-rx"), o.Receivers.Duplicates));
        Assert.Equal(ArFabric.Packets, o.Copies("leaf4"));                 // still one copy: to rep2 now
        Assert.True(o.Replicated("rep2") > 0);
    }

    [Fact]
    public async Task A_strict_policy_drops_its_flows_while_the_preferred_replicator_is_down_and_other_flows_use_the_default_method()
    {
        await using var fabric = await ArFabric.StartAsync(ArFabric.Load());
        // arpol2: 233.252.1.0/24 strictly to rep2.
        var before = await ArFabric.StreamAsync(fabric, "leaf4-h", ["nve1-h"], group: "233.252.1.1");
        Assert.Equal(ArFabric.Packets, before.Got("nve1-h"));
        Assert.True(before.Replicated("rep2") > 0);

        await fabric.DeviceStopAsync("rep2");
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(12));
        var instance = await InstanceAsync(fabric, "leaf4", 1100);
        Assert.Contains("Strict/192.168.105.1/0.0.0.0", instance.Policies.Select(p => p.Status));

        var strict = await ArFabric.StreamAsync(fabric, "leaf4-h", ["nve1-h"], group: "233.252.1.2");
        Assert.Equal(0, strict.Got("nve1-h"));                           // dropped at the AR leaf
        Assert.Equal(0, strict.Copies("leaf4"));
        var other = await ArFabric.StreamAsync(fabric, "leaf4-h", ["nve1-h"], group: "239.9.9.9");
        Assert.Equal(ArFabric.Packets, other.Got("nve1-h"));               // no policy: rep1 by hash-mod
        Assert.True(other.Replicated("rep1") > 0);
    }

    [Fact]
    public async Task Without_replicators_an_AR_leaf_falls_back_to_ingress_replication()
    {
        await using var fabric = await ArFabric.StartAsync(ArFabric.Load());
        await fabric.DeviceStopAsync("rep1");
        await fabric.DeviceStopAsync("rep2");
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(12));
        var instance = await InstanceAsync(fabric, "leaf4", 1100);
        Assert.Equal("No replicators/Ingress Replication", instance.OperationalMode);
        Assert.Null(instance.ChosenReplicator);

        var o = await ArFabric.StreamAsync(fabric, "leaf4-h", ["nve1-h", "mh-rx"]);
        Assert.Equal((10L, 10L, 0L), (o.Got("nve1-h"), o.Got("mh-rx"), o.Receivers.Duplicates));
        // Plain IR with SMET: one copy per packet to each interested VTEP (nve1, leaf1, leaf2).
        Assert.Equal(ArFabric.Packets * 3, o.Copies("leaf4"));
    }

    [Fact]
    public async Task An_AR_leaf_sharing_a_segment_with_a_replicator_reports_a_misconfiguration_and_uses_ingress_replication()
    {
        var topology = ArFabric.Load(yaml => yaml
            .Replace("  - name: es12 ", "  - name: mis\n    members: [{leaf: rep1, port: eth6}, {leaf: leaf4, port: eth5}]\n  - name: es12 ")
            .Replace("hosts:\n", "hosts:\n  - {name: mis-h, segment: mis, vlan: 1100}\n"));
        await using var fabric = await ArFabric.StartAsync(topology);
        var leaf4 = await InstanceAsync(fabric, "leaf4", 1100);
        Assert.Equal("Misconfiguration/Ingress Replication", leaf4.OperationalMode);
        Assert.Equal("Extended AR", (await InstanceAsync(fabric, "leaf3", 1100)).OperationalMode);

        var o = await ArFabric.StreamAsync(fabric, "leaf4-h", ["nve1-h", "mh-rx"]);
        Assert.Equal((10L, 10L, 0L), (o.Got("nve1-h"), o.Got("mh-rx"), o.Receivers.Duplicates));
        Assert.Equal(0, o.Replicated("rep1") + o.Replicated("rep2"));
    }

    [Fact]
    public async Task A_snooping_replicator_drops_the_traffic_towards_an_AR_leaf_that_does_not_snoop_as_documented()
    {
        // leaf3 is an AR leaf without snooping: its IMET has no proxy flags, so it wants every flow (RFC 9251 §8), but
        // the replicator does not send to it (the document's limitation); a regular NVE without snooping would get it.
        var topology = ArFabric.Load(yaml => yaml.Replace("  - {name: leaf3, role: leaf, loopback: 10.0.0.13}", "  - {name: leaf3, role: leaf, loopback: 10.0.0.13, snooping: false}"));
        await using var fabric = await ArFabric.StartAsync(topology);
        var o = await ArFabric.StreamAsync(fabric, "leaf4-h", ["nve1-h", "leaf3-h"]);
        Assert.Equal(ArFabric.Packets, o.Got("nve1-h"));
        Assert.Equal(0, o.Got("leaf3-h"));
        Assert.Equal(0, o.Received("leaf3"));
        Assert.True(o.Reports["rep1"].ArLeafWithoutSnoopingDrops >= ArFabric.Packets);
    }
}

/// <summary>The RFC 9574 behaviour where the document differs: regular AR mode and the replicator's IR route role.</summary>
public sealed class AssistedReplicationRfcModeTests
{
    private static FabricTopology Rfc9574() => ArFabric.Load(yaml => yaml
        .Replace("  mode: extended ", "  mode: regular ")
        .Replace("  load-balancing: vni ", "  replicator-ir-role: rnve\n  unknown-unicast: ingress\n  load-balancing: vni "));

    [Fact]
    public async Task In_regular_mode_the_replicator_keeps_the_ingress_source_and_serves_the_peers_which_apply_local_bias()
    {
        await using var fabric = await ArFabric.StartAsync(Rfc9574());
        Assert.Equal("Regular AR", (await fabric.AssistedReplicationAsync("leaf1")).Instances.Single(i => i.Vni == 1100).OperationalMode);
        var o = await ArFabric.StreamAsync(fabric, "mh-src", ["mh-rx", "nve1-h", "rep1-rx", "leaf3-h"]);
        foreach (var host in new[] { "mh-rx", "nve1-h", "rep1-rx", "leaf3-h" }) Assert.Equal((host, 10L), (host, o.Got(host)));
        Assert.Equal(0, o.Receivers.Duplicates);
        var ingress = Assert.Single(new[] { "leaf1", "leaf2", "leaf3" }, l => (o.Flows[l]?.Originated ?? 0) > 0);
        // One copy per packet, to the replicator only: the peers get theirs from it.
        Assert.Equal(ArFabric.Packets, o.Copies(ingress));
        foreach (var peer in new[] { "leaf1", "leaf2", "leaf3" }.Where(l => l != ingress && (o.Flows[l] is not null)))
            Assert.Equal(ArFabric.Packets, o.Received(peer));
        Assert.Equal(0, o.Received(ingress));
    }

    [Fact]
    public async Task With_the_RFC_role_setting_a_replicator_advertises_its_IR_route_as_RNVE_and_its_AR_route_as_AR_REPLICATOR()
    {
        await using var fabric = await ArFabric.StartAsync(Rfc9574());
        var table = await fabric.RouteTableAsync("leaf4");
        var fromRep1 = table.Routes.Where(r => r.RouteType == 3 && r.Best && r.RouteDistinguisher.StartsWith("10.0.0.21:", StringComparison.Ordinal)).ToList();
        Assert.Contains(fromRep1, r => r.Pmsi == "INGRESS-REPLICATION 10.0.0.21 label 1100");
        Assert.Contains(fromRep1, r => r.Pmsi == "ASSISTED-REPLICATION 192.168.104.1 label 1100 AR-REPLICATOR" && r.NextHop == "192.168.104.1");
        var own = (await fabric.RouteTableAsync("leaf4")).Routes.Where(r => r.RouteType == 3 && r.Source == "local");
        Assert.All(own, r => Assert.EndsWith("AR-LEAF", r.Pmsi));
    }

    [Fact]
    public async Task By_default_a_replicator_marks_its_IR_route_AR_REPLICATOR_and_its_AR_route_carries_Extended_MH_AR()
    {
        await using var fabric = await ArFabric.StartAsync(ArFabric.Load());
        var routes = (await fabric.RouteTableAsync("leaf4")).Routes.Where(r => r.RouteType == 3 && r.Best && r.RouteDistinguisher.StartsWith("10.0.0.21:", StringComparison.Ordinal)).ToList();
        Assert.Contains(routes, r => r.Pmsi == "INGRESS-REPLICATION 10.0.0.21 label 1100 AR-REPLICATOR");
        // Its own key (originator = AR IP), next hop = AR IP, PMSI type AR with T = AR-REPLICATOR (RFC 9574 §4).
        var ar = Assert.Single(routes, r => r.Pmsi == "ASSISTED-REPLICATION 192.168.104.1 label 1100 AR-REPLICATOR");
        Assert.Equal(("192.168.104.1", "192.168.104.1"), (ar.Ip, ar.NextHop));
        Assert.Contains(ar.Communities!, c => c.Contains("extended-mh-ar", StringComparison.Ordinal));
    }
}
