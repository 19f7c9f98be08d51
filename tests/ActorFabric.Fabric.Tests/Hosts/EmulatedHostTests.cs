using ActorFabric.Fabric.Hosts;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.Tests.Hosts;

public sealed class EmulatedHostTests
{
    private static readonly TimeSpan Latency = TimeSpan.FromMicroseconds(50);
    private static readonly Ipv4Address IpA = Ipv4Address.Parse("10.1.0.1"), IpB = Ipv4Address.Parse("10.1.0.2");
    private static readonly MacAddress MacA = MacAddress.Parse("02:00:00:00:00:0a"), MacB = MacAddress.Parse("02:00:00:00:00:0b");

    private static EmulatedHost Host(string name, MacAddress mac, Ipv4Address ip, ushort? vlan = null, Ipv4Address? gateway = null) =>
        new(new EmulatedHostOptions { Name = name, Mac = mac, Address = ip, PrefixLength = 24, VlanTag = vlan, Gateway = gateway });

    private static List<byte[]> Transmits(EmulatedHost host)
    {
        var list = new List<byte[]>();
        while (host.TryPollTransmit(out var f)) list.Add(f);
        return list;
    }

    [Fact]
    public void Start_announces_the_host_with_a_gratuitous_arp()
    {
        var host = Host("a", MacA, IpA);
        host.Start(TimeSpan.Zero);
        var s = FrameSummary.Parse(Assert.Single(Transmits(host)));
        Assert.True(s.IsArp);
        Assert.Equal(ArpOperation.Request, s.ArpOperation);
        Assert.True(s.Destination.IsBroadcast);
        Assert.Equal(IpA, s.ArpSenderIp);
        Assert.Equal(IpA, s.ArpTargetIp);
        Assert.Equal(MacA, s.ArpSenderMac);
        Assert.Null(s.Vlan);
    }

    [Fact]
    public void A_tagged_host_tags_its_frames_and_ignores_untagged_ones()
    {
        var host = Host("a", MacA, IpA, vlan: 100);
        host.Start(TimeSpan.Zero);
        Assert.Equal(new VlanTag(100), FrameSummary.Parse(Assert.Single(Transmits(host))).Vlan);

        host.HandleFrame(FrameBuilder.ArpRequest(MacB, IpB, IpA), TimeSpan.Zero);
        Assert.Empty(Transmits(host));
        host.HandleFrame(FrameBuilder.ArpRequest(MacB, IpB, IpA, new VlanTag(100)), TimeSpan.Zero);
        var reply = FrameSummary.Parse(Assert.Single(Transmits(host)));
        Assert.Equal(ArpOperation.Reply, reply.ArpOperation);
        Assert.Equal(new VlanTag(100), reply.Vlan);
    }

    [Fact]
    public void An_arp_request_for_the_host_gets_a_unicast_reply_and_teaches_the_sender()
    {
        var host = Host("a", MacA, IpA);
        host.HandleFrame(FrameBuilder.ArpRequest(MacB, IpB, IpA), TimeSpan.Zero);
        var reply = FrameSummary.Parse(Assert.Single(Transmits(host)));
        Assert.Equal(ArpOperation.Reply, reply.ArpOperation);
        Assert.Equal(MacB, reply.Destination);
        Assert.Equal(IpA, reply.ArpSenderIp);
        Assert.Equal(MacA, reply.ArpSenderMac);
        Assert.True(host.TryGetArpEntry(IpB, out var learned));
        Assert.Equal(MacB, learned);

        host.HandleFrame(FrameBuilder.ArpRequest(MacB, IpB, Ipv4Address.Parse("10.1.0.77")), TimeSpan.Zero);
        Assert.Empty(Transmits(host));
    }

