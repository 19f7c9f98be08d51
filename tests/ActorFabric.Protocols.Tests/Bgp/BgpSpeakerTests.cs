using System.Net;
using ActorFabric.Protocols.Bgp.Rib;
using ActorFabric.Protocols.Bgp.Session;
using ActorFabric.Protocols.Bgp.Speaker;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using static ActorFabric.Protocols.Tests.Bgp.BgpTestData;

namespace ActorFabric.Protocols.Tests.Bgp;

public class BgpSpeakerTests
{
    [Fact]
    public void Two_speakers_back_to_back_establish_and_exchange_routes_with_end_of_rib_after_the_initial_table()
    {
        var net = new BgpTestNetwork();
        var a = net.Add("a", "10.0.0.1");
        var b = net.Add("b", "10.0.0.2");
        var early = MacRoute("10.0.0.1", 1);
        a.Originate(early, Attributes(), IPAddress.Parse("10.0.0.1"), net.Now);
        net.Peer("a", "b");

        Assert.Equal(BgpSessionState.Established, net.PeerOf("a", "b").State);
        Assert.Equal(BgpSessionState.Established, net.PeerOf("b", "a").State);
        var toB = net.Received("b", "a").OfType<UpdateMessage>().ToList();
        Assert.Equal(early, toB[0].MpReach!.EvpnRoutes.Single());
        Assert.True(toB[1].IsEndOfRib(out var afi, out var safi));
        Assert.Equal((25, 70), (afi, safi));
        Assert.True(net.PeerOf("b", "a").EndOfRibReceived);
        Assert.Equal(IPAddress.Parse("10.0.0.1"), b.LocRib.GetBest(early)!.NextHop);

        var later = MacRoute("10.0.0.1", 2);
        a.Originate(later, Attributes(), IPAddress.Parse("10.0.0.1"), net.Now);
        net.Pump();
        Assert.NotNull(b.LocRib.GetBest(later));
        Assert.Equal(100u, b.LocRib.GetBest(later)!.Attributes.LocalPref);

        a.WithdrawOriginated(early, net.Now);
        net.Pump();
        Assert.Null(b.LocRib.GetBest(early));
        Assert.Equal(1, b.LocRib.Count);
        Assert.Contains(early, net.WithdrawnTo("b", "a"));
    }

    [Fact]
    public void Best_path_changes_are_reported_to_the_host()
    {
        var net = new BgpTestNetwork();
        net.Add("a", "10.0.0.1");
        net.Add("b", "10.0.0.2");
        net.Peer("a", "b");
        var r = MacRoute("10.0.0.1", 1);
        net["a"].Originate(r, Attributes(), IPAddress.Parse("10.0.0.1"), net.Now);
        net.Pump();
        var change = net.BestPathChanges.Single(c => c.Node == "b").Change.Change;
        Assert.Null(change.OldBest);
        Assert.Equal(r, change.NewBest!.Route);
    }

    private static BgpTestNetwork ReflectorWithClients(int clients, bool nonClient = false)
    {
        var net = new BgpTestNetwork();
        net.Add("rr", "10.0.0.100", routeReflector: true);
        for (int i = 1; i <= clients; i++)
        {
            net.Add($"c{i}", $"10.0.0.{i}");
            net.Peer("rr", $"c{i}", bIsClientOfA: true);
        }
        if (nonClient)
        {
            net.Add("n", "10.0.0.50");
            net.Peer("rr", "n");
        }
        return net;
    }

    [Fact]
    public void Reflector_reflects_a_client_route_to_the_other_clients_with_originator_id_and_cluster_list()
    {
        var net = ReflectorWithClients(3);
        var r = MacRoute("10.0.0.1", 7);
        net["c1"].Originate(r, Attributes(), IPAddress.Parse("10.0.0.1"), net.Now);
        net.Pump();

        Assert.DoesNotContain(r, net.AnnouncedTo("c1", "rr")); // never back to the originating client
        foreach (var c in new[] { "c2", "c3" })
        {
            var update = net.Received(c, "rr").OfType<UpdateMessage>().Single(u => u.MpReach is not null);
            Assert.Equal(r, update.MpReach!.EvpnRoutes.Single());
            Assert.Equal(Id("10.0.0.1"), update.Attributes.OriginatorId);
            Assert.Equal([Id("10.0.0.100")], update.Attributes.ClusterList);
            Assert.Equal(IPAddress.Parse("10.0.0.1"), update.MpReach.NextHop); // next hop unchanged
            Assert.Equal(100u, update.Attributes.LocalPref);
            var best = net[c].LocRib.GetBest(r)!;
            Assert.Equal(IPAddress.Parse("10.0.0.1"), best.NextHop);
        }
        // c2 and c3 got the very same UPDATE object: one computation for the update group.
        Assert.Same(net.Received("c2", "rr").OfType<UpdateMessage>().Single(u => u.MpReach is not null),
                    net.Received("c3", "rr").OfType<UpdateMessage>().Single(u => u.MpReach is not null));

        net["c1"].WithdrawOriginated(r, net.Now);
        net.Pump();
        Assert.Contains(r, net.WithdrawnTo("c2", "rr"));
        Assert.Contains(r, net.WithdrawnTo("c3", "rr"));
        Assert.DoesNotContain(r, net.WithdrawnTo("c1", "rr"));
        Assert.Null(net["c3"].LocRib.GetBest(r));
    }

