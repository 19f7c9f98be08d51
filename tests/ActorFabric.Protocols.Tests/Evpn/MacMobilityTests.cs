using System.Net;
using System.Text;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Evpn;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Tests.Evpn;

public class MacMobilityTests
{
    private static readonly MacAddress Vm = MacAddress.Parse("52:54:00:aa:00:01");
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private static uint? AdvertisedSequence(EvpnTestFabric f, int leaf) =>
        f.EffectsOf<Originate>(leaf).Where(o => o.Route is MacIpAdvertisementRoute r && r.Mac == Vm)
            .Select(o => (uint?)o.Attributes.ExtendedCommunities.Where(c => c.IsMacMobility).Select(c => c.MacMobilitySequence).FirstOrDefault())
            .LastOrDefault();

    [Fact]
    public void A_vm_move_is_advertised_with_sequence_plus_one_and_every_remote_fdb_follows_it()
    {
        var f = new EvpnTestFabric(4);
        f.HostSends(1, 1, Vm);
        Assert.All(new[] { 2, 3, 4 }, l => Assert.Equal(EvpnTestFabric.VtepOf(1), f.Fdb(l, Vm)!.Value.Vtep));
        Assert.Equal(0u, f[1].LocalSequence(EvpnTestFabric.Vni, Vm));

        f.ClearLog();
        f.Advance(10 * Second);
        f.HostSends(2, 3, Vm); // the VM's gratuitous ARP on its new leaf

        var originated = Assert.Single(f.EffectsOf<Originate>(2));
        Assert.Contains(ExtendedCommunity.MacMobility(1, sticky: false), originated.Attributes.ExtendedCommunities);
        Assert.Equal(1u, f[2].LocalSequence(EvpnTestFabric.Vni, Vm));
        Assert.All(new[] { 1, 3, 4 }, l => Assert.Equal(FdbEntry.Remote(Vm, EvpnTestFabric.VtepOf(2), EvpnTestFabric.Vni, default), f.Fdb(l, Vm)));
        Assert.Equal(FdbEntryKind.Learned, f.Fdb(2, Vm)!.Value.Kind);
    }

    [Fact]
    public void The_previous_leaf_withdraws_its_route_when_the_move_arrives()
    {
        var f = new EvpnTestFabric(3);
        f.HostSends(1, 1, Vm);
        f.ClearLog();
        f.HostSends(2, 1, Vm);

        var withdrawn = Assert.Single(f.EffectsOf<Withdraw>(1));
        Assert.Equal(Vm, ((MacIpAdvertisementRoute)withdrawn.Route).Mac);
        Assert.Null(f[1].LocalSequence(EvpnTestFabric.Vni, Vm));
        Assert.Empty(f.EffectsOf<Withdraw>(2));
        // After the withdrawal only leaf 2's route is left anywhere.
        Assert.Single(f.Leaves.SelectMany(l => l.Advertisements()), o => o.Route is MacIpAdvertisementRoute r && r.Mac == Vm);
    }

    [Fact]
    public void Moving_back_increments_the_sequence_again_and_mac_ip_routes_follow()
    {
        var f = new EvpnTestFabric(3);
        var ip = IPAddress.Parse("192.168.100.50");
        void Garp(int leaf)
        {
            f[leaf].HandleAccessAddressResolution(new PortId(1), EvpnTestFabric.Vlan, Vm, MacAddress.Broadcast, new AddressResolution(true, Vm, ip, ip), f.Now);
            f.Pump();
        }
        Garp(1);
        Garp(2);
        f.ClearLog();
        Garp(1);

        Assert.Equal(2u, f[1].LocalSequence(EvpnTestFabric.Vni, Vm));
        var routes = f.EffectsOf<Originate>(1).ToList();
        Assert.Equal(2, routes.Count); // MAC-only and MAC+IP, both with sequence 2
        Assert.All(routes, o => Assert.Contains(ExtendedCommunity.MacMobility(2, false), o.Attributes.ExtendedCommunities));
        Assert.Equal(2, f.EffectsOf<Withdraw>(2).Count());
        Assert.True(f[3].TryGetDomainByVni(EvpnTestFabric.Vni, out var bd3));
        Assert.True(bd3.ArpTable.TryResolve(ip, bd3.Fdb, out var mac));
        Assert.Equal(Vm, mac);
        Assert.Equal(EvpnTestFabric.VtepOf(1), f.Fdb(3, Vm)!.Value.Vtep);
    }

