using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Multicast.Replication;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using static ActorFabric.Protocols.Tests.Multicast.Replication.ReplicationFabric;

namespace ActorFabric.Protocols.Tests.Multicast.Replication;

public sealed class SelectiveMulticastInterestTests
{
    private static readonly MulticastFlow S1G1 = Flow("10.1.1.1", "233.252.0.1");
    private static readonly MulticastFlow S2G1 = Flow("10.1.1.2", "233.252.0.1");

    [Fact]
    public void Star_g_matches_every_source_and_only_its_group()
    {
        var interest = new SelectiveMulticastInterest();
        interest.Apply(Smet(Leaf2, "233.252.0.1"), Leaf2);
        Assert.True(interest.IsInterested(Leaf2, S1G1));
        Assert.True(interest.IsInterested(Leaf2, S2G1));
        Assert.False(interest.IsInterested(Leaf2, Flow("10.1.1.1", "233.252.0.9")));
        Assert.False(interest.IsInterested(Leaf3, S1G1));
    }

    [Fact]
    public void S_g_include_matches_only_that_source()
    {
        var interest = new SelectiveMulticastInterest();
        interest.Apply(Smet(Leaf2, "233.252.0.1", "10.1.1.1", MulticastRouteFlags.IgmpV3), Leaf2);
        Assert.True(interest.IsInterested(Leaf2, S1G1));
        Assert.False(interest.IsInterested(Leaf2, S2G1));
    }

    [Fact]
    public void S_g_with_ie_excludes_its_sources_and_matches_the_rest()
    {
        var interest = new SelectiveMulticastInterest();
        interest.Apply(Smet(Leaf2, "233.252.0.1", "10.1.1.1", MulticastRouteFlags.IgmpV3 | MulticastRouteFlags.Exclude), Leaf2);
        interest.Apply(Smet(Leaf2, "233.252.0.1", "10.1.1.3", MulticastRouteFlags.IgmpV3 | MulticastRouteFlags.Exclude), Leaf2);
        Assert.False(interest.IsInterested(Leaf2, S1G1));
        Assert.True(interest.IsInterested(Leaf2, S2G1));
        Assert.False(interest.IsInterested(Leaf2, Flow("10.1.1.3", "233.252.0.1")));
    }

    [Fact]
    public void Ie_bit_without_v3_is_ignored_so_the_route_includes_its_source()
    {
        var interest = new SelectiveMulticastInterest();
        interest.Apply(Smet(Leaf2, "233.252.0.1", "10.1.1.1", MulticastRouteFlags.IgmpV2 | MulticastRouteFlags.Exclude), Leaf2);
        Assert.True(interest.IsInterested(Leaf2, S1G1));
        Assert.False(interest.IsInterested(Leaf2, S2G1));
    }

    [Fact]
    public void Wildcard_smet_attracts_every_group_of_its_family()
    {
        var interest = new SelectiveMulticastInterest();
        interest.Apply(Smet(Leaf2, "0.0.0.0"), Leaf2);
        Assert.True(interest.IsInterested(Leaf2, Flow("10.9.9.9", "239.1.2.3")));
        Assert.False(interest.IsInterested(Leaf2, Flow("2001:db8::1", "ff0e::1")));
    }

    [Fact]
    public void Ipv6_groups_match_mld_routes_and_withdrawal_removes_interest()
    {
        var interest = new SelectiveMulticastInterest();
        var route = Smet(Leaf2, "ffe9::2:1", "2001:db8::1", MulticastRouteFlags.IgmpV3);
        interest.Apply(route, Leaf2);
        Assert.True(interest.IsInterested(Leaf2, Flow("2001:db8::1", "ffe9::2:1")));
        Assert.False(interest.IsInterested(Leaf2, Flow("2001:db8::2", "ffe9::2:1")));
        Assert.True(interest.Withdraw(route));
        Assert.False(interest.IsInterested(Leaf2, Flow("2001:db8::1", "ffe9::2:1")));
        Assert.False(interest.Withdraw(route));
    }

    [Fact]
    public void Ingress_replication_sends_to_non_proxies_and_to_proxies_with_a_matching_smet_only()
    {
        // Leaves 2 and 4 proxy IGMP; leaf 3 does not (no Multicast Flags EC); leaf 2 joined G1.
        var list = new FloodList();
        AddVtep(list, Leaf2, PmsiTunnel.RoleRegularNve, IgmpProxy);
        AddVtep(list, Leaf3, PmsiTunnel.RoleRegularNve);
        AddVtep(list, Leaf4, PmsiTunnel.RoleRegularNve, IgmpProxy);
        var interest = new SelectiveMulticastInterest();
        interest.Apply(Smet(Leaf2, "233.252.0.1"), Leaf2);

        Assert.Equal(["10.0.0.12", "10.0.0.13"], Vteps(interest.IngressReplicationTargets(list, S1G1)));
        Assert.Equal(["10.0.0.13"], Vteps(interest.IngressReplicationTargets(list, Flow("10.1.1.1", "233.252.0.7"))));
        // IPv6: the IGMP-only proxies are not MLD proxies, so they get IPv6 flows unpruned.
        Assert.Equal(["10.0.0.12", "10.0.0.13", "10.0.0.14"], Vteps(interest.IngressReplicationTargets(list, Flow("2001:db8::1", "ff0e::5"))));
        // Link-local groups (IGMP reports to 224.0.0.22 etc.) and broadcast are never pruned.
        Assert.Equal(["10.0.0.12", "10.0.0.13", "10.0.0.14"], Vteps(interest.IngressReplicationTargets(list, Flow("10.1.1.1", "224.0.0.22"))));
        Assert.Equal(["10.0.0.12", "10.0.0.13", "10.0.0.14"], Vteps(list.IngressReplicationTargets(BumTrafficKind.Broadcast)));
    }

    [Fact]
    public void Cached_targets_follow_a_new_smet_route()
    {
        var list = new FloodList();
        AddVtep(list, Leaf2, PmsiTunnel.RoleRegularNve, IgmpProxy);
        var interest = new SelectiveMulticastInterest();
        Assert.Empty(Vteps(interest.IngressReplicationTargets(list, S1G1)));
        interest.Apply(Smet(Leaf2, "233.252.0.1"), Leaf2);
        Assert.Equal(["10.0.0.12"], Vteps(interest.IngressReplicationTargets(list, S1G1)));
    }

    [Fact]
    public void Flood_list_keeps_the_multicast_flags_and_a_flag_change_is_a_change()
    {
        var list = new FloodList();
        AddVtep(list, Leaf2, PmsiTunnel.RoleLeaf);
        long version = list.Version;
        Assert.False(list.Members[0].IsProxyFor(ipv6: false));
        AddVtep(list, Leaf2, PmsiTunnel.RoleLeaf, IgmpProxy);
        Assert.True(list.Version > version);
        Assert.True(list.Members[0].IsIgmpProxy);
        Assert.False(list.Members[0].IsMldProxy);
        Assert.Equal(PmsiTunnel.RoleLeaf, list.Members[0].AssistedReplicationRole);
    }
}
