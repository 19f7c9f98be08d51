using ActorFabric.Protocols.Bridging;
using ActorFabric.Wire.Packets;
using ActorFabric.Protocols.Multicast.Snooping;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Protocols.Tests.Multicast.Snooping;

public class MulticastSnoopingTests
{
    private static readonly InetAddress G = InetAddress.Parse("239.1.1.1");
    private static readonly InetAddress S1 = InetAddress.Parse("10.0.0.1");
    private static readonly InetAddress S2 = InetAddress.Parse("10.0.0.2");
    private static readonly InetAddress G6 = InetAddress.Parse("ff0e::1:1");
    private static readonly InetAddress S6 = InetAddress.Parse("2001:db8::1");
    private static readonly PortId P1 = new(1), P2 = new(2), P3 = new(3), P4 = new(4);

    private static TimeSpan Sec(double s) => TimeSpan.FromSeconds(s);

    private static MulticastSnooping Domain(SnoopingOptions? options = null)
    {
        var snooping = new MulticastSnooping(options, TimeSpan.Zero);
        foreach (var p in new[] { P1, P2, P3, P4 }) snooping.AddPort(p);
        return snooping;
    }

    private static List<SnoopingEffect> Drain(MulticastSnooping s)
    {
        var list = new List<SnoopingEffect>();
        while (s.TryPollEffect(out var e)) list.Add(e);
        return list;
    }

    /// <summary>Fires every deadline up to <paramref name="until"/>, as a host's timer would.</summary>
    private static List<SnoopingEffect> RunUntil(MulticastSnooping s, TimeSpan until)
    {
        var effects = new List<SnoopingEffect>();
        while (s.PollTimeout() is { } at && at <= until)
        {
            s.HandleTimeout(at);
            effects.AddRange(Drain(s));
        }
        return effects;
    }

    private static PortId[] Forward(MulticastSnooping s, InetAddress group, InetAddress source, PortId? ingress = null)
    {
        Span<PortId> ports = stackalloc PortId[16];
        int n = s.CollectForwardingPorts(group, source, ingress, ports);
        return ports[..n].ToArray();
    }

    private static MembershipRecord V3(PortId port, Igmpv3RecordType type, InetAddress group, params InetAddress[] sources) =>
        new(port, MembershipVersion.IgmpV3, type, group, sources);

    [Fact]
    public void A_v2_report_installs_the_port_and_announces_local_interest_and_join_sync()
    {
        var s = Domain();
        s.HandleRecord(MembershipRecord.Join(P1, G, MembershipVersion.IgmpV2), Sec(1));

        var effects = Drain(s);
        Assert.Contains(new JoinSyncChanged(P1, G, null, MulticastRouteFlags.IgmpV2, true), effects);
        Assert.Contains(new LocalInterestChanged(G, null, MulticastRouteFlags.IgmpV2, true), effects);
        Assert.Equal([P1], Forward(s, G, S1));
        Assert.True(s.HasLocalListener(G, S1));
        var m = Assert.Single(s.Memberships(Sec(1)));
        Assert.Equal(Sec(260), m.ExpiresIn);
        Assert.Equal(FilterMode.Exclude, m.Mode);
    }

    [Fact]
    public void A_leave_sends_group_specific_queries_one_second_apart_and_removes_the_port_after_two_seconds()
    {
        var s = Domain();
        s.HandleRecord(MembershipRecord.Join(P1, G, MembershipVersion.IgmpV2), Sec(0));
        Drain(s);
        s.HandleRecord(MembershipRecord.Leave(P1, G, MembershipVersion.IgmpV2), Sec(10));

        var atLeave = Drain(s);
        var first = Assert.Single(atLeave.OfType<SendQuery>());
        Assert.Equal(new PortId?(P1), first.Port);
        Assert.Equal(G, first.Group);
        Assert.Equal(Sec(1), first.MaxResponseTime);
        Assert.Equal(MembershipVersion.IgmpV2, first.Version);
        Assert.Contains(new LeaveSyncChanged(P1, G, null, MulticastRouteFlags.IgmpV2, Sec(1), true), atLeave);

        var second = RunUntil(s, Sec(11));
        Assert.Single(second.OfType<SendQuery>());
        Assert.Equal([P1], Forward(s, G, S1)); // still listed before the procedure ends

        var end = RunUntil(s, Sec(12));
        Assert.Empty(Forward(s, G, S1));
        Assert.Contains(new LocalInterestChanged(G, null, MulticastRouteFlags.IgmpV2, false), end);
        Assert.Contains(new JoinSyncChanged(P1, G, null, MulticastRouteFlags.IgmpV2, false), end);
        Assert.Contains(new LeaveSyncChanged(P1, G, null, MulticastRouteFlags.IgmpV2, Sec(1), false), end);
    }