    [Fact]
    public void Equal_sequence_numbers_are_won_by_the_lower_vtep_address()
    {
        // Both leaves learn the MAC before hearing of the other: both advertise sequence 0.
        var leaf1 = new MacVrf(EvpnTestFabric.Options(1));
        var leaf2 = new MacVrf(EvpnTestFabric.Options(2));
        leaf1.AttachPort(new PortId(1), EvpnTestFabric.Vlan);
        leaf2.AttachPort(new PortId(1), EvpnTestFabric.Vlan);
        leaf1.HandleAccessFrame(new PortId(1), EvpnTestFabric.Vlan, Vm, MacAddress.Broadcast, TimeSpan.Zero);
        leaf2.HandleAccessFrame(new PortId(1), EvpnTestFabric.Vlan, Vm, MacAddress.Broadcast, TimeSpan.Zero);
        var r1 = Originated(leaf1);
        var r2 = Originated(leaf2);

        leaf1.ApplyRemote(r2.Route, r2.Attributes, leaf2.LocalVtep, TimeSpan.Zero);
        leaf2.ApplyRemote(r1.Route, r1.Attributes, leaf1.LocalVtep, TimeSpan.Zero);

        Assert.DoesNotContain(Effects(leaf1), e => e is Withdraw);
        Assert.Contains(Effects(leaf2), e => e is Withdraw);
        Assert.Equal(0u, leaf1.LocalSequence(EvpnTestFabric.Vni, Vm));
        Assert.Null(leaf2.LocalSequence(EvpnTestFabric.Vni, Vm));
    }

    [Fact]
    public void A_remote_route_with_a_lower_sequence_does_not_take_a_local_mac_away()
    {
        var f = new EvpnTestFabric(2);
        f.HostSends(1, 1, Vm);
        f.HostSends(2, 1, Vm); // leaf 2 now holds it with sequence 1
        var stale = new MacIpAdvertisementRoute(RouteDistinguisher.FromIpv4(EvpnTestFabric.VtepOf(9), 100), default, 0, Vm, null, EvpnTestFabric.Vni);
        f.ClearLog();
        f[2].ApplyRemote(stale, new PathAttributes { ExtendedCommunities = [EvpnTestFabric.RouteTarget] }, EvpnTestFabric.VtepOf(9), f.Now);
        f.Pump();
        Assert.Empty(f.EffectsOf<Withdraw>(2));
        Assert.Equal(FdbEntryKind.Learned, f.Fdb(2, Vm)!.Value.Kind);
    }

    [Fact]
    public void A_sticky_mac_never_moves_and_the_conflict_is_reported()
    {
        var f = new EvpnTestFabric(3);
        f[1].AddStaticMac(EvpnTestFabric.Vlan, Vm, new PortId(1), f.Now);
        f.Pump();
        f.ClearLog();

        f.HostSends(2, 1, Vm); // the same MAC shows up behind leaf 2

        var conflict = Assert.Single(f.EffectsOf<StickyMacConflict>(2));
        Assert.Equal(EvpnTestFabric.VtepOf(1), conflict.RemoteVtep);
        Assert.Empty(f.EffectsOf<Originate>(2));
        Assert.All(new[] { 2, 3 }, l => Assert.Equal(EvpnTestFabric.VtepOf(1), f.Fdb(l, Vm)!.Value.Vtep));
        Assert.Equal(FdbEntryKind.Static, f.Fdb(1, Vm)!.Value.Kind);
    }

    [Fact]
    public void A_host_behind_a_sticky_mac_raises_one_alert_per_port_not_one_per_frame()
    {
        var f = new EvpnTestFabric(2);
        f[1].AddStaticMac(EvpnTestFabric.Vlan, Vm, new PortId(1), f.Now);
        f.Pump();

        for (int i = 0; i < 5; i++) f.HostSends(2, 1, Vm);
        f.HostSends(2, 2, Vm);
        for (int i = 0; i < 5; i++) f.HostSends(1, 3, Vm); // on the static leaf, another port than the configured one

        Assert.Equal([new PortId(1), new PortId(2)], f.EffectsOf<StickyMacConflict>(2).Select(c => c.LocalPort!.Value));
        var here = Assert.Single(f.EffectsOf<StickyMacConflict>(1));
        Assert.Equal((new PortId(3), (IPAddress?)null), (here.LocalPort!.Value, here.RemoteVtep));
        Assert.Equal(FdbEntryKind.Static, f.Fdb(1, Vm)!.Value.Kind);
        Assert.Equal(new PortId(1), f.Fdb(1, Vm)!.Value.Port);
    }