    [Fact]
    public void Reflector_sends_non_client_routes_to_clients_only_and_client_routes_to_non_clients_too()
    {
        var net = ReflectorWithClients(2, nonClient: true);
        net.Add("n2", "10.0.0.51");
        net.Peer("rr", "n2");
        var fromNonClient = MacRoute("10.0.0.50", 1);
        net["n"].Originate(fromNonClient, Attributes(), IPAddress.Parse("10.0.0.50"), net.Now);
        var fromClient = MacRoute("10.0.0.1", 2);
        net["c1"].Originate(fromClient, Attributes(), IPAddress.Parse("10.0.0.1"), net.Now);
        net.Pump();

        Assert.Contains(fromNonClient, net.AnnouncedTo("c1"));
        Assert.Contains(fromNonClient, net.AnnouncedTo("c2"));
        Assert.DoesNotContain(fromNonClient, net.AnnouncedTo("n2"));
        Assert.Contains(fromClient, net.AnnouncedTo("n"));
        Assert.Contains(fromClient, net.AnnouncedTo("n2"));
        Assert.Contains(fromClient, net.AnnouncedTo("c2"));
    }

    [Fact]
    public void A_plain_ibgp_speaker_does_not_pass_ibgp_routes_to_other_ibgp_peers()
    {
        var net = new BgpTestNetwork();
        net.Add("a", "10.0.0.1"); net.Add("b", "10.0.0.2"); net.Add("c", "10.0.0.3");
        net.Peer("b", "a"); net.Peer("b", "c");
        var r = MacRoute("10.0.0.1", 1);
        net["a"].Originate(r, Attributes(), IPAddress.Parse("10.0.0.1"), net.Now);
        net.Pump();
        Assert.NotNull(net["b"].LocRib.GetBest(r));
        Assert.Null(net["c"].LocRib.GetBest(r));
    }

    [Fact]
    public void Reflector_ignores_routes_carrying_its_cluster_id_and_speakers_ignore_their_own_originator_id()
    {
        var net = ReflectorWithClients(2);
        var c1 = net.PeerOf("rr", "c1");
        var looped = MacRoute("10.0.0.9", 1);
        net["rr"].HandleReceived(c1, Announce(IPAddress.Parse("10.0.0.9"), Attributes() with { ClusterList = [Id("10.0.0.100")] }, looped), net.Now);
        net.Pump();
        Assert.Null(net["rr"].LocRib.GetBest(looped));
        Assert.DoesNotContain(looped, net.AnnouncedTo("c2"));

        var mine = MacRoute("10.0.0.9", 2);
        var onC2 = net.PeerOf("c2", "rr");
        net["c2"].HandleReceived(onC2, Announce(IPAddress.Parse("10.0.0.9"), Attributes() with { OriginatorId = Id("10.0.0.2") }, mine), net.Now);
        Assert.Null(net["c2"].LocRib.GetBest(mine));

        // A route re-announced with a loop replaces (withdraws) what the peer had sent before.
        var r = MacRoute("10.0.0.9", 3);
        net["rr"].HandleReceived(c1, Announce(IPAddress.Parse("10.0.0.9"), Attributes(), r), net.Now);
        Assert.NotNull(net["rr"].LocRib.GetBest(r));
        net["rr"].HandleReceived(c1, Announce(IPAddress.Parse("10.0.0.9"), Attributes() with { OriginatorId = Id("10.0.0.100") }, r), net.Now);
        Assert.Null(net["rr"].LocRib.GetBest(r));
    }

