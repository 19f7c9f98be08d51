using System.Diagnostics;
using System.Net;
using ActorFabric.Protocols.Bgp.Session;
using ActorFabric.Protocols.Bgp.Speaker;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Cli.Bench;

/// <summary>What one run of <see cref="RouteReflectionBenchmark"/> measured.</summary>
public sealed record RouteReflectionBenchmarkResult(
    int Routes, int Originators, int Clients, TimeSpan Elapsed,
    long RoutesDeliveredToClients, long UpdatesDeliveredToClients, long UpdatesFromOriginators,
    long PeakManagedBytes, long PeakWorkingSetBytes)
{
    public double RoutesPerSecond => RoutesDeliveredToClients / Elapsed.TotalSeconds;

    public override string ToString() =>
        $"{Routes:N0} type-2 routes, {Originators} originators -> RR -> {Clients} clients: {Elapsed.TotalSeconds:F2} s, " +
        $"{RoutesDeliveredToClients:N0} routes in {UpdatesDeliveredToClients:N0} UPDATEs delivered ({RoutesPerSecond:N0} routes/s), " +
        $"peak managed {PeakManagedBytes / (1024.0 * 1024):N0} MiB, peak working set {PeakWorkingSetBytes / (1024.0 * 1024):N0} MiB";
}

/// <summary>
/// In-process route reflection benchmark (no bytes yet: BgpMessage objects go straight between machines):
/// <c>originators</c> leaf speakers, all RR clients, originate <c>routes</c> type-2 (MAC+IP) routes between them;
/// one route-reflector <see cref="BgpSpeaker"/> reflects them to <c>clients</c> receiving clients, each a bare
/// <see cref="BgpSession"/> that counts what it gets (so the figure is the reflector's cost, as in the FRR
/// comparison). The originators also receive each other's routes through full speakers. This is a measuring
/// harness, not protocol code: it reads the Stopwatch and the GC, nothing here decides protocol behaviour.
/// </summary>
public static class RouteReflectionBenchmark
{
    private const uint Asn = 65000;