    [Fact]
    public void A_static_mac_is_kept_when_a_remote_route_for_it_arrives()
    {
        var f = new EvpnTestFabric(2);
        f[1].AddStaticMac(EvpnTestFabric.Vlan, Vm, new PortId(1), f.Now);
        var foreign = new MacIpAdvertisementRoute(RouteDistinguisher.FromIpv4(EvpnTestFabric.VtepOf(9), 100), default, 0, Vm, null, EvpnTestFabric.Vni);
        f[1].ApplyRemote(foreign, new PathAttributes { ExtendedCommunities = [EvpnTestFabric.RouteTarget, ExtendedCommunity.MacMobility(7, false)] }, EvpnTestFabric.VtepOf(9), f.Now);
        f.Pump();

        Assert.Single(f.EffectsOf<StickyMacConflict>(1));
        Assert.Empty(f.EffectsOf<Withdraw>(1));
        Assert.Equal(FdbEntryKind.Static, f.Fdb(1, Vm)!.Value.Kind);
    }

    /// <summary>
    /// The host starts on leaf 1, then alternates leaf 2 / leaf 1 every <paramref name="interval"/>, arriving
    /// <paramref name="arrivalsOnLeaf2"/> times on leaf 2: 2 × that many moves, each seen by both leaves (one learns
    /// the MAC over the other's route, the other loses its local entry to the new route).
    /// </summary>
    private static void Flap(EvpnTestFabric f, int arrivalsOnLeaf2, TimeSpan interval)
    {
        f.HostSends(1, 1, Vm);
        for (int i = 0; i < arrivalsOnLeaf2; i++)
        {
            f.Advance(interval);
            f.HostSends(2, 1, Vm);
            f.Advance(interval);
            f.HostSends(1, 1, Vm);
        }
    }

    [Fact]
    public void A_mac_bouncing_between_two_leaves_is_declared_duplicate_at_the_fifth_move_on_both_leaves()
    {
        var f = new EvpnTestFabric(2);
        f.HostSends(1, 1, Vm);
        for (int move = 1; move <= 4; move++)
        {
            f.Advance(5 * Second);
            f.HostSends(move % 2 == 1 ? 2 : 1, 1, Vm);
            Assert.DoesNotContain(f.Log, x => x.Effect is DuplicateMacDetected); // 4 moves within M = 180 s: below N = 5
        }
        Assert.Equal(4u, f[1].LocalSequence(EvpnTestFabric.Vni, Vm)); // every move was advertised and counted on both sides

        f.Advance(5 * Second);
        f.HostSends(2, 1, Vm); // the 5th move, at 25 s

        foreach (int leaf in new[] { 1, 2 })
        {
            var detected = Assert.Single(f.EffectsOf<DuplicateMacDetected>(leaf));
            Assert.Equal((EvpnTestFabric.Vni, Vm, 5, TimeSpan.FromSeconds(25)), (detected.Vni, detected.Mac, detected.Moves, detected.At));
            Assert.True(f[leaf].IsDuplicate(EvpnTestFabric.Vni, Vm));
        }
        // The move that reached the threshold was processed in full: leaf 2 advertised it, leaf 1 withdrew.
        Assert.Equal(5u, AdvertisedSequence(f, 2));
        Assert.Null(f[1].LocalSequence(EvpnTestFabric.Vni, Vm));
    }

    [Fact]
    public void A_leaf_that_only_watches_a_mac_move_between_two_others_counts_no_move()
    {
        var f = new EvpnTestFabric(3);
        Flap(f, 5, 5 * Second); // 10 moves between leaves 1 and 2
        Assert.Single(f.EffectsOf<DuplicateMacDetected>(1));
        Assert.Single(f.EffectsOf<DuplicateMacDetected>(2));
        Assert.Empty(f.EffectsOf<DuplicateMacDetected>(3));
        Assert.False(f[3].IsDuplicate(EvpnTestFabric.Vni, Vm));
    }

