using System.Net;
using ActorFabric.Protocols.Bgp.Rib;
using ActorFabric.Protocols.Bgp.Session;
using ActorFabric.Protocols.Bgp.Speaker;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Protocols.Tests.Bgp.Rtc;

/// <summary>
/// RFC 4684 behaviour of the speaker: a route reflector with three leaves importing different route targets
/// (plus, per test, a leaf without RTC and one asking for the default membership) and an originator that
/// announces routes for route targets A, B and C.
/// </summary>
public class RouteTargetConstraintSpeakerTests
{
    private static readonly ExtendedCommunity RtA = RouteTargetSet.AutoDerive(BgpTestData.Asn, 100);
    private static readonly ExtendedCommunity RtB = RouteTargetSet.AutoDerive(BgpTestData.Asn, 200);
    private static readonly ExtendedCommunity RtC = RouteTargetSet.AutoDerive(BgpTestData.Asn, 300);
    private static readonly ExtendedCommunity RtD = RouteTargetSet.AutoDerive(BgpTestData.Asn, 400);

    private static readonly EvpnRoute A1 = BgpTestData.MacRoute("10.0.0.9", 1, 100);
    private static readonly EvpnRoute A2 = BgpTestData.MacRoute("10.0.0.9", 2, 100);
    private static readonly EvpnRoute B1 = BgpTestData.MacRoute("10.0.0.9", 3, 200);
    private static readonly EvpnRoute C1 = BgpTestData.MacRoute("10.0.0.9", 4, 300);

    private static Func<BgpSpeakerConfig, BgpSpeakerConfig> Rtc(params ExtendedCommunity[]? imports) => c => c with
    {
        RouteTargetConstraint = true,
        ImportFilter = imports is null ? null : new RouteTargetSet(imports),
    };

    /// <summary>rr + leaves l1 (A), l2 (B), l3 (A, C); src (imports D) originates A1, A2, B1, C1.</summary>
    private static BgpTestNetwork Fabric(bool originateFirst = true, Action<BgpTestNetwork>? extra = null)
    {
        var net = new BgpTestNetwork();
        net.Add("rr", "10.0.0.100", routeReflector: true, tweak: Rtc(null));
        net.Add("src", "10.0.0.9", tweak: Rtc(RtD));
        net.Add("l1", "10.0.0.1", tweak: Rtc(RtA));
        net.Add("l2", "10.0.0.2", tweak: Rtc(RtB));
        net.Add("l3", "10.0.0.3", tweak: Rtc(RtA, RtC));
        extra?.Invoke(net);
        if (originateFirst) Originate(net);
        foreach (var leaf in new[] { "src", "l1", "l2", "l3" }) net.Peer("rr", leaf, bIsClientOfA: true);
        if (!originateFirst) { Originate(net); net.Pump(); }
        return net;
    }

    private static void Originate(BgpTestNetwork net)
    {
        var src = net["src"];
        var nh = IPAddress.Parse("10.0.0.9");
        src.Originate(A1, BgpTestData.Attributes(100), nh, net.Now);
        src.Originate(A2, BgpTestData.Attributes(100), nh, net.Now);
        src.Originate(B1, BgpTestData.Attributes(200), nh, net.Now);
        src.Originate(C1, BgpTestData.Attributes(300), nh, net.Now);
    }

    /// <summary>What the peer holds from us: announcements minus later withdrawals, in log order.</summary>
    private static HashSet<EvpnRoute> Held(BgpTestNetwork net, string to, string from)
    {
        var held = new HashSet<EvpnRoute>(EvpnRouteKeyComparer.Instance);
        foreach (var m in net.Received(to, from).OfType<UpdateMessage>())
        {
            if (m.MpUnreach is { } u) foreach (var r in u.EvpnRoutes) held.Remove(r);
            if (m.MpReach is { } a) foreach (var r in a.EvpnRoutes) held.Add(r);
        }
        return held;
    }

