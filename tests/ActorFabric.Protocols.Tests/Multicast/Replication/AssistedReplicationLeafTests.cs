using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Multicast.Replication;
using ActorFabric.Wire.Bgp;
using static ActorFabric.Protocols.Tests.Multicast.Replication.ReplicationFabric;

namespace ActorFabric.Protocols.Tests.Multicast.Replication;

public sealed class AssistedReplicationLeafTests
{
    private static readonly MulticastFlow G2 = Flow("10.1.1.1", "233.252.0.2");

    [Theory]
    // FNV-1a 32 of the VNI's three octets, fmix32, mod 2 over the replicators sorted by AR IP.
    [InlineData(10100u, "10.0.1.1")]
    [InlineData(10200u, "10.0.1.2")]
    [InlineData(10300u, "10.0.1.1")]
    [InlineData(10101u, "10.0.1.2")]
    public void By_vni_hash_mod_gives_each_vni_one_replicator(uint vni, string expected)
    {
        var list = Fabric(Leaf4, vni: vni);
        var ar = Active(LeafOptions, Leaf4, list, vni: vni);
        Assert.Equal(AssistedReplicationOperationalMode.ExtendedAr, ar.Mode);
        Assert.Equal(expected, ar.ChosenReplicator?.ToString());
        var targets = ar.SelectTargets(list, BumTrafficKind.Broadcast);
        Assert.Equal([expected], Vteps(targets));
        Assert.Equal(vni, targets[0].Vni);
    }

    [Fact]
    public void By_group_balancing_picks_a_replicator_per_flow()
    {
        var list = Fabric(Leaf4);
        var ar = Active(LeafOptions with { LoadBalancing = ReplicatorLoadBalancing.ByGroup }, Leaf4, list);
        Assert.Equal(["10.0.1.1"], Vteps(ar.SelectMulticastTargets(list, Flow("10.1.1.1", "233.252.0.1"))));
        Assert.Equal(["10.0.1.2"], Vteps(ar.SelectMulticastTargets(list, Flow("10.1.1.1", "233.252.0.4"))));
    }

    [Fact]
    public void A_new_replicator_is_used_only_after_the_activation_delay()
    {
        var list = Fabric(Leaf4);
        var ar = new AssistedReplication(LeafOptions, Vni, Leaf4, list, new SelectiveMulticastInterest());
        var t0 = TimeSpan.FromSeconds(10);
        ar.Refresh(t0);
        Assert.Equal(AssistedReplicationOperationalMode.NoReplicatorsIngressReplication, ar.Mode);
        Assert.Equal(6, ar.SelectTargets(list, BumTrafficKind.Broadcast).Length); // plain IR to every VTEP
        Assert.Equal(t0 + TimeSpan.FromSeconds(3), ar.PollTimeout());
        Assert.All(ar.Status().Replicators, r => Assert.Equal(ReplicatorActivation.WaitingActivation, r.State));

        ar.HandleTimeout(t0 + TimeSpan.FromSeconds(2.9));
        Assert.Equal(AssistedReplicationOperationalMode.NoReplicatorsIngressReplication, ar.Mode);
        ar.HandleTimeout(t0 + TimeSpan.FromSeconds(3));
        Assert.Equal(AssistedReplicationOperationalMode.ExtendedAr, ar.Mode);
        Assert.Null(ar.PollTimeout());
        Assert.Equal(["10.0.1.1"], Vteps(ar.SelectTargets(list, BumTrafficKind.Broadcast)));
        Assert.True(ar.TryPollEvent(out var e));
        Assert.Equal((AssistedReplicationOperationalMode.NoReplicatorsIngressReplication, AssistedReplicationOperationalMode.ExtendedAr, null, "10.0.1.1"),
            (e.PreviousMode, e.Mode, e.PreviousReplicator, e.Replicator?.ToString()));
        Assert.Equal(t0 + TimeSpan.FromSeconds(3), e.At);
    }

