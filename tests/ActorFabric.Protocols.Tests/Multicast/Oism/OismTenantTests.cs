using System.Net;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Evpn;
using ActorFabric.Protocols.Multicast.Oism;
using ActorFabric.Protocols.Multicast.Replication;
using ActorFabric.Protocols.Multicast.Snooping;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Tests.Multicast.Oism;

/// <summary>
/// One tenant on one PE (10.0.0.11): revenue VLANs 100 and 200 in their own MAC-VRFs, SBD VLAN 999 in a third, all
/// snooping; remote PEs appear through the routes the MAC-VRFs import.
/// </summary>
public sealed class OismTenantTests
{
    private static readonly IPAddress Local = IPAddress.Parse("10.0.0.11");
    private static readonly IPAddress Pe2 = IPAddress.Parse("10.0.0.12"), Pe3 = IPAddress.Parse("10.0.0.13"), Pe4 = IPAddress.Parse("10.0.0.14");
    private static readonly MacAddress Anycast = new(0x0000_5E00_0101UL);
    private static readonly MulticastFlow Flow = MulticastFlow.Of(IPAddress.Parse("192.168.100.10"), IPAddress.Parse("239.1.1.1"));

    private sealed class Pe
    {
        public readonly MacVrf Blue = Vrf(1, 100, 10100), Green = Vrf(2, 200, 10200), Sbd = Vrf(3, 999, 10999);
        public readonly OismTenant Tenant;
        public readonly List<MacVrfEffect> SbdEffects = [];

        public Pe(bool peg = false, params string[] externalGroups)
        {
            Tenant = new OismTenant(new OismTenantOptions
            {
                Tenant = "tenant1",
                SbdIrbMac = new MacAddress(0x02AA_0000_0011UL),
                PimEvpnGateway = peg,
                ExternalGroups = [.. externalGroups.Select(InetAddress.Parse)],
            });
            Tenant.Attach(Blue, Domain(Blue, 100), Anycast, supplementary: false);
            Tenant.Attach(Green, Domain(Green, 200), Anycast, supplementary: false);
            Tenant.Attach(Sbd, Domain(Sbd, 999), new MacAddress(0x02AA_0000_0011UL), supplementary: true);
            Blue.AttachPort(new PortId(1), 100);
            Green.AttachPort(new PortId(2), 200);
            foreach (var v in new[] { Blue, Green, Sbd }) v.Start(TimeSpan.Zero);
            Tenant.Start();
        }

        public BridgeDomain BlueBd => Domain(Blue, 100);
        public BridgeDomain GreenBd => Domain(Green, 200);
        public BridgeDomain SbdBd => Domain(Sbd, 999);

        public List<MacVrfEffect> Drain(MacVrf vrf)
        {
            var list = new List<MacVrfEffect>();
            while (vrf.TryPollEffect(out var e)) list.Add(e);
            return list;
        }
    }

    private static ExtendedCommunity Rt(uint vni) => ExtendedCommunity.AutoDerivedRouteTarget(65000, vni);

    private static MacVrf Vrf(int index, ushort vlan, uint vni) => new(new MacVrfOptions
    {
        RouteDistinguisher = RouteDistinguisher.FromIpv4(Local, (ushort)index),
        LocalVtep = Local,
        ImportRouteTargets = [Rt(vni)],
        ExportRouteTargets = [Rt(vni)],
        BridgeDomains = [new BridgeDomainOptions(vlan, vni)],
        Snooping = new SnoopingOptions(),
    });

    private static BridgeDomain Domain(MacVrf vrf, ushort vlan) => vrf.TryGetDomainByVlan(vlan, out var bd) ? bd : throw new InvalidOperationException();

    private static ushort? FlagsOf(PathAttributes attributes)
    {
        foreach (var c in attributes.ExtendedCommunities)
            if (c.IsMulticastFlags) return (ushort)(c.Value48 >> 32);
        return null;
    }

    /// <summary>A remote PE's IMET in <paramref name="vni"/>, snooping (IGMP proxy) and OISM, as its MAC-VRF would send it.</summary>
    private static void ImportImet(MacVrf vrf, IPAddress pe, uint vni, ushort oism = OismFlags.Supported) =>
        vrf.ApplyRemote(new InclusiveMulticastRoute(RouteDistinguisher.FromIpv4(pe, 1), 0, pe),
            new PathAttributes
            {
                ExtendedCommunities = [Rt(vni), ExtendedCommunity.VxlanEncapsulation, ExtendedCommunity.MulticastFlags((ushort)(FloodListMember.MulticastFlagIgmpProxy | oism))],
                PmsiTunnel = PmsiTunnel.IngressReplication(vni, pe),
            }, pe, TimeSpan.Zero);

