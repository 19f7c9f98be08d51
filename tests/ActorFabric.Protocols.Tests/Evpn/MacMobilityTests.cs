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
    /// The host starts on leaf 1, then alternates leaf 2 / leaf 1 every <paramref name="interval"/>,
    /// arriving <paramref name="arrivalsOnLeaf2"/> times on leaf 2 (each arrival there is a move detected by leaf 2).
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
    public void Flapping_between_two_leaves_past_the_threshold_within_the_window_marks_the_mac_duplicate()
    {
        var f = new EvpnTestFabric(3);
        Flap(f, 4, 5 * Second); // 4 moves onto leaf 2 within 40 s: below N = 5
        Assert.Empty(f.EffectsOf<DuplicateMacDetected>(2));
        Assert.False(f[2].IsDuplicate(EvpnTestFabric.Vni, Vm));

        f.Advance(5 * Second);
        f.HostSends(2, 1, Vm); // the 5th move within M = 180 s

        var detected = Assert.Single(f.EffectsOf<DuplicateMacDetected>(2));
        Assert.Equal((EvpnTestFabric.Vni, Vm, 5, TimeSpan.FromSeconds(45)), (detected.Vni, detected.Mac, detected.Moves, detected.At));
        Assert.True(f[2].IsDuplicate(EvpnTestFabric.Vni, Vm));
        Assert.False(f[1].IsDuplicate(EvpnTestFabric.Vni, Vm)); // leaf 1 saw only 4 moves back
    }

    [Fact]
    public void A_duplicate_mac_stops_sending_updates()
    {
        var f = new EvpnTestFabric(3);
        Flap(f, 5, 5 * Second);
        Assert.True(f[2].IsDuplicate(EvpnTestFabric.Vni, Vm));
        f.ClearLog();

        for (int i = 0; i < 3; i++)
        {
            f.Advance(5 * Second);
            f.HostSends(2, 1, Vm);
            f.Advance(5 * Second);
            f.HostSends(1, 1, Vm);
        }

        Assert.DoesNotContain(f.Log, x => x.Leaf == 2 && x.Effect is Originate or Withdraw);
        // Leaf 1 keeps the MAC and the rest of the fabric keeps pointing at it.
        Assert.Equal(EvpnTestFabric.VtepOf(1), f.Fdb(3, Vm)!.Value.Vtep);
    }

    [Fact]
    public void The_same_number_of_moves_spread_beyond_the_window_is_not_a_duplicate()
    {
        var f = new EvpnTestFabric(2, aging: TimeSpan.FromSeconds(3600));
        Flap(f, 8, 25 * Second); // one move onto each leaf every 50 s: at most 4 inside any 180 s window

        Assert.Empty(f.EffectsOf<DuplicateMacDetected>(1));
        Assert.Empty(f.EffectsOf<DuplicateMacDetected>(2));
        Assert.Equal(16u, f[1].LocalSequence(EvpnTestFabric.Vni, Vm));
    }

    [Fact]
    public void The_detection_threshold_and_window_are_configurable()
    {
        var f = new EvpnTestFabric(2, new MacMobilityOptions { DuplicateMoveThreshold = 2, DuplicateDetectionWindow = TimeSpan.FromSeconds(30) });
        Flap(f, 2, 20 * Second); // moves onto leaf 2 at 20 s and 60 s: outside a 30 s window
        Assert.Empty(f.EffectsOf<DuplicateMacDetected>(2));
        Flap(f, 2, 5 * Second); // two more within 10 s
        Assert.Single(f.EffectsOf<DuplicateMacDetected>(2));
    }

    [Fact]
    public void A_duplicate_recovers_after_the_recovery_time_and_is_readvertised_above_every_remote_sequence()
    {
        var f = new EvpnTestFabric(3, new MacMobilityOptions { DuplicateRecoveryTime = TimeSpan.FromSeconds(600) }, aging: TimeSpan.FromSeconds(3600));
        Flap(f, 5, 5 * Second); // leaf 2 frozen at 45 s; leaf 1 holds the MAC with sequence 8
        Assert.Equal(8u, f[1].LocalSequence(EvpnTestFabric.Vni, Vm));
        Assert.Equal(TimeSpan.FromSeconds(645), f[2].PollTimeout());
        f.ClearLog();

        f.Advance(TimeSpan.FromSeconds(594)); // now 644 s
        Assert.True(f[2].IsDuplicate(EvpnTestFabric.Vni, Vm));
        f.Advance(Second);

        Assert.Single(f.EffectsOf<DuplicateMacCleared>(2));
        Assert.False(f[2].IsDuplicate(EvpnTestFabric.Vni, Vm));
        Assert.Equal(9u, AdvertisedSequence(f, 2));
        Assert.Single(f.EffectsOf<Withdraw>(1));
        Assert.All(new[] { 1, 3 }, l => Assert.Equal(EvpnTestFabric.VtepOf(2), f.Fdb(l, Vm)!.Value.Vtep));
    }

    [Fact]
    public void An_operator_can_clear_a_duplicate()
    {
        var f = new EvpnTestFabric(2);
        Flap(f, 5, 5 * Second);
        Assert.True(f[2].ClearDuplicate(EvpnTestFabric.Vni, Vm, f.Now));
        f.Pump();
        Assert.False(f[2].IsDuplicate(EvpnTestFabric.Vni, Vm));
        Assert.False(f[2].ClearDuplicate(EvpnTestFabric.Vni, Vm, f.Now));
    }

    [Fact]
    public void Sequence_numbers_compare_as_serial_numbers_across_wrap_around()
    {
        Assert.True(MobilitySequence.IsNewer(0, uint.MaxValue));
        Assert.True(MobilitySequence.IsNewer(5, 4));
        Assert.False(MobilitySequence.IsNewer(4, 4));
        Assert.False(MobilitySequence.IsNewer(uint.MaxValue, 0));
        Assert.Equal(0u, MobilitySequence.Max(uint.MaxValue, 0));
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