    [Fact]
    public void A_withdrawn_replicator_is_gone_at_once_and_the_leaf_reselects_then_falls_back_to_ir()
    {
        var list = Fabric(Leaf4);
        var ar = Active(LeafOptions, Leaf4, list);
        while (ar.TryPollEvent(out _)) { }
        Assert.Equal("10.0.1.1", ar.ChosenReplicator?.ToString());

        RemoveReplicatorArRoute(list, Spine1, Ar1);
        // The frame path sees the withdrawal before the host refreshes.
        Assert.Equal(["10.0.1.2"], Vteps(ar.SelectTargets(list, BumTrafficKind.Broadcast)));
        Assert.True(ar.TryPollEvent(out var moved));
        Assert.Equal(("10.0.1.1", "10.0.1.2"), (moved.PreviousReplicator?.ToString(), moved.Replicator?.ToString()));

        RemoveReplicatorArRoute(list, Spine2, Ar2);
        ar.Refresh(TimeSpan.FromSeconds(20));
        Assert.Equal(AssistedReplicationOperationalMode.NoReplicatorsIngressReplication, ar.Mode);
        Assert.Equal("No replicators/Ingress Replication", ar.Status().ModeText);
        Assert.Equal(6, ar.SelectTargets(list, BumTrafficKind.Broadcast).Length);
        Assert.True(ar.TryPollEvent(out var gone));
        Assert.Null(gone.Replicator);
    }

    [Fact]
    public void A_leaf_sharing_a_segment_with_a_replicator_falls_back_to_ir_as_misconfiguration()
    {
        var list = Fabric(Leaf4);
        var ar = Active(LeafOptions, Leaf4, list);
        ar.SetMultihomingPeers([Spine2]);
        Assert.Equal(AssistedReplicationOperationalMode.MisconfigurationIngressReplication, ar.Mode);
        Assert.Equal("Misconfiguration/Ingress Replication", ar.Status().ModeText);
        Assert.Equal(list.IngressReplicationTargets(BumTrafficKind.Broadcast).ToArray(), ar.SelectTargets(list, BumTrafficKind.Broadcast).ToArray());
        ar.SetMultihomingPeers([]);
        Assert.Equal(AssistedReplicationOperationalMode.ExtendedAr, ar.Mode);
    }

    [Fact]
    public void Extended_mode_leaf_also_sends_to_its_multihoming_peers_and_with_smet_only_to_interested_ones()
    {
        var list = Fabric(Leaf1, leafFlags: IgmpProxy);
        var interest = new SelectiveMulticastInterest();
        var ar = Active(LeafOptions, Leaf1, list, interest);
        ar.SetMultihomingPeers([Leaf2, Leaf3]);
        Assert.Equal(["10.0.1.1", "10.0.0.12", "10.0.0.13"], Vteps(ar.SelectTargets(list, BumTrafficKind.Broadcast)));

        interest.Apply(Smet(Leaf3, "233.252.0.2"), Leaf3);
        Assert.Equal(["10.0.1.1", "10.0.0.13"], Vteps(ar.SelectMulticastTargets(list, G2)));
    }

    [Fact]
    public void Regular_mode_leaf_sends_only_to_the_replicator()
    {
        var list = Fabric(Leaf1);
        var ar = Active(LeafOptions with { Mode = AssistedReplicationMode.Regular }, Leaf1, list);
        ar.SetMultihomingPeers([Leaf2, Leaf3]);
        Assert.Equal(AssistedReplicationOperationalMode.RegularAr, ar.Mode);
        Assert.Equal(["10.0.1.1"], Vteps(ar.SelectTargets(list, BumTrafficKind.Broadcast)));
    }

    [Fact]
    public void Strict_policy_drops_the_flow_when_its_preferred_replicator_is_down()
    {
        var policy = new DeterministicReplicatorPolicy("arpol1", MulticastPrefix.Parse("233.252.0.2/24"), Ar2, Vni: Vni, Strict: true);
        var list = Fabric(Leaf4);
        var ar = Active(LeafOptions with { Policies = [policy] }, Leaf4, list);
        Assert.Equal(["10.0.1.2"], Vteps(ar.SelectMulticastTargets(list, G2)));
        Assert.Equal("Strict/10.0.1.2/0.0.0.0", ar.Status().Policies[0].Display);

        RemoveReplicatorArRoute(list, Spine2, Ar2);
        Assert.Empty(Vteps(ar.SelectMulticastTargets(list, G2)));
        Assert.Null(ar.Status().Policies[0].InUse);
        // Flows outside the policy and broadcast keep the default choice.
        Assert.Equal(["10.0.1.1"], Vteps(ar.SelectMulticastTargets(list, Flow("10.1.1.1", "239.1.1.1"))));
        Assert.Equal(["10.0.1.1"], Vteps(ar.SelectTargets(list, BumTrafficKind.Broadcast)));
    }