    private static void AssertHolds(BgpTestNetwork net, string leaf, params EvpnRoute[] expected)
    {
        var wire = Held(net, leaf, "rr");
        var expectedSet = new HashSet<EvpnRoute>(expected, EvpnRouteKeyComparer.Instance);
        Assert.True(wire.SetEquals(expectedSet), $"{leaf} holds from rr [{string.Join(", ", wire)}], expected [{string.Join(", ", expected)}]");
        // Loc-RIB agrees with the wire (the leaf's own import filter would otherwise hide over-sending).
        var rib = new HashSet<EvpnRoute>(EvpnRouteKeyComparer.Instance);
        foreach (var p in net[leaf].LocRib.BestPaths) if (!p.Source.IsLocal) rib.Add(p.Route);
        Assert.True(rib.SetEquals(expectedSet), $"{leaf} Loc-RIB [{string.Join(", ", rib)}], expected [{string.Join(", ", expected)}]");
    }

    [Fact]
    public void Each_leaf_receives_only_routes_carrying_a_route_target_it_imports()
    {
        var net = Fabric();
        AssertHolds(net, "l1", A1, A2);
        AssertHolds(net, "l2", B1);
        AssertHolds(net, "l3", A1, A2, C1);
        // Filtered from the first UPDATE on (RFC 4684 §6 ordering): nothing was sent and then withdrawn.
        Assert.Empty(net.WithdrawnTo("l1", "rr"));
        Assert.Empty(net.WithdrawnTo("l2", "rr"));
        Assert.Equal(4, net["rr"].LocRib.BestPaths.Count());
    }

    [Fact]
    public void Routes_originated_after_the_sessions_are_up_are_filtered_too()
    {
        var net = Fabric(originateFirst: false);
        AssertHolds(net, "l1", A1, A2);
        AssertHolds(net, "l2", B1);
        AssertHolds(net, "l3", A1, A2, C1);
    }

    [Fact]
    public void Route_reflector_announces_the_default_membership_and_leaves_their_import_targets()
    {
        var net = Fabric();
        Assert.Equal([RouteTargetMembership.Default], net.PeerOf("l1", "rr").ReceivedMemberships);
        Assert.Null(net.PeerOf("l1", "rr").ExportFilter);
        Assert.Equal([RouteTargetMembership.For(BgpTestData.Asn, RtA), RouteTargetMembership.For(BgpTestData.Asn, RtC)],
            net.PeerOf("rr", "l3").ReceivedMemberships.OrderBy(m => m.RouteTarget));
        Assert.True(net.PeerOf("rr", "l3").RouteTargetConstraintActive);
        Assert.NotNull(net.PeerOf("rr", "l3").ExportFilter);
    }

    [Fact]
    public void A_leaf_that_adds_an_import_target_later_receives_the_now_matching_routes()
    {
        var net = Fabric();
        net["l2"].SetImportFilter(new RouteTargetSet([RtB, RtC]), net.Now);
        net.Pump();
        AssertHolds(net, "l2", B1, C1);
        Assert.Contains(net.AnnouncedTo("l2", "rr"), r => EvpnRouteKeyComparer.Instance.Equals(r, C1));
    }

    [Fact]
    public void Withdrawing_a_membership_withdraws_the_routes_it_covered()
    {
        var net = Fabric();
        net["l3"].SetImportFilter(new RouteTargetSet([RtC]), net.Now);
        net.Pump();
        AssertHolds(net, "l3", C1);
        var withdrawn = net.WithdrawnTo("l3", "rr");
        Assert.Equal(2, withdrawn.Count);
        Assert.Contains(net.Received("rr", "l3").OfType<UpdateMessage>(),
            u => u.MpUnreach is { } x && x.RouteTargetMemberships.Contains(RouteTargetMembership.For(BgpTestData.Asn, RtA)));
    }

