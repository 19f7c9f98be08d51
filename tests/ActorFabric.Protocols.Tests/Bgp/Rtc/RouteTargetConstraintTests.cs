using System.Net;
using ActorFabric.Protocols.Bgp.Rib;
using ActorFabric.Protocols.Bgp.Session;
using ActorFabric.Protocols.Bgp.Speaker;
using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Tests.Bgp.Rtc;

/// <summary>
/// <see cref="RouteTargetConstraint"/> on its own, without sessions or a speaker: local memberships, the
/// per-peer membership tables, what is passed on between peers, and export filter changes (RFC 4684).
/// </summary>
public class RouteTargetConstraintTests
{
    private const uint Asn = BgpTestData.Asn;
    private static readonly uint RrId = BgpTestData.Id("10.0.0.100");
    private static readonly ExtendedCommunity RtA = RouteTargetSet.AutoDerive(Asn, 100);
    private static readonly ExtendedCommunity RtB = RouteTargetSet.AutoDerive(Asn, 200);
    private static readonly RouteTargetMembership MA = RouteTargetMembership.For(Asn, RtA);
    private static readonly RouteTargetMembership MB = RouteTargetMembership.For(Asn, RtB);
    private static readonly IPAddress Leaf1 = IPAddress.Parse("10.0.0.1"), Leaf2 = IPAddress.Parse("10.0.0.2");

    private static RouteTargetConstraint Create(bool enabled = true, bool routeReflector = true, RouteTargetSet? imports = null,
        ExtendedCommunity[]? memberships = null)
    {
        var config = new BgpSpeakerConfig
        {
            LocalAs = Asn, RouterId = RrId, RouteReflector = routeReflector, RouteTargetConstraint = enabled,
            ImportFilter = imports, RouteTargetMemberships = memberships, RouteTargetEndOfRibWait = TimeSpan.FromSeconds(30),
        };
        return new RouteTargetConstraint(config, BgpPathSource.CreateLocal(RrId, Asn),
            new ExportPolicy(Asn, config.EffectiveClusterId, routeReflector), new AttributeInterner());
    }

    private static RouteTargetPeer Client(RouteTargetConstraint rtc, int id, IPAddress address)
    {
        var peer = new RouteTargetPeer(new BgpPathSource(id, address) { IsRouteReflectorClient = true, As = Asn, RouterId = BgpTestData.Id(address.ToString()) });
        rtc.AddPeer(peer);
        return peer;
    }

    private static PathAttributes MembershipAttributes(uint? originatorId = null) => new()
    {
        Origin = Origin.Igp, AsPath = AsPath.Empty, LocalPref = 100, OriginatorId = originatorId,
    };

    private static BgpUpdateReceived Announce(IPAddress nextHop, PathAttributes attributes, params RouteTargetMembership[] memberships) => new(new UpdateMessage
    {
        Attributes = attributes,
        MpReach = new MpReachNlri(BgpConstants.AfiIpv4, BgpConstants.SafiRouteTargetConstraint, nextHop, []) { RouteTargetMemberships = memberships },
    }, TreatAsWithdraw: false);

    private static BgpUpdateReceived Withdraw(params RouteTargetMembership[] memberships) => new(new UpdateMessage
    {
        MpUnreach = new MpUnreachNlri(BgpConstants.AfiIpv4, BgpConstants.SafiRouteTargetConstraint, []) { RouteTargetMemberships = memberships },
    }, TreatAsWithdraw: false);

    private static RouteTargetMembership[] Announced(List<UpdateMessage> messages) =>
        [.. messages.Where(m => m.MpReach is not null).SelectMany(m => m.MpReach!.RouteTargetMemberships)];

    private static RouteTargetMembership[] Withdrawn(List<UpdateMessage> messages) =>
        [.. messages.Where(m => m.MpUnreach is not null).SelectMany(m => m.MpUnreach!.RouteTargetMemberships)];

    private static PathAttributes AttributesWith(params ExtendedCommunity[] communities) => new() { ExtendedCommunities = communities };

    [Fact]
    public void A_speaker_that_imports_everything_announces_the_default_membership()
    {
        Assert.Equal([RouteTargetMembership.Default], Create(imports: null).LocalMemberships);
    }

    [Fact]
    public void A_leaf_announces_one_membership_per_imported_route_target_and_none_without_rtc()
    {
        Assert.Equal([MA, MB], Create(routeReflector: false, imports: new RouteTargetSet([RtA, RtB, RtA])).LocalMemberships);
        Assert.Empty(Create(enabled: false, imports: new RouteTargetSet([RtA])).LocalMemberships);
    }

    [Fact]
    public void Explicit_memberships_win_over_the_import_filter()
    {
        Assert.Equal([MB], Create(imports: new RouteTargetSet([RtA]), memberships: [RtB]).LocalMemberships);
    }