    [Fact]
    public void When_the_best_path_moves_to_another_client_that_client_gets_a_withdrawal_and_the_rest_the_new_path()
    {
        var net = ReflectorWithClients(3);
        var r = MacRoute("10.0.0.9", 1);
        // Same key from c1 and c2; c1 wins on lower originator id.
        net["c1"].Originate(r, Attributes(), IPAddress.Parse("10.0.0.1"), net.Now);
        net.Pump();
        net["c2"].Originate(r, Attributes(), IPAddress.Parse("10.0.0.2"), net.Now);
        net.Pump();
        Assert.Equal(IPAddress.Parse("10.0.0.1"), net["rr"].LocRib.GetBest(r)!.NextHop);
        int before = net.Log.Count;
        net["c1"].WithdrawOriginated(r, net.Now);
        net.Pump();
        var after = net.Log.Skip(before).Where(l => l.From == "rr").ToList();
        Assert.Contains(after, l => l.To == "c2" && l.Message is UpdateMessage { MpUnreach: not null });
        Assert.Contains(after, l => l.To == "c3" && l.Message is UpdateMessage u && u.MpReach?.NextHop.Equals(IPAddress.Parse("10.0.0.2")) == true);
        Assert.Contains(after, l => l.To == "c1" && l.Message is UpdateMessage u && u.MpReach?.NextHop.Equals(IPAddress.Parse("10.0.0.2")) == true);
        // c2 still uses its own local route; c3 now points at c2.
        Assert.Equal(IPAddress.Parse("10.0.0.2"), net["c3"].LocRib.GetBest(r)!.NextHop);
    }

    [Fact]
    public void Leaf_imports_only_routes_with_a_matching_route_target_and_es_routes_of_its_own_segments()
    {
        var net = new BgpTestNetwork();
        net.Add("a", "10.0.0.1");
        // RFC 7432 §8.1.1: a PE imports ES routes by the ES-Import RTs of its own segments.
        net.Add("leaf", "10.0.0.2", tweak: c => c with { ImportFilter = new RouteTargetSet([RouteTargetSet.AutoDerive(Asn, 10100), ExtendedCommunity.EsImportRouteTarget(new(0x1))]) });
        net.Peer("a", "leaf");
        var wanted = MacRoute("10.0.0.1", 1);
        var other = MacRoute("10.0.0.1", 2);
        var es = new EthernetSegmentRoute(RouteDistinguisher.FromIpv4(IPAddress.Parse("10.0.0.1"), 0), new EthernetSegmentId(1, 2), IPAddress.Parse("10.0.0.1"));
        var otherEs = new EthernetSegmentRoute(RouteDistinguisher.FromIpv4(IPAddress.Parse("10.0.0.1"), 0), new EthernetSegmentId(3, 4), IPAddress.Parse("10.0.0.1"));
        net["a"].Originate(wanted, Attributes(10100), IPAddress.Parse("10.0.0.1"), net.Now);
        net["a"].Originate(other, Attributes(20200), IPAddress.Parse("10.0.0.1"), net.Now);
        net["a"].Originate(es, new PathAttributes { Origin = Origin.Igp, ExtendedCommunities = [ExtendedCommunity.EsImportRouteTarget(new(0x1))] }, IPAddress.Parse("10.0.0.1"), net.Now);
        net["a"].Originate(otherEs, new PathAttributes { Origin = Origin.Igp, ExtendedCommunities = [ExtendedCommunity.EsImportRouteTarget(new(0x2))] }, IPAddress.Parse("10.0.0.1"), net.Now);
        net.Pump();
        Assert.NotNull(net["leaf"].LocRib.GetBest(wanted));
        Assert.Null(net["leaf"].LocRib.GetBest(other));
        Assert.NotNull(net["leaf"].LocRib.GetBest(es));
        Assert.Null(net["leaf"].LocRib.GetBest(otherEs));
    }

