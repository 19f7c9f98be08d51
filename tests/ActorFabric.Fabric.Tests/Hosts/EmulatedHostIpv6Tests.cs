using ActorFabric.Fabric.Hosts;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.Tests.Hosts;

/// <summary>The host's IPv6 stack: Neighbor Discovery (RFC 4861) and ICMPv6 echo (RFC 4443 §4), in virtual time.</summary>
public sealed class EmulatedHostIpv6Tests
{
    private static readonly TimeSpan Latency = TimeSpan.FromMicroseconds(50);
    private static readonly Ipv6Address V6A = Ipv6Address.Parse("2001:db8:1::a"), V6B = Ipv6Address.Parse("2001:db8:1::b");
    private static readonly Ipv6Address Router = Ipv6Address.Parse("2001:db8:1::1");
    private static readonly MacAddress MacA = MacAddress.Parse("02:00:00:00:00:0a"), MacB = MacAddress.Parse("02:00:00:00:00:0b");

    private static EmulatedHost Host(string name, MacAddress mac, Ipv6Address v6, byte last, Ipv6Address? gateway = null) =>
        new(new EmulatedHostOptions
        {
            Name = name, Mac = mac, Address = new Ipv4Address(0x0A01_0000u | last), Address6 = v6, PrefixLength6 = 64, Gateway6 = gateway,
        });

    private static List<byte[]> Transmits(EmulatedHost host)
    {
        var list = new List<byte[]>();
        while (host.TryPollTransmit(out var f)) list.Add(f);
        return list;
    }

    private static NeighborDiscoveryMessage Nd(byte[] frame)
    {
        Assert.True(NeighborDiscoveryMessage.TryRead(frame.AsSpan(EthernetHeader.UntaggedLength), out var nd));
        return nd;
    }

    [Fact]
    public void Start_also_advertises_the_ipv6_address_to_all_nodes_with_override_set()
    {
        var host = Host("a", MacA, V6A, 10);
        host.Start(TimeSpan.Zero);
        var frames = Transmits(host);
        Assert.Equal(2, frames.Count);
        Assert.True(FrameSummary.Parse(frames[0]).IsArp);
        var na = Nd(frames[1]);
        Assert.False(na.IsSolicitation);
        Assert.Equal((V6A, MacA, Ipv6Address.Parse("ff02::1")), (na.Target, na.LinkLayerAddress!.Value, na.Destination));
        Assert.True(na.Override);
        Assert.False(na.Solicited);
    }

    [Fact]
    public void A_solicitation_for_the_host_gets_a_solicited_advertisement_and_teaches_the_solicitor()
    {
        var host = Host("a", MacA, V6A, 10);
        var ns = new byte[NeighborDiscoveryMessage.FrameLength];
        NeighborDiscoveryMessage.WriteSolicitationFrame(ns, MacB, V6B, V6A);
        host.HandleFrame(ns, TimeSpan.Zero);

        var reply = Assert.Single(Transmits(host));
        Assert.Equal(MacB, MacAddress.Read(reply));
        var na = Nd(reply);
        Assert.Equal((V6A, MacA, V6B), (na.Target, na.LinkLayerAddress!.Value, na.Destination));
        Assert.True(na.Solicited);
        Assert.True(na.Override);
        Assert.False(na.Router);
        Assert.True(host.TryGetNeighbor(V6B, out var learned));
        Assert.Equal(MacB, learned);

        // A solicitation for another address is not ours to answer.
        NeighborDiscoveryMessage.WriteSolicitationFrame(ns, MacB, V6B, Ipv6Address.Parse("2001:db8:1::77"));
        host.HandleFrame(ns, TimeSpan.Zero);
        Assert.Empty(Transmits(host));
    }