    [Fact]
    public void Later_route_changes_follow_the_updated_filter()
    {
        var net = Fabric();
        net["l1"].SetImportFilter(new RouteTargetSet([RtB]), net.Now);
        net.Pump();
        AssertHolds(net, "l1", B1);
        net["src"].WithdrawOriginated(B1, net.Now);
        var a3 = BgpTestData.MacRoute("10.0.0.9", 5, 100);
        net["src"].Originate(a3, BgpTestData.Attributes(100), IPAddress.Parse("10.0.0.9"), net.Now);
        net.Pump();
        AssertHolds(net, "l1");
        AssertHolds(net, "l3", A1, A2, a3, C1);
    }

    [Fact]
    public void A_peer_without_route_target_constraint_gets_every_route()
    {
        var net = Fabric(extra: n => n.Add("plain", "10.0.0.4", tweak: c => c with { ImportFilter = null }));
        net.Peer("rr", "plain", bIsClientOfA: true);
        Assert.False(net.PeerOf("rr", "plain").RouteTargetConstraintActive);
        Assert.DoesNotContain(BgpFamily.RouteTargetConstraint, net.PeerOf("rr", "plain").Session.NegotiatedFamilies);
        AssertHolds(net, "plain", A1, A2, B1, C1);
    }

    [Fact]
    public void A_leaf_announcing_the_default_membership_gets_every_route()
    {
        var net = Fabric(extra: n => n.Add("all", "10.0.0.5", tweak: Rtc(null)));
        net.Peer("rr", "all", bIsClientOfA: true);
        Assert.True(net.PeerOf("rr", "all").RouteTargetConstraintActive);
        Assert.Equal([RouteTargetMembership.Default], net.PeerOf("rr", "all").ReceivedMemberships);
        AssertHolds(net, "all", A1, A2, B1, C1);
    }

    [Fact]
    public void Leaves_with_equal_memberships_share_the_same_update_objects()
    {
        var net = Fabric(extra: n => n.Add("l1b", "10.0.0.6", tweak: Rtc(RtA)));
        net.Peer("rr", "l1b", bIsClientOfA: true);
        Assert.Equal(net.PeerOf("rr", "l1").ExportFilter, net.PeerOf("rr", "l1b").ExportFilter);
        var a3 = BgpTestData.MacRoute("10.0.0.9", 5, 100);
        int before = net.Log.Count;
        net["src"].Originate(a3, BgpTestData.Attributes(100), IPAddress.Parse("10.0.0.9"), net.Now);
        net.Pump();
        var toL1 = net.Log.Skip(before).Single(l => l.From == "rr" && l.To == "l1").Message;
        var toL1b = net.Log.Skip(before).Single(l => l.From == "rr" && l.To == "l1b").Message;
        Assert.Same(toL1, toL1b); // encode once for peers with equal memberships
        Assert.DoesNotContain(net.Log.Skip(before), l => l.From == "rr" && l.To == "l2");
    }

    [Fact]
    public void A_leaf_session_that_restarts_is_filtered_again_from_its_new_memberships()
    {
        var net = Fabric();
        net.Restart("l2", c => Rtc(RtC)(c with { RouteReflector = false }));
        int fresh = net.Log.Count;
        net.Peer("l2", "rr", aIsClientOfB: true);
        Assert.Equal(BgpSessionState.Established, net.PeerOf("rr", "l2").State);
        var held = new HashSet<EvpnRoute>(EvpnRouteKeyComparer.Instance);
        foreach (var m in net.Log.Skip(fresh).Where(l => l.From == "rr" && l.To == "l2").Select(l => l.Message).OfType<UpdateMessage>())
            if (m.MpReach is { } a) foreach (var r in a.EvpnRoutes) held.Add(r);
        Assert.True(held.SetEquals([C1]), string.Join(", ", held));
    }