    [Fact]
    public void An_echo_request_is_answered_with_the_same_identifier_sequence_and_data()
    {
        var host = Host("a", MacA, IpA);
        var request = FrameBuilder.IcmpEchoRequest(MacB, MacA, IpB, IpA, 7, 9, new byte[] { 1, 2, 3 });
        host.HandleFrame(request, TimeSpan.Zero);
        var reply = FrameSummary.Parse(Assert.Single(Transmits(host)));
        Assert.Equal(IcmpType.EchoReply, reply.IcmpType);
        Assert.Equal((ushort)7, reply.IcmpIdentifier);
        Assert.Equal((ushort)9, reply.IcmpSequence);
        Assert.Equal(IpB, reply.IpDestination);
        Assert.Equal(MacB, reply.Destination);
        Assert.Equal(PacketError.None, reply.Error);
    }

    [Fact]
    public void Ping_between_two_hosts_measures_round_trips_in_emulated_time()
    {
        var a = Host("a", MacA, IpA);
        var b = Host("b", MacB, IpB);
        var wire = new HostWire(a, b, Latency);
        var session = a.Ping(IpB, 3, TimeSpan.FromSeconds(1), 56, wire.Now);
        wire.RunFor(TimeSpan.FromSeconds(5));

        var result = session.Result;
        Assert.True(result.Success);
        Assert.Equal(3, result.Sent);
        // The first echo waited for ARP (one more round trip); the others are exactly one round trip.
        Assert.Equal([4 * Latency, 2 * Latency, 2 * Latency], result.RoundTripTimes);
        Assert.Equal(MacB, result.FirstHopMac);
        Assert.Equal(3, wire.EventsA.OfType<PingReply>().Count());
        var done = Assert.Single(wire.EventsA.OfType<PingCompleted>());
        Assert.Equal(3, done.Result.Received);
        Assert.Single(wire.EventsA.OfType<ArpResolved>(), e => e.Address == IpB && e.Mac == MacB);
        Assert.Null(a.PollTimeout());
    }

