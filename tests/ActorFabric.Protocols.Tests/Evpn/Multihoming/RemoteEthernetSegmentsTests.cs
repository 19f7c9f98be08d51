using System.Net;
using ActorFabric.Protocols.Evpn.Multihoming;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Protocols.Tests.Evpn.Multihoming;

public class RemoteEthernetSegmentsTests
{
    private static readonly EthernetSegmentId Esi = EthernetSegmentId.Parse("01:52:54:00:aa:bb:cc:01:00:00");
    private static readonly IPAddress Leaf1 = IPAddress.Parse("10.0.0.1");
    private static readonly IPAddress Leaf2 = IPAddress.Parse("10.0.0.2");
    private static readonly IPAddress Leaf10 = IPAddress.Parse("10.0.0.10");
    private const uint Vni = 10100;
    private const uint MaxEt = EthernetAutoDiscoveryRoute.MaxEthernetTag;

    private static EthernetAutoDiscoveryRoute PerEs(IPAddress pe, ushort rdNumber = 0, EthernetSegmentId? esi = null) =>
        new(RouteDistinguisher.FromIpv4(pe, rdNumber), esi ?? Esi, MaxEt, 0);

    private static EthernetAutoDiscoveryRoute PerEvi(IPAddress pe, uint tag = 0) =>
        new(RouteDistinguisher.FromIpv4(pe, 100), Esi, tag, Vni);

    private static PathAttributes PerEsAttributes(bool singleActive = false) =>
        new() { ExtendedCommunities = [ExtendedCommunity.RouteTargetAs2(65000, 10100), ExtendedCommunity.EsiLabel(singleActive, 0)] };

    private static readonly PathAttributes PerEviAttributes = new() { ExtendedCommunities = [ExtendedCommunity.RouteTargetAs2(65000, 10100)] };

    private static List<SegmentNextHopsChanged> Drain(RemoteEthernetSegments segments)
    {
        var list = new List<SegmentNextHopsChanged>();
        while (segments.TryPollEvent(out var e)) list.Add(e);
        return list;
    }

    private static RemoteEthernetSegments DualHomed(params IPAddress[] pes)
    {
        var segments = new RemoteEthernetSegments();
        foreach (var pe in pes)
        {
            segments.ApplyAutoDiscovery(PerEs(pe), PerEsAttributes(), pe);
            segments.ApplyAutoDiscovery(PerEvi(pe), PerEviAttributes, pe);
        }
        Drain(segments);
        return segments;
    }

    [Fact]
    public void The_aliasing_set_is_every_pe_with_both_per_es_and_per_evi_routes_in_ip_order()
    {
        var segments = DualHomed(Leaf10, Leaf2);
        Assert.Equal([Leaf2, Leaf10], segments.NextHops(Esi, 0));
        Assert.Empty(segments.NextHops(Esi, 5));
        Assert.Equal(Vni, segments.PerEviLabel(Esi, 0, Leaf10));
    }

    [Fact]
    public void A_per_evi_route_does_not_count_until_its_pe_per_es_route_arrives()
    {
        var segments = new RemoteEthernetSegments();
        segments.ApplyAutoDiscovery(PerEvi(Leaf1), PerEviAttributes, Leaf1);
        Assert.Empty(segments.NextHops(Esi, 0));
        Assert.False(segments.HasPerEs(Esi));

        segments.ApplyAutoDiscovery(PerEs(Leaf1), PerEsAttributes(), Leaf1);
        Assert.Equal([Leaf1], segments.NextHops(Esi, 0));
        Assert.True(segments.HasPerEs(Esi));
    }

    [Fact]
    public void Withdrawing_one_per_es_route_removes_that_pe_from_the_whole_segment_with_one_event()
    {
        var segments = DualHomed(Leaf1, Leaf2);

        Assert.True(segments.WithdrawAutoDiscovery(PerEs(Leaf1), Leaf1));

        Assert.Equal([new SegmentNextHopsChanged(Esi, MaxEt)], Drain(segments));
        Assert.Equal([Leaf2], segments.NextHops(Esi, 0));
        Assert.True(segments.HasPerEs(Esi));
    }

    [Fact]
    public void When_the_last_per_es_route_goes_macs_of_the_segment_may_no_longer_be_installed()
    {
        var segments = DualHomed(Leaf1, Leaf2);
        segments.WithdrawAutoDiscovery(PerEs(Leaf1), Leaf1);
        segments.WithdrawAutoDiscovery(PerEs(Leaf2), Leaf2);

        Assert.False(segments.HasPerEs(Esi));
        Assert.Empty(segments.NextHops(Esi, 0));
        Assert.All(Drain(segments), e => Assert.True(e.IsWholeSegment));
    }

    [Fact]
    public void Per_evi_changes_report_their_own_tag()
    {
        var segments = DualHomed(Leaf1, Leaf2);
        segments.WithdrawAutoDiscovery(PerEvi(Leaf2), Leaf2);

        Assert.Equal([new SegmentNextHopsChanged(Esi, 0)], Drain(segments));
        Assert.Equal([Leaf1], segments.NextHops(Esi, 0));
    }

    [Fact]
    public void One_per_es_route_with_the_single_active_flag_makes_the_segment_single_active()
    {
        var segments = DualHomed(Leaf1, Leaf2);
        Assert.False(segments.IsSingleActive(Esi));

        Assert.True(segments.ApplyAutoDiscovery(PerEs(Leaf2), PerEsAttributes(singleActive: true), Leaf2));

        Assert.True(segments.IsSingleActive(Esi));
        Assert.Equal([new SegmentNextHopsChanged(Esi, MaxEt)], Drain(segments));
    }

    [Fact]
    public void The_same_route_again_changes_nothing_and_reports_nothing()
    {
        var segments = DualHomed(Leaf1);
        Assert.False(segments.ApplyAutoDiscovery(PerEs(Leaf1), PerEsAttributes(), Leaf1));
        Assert.False(segments.ApplyAutoDiscovery(PerEvi(Leaf1), PerEviAttributes, Leaf1));
        Assert.False(segments.WithdrawAutoDiscovery(PerEs(Leaf2), Leaf2));
        Assert.Empty(Drain(segments));
    }

    [Fact]
    public void A_pe_whose_per_es_set_is_split_over_two_rds_stays_until_both_are_withdrawn()
    {
        var segments = DualHomed(Leaf1);
        segments.ApplyAutoDiscovery(PerEs(Leaf1, rdNumber: 1), PerEsAttributes(), Leaf1);

        segments.WithdrawAutoDiscovery(PerEs(Leaf1), Leaf1);
        Assert.Equal([Leaf1], segments.NextHops(Esi, 0));

        segments.WithdrawAutoDiscovery(PerEs(Leaf1, rdNumber: 1), Leaf1);
        Assert.Empty(segments.NextHops(Esi, 0));
    }

    [Fact]
    public void Single_homed_esi_zero_has_no_auto_discovery_state()
    {
        var segments = new RemoteEthernetSegments();
        Assert.False(segments.ApplyAutoDiscovery(PerEs(Leaf1, esi: EthernetSegmentId.Zero), PerEsAttributes(), Leaf1));
        Assert.Empty(segments.Segments);
        Assert.Empty(Drain(segments));
    }
}
