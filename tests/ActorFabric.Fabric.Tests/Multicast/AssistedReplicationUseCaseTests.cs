namespace ActorFabric.Fabric.Tests.Multicast;

/// <summary>
/// The four use cases of the Junos AR document (source behind a regular NVE, behind an AR replicator, behind a
/// single-homed AR leaf, behind a multihomed AR leaf in extended AR mode), each with and without IGMP snooping/SMET,
/// on topologies/assisted-replication.yaml (rep1/rep2 replicators, AR leaves leaf1-4, regular NVE nve1; segments
/// rep-es = rep1+rep2 (DF rep2), es12 = leaf1+leaf2, es123 = leaf1+leaf2+leaf3). Group 233.252.0.1 in VNI 1100 is
/// steered to rep1 by the loose policy arpol1. Every assertion is about copies and receptions, in virtual time.
/// </summary>
public sealed class AssistedReplicationUseCaseTests
{
    // Receivers spread like the document's figures: a multihomed receiver on leaf1/leaf2 (es12), the regular NVE's
    // host, a receiver on rep1 and the replicators' shared receiver (rep-es). leaf3 and leaf4 have none.
    private static readonly string[] Receivers = ["mh-rx", "nve1-h", "rep1-rx", "rep-mh"];


    public static TheoryData<bool> SnoopingOnOff => new() { true, false };

    private static async Task<ArFabric.StreamOutcome> RunAsync(bool snooping, string source)
    {
        var topology = ArFabric.Load(snooping ? null : yaml => yaml.Replace("  snooping: true", "  snooping: false"));
        await using var fabric = await ArFabric.StartAsync(topology);
        return await ArFabric.StreamAsync(fabric, source, Receivers);
    }

    /// <summary>Every joined host got each packet exactly once; with snooping nobody else got anything, without it every VNI-1100 host got it once.</summary>
    private static void AssertDelivery(ArFabric.StreamOutcome o, bool snooping, string sourceHost)
    {
        // The source does not hear itself.
        foreach (var host in Receivers.Where(h => h != sourceHost)) Assert.Equal((host, (long)ArFabric.Packets), (host, o.Got(host)));
        Assert.Equal(0, o.Receivers.Duplicates);
        var others = o.HostsWithTraffic.Except(Receivers).ToList();
        Assert.Equal(0, o.Got(sourceHost));
        if (snooping) Assert.Empty(others);
        else
        {
            // Flooded: every other host of VLAN 1100 (not the source, not VLAN 1200) gets it once, as unsolicited.
            string[] vlan1100 = ["leaf1-h", "leaf2-h", "leaf3-h", "leaf4-h", "rep2-rx", "mh-src"];
            Assert.Equal(vlan1100.Where(h => h != sourceHost).Order(), others.Order());
            Assert.All(others, h => Assert.Equal(ArFabric.Packets, o.Receivers[h]!.Unsolicited));
        }
    }

    [Theory, MemberData(nameof(SnoopingOnOff))]
    public async Task Source_behind_a_regular_NVE_uses_ingress_replication_to_every_VTEP_or_only_to_interested_ones(bool snooping)
    {
        var o = await RunAsync(snooping, "nve1-h");
        AssertDelivery(o, snooping, "nve1-h");
        // Figure 4: the NVE ignores AR routes and replicates itself. Interested VTEPs: rep1, rep2 (rep-es), leaf1, leaf2 (es12).
        long perPacket = snooping ? 4 : 6;
        Assert.Equal(ArFabric.Packets * perPacket, o.Copies("nve1"));
        Assert.Equal(0, o.Replicated("rep1") + o.Replicated("rep2"));
        if (snooping)
        {
            Assert.Equal(0, o.Received("leaf3"));
            Assert.Equal(0, o.Received("leaf4"));
        }
        // rep2 is the DF of rep-es and the traffic came from the NVE: rep2 alone delivers to rep-mh.
        Assert.Equal(ArFabric.Packets, o.Got("rep-mh"));
    }