    [Fact]
    public void Graceful_restart_helper_keeps_stale_routes_until_end_of_rib_and_drops_those_not_re_sent()
    {
        var net = new BgpTestNetwork();
        net.Add("rr", "10.0.0.100", routeReflector: true);
        net.Add("c1", "10.0.0.1"); net.Add("c2", "10.0.0.2");
        net.Peer("c1", "rr", aIsClientOfB: true, tweak: c => c with { GracefulRestartForwardingPreserved = true });
        net.Peer("c2", "rr", aIsClientOfB: true);
        var keep = MacRoute("10.0.0.1", 1);
        var gone = MacRoute("10.0.0.1", 2);
        net["c1"].Originate(keep, Attributes(), IPAddress.Parse("10.0.0.1"), net.Now);
        net["c1"].Originate(gone, Attributes(), IPAddress.Parse("10.0.0.1"), net.Now);
        net.Pump();
        int withdrawalsBefore = net.WithdrawnTo("c2").Count;

        var c1 = net.Restart("c1"); // transport lost without NOTIFICATION
        var onRr = net.PeerOf("rr", "c1");
        Assert.True(net["rr"].LocRib.GetBest(keep)!.Stale);
        Assert.True(net["rr"].LocRib.GetBest(gone)!.Stale);
        Assert.Equal(withdrawalsBefore, net.WithdrawnTo("c2").Count); // clients keep forwarding
        Assert.NotNull(onRr.StaleDeadline);

        c1.Originate(keep, Attributes(), IPAddress.Parse("10.0.0.1"), net.Now);
        net.Peer("c1", "rr", aIsClientOfB: true, tweak: c => c with { GracefulRestartForwardingPreserved = true });
        Assert.Equal(BgpSessionState.Established, onRr.State);
        Assert.NotNull(net["rr"].LocRib.GetBest(keep));
        Assert.False(net["rr"].LocRib.GetBest(keep)!.Stale);
        Assert.Null(net["rr"].LocRib.GetBest(gone)); // purged at c1's End-of-RIB
        Assert.Contains(gone, net.WithdrawnTo("c2"));
        Assert.DoesNotContain(keep, net.WithdrawnTo("c2"));
        Assert.Null(onRr.StaleDeadline);
    }

    [Fact]
    public void Stale_routes_of_a_peer_that_returns_without_preserved_forwarding_are_dropped_at_once()
    {
        var net = ReflectorWithClients(2); // clients advertise GR without the Forwarding State bit
        var r = MacRoute("10.0.0.1", 1);
        net["c1"].Originate(r, Attributes(), IPAddress.Parse("10.0.0.1"), net.Now);
        net.Pump();
        net.Restart("c1");
        Assert.True(net["rr"].LocRib.GetBest(r)!.Stale);
        var onRr = net.PeerOf("rr", "c1");
        net.Peer("c1", "rr", aIsClientOfB: true);
        Assert.Equal(BgpSessionState.Established, onRr.State);
        Assert.Null(net["rr"].LocRib.GetBest(r)); // c1 did not re-originate it
        Assert.Null(onRr.StaleDeadline);
        Assert.Contains(r, net.WithdrawnTo("c2"));
    }

    [Fact]
    public void Graceful_restart_helper_purges_stale_routes_when_the_restart_time_runs_out()
    {
        var net = ReflectorWithClients(2);
        var r = MacRoute("10.0.0.1", 1);
        net["c1"].Originate(r, Attributes(), IPAddress.Parse("10.0.0.1"), net.Now);
        net.Pump();
        net.Restart("c1");
        net.Advance(119);
        Assert.NotNull(net["rr"].LocRib.GetBest(r));
        net.Advance(2); // restart time 120 s advertised by c1
        Assert.Null(net["rr"].LocRib.GetBest(r));
        Assert.Contains(r, net.WithdrawnTo("c2"));
    }

    [Fact]
    public void Without_graceful_restart_a_lost_session_drops_the_routes_at_once()
    {
        var net = new BgpTestNetwork();
        net.Add("rr", "10.0.0.100", routeReflector: true);
        net.Add("c1", "10.0.0.1"); net.Add("c2", "10.0.0.2");
        net.Peer("rr", "c1", bIsClientOfA: true, tweak: c => c with { GracefulRestartTimeSeconds = null });
        net.Peer("rr", "c2", bIsClientOfA: true);
        var r = MacRoute("10.0.0.1", 1);
        net["c1"].Originate(r, Attributes(), IPAddress.Parse("10.0.0.1"), net.Now);
        net.Pump();
        Assert.NotNull(net["rr"].LocRib.GetBest(r));
        net.CutTransport("c1", "rr");
        Assert.Null(net["rr"].LocRib.GetBest(r));
        Assert.Contains(r, net.WithdrawnTo("c2"));
    }

    [Fact]
    public void Received_notification_drops_routes_even_from_a_graceful_restart_peer()
    {
        var net = ReflectorWithClients(2);
        var r = MacRoute("10.0.0.1", 1);
        net["c1"].Originate(r, Attributes(), IPAddress.Parse("10.0.0.1"), net.Now);
        net.Pump();
        net["c1"].StopPeer(net.PeerOf("c1", "rr"), net.Now);
        net.Pump();
        Assert.Null(net["rr"].LocRib.GetBest(r));
    }