    [Fact]
    public void Loose_policy_uses_the_fallback_then_the_default_method()
    {
        var third = Ip("10.0.1.3");
        var policy = new DeterministicReplicatorPolicy("arpol2", MulticastPrefix.Parse("233.252.0.2/24"), Ar1, Fallback: Ar2);
        var list = Fabric(Leaf4);
        AddReplicator(list, Ip("10.0.0.3"), third);
        var ar = Active(LeafOptions with { Policies = [policy] }, Leaf4, list);
        Assert.Equal(["10.0.1.1"], Vteps(ar.SelectMulticastTargets(list, G2)));

        RemoveReplicatorArRoute(list, Spine1, Ar1);
        Assert.Equal(["10.0.1.2"], Vteps(ar.SelectMulticastTargets(list, G2)));
        Assert.Equal("Loose/10.0.1.1/10.0.1.2", ar.Status().Policies[0].Display);
        Assert.Equal(Ar2, ar.Status().Policies[0].InUse);

        RemoveReplicatorArRoute(list, Spine2, Ar2);
        Assert.Equal(["10.0.1.3"], Vteps(ar.SelectMulticastTargets(list, G2))); // the only replicator left, by VNI
    }

    [Fact]
    public void Policy_with_a_source_prefix_matches_only_flows_from_that_source()
    {
        var policy = new DeterministicReplicatorPolicy("arpol5", MulticastPrefix.Parse("ffe9::2:1/112"), Ar2, Source: MulticastPrefix.Parse("2001:db8::1/128"));
        var list = Fabric(Leaf4);
        var ar = Active(LeafOptions with { Policies = [policy] }, Leaf4, list);
        Assert.Equal(["10.0.1.2"], Vteps(ar.SelectMulticastTargets(list, Flow("2001:db8::1", "ffe9::2:7"))));
        Assert.Equal(["10.0.1.1"], Vteps(ar.SelectMulticastTargets(list, Flow("2001:db8::2", "ffe9::2:7"))));
    }

    [Fact]
    public void Control_plane_multicast_always_goes_by_plain_ingress_replication()
    {
        var list = Fabric(Leaf4);
        var ar = Active(LeafOptions, Leaf4, list);
        Assert.Equal(6, ar.SelectMulticastTargets(list, Flow("10.1.1.1", "224.0.0.22")).Length);
        Assert.Equal(6, ar.SelectMulticastTargets(list, Flow("fe80::1", "ff02::16")).Length);
    }

    [Fact]
    public void Unknown_unicast_goes_through_ar_by_default_and_by_ir_with_the_rfc_setting()
    {
        var list = Fabric(Leaf4);
        Assert.Single(Active(LeafOptions, Leaf4, list).SelectTargets(list, BumTrafficKind.UnknownUnicast).ToArray());
        var rfc = Active(LeafOptions.WithRfc9574Behaviour(), Leaf4, list);
        Assert.Equal(6, rfc.SelectTargets(list, BumTrafficKind.UnknownUnicast).Length);
        Assert.Single(rfc.SelectTargets(list, BumTrafficKind.Broadcast).ToArray());
    }

    [Fact]
    public void Regular_nve_ignores_ar_routes_and_prunes_by_smet()
    {
        var list = Fabric(RegularNve, leafFlags: IgmpProxy);
        var interest = new SelectiveMulticastInterest();
        interest.Apply(Smet(Leaf1, "233.252.0.2"), Leaf1);
        var ar = Active(AssistedReplicationOptions.Disabled, RegularNve, list, interest);
        Assert.Equal(AssistedReplicationOperationalMode.IngressReplication, ar.Mode);
        Assert.Empty(ar.Status().Replicators);
        // Spines advertise no Multicast Flags EC on their IR routes here, so they get the flow; leaf 1 joined.
        Assert.Equal(["10.0.0.1", "10.0.0.2", "10.0.0.11"], Vteps(ar.SelectMulticastTargets(list, G2)));
        Assert.Equal(PmsiTunnel.IngressReplication(Vni, RegularNve), ar.LocalPmsiTunnel(Vni, RegularNve));
    }

    [Fact]
    public void Leaf_advertises_its_ir_route_with_role_ar_leaf()
    {
        var ar = new AssistedReplication(LeafOptions, Vni, Leaf4, new FloodList(), new SelectiveMulticastInterest());
        var pmsi = ar.LocalPmsiTunnel(Vni, Leaf4);
        Assert.Equal((PmsiTunnel.TypeIngressReplication, PmsiTunnel.RoleLeaf, (byte)0x10), (pmsi.TunnelType, pmsi.AssistedReplicationRole, pmsi.Flags));
        Assert.Null(ar.AssistedReplicationPmsiTunnel(Vni));
    }
}