    [Fact]
    public void Arp_is_retried_every_second_and_given_up_after_three_attempts()
    {
        var a = Host("a", MacA, IpA);
        var wire = new HostWire(a, null, Latency);
        var session = a.Ping(IpB, 1, TimeSpan.FromSeconds(1), 8, wire.Now);
        wire.RunFor(TimeSpan.FromSeconds(10));

        var requests = wire.Sent.Where(s => FrameSummary.Parse(s.Frame) is { IsArp: true, ArpOperation: ArpOperation.Request }).Select(s => s.At).ToList();
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], requests);
        var failed = Assert.Single(wire.EventsA.OfType<ArpResolutionFailed>());
        Assert.Equal(IpB, failed.Address);
        Assert.Equal(1, failed.DroppedPackets);
        Assert.Equal(TimeSpan.FromSeconds(3), failed.At);
        Assert.Equal(0, session.Result.Received);
        Assert.Equal([(ushort)0], session.Result.LostSequences);
        Assert.Null(session.Result.FirstHopMac);
        Assert.Single(wire.EventsA.OfType<PingTimeout>());
        Assert.Null(a.PollTimeout());
    }

    [Fact]
    public void Packets_queued_while_resolving_are_sent_in_order_once_the_reply_arrives()
    {
        var a = Host("a", MacA, IpA);
        var b = Host("b", MacB, IpB);
        var wire = new HostWire(a, b, Latency);
        var flow = a.StartUdpFlow(IpB, 5001, 40000, 5, TimeSpan.FromMicroseconds(10), 100, wire.Now);
        wire.RunFor(TimeSpan.FromSeconds(1));

        Assert.True(flow.IsComplete);
        Assert.Equal(new UdpPortCounters(5001, 5, 500), b.UdpReceived(5001));
        var datagrams = wire.Sent.Where(s => s.From == "a" && FrameSummary.Parse(s.Frame).IsUdp).ToList();
        Assert.Equal(5, datagrams.Count);
        Assert.All(datagrams, d => Assert.Equal(MacB, FrameSummary.Parse(d.Frame).Destination));
        // All five waited for the ARP reply (one round trip), then left together.
        Assert.All(datagrams, d => Assert.Equal(2 * Latency, d.At));
        Assert.Single(wire.EventsA.OfType<UdpFlowCompleted>());
    }

    [Fact]
    public void A_udp_flow_sends_count_datagrams_at_its_interval()
    {
        var a = Host("a", MacA, IpA);
        var b = Host("b", MacB, IpB);
        var wire = new HostWire(a, b, Latency);
        a.Ping(IpB, 1, TimeSpan.FromSeconds(1), 8, wire.Now); // resolve first
        wire.RunFor(TimeSpan.FromSeconds(1));
        var start = wire.Now;
        a.StartUdpFlow(IpB, 7000, 41000, 4, TimeSpan.FromMilliseconds(10), 32, start);
        wire.RunFor(TimeSpan.FromSeconds(1));

        var times = wire.Sent.Where(s => FrameSummary.Parse(s.Frame) is { IsUdp: true, DestinationPort: 7000 }).Select(s => s.At - start).ToList();
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(30)], times);
        Assert.Equal(4, b.UdpReceived(7000).Datagrams);
        Assert.Equal(128, b.UdpReceived(7000).Bytes);
    }

    [Fact]
    public void An_off_subnet_destination_is_sent_to_the_gateway_mac()
    {
        var gatewayIp = Ipv4Address.Parse("10.1.0.254");
        var a = Host("a", MacA, IpA, gateway: gatewayIp);
        var router = Host("gw", MacB, gatewayIp);
        var wire = new HostWire(a, router, Latency);
        var session = a.Ping(Ipv4Address.Parse("192.0.2.1"), 1, TimeSpan.FromSeconds(1), 8, wire.Now);
        wire.RunFor(TimeSpan.FromSeconds(2));

        var arp = FrameSummary.Parse(wire.Sent.First(s => s.From == "a").Frame);
        Assert.Equal(gatewayIp, arp.ArpTargetIp);
        var echo = FrameSummary.Parse(wire.Sent.First(s => s.From == "a" && FrameSummary.Parse(s.Frame).IsIcmpEcho).Frame);
        Assert.Equal(MacB, echo.Destination);
        Assert.Equal(Ipv4Address.Parse("192.0.2.1"), echo.IpDestination);
        Assert.Equal(MacB, session.Result.FirstHopMac);
        Assert.Equal(0, session.Result.Received); // the "gateway" is a plain host: nothing routes it on
    }

    [Fact]
    public void A_moved_host_announces_itself_again_with_its_new_tagging()
    {
        var host = Host("a", MacA, IpA);
        host.Start(TimeSpan.Zero);
        Transmits(host);
        host.MoveTo(200, TimeSpan.FromSeconds(5));
        var garp = FrameSummary.Parse(Assert.Single(Transmits(host)));
        Assert.True(garp.IsArp && garp.ArpSenderIp == IpA && garp.ArpTargetIp == IpA);
        Assert.Equal(new VlanTag(200), garp.Vlan);
        host.Reannounce(TimeSpan.FromSeconds(6));
        Assert.Single(Transmits(host));
    }

    [Fact]
    public void A_late_or_duplicate_echo_reply_is_not_counted_twice()
    {
        var a = Host("a", MacA, IpA);
        var b = Host("b", MacB, IpB);
        var wire = new HostWire(a, b, Latency);
        var session = a.Ping(IpB, 1, TimeSpan.FromSeconds(1), 8, wire.Now);
        wire.RunFor(TimeSpan.FromSeconds(2));
        var reply = FrameBuilder.IcmpEchoReply(MacB, MacA, IpB, IpA, session.Identifier, 0, new byte[8]);
        a.HandleFrame(reply, wire.Now);
        Assert.Equal(1, session.Result.Received);
        Assert.Equal(1, session.Result.Sent);
    }
}
