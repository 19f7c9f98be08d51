using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Multicast.Replication;
using ActorFabric.Wire.Bgp;
using static ActorFabric.Protocols.Tests.Multicast.Replication.ReplicationFabric;

namespace ActorFabric.Protocols.Tests.Multicast.Replication;

public sealed class AssistedReplicationReplicatorTests
{
    private static readonly MulticastFlow G2 = Flow("10.1.1.1", "233.252.0.2");

    [Fact]
    public void Replicator_sends_to_every_other_vtep_but_never_back_to_the_ingress_leaf()
    {
        var list = Fabric(Spine1);
        var ar = Active(ReplicatorOptions, Spine1, list);
        Assert.True(ar.IsAssistedTunnelDestination(Ar1));
        Assert.False(ar.IsAssistedTunnelDestination(Spine1)); // IR traffic is not replicated again
        var copies = ar.ReplicateFromAssistedTunnel(Leaf4, BumTrafficKind.Broadcast);
        Assert.Equal(["10.0.0.2", "10.0.0.11", "10.0.0.12", "10.0.0.13", "10.0.0.20"], Vteps(copies.Targets));
        Assert.Equal(Spine1, copies.OuterSource); // extended mode: its own IR IP
    }

    [Fact]
    public void Extended_mode_replicator_skips_the_ingress_leafs_multihoming_peers()
    {
        var list = Fabric(Spine1);
        var ar = Active(ReplicatorOptions, Spine1, list);
        ar.SetRemoteSegments([[Leaf1, Leaf2, Leaf3]]);
        Assert.Equal(["10.0.0.2", "10.0.0.14", "10.0.0.20"], Vteps(ar.ReplicateFromAssistedTunnel(Leaf1, BumTrafficKind.Broadcast).Targets));
        // A leaf outside the segment: everyone but itself.
        Assert.Equal(5, ar.ReplicateFromAssistedTunnel(Leaf4, BumTrafficKind.Broadcast).Targets.Length);
    }

    [Fact]
    public void Regular_mode_replicator_sends_to_the_peers_with_the_ingress_leafs_source_ip()
    {
        var list = Fabric(Spine1);
        var ar = Active(ReplicatorOptions with { Mode = AssistedReplicationMode.Regular }, Spine1, list);
        ar.SetRemoteSegments([[Leaf1, Leaf2, Leaf3]]);
        var copies = ar.ReplicateFromAssistedTunnel(Leaf1, BumTrafficKind.Broadcast);
        Assert.Equal(["10.0.0.2", "10.0.0.12", "10.0.0.13", "10.0.0.14", "10.0.0.20"], Vteps(copies.Targets));
        Assert.Equal(Leaf1, copies.OuterSource);
    }

    [Fact]
    public void With_smet_the_replicator_sends_only_to_interested_proxies_and_non_proxies()
    {
        // Figure 7 with snooping: leaf 3 and spine 2 joined, the regular NVE is no proxy.
        var list = Fabric(Spine1, leafFlags: IgmpProxy);
        var interest = new SelectiveMulticastInterest();
        interest.Apply(Smet(Leaf3, "233.252.0.2"), Leaf3);
        var ar = Active(ReplicatorOptions, Spine1, list, interest);
        ar.SnoopingEnabled = true;
        ar.SetRemoteSegments([[Leaf1, Leaf2, Leaf3]]);
        var copies = ar.ReplicateFromAssistedTunnel(Leaf1, G2);
        Assert.Equal(["10.0.0.2", "10.0.0.20"], Vteps(copies.Targets));
        Assert.Equal(0, copies.SuppressedLeaves);
        // From leaf 4, leaf 3 is no peer and gets its copy.
        Assert.Equal(["10.0.0.2", "10.0.0.13", "10.0.0.20"], Vteps(ar.ReplicateFromAssistedTunnel(Leaf4, G2).Targets));
    }