    [Fact]
    public void Every_message_exchanged_survives_the_wire_codec()
    {
        var net = Fabric();
        net["l2"].SetImportFilter(new RouteTargetSet([RtC]), net.Now);
        net.Pump();
        int rtc = 0;
        foreach (var (_, _, message) in net.Log)
        {
            var bytes = BgpMessageWriter.ToBytes(message, BgpCodecOptions.Default);
            var decoded = BgpMessageReader.Decode(bytes, BgpCodecOptions.Default);
            Assert.Equal(BgpErrorAction.None, decoded.Action);
            Assert.Equal(message, decoded.Message);
            if (message is UpdateMessage u && (u.MpReach?.RouteTargetMemberships.Length > 0 || u.MpUnreach?.RouteTargetMemberships.Length > 0)) rtc++;
        }
        Assert.True(rtc >= 5);
    }

    [Fact]
    public void Without_the_peers_route_target_end_of_rib_evpn_export_waits_then_starts_filtered()
    {
        // A hand-driven RR peer: it negotiates RTC and announces membership A but never sends End-of-RIB.
        var rr = new BgpSpeaker(new BgpSpeakerConfig { LocalAs = BgpTestData.Asn, RouterId = BgpTestData.Id("10.0.0.100"), RouteReflector = true, RouteTargetConstraint = true });
        rr.Originate(A1, BgpTestData.Attributes(100), IPAddress.Parse("10.0.0.100"), TimeSpan.Zero);
        rr.Originate(B1, BgpTestData.Attributes(200), IPAddress.Parse("10.0.0.100"), TimeSpan.Zero);
        var peer = rr.AddPeer(BgpTestData.SessionConfig(peerAs: BgpTestData.Asn, passive: true) with
            { PeerAddress = IPAddress.Parse("10.0.0.1"), RouteReflectorClient = true }, TimeSpan.Zero);
        var sent = new List<BgpMessage>();
        void Poll() { while (rr.TryPoll(TimeSpan.Zero, out var o)) if (o is BgpTransmit t) sent.Add(t.Message); }
        Assert.NotNull(rr.AcceptConnection(IPAddress.Parse("10.0.0.1"), TimeSpan.Zero));
        rr.HandleReceived(peer, BgpTestData.PeerOpen(BgpTestData.Id("10.0.0.1"), caps:
            [MultiprotocolCapability.Evpn, new MultiprotocolCapability(1, 132), new FourOctetAsCapability(BgpTestData.Asn)]), TimeSpan.Zero);
        rr.HandleReceived(peer, KeepaliveMessage.Instance, TimeSpan.Zero);
        rr.HandleReceived(peer, new UpdateMessage
        {
            Attributes = BgpTestData.Attributes() with { ExtendedCommunities = [] },
            MpReach = new MpReachNlri(1, 132, IPAddress.Parse("10.0.0.1"), []) { RouteTargetMemberships = [RouteTargetMembership.For(BgpTestData.Asn, RtA)] },
        }, TimeSpan.Zero);
        Poll();
        Assert.Equal(BgpSessionState.Established, peer.State);
        Assert.True(peer.AwaitingRouteTargetEndOfRib);
        Assert.DoesNotContain(sent.OfType<UpdateMessage>(), u => u.MpReach?.EvpnRoutes.Length > 0);
        rr.HandleTimeout(BgpTestData.S(31));
        Poll();
        var evpn = sent.OfType<UpdateMessage>().Where(u => u.MpReach is { } r && r.EvpnRoutes.Length > 0).SelectMany(u => u.MpReach!.EvpnRoutes).ToList();
        Assert.Single(evpn);
        Assert.True(EvpnRouteKeyComparer.Instance.Equals(A1, evpn[0]));
        Assert.False(peer.AwaitingRouteTargetEndOfRib);
    }