    [Fact]
    public void A_report_during_the_last_member_procedure_keeps_the_port()
    {
        var s = Domain();
        s.HandleRecord(MembershipRecord.Join(P1, G, MembershipVersion.IgmpV2), Sec(0));
        s.HandleRecord(MembershipRecord.Leave(P1, G, MembershipVersion.IgmpV2), Sec(10));
        Drain(s);
        s.HandleRecord(MembershipRecord.Join(P1, G, MembershipVersion.IgmpV2), Sec(10.5));

        var effects = Drain(s);
        Assert.Contains(new LeaveSyncChanged(P1, G, null, MulticastRouteFlags.IgmpV2, Sec(1), false), effects);
        Assert.DoesNotContain(effects, e => e is LocalInterestChanged);
        Assert.Empty(RunUntil(s, Sec(20)).OfType<SendQuery>());
        Assert.Equal([P1], Forward(s, G, S1));
        Assert.Equal(Sec(260), s.Memberships(Sec(10.5))[0].ExpiresIn);
    }

    [Fact]
    public void State_expires_after_the_group_membership_interval_without_reports()
    {
        var s = Domain();
        s.HandleRecord(MembershipRecord.Join(P1, G, MembershipVersion.IgmpV2), Sec(0));
        Drain(s);
        Assert.Empty(RunUntil(s, Sec(259.9)));
        Assert.Equal([P1], Forward(s, G, S1));

        var effects = RunUntil(s, Sec(260));
        Assert.Empty(Forward(s, G, S1));
        Assert.Contains(new LocalInterestChanged(G, null, MulticastRouteFlags.IgmpV2, false), effects);
        Assert.Null(s.PollTimeout());
    }

    [Fact]
    public void A_querier_sends_startup_queries_and_reports_answering_them_keep_the_state()
    {
        var s = Domain(new SnoopingOptions { Querier = true, QuerierAddressV4 = InetAddress.Parse("10.1.1.1") });
        var startup = RunUntil(s, Sec(0)).OfType<SendQuery>().ToList();
        var general = Assert.Single(startup);
        Assert.Null(general.Port);
        Assert.Null(general.Group);
        Assert.Equal(Sec(10), general.MaxResponseTime);
        Assert.Equal(Sec(31.25), s.PollTimeout()); // startup query interval = 125 / 4 (RFC 3376 §8.6)

        s.HandleRecord(MembershipRecord.Join(P1, G, MembershipVersion.IgmpV2), Sec(1));
        var times = new List<TimeSpan>();
        for (var t = Sec(0); t < Sec(1000); t += Sec(0.25))
        {
            s.HandleTimeout(t);
            foreach (var e in Drain(s))
                if (e is SendQuery { Group: null })
                {
                    times.Add(t);
                    s.HandleRecord(MembershipRecord.Join(P1, G, MembershipVersion.IgmpV2), t + Sec(3)); // host answers within 10 s
                }
        }
        Assert.Equal([Sec(31.25), Sec(156.25), Sec(281.25), Sec(406.25)], times.Take(4));
        Assert.Equal([P1], Forward(s, G, S1));
    }

    [Fact]
    public void A_v3_include_record_forwards_only_the_listed_source()
    {
        var s = Domain();
        s.HandleRecord(V3(P1, Igmpv3RecordType.ModeIsInclude, G, S1), Sec(0));
        Assert.Contains(new LocalInterestChanged(G, S1, MulticastRouteFlags.IgmpV3, true), Drain(s));
        Assert.Equal([P1], Forward(s, G, S1));
        Assert.Empty(Forward(s, G, S2));
        Assert.False(s.HasLocalListener(G, S2));
    }