    [Fact]
    public void A_duplicate_mac_stops_sending_updates()
    {
        var f = new EvpnTestFabric(3);
        Flap(f, 2, 5 * Second);
        f.Advance(5 * Second);
        f.HostSends(2, 1, Vm); // 5th move: both leaves frozen, the rest of the fabric points at leaf 2
        Assert.True(f[1].IsDuplicate(EvpnTestFabric.Vni, Vm) && f[2].IsDuplicate(EvpnTestFabric.Vni, Vm));
        f.ClearLog();

        for (int i = 0; i < 3; i++)
        {
            f.Advance(5 * Second);
            f.HostSends(1, 1, Vm);
            f.Advance(5 * Second);
            f.HostSends(2, 1, Vm);
        }

        Assert.DoesNotContain(f.Log, x => x.Effect is Originate or Withdraw or DuplicateMacDetected);
        Assert.Equal(EvpnTestFabric.VtepOf(2), f.Fdb(3, Vm)!.Value.Vtep);
        // Each frozen leaf still delivers to the host on its own port.
        Assert.Equal(FdbEntryKind.Learned, f.Fdb(1, Vm)!.Value.Kind);
        Assert.Equal(FdbEntryKind.Learned, f.Fdb(2, Vm)!.Value.Kind);
    }

    [Fact]
    public void The_same_number_of_moves_spread_beyond_the_window_is_not_a_duplicate()
    {
        var f = new EvpnTestFabric(2, aging: TimeSpan.FromSeconds(3600));
        Flap(f, 8, 45 * Second); // a move every 45 s: 4 in the 180 s window each first move opens, the 5th opens the next

        Assert.Empty(f.EffectsOf<DuplicateMacDetected>(1));
        Assert.Empty(f.EffectsOf<DuplicateMacDetected>(2));
        Assert.Equal(16u, f[1].LocalSequence(EvpnTestFabric.Vni, Vm));
    }

    [Fact]
    public void The_detection_threshold_and_window_are_configurable()
    {
        var f = new EvpnTestFabric(2, new MacMobilityOptions { DuplicateMoveThreshold = 2, DuplicateDetectionWindow = TimeSpan.FromSeconds(30) });
        Flap(f, 1, 40 * Second); // moves at 40 s and 80 s: never two inside 30 s
        Assert.DoesNotContain(f.Log, x => x.Effect is DuplicateMacDetected);
        Flap(f, 1, 5 * Second); // a move at 85 s, 5 s after the one that opened the window

        Assert.Equal(TimeSpan.FromSeconds(85), Assert.Single(f.EffectsOf<DuplicateMacDetected>(1)).At);
        Assert.Equal(TimeSpan.FromSeconds(85), Assert.Single(f.EffectsOf<DuplicateMacDetected>(2)).At);
    }

    [Fact]
    public void A_duplicate_recovers_after_the_recovery_time_and_is_readvertised_above_every_remote_sequence()
    {
        var f = new EvpnTestFabric(3, new MacMobilityOptions { DuplicateRecoveryTime = TimeSpan.FromSeconds(600) }, aging: TimeSpan.FromSeconds(3600));
        Flap(f, 2, 5 * Second);
        f.Advance(5 * Second);
        f.HostSends(2, 1, Vm); // frozen at 25 s on both leaves; leaf 2 advertises sequence 5
        f.Advance(5 * Second);
        f.ClearLog();
        f.HostSends(1, 1, Vm); // back on leaf 1, which learns it but may not advertise it
        Assert.Empty(f.EffectsOf<Originate>(1));
        Assert.Equal(FdbEntryKind.Learned, f.Fdb(1, Vm)!.Value.Kind);
        Assert.Equal(TimeSpan.FromSeconds(625), f[1].PollTimeout());
        f.ClearLog();

        f.Advance(TimeSpan.FromSeconds(594)); // now 624 s
        Assert.True(f[1].IsDuplicate(EvpnTestFabric.Vni, Vm));
        f.Advance(Second);

        Assert.Single(f.EffectsOf<DuplicateMacCleared>(1));
        Assert.Single(f.EffectsOf<DuplicateMacCleared>(2));
        Assert.False(f[1].IsDuplicate(EvpnTestFabric.Vni, Vm));
        Assert.Equal(6u, AdvertisedSequence(f, 1));
        Assert.Single(f.EffectsOf<Withdraw>(2));
        Assert.All(new[] { 2, 3 }, l => Assert.Equal(EvpnTestFabric.VtepOf(1), f.Fdb(l, Vm)!.Value.Vtep));
    }