    public static RouteReflectionBenchmarkResult Run(int routes = 1_000_000, int clients = 10, int originators = 2, int originateBatch = 20_000, bool extendedMessages = false)
    {
        var now = TimeSpan.Zero;
        var rrAddress = IPAddress.Parse("10.255.0.1");
        var rr = new BgpSpeaker(new BgpSpeakerConfig { LocalAs = Asn, RouterId = Ipv4(rrAddress), RouteReflector = true, ReportBestPathChanges = false });
        var sessionTemplate = new BgpSessionConfig { LocalAs = Asn, RouterId = 0, PeerAs = Asn, HoldTime = TimeSpan.FromSeconds(90), AdvertiseExtendedMessage = extendedMessages };

        // Originators: full speakers, RR clients.
        var leaves = new (BgpSpeaker Speaker, BgpPeer ToRr, BgpPeer OnRr, IPAddress Address)[originators];
        for (int i = 0; i < originators; i++)
        {
            var address = IPAddress.Parse($"10.1.0.{i + 1}");
            var leaf = new BgpSpeaker(new BgpSpeakerConfig { LocalAs = Asn, RouterId = Ipv4(address), ReportBestPathChanges = false });
            var onRr = rr.AddPeer(sessionTemplate with { PeerAddress = address, RouteReflectorClient = true, Passive = true }, now);
            var toRr = leaf.AddPeer(sessionTemplate with { PeerAddress = rrAddress }, now);
            leaves[i] = (leaf, toRr, onRr, address);
        }
        // Receiving clients: bare sessions that count routes.
        var receivers = new (BgpSession Session, BgpPeer OnRr)[clients];
        for (int i = 0; i < clients; i++)
        {
            var address = IPAddress.Parse($"10.2.{i / 250}.{i % 250 + 1}");
            var onRr = rr.AddPeer(sessionTemplate with { PeerAddress = address, RouteReflectorClient = true, Passive = true }, now);
            var session = new BgpSession(sessionTemplate with { RouterId = Ipv4(address), PeerAddress = rrAddress });
            session.Start(now);
            receivers[i] = (session, onRr);
        }

        long delivered = 0, updatesDelivered = 0, updatesFromOriginators = 0;
        var peerToReceiver = new Dictionary<BgpPeer, int>();
        var peerToLeaf = new Dictionary<BgpPeer, int>();
        for (int i = 0; i < clients; i++) peerToReceiver[receivers[i].OnRr] = i;
        for (int i = 0; i < originators; i++) peerToLeaf[leaves[i].OnRr] = i;

        void DrainReceiver(int i)
        {
            var s = receivers[i].Session;
            while (s.TryPoll(out var o))
            {
                switch (o)
                {
                    case BgpSend send: rr.HandleReceived(receivers[i].OnRr, BgpDecodeResult.Ok(send.Message), now); break;
                    case BgpOpenTransport:
                        rr.AcceptConnection(receivers[i].OnRr.Address, now);
                        s.TransportConnected(now, locallyInitiated: true);
                        break;
                    case BgpUpdateReceived u when u.Update.MpReach is { } reach:
                        delivered += reach.EvpnRoutes.Length;
                        updatesDelivered++;
                        break;
                }
            }
        }

        void Pump()
        {
            bool progress = true;
            while (progress)
            {
                progress = false;
                for (int i = 0; i < originators; i++)
                {
                    var (leaf, toRr, onRr, address) = leaves[i];
                    while (leaf.TryPoll(now, out var o))
                    {
                        progress = true;
                        switch (o)
                        {
                            case BgpTransmit t:
                                if (t.Message is UpdateMessage) updatesFromOriginators++;
                                rr.HandleReceived(onRr, BgpDecodeResult.Ok(t.Message), now);
                                break;
                            case BgpConnectRequested:
                                rr.AcceptConnection(address, now);
                                leaf.TransportConnected(toRr, now);
                                break;
                        }
                    }
                }
                for (int i = 0; i < clients; i++)
                    if (receivers[i].Session.PendingOutputs > 0) { progress = true; DrainReceiver(i); }
                while (rr.TryPoll(now, out var o))
                {
                    progress = true;
                    if (o is not BgpTransmit t) continue;
                    if (peerToReceiver.TryGetValue(t.Peer, out int r))
                    {
                        receivers[r].Session.HandleReceived(BgpDecodeResult.Ok(t.Message), now);
                        DrainReceiver(r);
                    }
                    else if (peerToLeaf.TryGetValue(t.Peer, out int l))
                    {
                        leaves[l].Speaker.HandleReceived(leaves[l].ToRr, BgpDecodeResult.Ok(t.Message), now);
                    }
                }
            }
        }

        Pump();
        foreach (var (session, _) in receivers)
            if (session.State != BgpSessionState.Established) throw new InvalidOperationException("benchmark sessions did not establish");

        // Routes and shared attributes are built before timing: in a real run the decoder allocates them.
        var attributes = new PathAttributes[originators];
        for (int i = 0; i < originators; i++)
            attributes[i] = new PathAttributes
            {
                Origin = Origin.Igp, AsPath = AsPath.Empty, LocalPref = 100,
                ExtendedCommunities = [ExtendedCommunity.AutoDerivedRouteTarget((ushort)Asn, 10100), ExtendedCommunity.VxlanEncapsulation],
            };
        var routeObjects = new EvpnRoute[routes];
        for (int n = 0; n < routes; n++)
        {
            int o = n % originators;
            var rd = RouteDistinguisher.FromIpv4(Ipv4(leaves[o].Address), 1);
            routeObjects[n] = new MacIpAdvertisementRoute(rd, EthernetSegmentId.Zero, 0, new MacAddress(0x0200_0000_0000UL + (ulong)n),
                new IPAddress(new[] { (byte)11, (byte)(n >> 16), (byte)(n >> 8), (byte)n }), 10100);
        }

        GC.Collect();
        long peakManaged = GC.GetTotalMemory(false);
        long peakWorkingSet = Environment.WorkingSet;
        var clock = Stopwatch.StartNew();
        for (int start = 0; start < routes; start += originateBatch)
        {
            int end = Math.Min(routes, start + originateBatch);
            for (int n = start; n < end; n++)
            {
                int o = n % originators;
                leaves[o].Speaker.Originate(routeObjects[n], attributes[o], leaves[o].Address, now);
            }
            Pump();
            peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(false));
            peakWorkingSet = Math.Max(peakWorkingSet, Environment.WorkingSet);
        }
        Pump();
        clock.Stop();
        peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(false));
        GC.KeepAlive(routeObjects);
        return new RouteReflectionBenchmarkResult(routes, originators, clients, clock.Elapsed, delivered, updatesDelivered, updatesFromOriginators, peakManaged, peakWorkingSet);
    }

    private static uint Ipv4(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
    }
}