    [Fact]
    public void Start_sends_memberships_then_end_of_rib_and_waits_for_the_peers_end_of_rib()
    {
        var rtc = Create();
        var peer = Client(rtc, 1, Leaf1);
        var output = new List<UpdateMessage>();
        rtc.Start(peer, TimeSpan.FromSeconds(5), output);

        Assert.Equal(2, output.Count);
        Assert.Equal([RouteTargetMembership.Default], Announced(output));
        Assert.True(output[1].IsEndOfRib(out _, out var safi) && safi == BgpConstants.SafiRouteTargetConstraint);
        Assert.True(peer.Active);
        Assert.True(peer.AwaitingEndOfRib);
        Assert.Equal(TimeSpan.FromSeconds(35), peer.EndOfRibDeadline);

        rtc.EndWait(peer);
        Assert.False(peer.AwaitingEndOfRib);
        Assert.Null(peer.EndOfRibDeadline);
    }

    [Fact]
    public void Only_rtc_sessions_with_the_family_negotiated_run_it()
    {
        Assert.True(Create().Negotiated([BgpFamily.L2vpnEvpn, BgpFamily.RouteTargetConstraint]));
        Assert.False(Create().Negotiated([BgpFamily.L2vpnEvpn]));
        Assert.False(Create(enabled: false).Negotiated([BgpFamily.L2vpnEvpn, BgpFamily.RouteTargetConstraint]));
    }

    [Fact]
    public void A_reflector_passes_a_clients_membership_to_other_clients_with_originator_and_cluster()
    {
        var rtc = Create(memberships: [RtB]); // not the default, so clients' memberships are passed on
        var l1 = Client(rtc, 1, Leaf1);
        var l2 = Client(rtc, 2, Leaf2);
        rtc.Start(l1, TimeSpan.Zero, []);
        rtc.Start(l2, TimeSpan.Zero, []);

        rtc.HandleUpdate(l1, Announce(Leaf1, MembershipAttributes(), MA));
        Assert.True(rtc.TakeMembershipChanges());
        Assert.False(rtc.TakeMembershipChanges());

        var toL2 = new List<UpdateMessage>();
        rtc.SyncMemberships(l2, toL2);
        var reflected = Assert.Single(toL2);
        Assert.Equal([MA], reflected.MpReach!.RouteTargetMemberships);
        Assert.Equal(Leaf1, reflected.MpReach.NextHop);
        Assert.Equal(l1.Source.RouterId, reflected.Attributes.OriginatorId); // RFC 4456 §8
        Assert.Equal([RrId], reflected.Attributes.ClusterList);

        var toL1 = new List<UpdateMessage>();
        rtc.SyncMemberships(l1, toL1);
        Assert.Empty(toL1); // never back to the sender; ours (B) was sent at Start
    }

    [Fact]
    public void A_reflector_with_the_default_membership_passes_on_nothing_else()
    {
        var rtc = Create();
        var l1 = Client(rtc, 1, Leaf1);
        var l2 = Client(rtc, 2, Leaf2);
        rtc.Start(l1, TimeSpan.Zero, []);
        rtc.Start(l2, TimeSpan.Zero, []);
        rtc.HandleUpdate(l1, Announce(Leaf1, MembershipAttributes(), MA));

        var toL2 = new List<UpdateMessage>();
        rtc.SyncMemberships(l2, toL2);
        Assert.Empty(toL2);
    }

    [Fact]
    public void A_withdrawn_membership_is_withdrawn_from_the_peers_it_was_passed_to()
    {
        var rtc = Create(memberships: [RtB]);
        var l1 = Client(rtc, 1, Leaf1);
        var l2 = Client(rtc, 2, Leaf2);
        rtc.Start(l1, TimeSpan.Zero, []);
        rtc.Start(l2, TimeSpan.Zero, []);
        rtc.HandleUpdate(l1, Announce(Leaf1, MembershipAttributes(), MA));
        rtc.SyncMemberships(l2, []);

        rtc.HandleUpdate(l1, Withdraw(MA));
        var toL2 = new List<UpdateMessage>();
        rtc.SyncMemberships(l2, toL2);
        Assert.Equal([MA], Withdrawn(toL2));
        Assert.Empty(Announced(toL2));
        Assert.DoesNotContain(MA, l2.Sent.Keys);
    }

    [Fact]
    public void Looped_or_treat_as_withdraw_memberships_are_not_kept()
    {
        var rtc = Create();
        var l1 = Client(rtc, 1, Leaf1);
        rtc.Start(l1, TimeSpan.Zero, []);
        rtc.HandleUpdate(l1, Announce(Leaf1, MembershipAttributes(originatorId: RrId), MA)); // our own, reflected back
        Assert.Empty(l1.Received);

        rtc.HandleUpdate(l1, Announce(Leaf1, MembershipAttributes(), MA));
        Assert.Equal([MA], l1.Received.Keys);
        var malformed = Announce(Leaf1, MembershipAttributes(), MA) with { TreatAsWithdraw = true }; // RFC 7606 §2
        rtc.HandleUpdate(l1, malformed);
        Assert.Empty(l1.Received);
    }