    [Fact]
    public void Route_refresh_request_resends_the_whole_table_between_enhanced_refresh_markers()
    {
        var net = ReflectorWithClients(2);
        var r = MacRoute("10.0.0.1", 1);
        net["c1"].Originate(r, Attributes(), IPAddress.Parse("10.0.0.1"), net.Now);
        net.Pump();
        int before = net.Log.Count;
        Assert.True(net["c2"].RequestRouteRefresh(net.PeerOf("c2", "rr"), net.Now));
        net.Pump();
        var toC2 = net.Log.Skip(before).Where(l => l.To == "c2").Select(l => l.Message).ToList();
        Assert.Equal(3, toC2.Count);
        Assert.Equal(new RouteRefreshMessage(25, 1, 70), toC2[0]);
        Assert.Equal(r, ((UpdateMessage)toC2[1]).MpReach!.EvpnRoutes.Single());
        Assert.Equal(new RouteRefreshMessage(25, 2, 70), toC2[2]);
        Assert.NotNull(net["c2"].LocRib.GetBest(r));
        Assert.False(net["c2"].LocRib.GetBest(r)!.Stale); // the EoRR purged nothing that was re-sent
    }

    [Fact]
    public void Enhanced_refresh_from_a_peer_drops_routes_it_did_not_resend()
    {
        var net = ReflectorWithClients(1);
        var c1 = net.PeerOf("rr", "c1");
        var a = MacRoute("10.0.0.1", 1);
        var b = MacRoute("10.0.0.1", 2);
        var rr = net["rr"];
        rr.HandleReceived(c1, Announce(IPAddress.Parse("10.0.0.1"), Attributes(), a, b), net.Now);
        rr.HandleReceived(c1, new RouteRefreshMessage(25, 1, 70), net.Now);
        rr.HandleReceived(c1, Announce(IPAddress.Parse("10.0.0.1"), Attributes(), a), net.Now);
        rr.HandleReceived(c1, new RouteRefreshMessage(25, 2, 70), net.Now);
        Assert.NotNull(rr.LocRib.GetBest(a));
        Assert.Null(rr.LocRib.GetBest(b));
    }

    [Fact]
    public void Treat_as_withdraw_update_withdraws_every_route_it_names_and_keeps_the_session()
    {
        var net = ReflectorWithClients(2);
        var c1 = net.PeerOf("rr", "c1");
        var rr = net["rr"];
        var a = MacRoute("10.0.0.1", 1);
        var b = MacRoute("10.0.0.1", 2);
        var c = MacRoute("10.0.0.1", 3);
        rr.HandleReceived(c1, Announce(IPAddress.Parse("10.0.0.1"), Attributes(), a, b, c), net.Now);
        var bad = Announce(IPAddress.Parse("10.0.0.1"), Attributes(), a) with { MpUnreach = new MpUnreachNlri(25, 70, [b]) };
        rr.HandleReceived(c1, BgpDecodeResult.TreatAsWithdraw(bad, "bad AS_PATH"), net.Now);
        net.Pump();
        Assert.Null(rr.LocRib.GetBest(a));
        Assert.Null(rr.LocRib.GetBest(b));
        Assert.NotNull(rr.LocRib.GetBest(c));
        Assert.Equal(1, c1.AdjRibIn.Count);
        Assert.Equal(BgpSessionState.Established, c1.State);
        Assert.Null(net["c2"].LocRib.GetBest(a));
    }

    [Fact]
    public void Session_reset_from_a_decode_error_sends_the_notification_and_drops_the_peers_routes()
    {
        var net = ReflectorWithClients(2);
        var c1 = net.PeerOf("rr", "c1");
        var rr = net["rr"];
        var a = MacRoute("10.0.0.1", 1);
        rr.HandleReceived(c1, Announce(IPAddress.Parse("10.0.0.1"), Attributes(), a), net.Now);
        net.Pump();
        Assert.NotNull(net["c2"].LocRib.GetBest(a));
        int before = net.Log.Count;
        rr.HandleReceived(c1, BgpDecodeResult.Reset(3, 1, [], "MP_REACH twice"), net.Now);
        net.Pump();
        Assert.Contains(net.Log.Skip(before), l => l.From == "rr" && l.To == "c1" && l.Message is NotificationMessage { Code: 3, Subcode: 1 });
        Assert.Null(rr.LocRib.GetBest(a));
        Assert.Equal(0, c1.AdjRibIn.Count);
        Assert.Null(net["c2"].LocRib.GetBest(a));
    }