    /// <summary>An RR holding A1, A2, B1, C1 with one hand-driven RTC client (10.0.0.1) that is Established.</summary>
    private static (BgpSpeaker Rr, BgpPeer Client, List<BgpMessage> Sent) HandDrivenReflector()
    {
        var rr = new BgpSpeaker(new BgpSpeakerConfig { LocalAs = BgpTestData.Asn, RouterId = BgpTestData.Id("10.0.0.100"), RouteReflector = true, RouteTargetConstraint = true });
        var nh = IPAddress.Parse("10.0.0.100");
        rr.Originate(A1, BgpTestData.Attributes(100), nh, TimeSpan.Zero);
        rr.Originate(A2, BgpTestData.Attributes(100), nh, TimeSpan.Zero);
        rr.Originate(B1, BgpTestData.Attributes(200), nh, TimeSpan.Zero);
        rr.Originate(C1, BgpTestData.Attributes(300), nh, TimeSpan.Zero);
        var client = rr.AddPeer(BgpTestData.SessionConfig(peerAs: BgpTestData.Asn, passive: true) with
            { PeerAddress = IPAddress.Parse("10.0.0.1"), RouteReflectorClient = true }, TimeSpan.Zero);
        Assert.NotNull(rr.AcceptConnection(IPAddress.Parse("10.0.0.1"), TimeSpan.Zero));
        rr.HandleReceived(client, BgpTestData.PeerOpen(BgpTestData.Id("10.0.0.1"), caps:
            [MultiprotocolCapability.Evpn, new MultiprotocolCapability(1, 132), new FourOctetAsCapability(BgpTestData.Asn)]), TimeSpan.Zero);
        rr.HandleReceived(client, KeepaliveMessage.Instance, TimeSpan.Zero);
        return (rr, client, []);
    }

    private static void Poll(BgpSpeaker speaker, List<BgpMessage> into)
    {
        while (speaker.TryPoll(TimeSpan.Zero, out var o)) if (o is BgpTransmit t) into.Add(t.Message);
    }

