using System.Net;
using ActorFabric.Protocols.Bgp.Rib;
using ActorFabric.Protocols.Bgp.Session;
using ActorFabric.Protocols.Bgp.Speaker;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using FsCheck;
using FsCheck.Fluent;
using static ActorFabric.Protocols.Tests.Bgp.BgpTestData;

namespace ActorFabric.Protocols.Tests.Bgp;

/// <summary>
/// Random sequences of session and route events against a route reflector with three clients and a
/// non-client: nothing throws, every RIB stays internally consistent after every step, and once the network
/// is healed and timers have run, every speaker holds exactly the routes that are originated somewhere.
/// </summary>
public class BgpRandomEventTests
{
    private static readonly string[] Clients = ["c1", "c2", "c3", "n"];

    [Fact]
    public void Random_session_and_route_events_keep_ribs_consistent_and_converge()
    {
        var property = Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed => Run(seed));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), property);
    }

    [Fact]
    public void The_same_seed_gives_the_same_messages()
    {
        Assert.Equal(Digest(Run(1234, keepNetwork: true)), Digest(Run(1234, keepNetwork: true)));
    }

    private static string Digest(BgpTestNetwork? net) =>
        string.Join('\n', net!.Log.Select(l => $"{l.From}>{l.To}:{Describe(l.Message)}"));

    private static string Describe(BgpMessage m) => m switch
    {
        UpdateMessage u => $"U+{string.Join(',', u.MpReach?.EvpnRoutes.Select(r => r.ToString()) ?? [])}-{string.Join(',', u.MpUnreach?.EvpnRoutes.Select(r => r.ToString()) ?? [])}|{u.Attributes.OriginatorId}|{u.Attributes.LocalPref}",
        _ => m.ToString(),
    };

    private static bool Run(int seed)
    {
        try { return Run(seed, keepNetwork: false) is null; }
        catch (Exception e) { throw new InvalidOperationException($"seed {seed}: {e.Message}", e); }
    }

    /// <summary>Returns null on success (or the network when asked to keep it); throws on a violated invariant.</summary>
    private static BgpTestNetwork? Run(int seed, bool keepNetwork)
    {
        var rng = new Random(seed);
        var net = new BgpTestNetwork();
        net.Add("rr", "10.0.0.100", routeReflector: true);
        var originated = new Dictionary<string, Dictionary<int, BgpPath>>();
        for (int i = 0; i < Clients.Length; i++)
        {
            var name = Clients[i];
            net.Add(name, $"10.0.0.{i + 1}");
            originated[name] = [];
            net.Peer(name, "rr", aIsClientOfB: name != "n", tweak: c => Tweak(name, c));
        }

        for (int step = 0; step < 60; step++)
        {
            var client = Clients[rng.Next(Clients.Length)];
            var speaker = net[client];
            switch (rng.Next(10))
            {
                case 0 or 1 or 2:
                {
                    // Keys 0..5 are shared across clients (same RD), 6..11 are per-client RDs.
                    int key = rng.Next(12);
                    var route = key < 6 ? MacRoute("10.9.9.9", key) : MacRoute(net.Address(client).ToString(), key);
                    var attributes = Attributes() with { LocalPref = rng.Next(2) == 0 ? 100u : 200u };
                    speaker.Originate(route, attributes, net.Address(client), net.Now);
                    originated[client][key] = new BgpPath(route, attributes, net.Address(client), speaker.LocalSource);
                    break;
                }
                case 3:
                {
                    int key = rng.Next(12);
                    if (originated[client].Remove(key, out var path)) speaker.WithdrawOriginated(path.Route, net.Now);
                    break;
                }
                case 4:
                    net.CutTransport(client, "rr");
                    break;
                case 5:
                    net.Restart(client);
                    originated[client].Clear();
                    net.Peer(client, "rr", aIsClientOfB: client != "n", tweak: c => Tweak(client, c));
                    break;
                case 6:
                    net.Advance(rng.Next(0, 40));
                    break;
                case 7:
                {
                    var onRr = net.PeerOf("rr", client);
                    var routes = Enumerable.Range(0, 3).Select(_ => (EvpnRoute)MacRoute("10.9.9.9", rng.Next(6))).ToArray();
                    var action = rng.Next(2) == 0 ? BgpErrorAction.TreatAsWithdraw : BgpErrorAction.SessionReset;
                    var result = action == BgpErrorAction.SessionReset
                        ? BgpDecodeResult.Reset(3, 1, [], "random reset")
                        : BgpDecodeResult.TreatAsWithdraw(Announce(net.Address(client), Attributes(), routes), "random");
                    net["rr"].HandleReceived(onRr, result, net.Now);
                    // The damaged UPDATE cost the reflector routes the client still announces: ask it to re-send
                    // them (RFC 2918), as an operator or a repair policy would.
                    if (action == BgpErrorAction.TreatAsWithdraw) net["rr"].RequestRouteRefresh(onRr, net.Now);
                    break;
                }
                case 8:
                    speaker.RequestRouteRefresh(net.PeerOf(client, "rr"), net.Now);
                    break;
                case 9:
                {
                    var onRr = net.PeerOf("rr", client);
                    if (onRr.IsStarted) net["rr"].StopPeer(onRr, net.Now);
                    else net["rr"].StartPeer(onRr, net.Now);
                    break;
                }
            }
            net.Pump();
            foreach (var name in Clients.Append("rr")) AssertConsistent(net[name], name == "rr" ? 0 : originated[name].Count);
        }

        // Heal: restart every stopped peer, let sessions come back, stale timers run out, End-of-RIBs arrive.
        foreach (var client in Clients)
        {
            var onRr = net.PeerOf("rr", client);
            if (!onRr.IsStarted) net["rr"].StartPeer(onRr, net.Now);
        }
        net.Pump();
        net.Advance(400);
        foreach (var name in Clients.Append("rr"))
        {
            AssertConsistent(net[name], name == "rr" ? 0 : originated[name].Count);
            foreach (var p in net[name].Peers) Assert.Equal(BgpSessionState.Established, p.State);
        }
        AssertConverged(net, originated);
        return keepNetwork ? net : null;
    }

    /// <summary>c1 keeps forwarding across restarts (GR with F bit), c2 and n are GR-aware only, c3 has restart time 0.</summary>
    private static BgpSessionConfig Tweak(string name, BgpSessionConfig c) => c with
    {
        GracefulRestartTimeSeconds = (ushort)(name == "c3" ? 0 : 30),
        GracefulRestartForwardingPreserved = name == "c1",
    };

    private static void AssertConsistent(BgpSpeaker speaker, int localPaths)
    {
        int adjIn = 0;
        foreach (var peer in speaker.Peers)
        {
            foreach (var path in peer.AdjRibIn.Paths)
            {
                Assert.Contains(path, speaker.LocRib.GetPaths(path.Route).ToArray());
                Assert.Same(peer.Source, path.Source);
            }
            adjIn += peer.AdjRibIn.Count;
            if (peer.State != BgpSessionState.Established && peer.StaleDeadline is null) Assert.Equal(0, peer.AdjRibIn.Count);
        }
        int inLocRib = 0, local = 0;
        foreach (var best in speaker.LocRib.BestPaths)
        {
            var paths = speaker.LocRib.GetPaths(best.Route);
            inLocRib += paths.Length;
            foreach (var p in paths)
            {
                if (p.Source.IsLocal) local++;
                Assert.True(BestPathSelector.Instance.Compare(best, p) <= 0);
            }
        }
        Assert.Equal(localPaths, local);
        Assert.Equal(adjIn + local, inLocRib);
    }

    private static void AssertConverged(BgpTestNetwork net, Dictionary<string, Dictionary<int, BgpPath>> originated)
    {
        var comparer = EvpnRouteKeyComparer.Instance;
        var expected = new HashSet<EvpnRoute>(comparer);
        foreach (var (_, routes) in originated) foreach (var p in routes.Values) expected.Add(p.Route);
        var atRr = new HashSet<EvpnRoute>(net["rr"].LocRib.BestPaths.Select(p => p.Route), comparer);
        Assert.True(expected.SetEquals(atRr), $"the reflector holds exactly the originated routes; missing {string.Join(' ', expected.Except(atRr, comparer))}; extra {string.Join(' ', atRr.Except(expected, comparer).Select(r => r + "@" + net["rr"].LocRib.GetBest(r)))}");
        foreach (var client in Clients)
        {
            var at = new HashSet<EvpnRoute>(net[client].LocRib.BestPaths.Select(p => p.Route), comparer);
            // A non-client hears nothing reflected from another non-client; here there is only one, so all match.
            Assert.True(expected.SetEquals(at), $"{client} holds exactly the originated routes");
            foreach (var best in net[client].LocRib.BestPaths) Assert.False(best.Stale);
        }
        // The reflector's choice for every key is the best originator path (highest LOCAL_PREF first), and each
        // speaker's Adj-RIB-In from the reflector is exactly the reflector's best paths not learned from it.
        var rr = net["rr"];
        foreach (var best in rr.LocRib.BestPaths)
        {
            uint top = originated.Values.SelectMany(d => d.Values).Where(p => comparer.Equals(p.Route, best.Route)).Max(p => p.Attributes.LocalPref!.Value);
            Assert.Equal(top, best.Attributes.LocalPref);
        }
        foreach (var client in Clients)
        {
            var onRr = net.PeerOf("rr", client);
            var fromRr = net.PeerOf(client, "rr").AdjRibIn;
            var expectedIn = rr.LocRib.BestPaths.Where(p => !ReferenceEquals(p.Source, onRr.Source)).ToList();
            Assert.Equal(expectedIn.Count, fromRr.Count);
            foreach (var p in expectedIn)
            {
                Assert.True(fromRr.TryGet(p.Route, out var received), $"{client} lacks {p.Route}");
                Assert.Equal(p.NextHop, received.NextHop);
                Assert.Equal(p.Attributes.LocalPref, received.Attributes.LocalPref);
                Assert.Equal(p.Attributes.OriginatorId ?? p.Source.RouterId, received.Attributes.OriginatorId);
            }
        }
    }
}