    [Fact]
    public void An_operator_can_clear_a_duplicate()
    {
        var f = new EvpnTestFabric(2);
        Flap(f, 5, 5 * Second);
        Assert.True(f[2].ClearDuplicate(EvpnTestFabric.Vni, Vm, f.Now));
        f.Pump();
        Assert.False(f[2].IsDuplicate(EvpnTestFabric.Vni, Vm));
        Assert.True(f[1].IsDuplicate(EvpnTestFabric.Vni, Vm)); // each PE releases its own
        Assert.False(f[2].ClearDuplicate(EvpnTestFabric.Vni, Vm, f.Now));
    }

    [Theory]
    [InlineData(uint.MaxValue, 0u)]            // wraps to 0, which is newer than 2^32 - 1 in serial-number order
    [InlineData(0x8000_0005u, 0x8000_0006u)]   // above 2^31: still the highest received + 1
    public void A_move_advertises_the_highest_received_sequence_plus_one_across_wrap_around(uint held, uint expected)
    {
        var f = new EvpnTestFabric(3);
        f[1].RestoreMobility(EvpnTestFabric.Vni, Vm, held, duplicate: false, f.Now);
        f.HostSends(1, 1, Vm);
        Assert.Equal(held, f[1].LocalSequence(EvpnTestFabric.Vni, Vm));

        f.HostSends(2, 1, Vm);

        Assert.Equal(expected, f[2].LocalSequence(EvpnTestFabric.Vni, Vm));
        Assert.Single(f.EffectsOf<Withdraw>(1));
        Assert.All(new[] { 1, 3 }, l => Assert.Equal(EvpnTestFabric.VtepOf(2), f.Fdb(l, Vm)!.Value.Vtep));
    }

    [Fact]
    public void A_sticky_route_holds_the_mac_over_a_higher_sequence_from_another_leaf()
    {
        var f = new EvpnTestFabric(3);
        f[1].AddStaticMac(EvpnTestFabric.Vlan, Vm, new PortId(1), f.Now);
        f.Pump();
        var newer = EvpnTestFabric.MacRoute(EvpnTestFabric.VtepOf(9), Vm);
        f[3].ApplyRemote(newer, EvpnTestFabric.Attrs(ExtendedCommunity.MacMobility(7, false)), EvpnTestFabric.VtepOf(9), f.Now);
        f.Pump();

        Assert.Equal(EvpnTestFabric.VtepOf(1), f.Fdb(3, Vm)!.Value.Vtep);
        Assert.Contains(f[3].ImportedMacRoutes(), r => r.Sticky && r.Vtep.Equals(EvpnTestFabric.VtepOf(1)));
    }

    [Fact]
    public void A_learned_mac_gives_way_to_a_sticky_route_and_the_conflict_is_reported()
    {
        var f = new EvpnTestFabric(2);
        f.HostSends(2, 1, Vm);
        f.ClearLog();

        f[1].AddStaticMac(EvpnTestFabric.Vlan, Vm, new PortId(1), f.Now);
        f.Pump();

        var conflict = Assert.Single(f.EffectsOf<StickyMacConflict>(2));
        Assert.Equal((new PortId(1), EvpnTestFabric.VtepOf(1)), (conflict.LocalPort, conflict.RemoteVtep));
        Assert.Single(f.EffectsOf<Withdraw>(2));
        Assert.Null(f[2].LocalSequence(EvpnTestFabric.Vni, Vm));
        Assert.Equal(EvpnTestFabric.VtepOf(1), f.Fdb(2, Vm)!.Value.Vtep);
        // Configuring it static while leaf 2 advertised it is itself reported on leaf 1.
        Assert.Single(f.EffectsOf<StickyMacConflict>(1));
        Assert.Empty(f.EffectsOf<DuplicateMacDetected>(1).Concat(f.EffectsOf<DuplicateMacDetected>(2)));
    }