    [Fact]
    public void A_v3_exclude_record_forwards_every_source_but_the_excluded_one()
    {
        var s = Domain();
        s.HandleRecord(V3(P1, Igmpv3RecordType.ChangeToExclude, G, S1), Sec(0));
        Assert.Empty(Forward(s, G, S1));
        Assert.Equal([P1], Forward(s, G, S2));

        s.HandleRecord(V3(P1, Igmpv3RecordType.AllowNewSources, G, S1), Sec(1)); // ALLOW takes S1 off the exclude list
        Assert.Equal([P1], Forward(s, G, S1));
    }

    [Fact]
    public void A_v3_block_runs_a_group_and_source_specific_query_and_removes_that_source()
    {
        var s = Domain();
        s.HandleRecord(V3(P1, Igmpv3RecordType.ModeIsInclude, G, S1, S2), Sec(0));
        Drain(s);
        s.HandleRecord(V3(P1, Igmpv3RecordType.BlockOldSources, G, S1), Sec(5));
        var query = Assert.Single(Drain(s).OfType<SendQuery>());
        Assert.Equal([S1], query.Sources);

        RunUntil(s, Sec(7));
        Assert.Empty(Forward(s, G, S1));
        Assert.Equal([P1], Forward(s, G, S2));
    }

    [Fact]
    public void A_v3_to_include_empty_leaves_the_group_and_all_its_sources()
    {
        var s = Domain();
        s.HandleRecord(V3(P1, Igmpv3RecordType.ChangeToExclude, G), Sec(0));
        s.HandleRecord(V3(P1, Igmpv3RecordType.AllowNewSources, G, S1), Sec(0));
        s.HandleRecord(V3(P1, Igmpv3RecordType.ChangeToInclude, G), Sec(5));
        Assert.Equal(2, Drain(s).OfType<SendQuery>().Count());
        RunUntil(s, Sec(7));
        Assert.Empty(Forward(s, G, S1));
        Assert.Empty(s.Memberships(Sec(7)));
    }

    [Fact]
    public void Two_ports_in_one_group_announce_local_interest_once_and_withdraw_after_the_last()
    {
        var s = Domain();
        s.HandleRecord(MembershipRecord.Join(P1, G, MembershipVersion.IgmpV2), Sec(0));
        s.HandleRecord(MembershipRecord.Join(P2, G, MembershipVersion.IgmpV2), Sec(0));
        Assert.Single(Drain(s).OfType<LocalInterestChanged>());
        Assert.Equal([P1, P2], Forward(s, G, S1));
        Assert.Equal([P2], Forward(s, G, S1, ingress: P1));

        s.HandleRecord(MembershipRecord.Leave(P1, G, MembershipVersion.IgmpV2), Sec(1));
        Assert.DoesNotContain(RunUntil(s, Sec(3)), e => e is LocalInterestChanged);
        s.HandleRecord(MembershipRecord.Leave(P2, G, MembershipVersion.IgmpV2), Sec(4));
        Assert.Single(RunUntil(s, Sec(6)).OfType<LocalInterestChanged>(), e => !e.Present);
    }

    [Fact]
    public void A_version_upgrade_re_announces_interest_with_both_flags()
    {
        var s = Domain();
        s.HandleRecord(MembershipRecord.Join(P1, G, MembershipVersion.IgmpV2), Sec(0));
        Drain(s);
        s.HandleRecord(V3(P2, Igmpv3RecordType.ModeIsExclude, G), Sec(1));
        Assert.Contains(new LocalInterestChanged(G, null, MulticastRouteFlags.IgmpV2 | MulticastRouteFlags.IgmpV3, true), Drain(s));
    }