    private static SelectiveMulticastRoute SbdSmet(IPAddress pe, string group) =>
        new(RouteDistinguisher.FromIpv4(pe, 3), 0, null, IPAddress.Parse(group), pe, MulticastRouteFlags.IgmpV2);

    private static void ImportSbdSmet(MacVrf sbd, IPAddress pe, string group) =>
        sbd.ApplyRemote(SbdSmet(pe, group), new PathAttributes { ExtendedCommunities = [Rt(10999), ExtendedCommunity.VxlanEncapsulation] }, pe, TimeSpan.Zero);

    private static byte[] Igmpv2Report(string group) =>
        FrameBuilder.Igmpv2Report(new MacAddress(0x0200_0000_0001UL), Ipv4Address.Parse("192.168.200.10"), Ipv4Address.Parse(group));

    private static void Join(MacVrf vrf, PortId port, ushort vlan, string group)
    {
        var frame = Igmpv2Report(group);
        // Untagged Ethernet (14) + IPv4 with the Router Alert option (24): the IGMP message follows.
        var result = vrf.HandleMembership(port, vlan, ipv6: false, Ipv4Address.Parse("192.168.200.10").Value, frame.AsSpan(38, 8), TimeSpan.FromSeconds(1));
        Assert.Equal(SnoopResult.Report, result);
    }

    [Fact]
    public void Every_imet_of_the_tenant_carries_the_oism_flag_and_only_the_sbd_imet_the_sbd_flag()
    {
        var pe = new Pe();
        var blue = pe.Drain(pe.Blue).OfType<Originate>().Single(o => o.Route is InclusiveMulticastRoute);
        var sbd = pe.Drain(pe.Sbd).OfType<Originate>().Single(o => o.Route is InclusiveMulticastRoute);

        // RFC 9625 §8: OISM = bit 12 (0x0008), SBD = bit 7 (0x0100), next to the IGMP/MLD proxy bits of RFC 9251.
        Assert.Equal((ushort?)(0x0008 | 0x0001 | 0x0002), FlagsOf(blue.Attributes));
        Assert.Equal((ushort?)(0x0100 | 0x0008 | 0x0001 | 0x0002), FlagsOf(sbd.Attributes));
    }

    [Fact]
    public void A_pim_evpn_gateway_sets_the_peg_flag_on_its_sbd_imet_and_asks_for_the_external_groups_in_the_sbd()
    {
        var pe = new Pe(peg: true, "239.9.9.9");
        var effects = pe.Drain(pe.Sbd).OfType<Originate>().ToList();

        Assert.Equal((ushort?)(0x0100 | 0x0010 | 0x0008 | 0x0003), FlagsOf(effects.Single(o => o.Route is InclusiveMulticastRoute).Attributes));
        var smet = (SelectiveMulticastRoute)effects.Single(o => o.Route is SelectiveMulticastRoute).Route;
        Assert.Equal((null, "239.9.9.9"), (smet.Source, smet.Group.ToString()));
        Assert.True(pe.Tenant.WantsExternally(MulticastFlow.Of(IPAddress.Parse("198.51.100.1"), IPAddress.Parse("239.9.9.9"))));
        Assert.False(pe.Tenant.WantsExternally(Flow));
        Assert.False(new Pe().Tenant.WantsExternally(Flow));
    }

    [Fact]
    public void A_local_receiver_is_advertised_by_one_smet_in_the_sbd_with_the_sbd_route_target_and_none_in_its_own_vlan()
    {
        var pe = new Pe();
        pe.Drain(pe.Green);
        pe.Drain(pe.Sbd);

        Join(pe.Green, new PortId(2), 200, "239.1.1.1");

        Assert.DoesNotContain(pe.Drain(pe.Green), e => e is Originate { Route: SelectiveMulticastRoute });
        var smet = Assert.Single(pe.Drain(pe.Sbd).OfType<Originate>());
        var route = Assert.IsType<SelectiveMulticastRoute>(smet.Route);
        Assert.Equal(RouteDistinguisher.FromIpv4(Local, 3), route.Rd);          // the SBD MAC-VRF's RD
        Assert.Equal(("239.1.1.1", Local), (route.Group.ToString(), route.OriginatorIp));
        Assert.Contains(Rt(10999), smet.Attributes.ExtendedCommunities);        // SBD-RT only (RFC 9625 §2.5)
        Assert.DoesNotContain(Rt(10200), smet.Attributes.ExtendedCommunities);
        Assert.Equal(1, pe.Tenant.SbdSelectiveRoutes);
    }