    [Fact]
    public void A_host_on_the_same_ethernet_segment_of_two_leaves_is_not_a_move()
    {
        var esi = EthernetSegmentId.Parse("00:11:22:33:44:55:66:77:88:99");
        var f = new EvpnTestFabric(3);
        f[1].AttachPort(new PortId(4), EvpnTestFabric.Vlan, esi);
        f[2].AttachPort(new PortId(4), EvpnTestFabric.Vlan, esi);

        // The host's bond hashes its frames over both links, many times inside the detection window.
        for (int i = 0; i < 12; i++)
        {
            f.Advance(Second);
            f.HostSends(1 + i % 2, 4, Vm);
        }

        Assert.DoesNotContain(f.Log, x => x.Effect is Withdraw or DuplicateMacDetected);
        Assert.All(new[] { 1, 2 }, l =>
        {
            Assert.Equal(0u, f[l].LocalSequence(EvpnTestFabric.Vni, Vm));
            Assert.True(f.Fdb(l, Vm)!.Value.IsLocal);
            var route = Assert.Single(f.EffectsOf<Originate>(l), o => o.Route is MacIpAdvertisementRoute);
            Assert.Equal(esi, ((MacIpAdvertisementRoute)route.Route).Esi);
            Assert.DoesNotContain(route.Attributes.ExtendedCommunities, c => c.IsMacMobility); // sequence 0: no MAC Mobility EC
        });
        Assert.Equal(2, f[3].ImportedMacRoutes().Count);
    }

    [Fact]
    public void A_host_moving_to_a_different_ethernet_segment_is_a_move()
    {
        var f = new EvpnTestFabric(2);
        f[1].AttachPort(new PortId(4), EvpnTestFabric.Vlan, EthernetSegmentId.Parse("00:11:22:33:44:55:66:77:88:99"));
        f[2].AttachPort(new PortId(4), EvpnTestFabric.Vlan, EthernetSegmentId.Parse("00:11:22:33:44:55:66:77:88:aa"));
        f.HostSends(1, 4, Vm);
        f.HostSends(2, 4, Vm);

        Assert.Equal(1u, f[2].LocalSequence(EvpnTestFabric.Vni, Vm));
        Assert.Single(f.EffectsOf<Withdraw>(1));
    }

    [Fact]
    public void The_same_scenario_produces_the_same_effects_twice()
    {
        static string Run()
        {
            var f = new EvpnTestFabric(4, new MacMobilityOptions { DuplicateRecoveryTime = TimeSpan.FromSeconds(100) }, TimeSpan.FromSeconds(60));
            for (int h = 0; h < 20; h++)
                f.HostSends(1 + h % 4, 1 + h % 3, new MacAddress(0x5254_0000_0000UL + (ulong)h));
            Flap(f, 6, 3 * Second);
            f.Advance(TimeSpan.FromSeconds(400));
            var sb = new StringBuilder();
            foreach (var (leaf, effect) in f.Log) sb.Append(leaf).Append(' ').Append(effect).Append('\n');
            return sb.ToString();
        }
        var a = Run();
        Assert.Equal(a, Run());
        Assert.Contains("DuplicateMacDetected", a);
    }

    private static Originate Originated(MacVrf leaf)
    {
        Originate? found = null;
        foreach (var e in Effects(leaf)) if (e is Originate o) found = o;
        return found!;
    }

    private static List<MacVrfEffect> Effects(MacVrf leaf)
    {
        var list = new List<MacVrfEffect>();
        leaf.DrainEffects(list);
        return list;
    }

    [Fact]
    public void A_restored_sequence_is_the_floor_of_the_next_local_advertisement_of_that_mac()
    {
        var f = new EvpnTestFabric(2);
        f[1].RestoreMobility(EvpnTestFabric.Vni, Vm, 4, duplicate: false, f.Now);
        f.HostSends(1, 1, Vm); // learned with no remote route to outbid: 0 without the memory

        Assert.Equal(4u, f[1].LocalSequence(EvpnTestFabric.Vni, Vm));
        Assert.Equal(4u, AdvertisedSequence(f, 1));
    }

    [Fact]
    public void A_restored_duplicate_stays_frozen_and_is_not_advertised()
    {
        var f = new EvpnTestFabric(2);
        f[1].RestoreMobility(EvpnTestFabric.Vni, Vm, 7, duplicate: true, f.Now);
        f.HostSends(1, 1, Vm);

        Assert.True(f[1].IsDuplicate(EvpnTestFabric.Vni, Vm));
        Assert.Null(AdvertisedSequence(f, 1));
    }
}