    [Fact]
    public void A_router_port_receives_all_data_until_the_other_querier_present_interval_passes()
    {
        var s = Domain();
        s.Handle(new QueryObservation(P3, IpFamily.V4, MembershipVersion.IgmpV2, InetAddress.Parse("10.9.9.9"), null, Sec(10)), Sec(0));
        Assert.Equal([P3], Forward(s, G, S1));
        Assert.Empty(Forward(s, G, S1, ingress: P3));
        s.HandleRecord(MembershipRecord.Join(P1, G, MembershipVersion.IgmpV2), Sec(0));
        Assert.Equal([P1, P3], Forward(s, G, S1));

        RunUntil(s, Sec(255)); // 2 × 125 + 10 / 2 (RFC 3376 §8.5)
        Assert.Equal([P1], Forward(s, G, S1));
    }

    [Fact]
    public void A_lower_querier_heard_on_a_port_silences_ours()
    {
        var s = Domain(new SnoopingOptions { Querier = true, QuerierAddressV4 = InetAddress.Parse("10.1.1.5") });
        RunUntil(s, Sec(0));
        s.Handle(new QueryObservation(P3, IpFamily.V4, MembershipVersion.IgmpV3, InetAddress.Parse("10.1.1.1"), null, Sec(10)), Sec(1));
        Assert.Empty(RunUntil(s, Sec(250)).OfType<SendQuery>());
    }

    [Fact]
    public void Link_local_groups_flood_to_every_port_but_the_ingress()
    {
        var s = Domain();
        var allHosts = InetAddress.Parse("224.0.0.251");
        s.HandleRecord(MembershipRecord.Join(P1, allHosts, MembershipVersion.IgmpV2), Sec(0));
        Assert.Empty(Drain(s));
        Assert.Equal([P2, P3, P4], Forward(s, allHosts, S1, ingress: P1));
        Assert.Equal([P1, P2, P4], Forward(s, InetAddress.Parse("ff02::fb"), S6, ingress: P3));
        Assert.True(MulticastSnooping.IsAlwaysFlooded(InetAddress.Parse("ff02::1:2")));
        Assert.False(MulticastSnooping.IsAlwaysFlooded(G6));
    }

    [Fact]
    public void With_snooping_off_every_group_floods_and_reports_keep_no_state()
    {
        var s = Domain(new SnoopingOptions { Enabled = false });
        s.HandleRecord(MembershipRecord.Join(P1, G, MembershipVersion.IgmpV2), Sec(0));
        Assert.Empty(Drain(s));
        Assert.Equal([P1, P2, P3, P4], Forward(s, G, S1));
        Assert.True(s.HasLocalListener(G, S1));
    }

    [Fact]
    public void Turning_snooping_off_withdraws_the_interest()
    {
        var s = Domain();
        s.HandleRecord(MembershipRecord.Join(P1, G, MembershipVersion.IgmpV2), Sec(0));
        Drain(s);
        s.Reconfigure(new SnoopingOptions { Enabled = false }, Sec(1));
        Assert.Contains(new LocalInterestChanged(G, null, MulticastRouteFlags.IgmpV2, false), Drain(s));
        Assert.Equal([P1, P2, P3, P4], Forward(s, G, S1));
    }

    [Fact]
    public void A_remote_join_sync_installs_state_without_a_join_sync_effect()
    {
        var s = Domain();
        s.HandleRemoteJoin(P4, G, null, MulticastRouteFlags.IgmpV2, Sec(0));
        var effects = Drain(s);
        Assert.DoesNotContain(effects, e => e is JoinSyncChanged);
        Assert.Contains(new LocalInterestChanged(G, null, MulticastRouteFlags.IgmpV2, true), effects);
        Assert.Equal([P4], Forward(s, G, S1));
        Assert.True(s.Memberships(Sec(0))[0].Synced);

        s.HandleRecord(MembershipRecord.Join(P4, G, MembershipVersion.IgmpV2), Sec(1)); // now heard here too
        Assert.Contains(new JoinSyncChanged(P4, G, null, MulticastRouteFlags.IgmpV2, true), Drain(s));
    }