    [Fact]
    public void Receivers_of_one_group_in_two_vlans_share_one_sbd_smet_which_goes_when_the_last_vlan_loses_interest()
    {
        var pe = new Pe();
        pe.Drain(pe.Sbd);
        var group = InetAddress.Parse("239.1.1.1");

        Assert.True(pe.Tenant.TakeLocalInterest(pe.BlueBd, new LocalInterestChanged(group, null, MulticastRouteFlags.IgmpV2, true)));
        Assert.True(pe.Tenant.TakeLocalInterest(pe.GreenBd, new LocalInterestChanged(group, null, MulticastRouteFlags.IgmpV3, true)));
        var originated = pe.Drain(pe.Sbd).OfType<Originate>().Select(o => (SelectiveMulticastRoute)o.Route).ToList();
        Assert.Equal(2, originated.Count);                                      // same key: the second updates the flags
        Assert.Equal(MulticastRouteFlags.IgmpV2 | MulticastRouteFlags.IgmpV3, originated[^1].Flags);

        pe.Tenant.TakeLocalInterest(pe.BlueBd, new LocalInterestChanged(group, null, MulticastRouteFlags.IgmpV2, false));
        Assert.DoesNotContain(pe.Drain(pe.Sbd), e => e is Withdraw);
        pe.Tenant.TakeLocalInterest(pe.GreenBd, new LocalInterestChanged(group, null, MulticastRouteFlags.IgmpV3, false));
        Assert.IsType<SelectiveMulticastRoute>(Assert.IsType<Withdraw>(Assert.Single(pe.Drain(pe.Sbd))).Route);
        Assert.Equal(0, pe.Tenant.SbdSelectiveRoutes);
    }

    [Fact]
    public void A_remote_sbd_smet_installs_its_state_on_every_revenue_vlan_and_its_withdrawal_removes_it()
    {
        var pe = new Pe();
        ImportSbdSmet(pe.Sbd, Pe2, "239.1.1.1");

        Assert.True(pe.SbdBd.Interest.IsInterested(Pe2, Flow));
        Assert.True(pe.BlueBd.Interest.IsInterested(Pe2, Flow));
        Assert.True(pe.GreenBd.Interest.IsInterested(Pe2, Flow));

        pe.Sbd.WithdrawRemote(SbdSmet(Pe2, "239.1.1.1"), TimeSpan.Zero);
        Assert.False(pe.BlueBd.Interest.IsInterested(Pe2, Flow));
        Assert.False(pe.GreenBd.Interest.IsInterested(Pe2, Flow));
    }

    [Fact]
    public void Interested_pes_without_the_source_vlan_get_their_copy_in_the_sbd_and_those_with_it_get_none_there()
    {
        var pe = new Pe();
        // PE2 has VLAN 100 and the SBD; PE3 and PE4 only the SBD (and VLAN 200). PE2 and PE3 want the group, PE4 does not.
        ImportImet(pe.Blue, Pe2, 10100);
        foreach (var other in new[] { Pe2, Pe3, Pe4 }) ImportImet(pe.Sbd, other, 10999, OismFlags.Supported | OismFlags.SupplementaryBroadcastDomain);
        ImportSbdSmet(pe.Sbd, Pe2, "239.1.1.1");
        ImportSbdSmet(pe.Sbd, Pe3, "239.1.1.1");

        // In the source VLAN: SMET-pruned IR over VLAN 100's flood list, from the state derived from the SBD-SMETs.
        Assert.Equal([new FloodTarget(Pe2, 10100)], pe.BlueBd.MulticastTargets(Flow).ToArray());
        // In the SBD: PE3 only (RFC 9625 §2.4: its apparent source BD is the SBD).
        Assert.Equal([new FloodTarget(Pe3, 10999)], pe.Tenant.SupplementaryTargets(pe.BlueBd, Flow).ToArray());
        Assert.Empty(pe.Tenant.SupplementaryTargets(pe.BlueBd, Flow, except: Pe3).ToArray());
        // A frame already in the SBD (from an external source) is not copied into the SBD again.
        Assert.Empty(pe.Tenant.SupplementaryTargets(pe.SbdBd, Flow).ToArray());

        // PE3 learns VLAN 100: from now on it gets the frame in the source VLAN.
        ImportImet(pe.Blue, Pe3, 10100);
        Assert.Empty(pe.Tenant.SupplementaryTargets(pe.BlueBd, Flow).ToArray());
        Assert.Equal([Pe2, Pe3], pe.BlueBd.MulticastTargets(Flow).ToArray().Select(t => t.Vtep));
    }

    [Fact]
    public void The_tenant_finds_its_domains_by_vni()
    {
        var pe = new Pe();
        Assert.True(pe.Tenant.TryGetDomain(10999, out var sbd) && sbd.IsSupplementary);
        Assert.True(pe.Tenant.TryGetDomain(10200, out var green) && !green.IsSupplementary && green.IrbMac == Anycast);
        Assert.False(pe.Tenant.TryGetDomain(10300, out _));
        Assert.Equal(2, pe.Tenant.Revenue.Count);
    }
}