    private static UpdateMessage Memberships(params RouteTargetMembership[] m) => new()
    {
        Attributes = new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.Empty, LocalPref = 100 },
        MpReach = new MpReachNlri(1, 132, IPAddress.Parse("10.0.0.1"), []) { RouteTargetMemberships = m },
    };

    private static HashSet<EvpnRoute> HeldBy(List<BgpMessage> sent)
    {
        var held = new HashSet<EvpnRoute>(EvpnRouteKeyComparer.Instance);
        foreach (var u in sent.OfType<UpdateMessage>())
        {
            if (u.MpUnreach is { } w) foreach (var r in w.EvpnRoutes) held.Remove(r);
            if (u.MpReach is { } a) foreach (var r in a.EvpnRoutes) held.Add(r);
        }
        return held;
    }

    [Fact]
    public void A_partial_prefix_membership_covers_every_route_target_it_is_a_prefix_of()
    {
        var (rr, client, sent) = HandDrivenReflector();
        // 64 bits: origin AS + the RT's type, sub-type and 2-octet AS: every RT of AS 65000 in 2-octet-AS form.
        var prefix = new RouteTargetMembership(BgpTestData.Asn, new ExtendedCommunity(RtA.Value & 0xFFFF_FFFF_0000_0000UL), 64);
        rr.HandleReceived(client, Memberships(prefix), TimeSpan.Zero);
        rr.HandleReceived(client, UpdateMessage.EndOfRib(1, 132), TimeSpan.Zero);
        Poll(rr, sent);
        Assert.True(HeldBy(sent).SetEquals([A1, A2, B1, C1]));
    }

    [Fact]
    public void A_membership_update_received_as_treat_as_withdraw_removes_that_membership()
    {
        var (rr, client, sent) = HandDrivenReflector();
        rr.HandleReceived(client, Memberships(RouteTargetMembership.For(BgpTestData.Asn, RtA), RouteTargetMembership.For(BgpTestData.Asn, RtB)), TimeSpan.Zero);
        rr.HandleReceived(client, UpdateMessage.EndOfRib(1, 132), TimeSpan.Zero);
        Poll(rr, sent);
        Assert.True(HeldBy(sent).SetEquals([A1, A2, B1]));
        // RFC 7606 §2: the routes (here memberships) of a malformed UPDATE are withdrawn.
        rr.HandleReceived(client, BgpDecodeResult.TreatAsWithdraw(Memberships(RouteTargetMembership.For(BgpTestData.Asn, RtA)), "treat-as-withdraw"), TimeSpan.Zero);
        Poll(rr, sent);
        Assert.True(HeldBy(sent).SetEquals([B1]));
        Assert.Equal([RouteTargetMembership.For(BgpTestData.Asn, RtB)], client.ReceivedMemberships);
    }

    [Fact]
    public void A_client_that_announces_no_membership_gets_no_evpn_routes_but_its_end_of_rib()
    {
        var (rr, client, sent) = HandDrivenReflector();
        rr.HandleReceived(client, UpdateMessage.EndOfRib(1, 132), TimeSpan.Zero);
        Poll(rr, sent);
        Assert.Empty(HeldBy(sent));
        Assert.Contains(sent.OfType<UpdateMessage>(), u => u.IsEndOfRib(out var afi, out var safi) && afi == 25 && safi == 70);
        // The reflector itself announced the default membership and the RTC End-of-RIB.
        Assert.Contains(sent.OfType<UpdateMessage>(), u => u.MpReach is { } r && r.RouteTargetMemberships.SequenceEqual([RouteTargetMembership.Default]));
    }

    [Fact]
    public void A_reflector_with_its_own_memberships_reflects_its_clients_memberships_and_withdraws_them_with_the_client()
    {
        var net = new BgpTestNetwork();
        net.Add("rr", "10.0.0.100", routeReflector: true, tweak: c => c with { RouteTargetConstraint = true, RouteTargetMemberships = [RtD] });
        net.Add("rr2", "10.0.0.101", routeReflector: true, tweak: Rtc(null));
        net.Add("l1", "10.0.0.1", tweak: Rtc(RtA));
        net.Add("l2", "10.0.0.2", tweak: Rtc(RtB));
        net.Peer("rr", "l1", bIsClientOfA: true);
        net.Peer("rr", "l2", bIsClientOfA: true);
        net.Peer("rr", "rr2");
        static RouteTargetMembership M(ExtendedCommunity rt) => RouteTargetMembership.For(BgpTestData.Asn, rt);
        Assert.Equal(new[] { M(RtA), M(RtB), M(RtD) }, net.PeerOf("rr2", "rr").ReceivedMemberships.OrderBy(m => m.RouteTarget));
        // Client to client, and rr2's default from the non-client to the clients (RFC 4456 §6 rules).
        Assert.Equal(new[] { RouteTargetMembership.Default, M(RtB), M(RtD) }, net.PeerOf("l1", "rr").ReceivedMemberships.OrderBy(m => m.RouteTarget));
        // Reflected memberships carry ORIGINATOR_ID and CLUSTER_LIST (RFC 4456 §8) like any reflected route.
        var reflected = net.Received("rr2", "rr").OfType<UpdateMessage>().First(u => u.MpReach?.RouteTargetMemberships.Contains(M(RtA)) == true);
        Assert.Equal(BgpTestData.Id("10.0.0.1"), reflected.Attributes.OriginatorId);
        // rr2 announced the default to rr, so rr's export to rr2 is unfiltered.
        Assert.Null(net.PeerOf("rr", "rr2").ExportFilter);

        net["l1"].SetImportFilter(new RouteTargetSet([RtC]), net.Now);
        net.Pump();
        Assert.Equal(new[] { M(RtB), M(RtC), M(RtD) }, net.PeerOf("rr2", "rr").ReceivedMemberships.OrderBy(m => m.RouteTarget));
        net.CutTransport("rr", "l2");
        Assert.Equal(new[] { M(RtC), M(RtD) }, net.PeerOf("rr2", "rr").ReceivedMemberships.OrderBy(m => m.RouteTarget));
    }
}