    [Fact]
    public void Dynamic_peers_are_accepted_from_the_listen_range_only_and_forgotten_when_they_go_away()
    {
        var template = new BgpSessionConfig { LocalAs = Asn, RouterId = 0, PeerAs = null, HoldTime = S(9), RouteReflectorClient = true, GracefulRestartTimeSeconds = null };
        var rr = new BgpSpeaker(new BgpSpeakerConfig
        {
            LocalAs = Asn, RouterId = Id("10.0.0.100"), RouteReflector = true,
            ListenRanges = [BgpListenRange.Parse("127.0.0.0/8", template)],
        });
        Assert.Null(rr.AcceptConnection(IPAddress.Parse("10.1.1.1"), S(0)));
        var peer = rr.AcceptConnection(IPAddress.Parse("127.0.0.2"), S(0));
        Assert.NotNull(peer);
        Assert.True(peer!.IsDynamic);
        Assert.True(peer.Source.IsRouteReflectorClient);
        Assert.Equal(BgpSessionState.OpenSent, peer.State);
        rr.HandleReceived(peer, PeerOpen(Id("10.0.0.7"), asn: 65000), S(0));
        rr.HandleReceived(peer, KeepaliveMessage.Instance, S(0));
        Assert.Equal(BgpSessionState.Established, peer.State);
        rr.TransportClosed(peer, S(1));
        Assert.Empty(rr.Peers);
        var outputs = new List<BgpSpeakerOutput>();
        while (rr.TryPoll(S(1), out var o)) outputs.Add(o);
        Assert.Contains(outputs, o => o is BgpPeerRemoved);
    }

    [Fact]
    public void Stale_connect_is_refused_when_the_configured_peer_already_has_a_connection()
    {
        var net = new BgpTestNetwork();
        net.Add("a", "10.0.0.1"); net.Add("b", "10.0.0.2");
        net.Peer("a", "b");
        Assert.Null(net["b"].AcceptConnection(IPAddress.Parse("10.0.0.1"), net.Now));
    }

    [Fact]
    public void Removing_a_peer_sends_cease_peer_deconfigured_and_withdraws_its_routes()
    {
        var net = ReflectorWithClients(2);
        var r = MacRoute("10.0.0.1", 1);
        net["c1"].Originate(r, Attributes(), IPAddress.Parse("10.0.0.1"), net.Now);
        net.Pump();
        int before = net.Log.Count;
        net["rr"].RemovePeer(net.PeerOf("rr", "c1"), net.Now);
        net.Pump();
        Assert.Contains(net.Log.Skip(before), l => l.To == "c1" && l.Message is NotificationMessage { Code: 6, Subcode: 3 });
        Assert.Null(net["rr"].LocRib.GetBest(r));
        Assert.Contains(r, net.WithdrawnTo("c2"));
    }

    [Fact]
    public void Leaf_with_two_reflectors_keeps_both_paths_and_survives_losing_one()
    {
        var net = new BgpTestNetwork();
        net.Add("rr1", "10.0.0.101", routeReflector: true);
        net.Add("rr2", "10.0.0.102", routeReflector: true);
        net.Add("leaf1", "10.0.0.1");
        net.Add("leaf2", "10.0.0.2");
        foreach (var leaf in new[] { "leaf1", "leaf2" })
            foreach (var rr in new[] { "rr1", "rr2" })
                net.Peer(leaf, rr, aIsClientOfB: true, tweak: c => c with { GracefulRestartTimeSeconds = null });
        var r = MacRoute("10.0.0.1", 1);
        net["leaf1"].Originate(r, Attributes(), IPAddress.Parse("10.0.0.1"), net.Now);
        net.Pump();

        var paths = net["leaf2"].LocRib.GetPaths(r);
        Assert.Equal(2, paths.Length);
        // Same ORIGINATOR_ID and CLUSTER_LIST length: the lower peer address (rr1) wins.
        Assert.Equal(IPAddress.Parse("10.0.0.101"), net["leaf2"].LocRib.GetBest(r)!.Source.Address);
        Assert.All(paths, p => Assert.Equal(IPAddress.Parse("10.0.0.1"), p.NextHop));

        net.CutTransport("leaf2", "rr1");
        Assert.Equal(IPAddress.Parse("10.0.0.102"), net["leaf2"].LocRib.GetBest(r)!.Source.Address);
        net.Advance(30); // the session comes back by itself
        Assert.Equal(BgpSessionState.Established, net.PeerOf("leaf2", "rr1").State);
        Assert.Equal(2, net["leaf2"].LocRib.GetPaths(r).Length);
    }