    [Theory, MemberData(nameof(SnoopingOnOff))]
    public async Task Source_behind_a_replicator_is_ingress_replicated_by_it_and_its_multihomed_receiver_is_served_by_local_bias(bool snooping)
    {
        var o = await RunAsync(snooping, "rep1-rx");
        AssertDelivery(o, snooping, "rep1-rx");
        // Figure 5: rep1 acts as an ingress VTEP, not as a replicator: plain IR copies (SMET: rep2, leaf1, leaf2, nve1).
        Assert.Equal(ArFabric.Packets * (snooping ? 4 : 6), o.Copies("rep1"));
        Assert.Equal(0, o.Replicated("rep1"));
        // rep1 delivers to rep-mh by local bias although rep2 is the DF; rep2 skips it (same segment as the source
        // VTEP) and delivers only to rep2-rx, which gets a copy only when the VLAN floods.
        Assert.Equal(ArFabric.Packets, o.Local("rep1"));
        Assert.Equal(snooping ? 0 : ArFabric.Packets, o.Local("rep2"));
    }

    [Theory, MemberData(nameof(SnoopingOnOff))]
    public async Task Source_behind_a_single_homed_AR_leaf_sends_one_copy_to_the_replicator_which_replicates_to_the_others_but_never_back(bool snooping)
    {
        var o = await RunAsync(snooping, "leaf4-h");
        AssertDelivery(o, snooping, "leaf4-h");
        // Figure 6: one copy per packet to rep1 (policy arpol1), none to anybody else.
        Assert.Equal(ArFabric.Packets, o.Copies("leaf4"));
        Assert.Equal(ArFabric.Packets, o.Received("rep1"));
        // rep1 replicates to the other VTEPs (SMET: those with listeners: rep2, leaf1, leaf2, nve1), never to leaf4.
        Assert.Equal(ArFabric.Packets * (snooping ? 4 : 5), o.Replicated("rep1"));
        Assert.Equal(0, o.Received("leaf4"));
        if (snooping) Assert.Equal(0, o.Received("leaf3"));
        // rep1 serves rep-mh by local bias; rep2 gets rep1's copy with rep1's IR IP as source and skips rep-mh.
        Assert.Equal(ArFabric.Packets, o.Got("rep-mh"));
        Assert.Equal(0, o.Replicated("rep2"));
    }

    [Theory, MemberData(nameof(SnoopingOnOff))]
    public async Task Source_on_a_multihomed_segment_in_extended_mode_replicates_to_its_peers_itself_and_the_replicator_skips_them(bool snooping)
    {
        var o = await RunAsync(snooping, "mh-src");
        AssertDelivery(o, snooping, "mh-src");
        // The LAG hashes the stream onto one member of es123: that leaf is the ingress.
        var ingress = Assert.Single(new[] { "leaf1", "leaf2", "leaf3" }, l => (o.Flows[l]?.Originated ?? 0) > 0);
        string[] peers = ingress == "leaf3" ? ["leaf1", "leaf2"] : [.. new[] { "leaf1", "leaf2", "leaf3" }.Where(l => l != ingress)];
        // Figure 7: one copy to rep1 plus one to each multihoming peer (with SMET only peers with listeners: leaf1/leaf2 via es12).
        var interestedPeers = snooping ? peers.Where(p => p != "leaf3").ToArray() : peers;
        Assert.Equal(ArFabric.Packets * (1 + interestedPeers.Length), o.Copies(ingress));
        // Each peer got exactly one copy per packet (from the ingress leaf, not again from the replicator).
        foreach (var peer in interestedPeers) Assert.Equal((peer, (long)ArFabric.Packets), (peer, o.Received(peer)));
        Assert.Equal(0, o.Received(ingress));
        // rep1 replicates to the others: rep2 and nve1 (and leaf4 without snooping), never to the ingress leaf or its peers.
        Assert.Equal(ArFabric.Packets * (snooping ? 2 : 3), o.Replicated("rep1"));
    }
}