    [Fact]
    public void A_membership_change_yields_the_new_export_filter_once()
    {
        var rtc = Create();
        var l1 = Client(rtc, 1, Leaf1);
        rtc.Start(l1, TimeSpan.Zero, []);
        rtc.HandleUpdate(l1, Announce(Leaf1, MembershipAttributes(), MA));
        rtc.EndWait(l1);
        var first = rtc.BuildExportFilter(l1);
        Assert.NotNull(first);
        Assert.True(rtc.TakeFilterChanges());

        rtc.HandleUpdate(l1, Announce(Leaf1, MembershipAttributes(), MB));
        Assert.True(rtc.TakeFilterChanges());
        Assert.True(rtc.TryTakeFilterChange(l1, out var old));
        Assert.Same(first, old);
        Assert.True(l1.ExportFilter!.Matches(AttributesWith(RtB)));
        Assert.False(rtc.TryTakeFilterChange(l1, out _)); // taken

        // Re-announcing the same membership changes nothing in the filter.
        rtc.HandleUpdate(l1, Announce(Leaf1, MembershipAttributes(), MB));
        Assert.False(rtc.TryTakeFilterChange(l1, out _));
    }

    [Fact]
    public void Export_change_announces_newly_admitted_routes_and_withdraws_dropped_ones()
    {
        var onlyA = RouteTargetFilter.From([MA]);
        var onlyB = RouteTargetFilter.From([MB]);
        Assert.Equal(RouteTargetExportChange.Withdraw, RouteTargetConstraint.ExportChange(onlyA, onlyB, AttributesWith(RtA)));
        Assert.Equal(RouteTargetExportChange.Announce, RouteTargetConstraint.ExportChange(onlyA, onlyB, AttributesWith(RtB)));
        Assert.Equal(RouteTargetExportChange.None, RouteTargetConstraint.ExportChange(onlyA, null, AttributesWith(RtA)));
        Assert.Equal(RouteTargetExportChange.Announce, RouteTargetConstraint.ExportChange(onlyA, null, AttributesWith(RtB)));
        // A route without route targets (EVPN type 4) passes every filter.
        Assert.Equal(RouteTargetExportChange.None, RouteTargetConstraint.ExportChange(onlyA, onlyB, AttributesWith()));
        Assert.True(RouteTargetConstraint.Admits(null, AttributesWith(RtA)));
        Assert.False(RouteTargetConstraint.Admits(onlyB, AttributesWith(RtA)));
    }

    [Fact]
    public void Reset_forgets_the_peer_and_flags_a_resync_when_it_had_memberships()
    {
        var rtc = Create();
        var l1 = Client(rtc, 1, Leaf1);
        rtc.Start(l1, TimeSpan.Zero, []);
        rtc.Reset(l1);
        Assert.False(rtc.TakeMembershipChanges()); // it had announced nothing

        rtc.Start(l1, TimeSpan.Zero, []);
        rtc.HandleUpdate(l1, Announce(Leaf1, MembershipAttributes(), MA));
        rtc.TakeMembershipChanges();
        rtc.Reset(l1);
        Assert.True(rtc.TakeMembershipChanges());
        Assert.False(l1.Active);
        Assert.False(l1.AwaitingEndOfRib);
        Assert.Null(l1.EndOfRibDeadline);
        Assert.Null(l1.ExportFilter);
        Assert.Empty(l1.Received);
        Assert.Empty(l1.Sent);
    }

    [Fact]
    public void A_route_refresh_re_announces_every_membership_then_end_of_rib()
    {
        var rtc = Create();
        var l1 = Client(rtc, 1, Leaf1);
        var output = new List<UpdateMessage>();
        Assert.False(rtc.Refresh(l1, 0, output)); // not running RTC
        rtc.Start(l1, TimeSpan.Zero, []);
        Assert.False(rtc.Refresh(l1, 1, output)); // RFC 7313 markers are not for this family

        Assert.True(rtc.Refresh(l1, 0, output));
        Assert.Equal([RouteTargetMembership.Default], Announced(output));
        Assert.True(output[^1].IsEndOfRib(out _, out var safi) && safi == BgpConstants.SafiRouteTargetConstraint);
    }

    [Fact]
    public void Changing_the_import_filter_changes_a_leafs_memberships_and_flags_a_resync()
    {
        var rtc = Create(routeReflector: false, imports: new RouteTargetSet([RtA]));
        rtc.SetImportFilter(new RouteTargetSet([RtA]));
        Assert.False(rtc.HasPendingChanges);

        rtc.SetImportFilter(new RouteTargetSet([RtA, RtB]));
        Assert.Equal([MA, MB], rtc.LocalMemberships);
        Assert.True(rtc.HasPendingChanges);
    }

    [Fact]
    public void Memberships_leave_in_updates_of_at_most_two_hundred()
    {
        var many = Enumerable.Range(1, 450).Select(i => RouteTargetSet.AutoDerive(Asn, (uint)i)).ToArray();
        var rtc = Create(memberships: many);
        var l1 = Client(rtc, 1, Leaf1);
        var output = new List<UpdateMessage>();
        rtc.SyncMemberships(l1, output);
        Assert.Equal([200, 200, 50], output.Select(m => m.MpReach!.RouteTargetMemberships.Length));
    }
}