    [Fact]
    public void Routes_to_an_external_peer_get_our_as_prepended_and_lose_local_pref_and_reflection_attributes()
    {
        var net = new BgpTestNetwork();
        net.Add("rr", "10.0.0.100", routeReflector: true);
        net.Add("c1", "10.0.0.1");
        net.Peer("rr", "c1", bIsClientOfA: true);
        var ext = new BgpSpeaker(new BgpSpeakerConfig { LocalAs = 65100, RouterId = Id("10.0.1.1") });
        var extOnRr = net["rr"].AddPeer(new BgpSessionConfig { LocalAs = 0, RouterId = 0, PeerAs = 65100, PeerAddress = IPAddress.Parse("10.0.1.1") }, net.Now, start: false);
        var rrOnExt = ext.AddPeer(new BgpSessionConfig { LocalAs = 0, RouterId = 0, PeerAs = Asn, PeerAddress = IPAddress.Parse("10.0.0.100"), Passive = true }, net.Now);
        net["rr"].StartPeer(extOnRr, net.Now);
        // The eBGP pair is wired by hand: rr's outputs for it are taken here, before the harness sees them.
        var toExt = new List<BgpMessage>();
        net["rr"].TransportConnected(extOnRr, net.Now);
        ext.AcceptConnection(IPAddress.Parse("10.0.0.100"), net.Now);
        for (int round = 0; round < 10; round++)
        {
            while (net["rr"].TryPoll(net.Now, out var o))
            {
                if (o is BgpTransmit t && ReferenceEquals(t.Peer, extOnRr)) { toExt.Add(t.Message); ext.HandleReceived(rrOnExt, t.Message, net.Now); }
            }
            while (ext.TryPoll(net.Now, out var o))
                if (o is BgpTransmit t) net["rr"].HandleReceived(extOnRr, t.Message, net.Now);
        }
        Assert.Equal(BgpSessionState.Established, extOnRr.State);
        Assert.True(extOnRr.CodecOptions.ExternalPeer);

        var r = MacRoute("10.0.0.1", 1);
        net["c1"].Originate(r, Attributes(), IPAddress.Parse("10.0.0.1"), net.Now);
        for (int round = 0; round < 5; round++)
        {
            while (net["c1"].TryPoll(net.Now, out var o))
                if (o is BgpTransmit t) net["rr"].HandleReceived(net.PeerOf("rr", "c1"), t.Message, net.Now);
            while (net["rr"].TryPoll(net.Now, out var o))
                if (o is BgpTransmit t && ReferenceEquals(t.Peer, extOnRr)) { toExt.Add(t.Message); ext.HandleReceived(rrOnExt, t.Message, net.Now); }
        }
        var update = toExt.OfType<UpdateMessage>().Single(u => u.MpReach is not null);
        Assert.Equal([Asn], update.Attributes.AsPath!.Segments.Single().Asns);
        Assert.Null(update.Attributes.LocalPref);
        Assert.Null(update.Attributes.OriginatorId);
        Assert.Empty(update.Attributes.ClusterList);
        Assert.Equal(IPAddress.Parse("10.0.0.1"), update.MpReach!.NextHop);
        Assert.True(ext.LocRib.GetBest(r)!.Source.IsExternal);

        // A route coming back with our AS in its path is a loop and is ignored.
        var back = MacRoute("10.0.1.1", 9);
        net["rr"].HandleReceived(extOnRr, Announce(IPAddress.Parse("10.0.1.1"), Attributes() with { LocalPref = null, AsPath = new AsPath([new AsPathSegment(AsPathSegmentType.AsSequence, [65100, Asn])]) }, back), net.Now);
        Assert.Null(net["rr"].LocRib.GetBest(back));
    }

    [Fact]
    public void An_outgoing_connection_that_completes_after_an_incoming_one_was_accepted_is_refused()
    {
        var speaker = new BgpSpeaker(new BgpSpeakerConfig { LocalAs = Asn, RouterId = Id("10.0.0.1") });
        var peer = speaker.AddPeer(SessionConfig() with { PeerAddress = IPAddress.Parse("10.0.0.2") }, S(0));
        Assert.Equal(BgpSessionState.Connect, peer.State);
        Assert.Same(peer, speaker.AcceptConnection(IPAddress.Parse("10.0.0.2"), S(0)));
        Assert.Equal(BgpSessionState.OpenSent, peer.State);
        Assert.False(peer.LocallyInitiated);
        Assert.False(speaker.TransportConnected(peer, S(0)));
    }