    [Fact]
    public void A_remote_leave_sync_runs_the_procedure_with_the_carried_response_time_and_no_leave_sync_effect()
    {
        var s = Domain();
        s.HandleRemoteJoin(P4, G, S1, MulticastRouteFlags.IgmpV3, Sec(0));
        Drain(s);
        s.HandleRemoteLeave(P4, G, S1, Sec(3), Sec(10));
        var effects = Drain(s);
        var query = Assert.Single(effects.OfType<SendQuery>());
        Assert.Equal(Sec(3), query.MaxResponseTime);
        Assert.DoesNotContain(effects, e => e is LeaveSyncChanged);

        RunUntil(s, Sec(15.9));
        Assert.Equal([P4], Forward(s, G, S1));
        RunUntil(s, Sec(16)); // 2 queries × 3 s
        Assert.Empty(Forward(s, G, S1));
    }

    [Fact]
    public void Mld_reports_and_dones_drive_ipv6_state_with_mld_flags()
    {
        var s = Domain();
        s.HandleRecord(MembershipRecord.Join(P2, G6, MembershipVersion.MldV1), Sec(0));
        Assert.Contains(new LocalInterestChanged(G6, null, MulticastRouteFlags.IgmpV1, true), Drain(s));
        s.HandleRecord(new MembershipRecord(P1, MembershipVersion.MldV2, Igmpv3RecordType.ModeIsInclude, G6, [S6]), Sec(0));
        Assert.Contains(new LocalInterestChanged(G6, S6, MulticastRouteFlags.IgmpV2, true), Drain(s));
        Assert.Equal([P1, P2], Forward(s, G6, S6));

        s.HandleRecord(MembershipRecord.Leave(P2, G6, MembershipVersion.MldV1), Sec(5));
        var query = Assert.Single(Drain(s).OfType<SendQuery>());
        Assert.Equal(IpFamily.V6, query.Family);
        Assert.Equal(MembershipVersion.MldV1, query.Version);
        RunUntil(s, Sec(7));
        Assert.Equal([P1], Forward(s, G6, S6));
    }

    [Fact]
    public void A_leave_is_ignored_while_an_igmpv1_member_is_on_the_port()
    {
        var s = Domain();
        s.HandleRecord(MembershipRecord.Join(P1, G, MembershipVersion.IgmpV1), Sec(0));
        s.HandleRecord(MembershipRecord.Leave(P1, G, MembershipVersion.IgmpV2), Sec(1));
        Assert.DoesNotContain(Drain(s), e => e is SendQuery);
        RunUntil(s, Sec(10));
        Assert.Equal([P1], Forward(s, G, S1));
    }

    [Fact]
    public void Immediate_leave_removes_the_port_at_once_when_configured()
    {
        var s = Domain(new SnoopingOptions { ImmediateLeave = true });
        s.HandleRecord(MembershipRecord.Join(P1, G, MembershipVersion.IgmpV2), Sec(0));
        s.HandleRecord(MembershipRecord.Leave(P1, G, MembershipVersion.IgmpV2), Sec(1));
        Assert.Empty(Forward(s, G, S1));
    }

    [Fact]
    public void Removing_a_port_withdraws_its_state()
    {
        var s = Domain();
        s.HandleRecord(MembershipRecord.Join(P1, G, MembershipVersion.IgmpV2), Sec(0));
        Drain(s);
        s.RemovePort(P1);
        Assert.Contains(new LocalInterestChanged(G, null, MulticastRouteFlags.IgmpV2, false), Drain(s));
        Assert.Equal([P2, P3, P4], s.Ports);
    }

    [Fact]
    public void The_forwarding_lookup_does_not_allocate()
    {
        var s = Domain();
        s.HandleRecord(MembershipRecord.Join(P1, G, MembershipVersion.IgmpV2), Sec(0));
        s.HandleRecord(V3(P2, Igmpv3RecordType.ModeIsInclude, G, S1), Sec(0));
        s.Handle(new QueryObservation(P3, IpFamily.V4, MembershipVersion.IgmpV2, S2, null, Sec(10)), Sec(0));
        Span<PortId> ports = stackalloc PortId[8];
        s.CollectForwardingPorts(G, S1, P4, ports);
        s.HasLocalListener(G, S1);
        long best = long.MaxValue;
        for (int round = 0; round < 2; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                s.CollectForwardingPorts(G, S1, P4, ports);
                s.HasLocalListener(G, S2);
            }
            best = Math.Min(best, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.Equal(0, best);
    }
}