    [Fact]
    public void With_snooping_on_ar_leaves_that_are_no_proxy_get_nothing_and_are_counted()
    {
        var list = Fabric(Spine1); // leaves advertise no Multicast Flags EC: no snooping there
        var ar = Active(ReplicatorOptions, Spine1, list);
        Assert.Equal(5, ar.ReplicateFromAssistedTunnel(Leaf4, G2).Targets.Length);

        ar.SnoopingEnabled = true;
        var copies = ar.ReplicateFromAssistedTunnel(Leaf4, G2);
        Assert.Equal(["10.0.0.2", "10.0.0.20"], Vteps(copies.Targets)); // the regular NVE is no AR leaf
        Assert.Equal(3, copies.SuppressedLeaves);
        // Broadcast is not affected by the limitation.
        Assert.Equal(5, ar.ReplicateFromAssistedTunnel(Leaf4, BumTrafficKind.Broadcast).Targets.Length);
    }

    [Fact]
    public void Unknown_unicast_from_the_ar_tunnel_is_replicated_unless_the_rfc_setting_is_on()
    {
        var list = Fabric(Spine1);
        Assert.Equal(5, Active(ReplicatorOptions, Spine1, list).ReplicateFromAssistedTunnel(Leaf4, BumTrafficKind.UnknownUnicast).Targets.Length);
        Assert.True(Active(ReplicatorOptions.WithRfc9574Behaviour(), Spine1, list).ReplicateFromAssistedTunnel(Leaf4, BumTrafficKind.UnknownUnicast).Targets.IsEmpty);
    }

    [Fact]
    public void Replicator_from_a_local_port_floods_by_ingress_replication()
    {
        var list = Fabric(Spine1);
        var ar = Active(ReplicatorOptions, Spine1, list);
        Assert.Equal(AssistedReplicationOperationalMode.ExtendedAr, ar.Mode);
        Assert.Equal(list.IngressReplicationTargets(BumTrafficKind.Broadcast).ToArray(), ar.SelectTargets(list, BumTrafficKind.Broadcast).ToArray());
    }

    [Fact]
    public void Replicator_advertises_both_type3_routes_as_the_document_says_and_t00_with_the_rfc_setting()
    {
        var ar = new AssistedReplication(ReplicatorOptions, Vni, Spine1, new FloodList(), new SelectiveMulticastInterest());
        var ir = ar.LocalPmsiTunnel(Vni, Spine1);
        Assert.Equal((PmsiTunnel.TypeIngressReplication, PmsiTunnel.RoleReplicator), (ir.TunnelType, ir.AssistedReplicationRole));
        var arPmsi = ar.AssistedReplicationPmsiTunnel(Vni)!;
        Assert.Equal((PmsiTunnel.TypeAssistedReplication, (byte)0x08, Vni, Ar1), (arPmsi.TunnelType, arPmsi.Flags, arPmsi.Label, arPmsi.Endpoint));
        Assert.Equal(0x0004, ar.ReplicatorRouteMulticastFlags);   // bit 13 in the IANA registry
        Assert.Contains("extended-mh-ar", ExtendedCommunityText.MulticastFlagNames(ar.ReplicatorRouteMulticastFlags));

        var rfc = new AssistedReplication(ReplicatorOptions.WithRfc9574Behaviour(), Vni, Spine1, new FloodList(), new SelectiveMulticastInterest());
        Assert.Equal(PmsiTunnel.RoleRegularNve, rfc.LocalPmsiTunnel(Vni, Spine1).AssistedReplicationRole);
        Assert.Equal(0, rfc.ReplicatorRouteMulticastFlags);
    }

    [Fact]
    public void A_replicator_needs_an_ar_ip_distinct_from_its_ir_ip()
    {
        Assert.Throws<ArgumentException>(() => new AssistedReplication(ReplicatorOptions with { ReplicatorIp = Spine1 }, Vni, Spine1, new FloodList(), new SelectiveMulticastInterest()));
    }

    [Fact]
    public void Leaf_status_lists_replicators_with_their_advertised_mode()
    {
        var list = Fabric(Leaf4);
        var status = Active(LeafOptions, Leaf4, list).Status();
        Assert.Equal("Extended AR", status.ModeText);
        Assert.Equal([(Ar1, Spine1), (Ar2, Spine2)], status.Replicators.Select(r => (r.ArIp, r.IrIp!)).ToArray());
        Assert.All(status.Replicators, r => Assert.Equal((ReplicatorActivation.Active, AssistedReplicationMode.Extended), (r.State, r.AdvertisedMode)));
    }
}