    [Fact]
    public void Reflector_with_many_clients_converges_every_client_to_every_other_clients_routes()
    {
        const int clients = 150, perClient = 4;
        var net = new BgpTestNetwork();
        net.Add("rr", "10.0.255.1", routeReflector: true, tweak: c => c with { ReportBestPathChanges = false });
        for (int i = 0; i < clients; i++)
        {
            var name = $"c{i}";
            net.Add(name, $"10.0.{i / 200}.{i % 200 + 1}", tweak: c => c with { ReportBestPathChanges = false });
            net.Peer(name, "rr", aIsClientOfB: true);
            for (int k = 0; k < perClient; k++)
                net[name].Originate(MacRoute(net.Address(name).ToString(), k), Attributes(), net.Address(name), net.Now);
        }
        net.Pump();
        Assert.Equal(clients * perClient, net["rr"].LocRib.Count);
        for (int i = 0; i < clients; i++)
        {
            var onRr = net.PeerOf($"c{i}", "rr");
            Assert.Equal((clients - 1) * perClient, onRr.AdjRibIn.Count);
            Assert.Equal(clients * perClient, net[$"c{i}"].LocRib.Count);
        }
        // Routes originated after everyone is up reach everyone in shared UPDATEs.
        int before = net.Log.Count;
        net["c0"].Originate(MacRoute("10.0.0.1", 99), Attributes(), IPAddress.Parse("10.0.0.1"), net.Now);
        net.Pump();
        var reflected = net.Log.Skip(before).Where(l => l.From == "rr").Select(l => l.Message).ToList();
        Assert.Equal(clients - 1, reflected.Count);
        Assert.All(reflected, m => Assert.Same(reflected[0], m));
    }

    [Fact]
    public void Both_sides_connecting_at_once_end_with_one_established_session()
    {
        var net = new BgpTestNetwork();
        net.Add("a", "10.0.0.1"); net.Add("b", "10.0.0.2");
        var (onA, onB) = net.Peer("a", "b", bothActive: true);
        Assert.Equal(BgpSessionState.Established, onA.State);
        Assert.Equal(BgpSessionState.Established, onB.State);
        Assert.NotEqual(onA.LocallyInitiated, onB.LocallyInitiated);
        net.Advance(300); // keepalives flow, nothing flaps
        Assert.Equal(BgpSessionState.Established, onA.State);
        Assert.DoesNotContain(net.Log, l => l.Message is NotificationMessage);
    }

    [Fact]
    public void Without_client_to_client_reflection_client_routes_go_to_non_clients_only()
    {
        var net = new BgpTestNetwork();
        net.Add("rr", "10.0.0.100", routeReflector: true, tweak: c => c with { ClientToClientReflection = false });
        net.Add("c1", "10.0.0.1"); net.Add("c2", "10.0.0.2"); net.Add("n", "10.0.0.50");
        net.Peer("rr", "c1", bIsClientOfA: true);
        net.Peer("rr", "c2", bIsClientOfA: true);
        net.Peer("rr", "n");
        var r = MacRoute("10.0.0.1", 1);
        net["c1"].Originate(r, Attributes(), IPAddress.Parse("10.0.0.1"), net.Now);
        net.Pump();
        Assert.Null(net["c2"].LocRib.GetBest(r));
        Assert.NotNull(net["n"].LocRib.GetBest(r));
    }

    [Fact]
    public void Peer_counters_count_messages_and_routes()
    {
        var net = ReflectorWithClients(2);
        net["c1"].Originate(MacRoute("10.0.0.1", 1), Attributes(), IPAddress.Parse("10.0.0.1"), net.Now);
        net["c1"].Originate(MacRoute("10.0.0.1", 2), Attributes(), IPAddress.Parse("10.0.0.1"), net.Now);
        net.Pump();
        var toC2 = net.PeerOf("rr", "c2").Counters;
        Assert.Equal(2, toC2.RoutesAnnounced);
        Assert.Equal(2, toC2.UpdatesSent); // End-of-RIB + one packed UPDATE
        Assert.Equal(net.Received("c2", "rr").Count, toC2.MessagesSent);
        Assert.Equal(net.Received("rr", "c1").Count, net.PeerOf("rr", "c1").Counters.MessagesReceived);
    }
}