    [Fact]
    public void An_ipv6_ping_on_link_resolves_with_neighbor_discovery_then_measures_round_trips()
    {
        var a = Host("a", MacA, V6A, 10);
        var b = Host("b", MacB, V6B, 11);
        var wire = new HostWire(a, b, Latency);
        var session = a.Ping(V6B, 3, TimeSpan.FromSeconds(1), 56, wire.Now);
        wire.RunFor(TimeSpan.FromSeconds(5));

        var result = session.Result;
        Assert.True(result.Success, $"{result.Received}/{result.Sent}");
        Assert.Equal(HostAddress.From(V6B), result.Destination);
        // The first echo waited for the NS/NA exchange (one more round trip).
        Assert.Equal([4 * Latency, 2 * Latency, 2 * Latency], result.RoundTripTimes);
        Assert.Equal(MacB, result.FirstHopMac);
        Assert.All(wire.EventsA.OfType<PingReply>(), r => Assert.Equal(64, r.Ttl));
        Assert.Single(wire.EventsA.OfType<NeighborResolved>(), e => e.Address == V6B && e.Mac == MacB);
        Assert.Equal(3, b.EchoRepliesSent);

        // On the wire: ICMPv6 echo requests with valid pseudo-header checksums and hop limit 64.
        var requests = wire.Sent.Where(s => s.From == "a")
            .Select(s => Icmpv6Echo.TryRead(s.Frame.AsSpan(EthernetHeader.UntaggedLength), out var ip, out var echo, out var data) == PacketError.None
                ? (ip.HopLimit, echo.IsRequest, data.Length) : default)
            .Where(x => x.IsRequest).ToList();
        Assert.Equal([(64, true, 56), (64, true, 56), (64, true, 56)], requests.Select(r => ((int)r.HopLimit, r.IsRequest, r.Length)).ToArray());
    }

    [Fact]
    public void An_off_link_ipv6_destination_is_sent_to_the_default_router_found_by_neighbor_discovery()
    {
        var a = Host("a", MacA, V6A, 10, gateway: Router);
        a.Ping(Ipv6Address.Parse("2001:db8:2::9"), 1, TimeSpan.FromSeconds(1), 8, TimeSpan.Zero);
        var ns = Nd(Assert.Single(Transmits(a)));
        Assert.True(ns.IsSolicitation);
        Assert.Equal(Router, ns.Target);
        Assert.Equal(NeighborDiscoveryMessage.SolicitedNodeGroup(Router), ns.Destination);

        var routerMac = MacAddress.Parse("00:00:5e:00:01:01");
        var na = new byte[NeighborDiscoveryMessage.FrameLength];
        NeighborDiscoveryMessage.WriteAdvertisementFrame(na, routerMac, MacA, Router, V6A, solicited: true, overrideFlag: true, router: true);
        a.HandleFrame(na, TimeSpan.FromMilliseconds(1));

        var echo = Assert.Single(Transmits(a));
        Assert.Equal(routerMac, MacAddress.Read(echo));
        Assert.Equal(PacketError.None, Icmpv6Echo.TryRead(echo.AsSpan(EthernetHeader.UntaggedLength), out var ip, out _, out _));
        Assert.Equal(Ipv6Address.Parse("2001:db8:2::9"), ip.Destination);
    }

    [Fact]
    public void Neighbor_discovery_is_retried_and_given_up_after_three_solicitations()
    {
        var a = Host("a", MacA, V6A, 10);
        var wire = new HostWire(a, null, Latency);
        var session = a.Ping(V6B, 1, TimeSpan.FromSeconds(1), 8, wire.Now);
        wire.RunFor(TimeSpan.FromSeconds(5));

        Assert.Equal(3, wire.Sent.Count(s => NeighborDiscoveryMessage.TryRead(s.Frame.AsSpan(EthernetHeader.UntaggedLength), out var m) && m.IsSolicitation));
        Assert.Single(wire.EventsA.OfType<NeighborResolutionFailed>(), e => e.Address == V6B && e.DroppedPackets == 1);
        Assert.Equal(0, session.Result.Received);
    }
}
