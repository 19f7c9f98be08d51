using ActorFabric.Protocols.Tcp;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Tests.Tcp;

public class TcpConnectionTests
{
    private static readonly Ipv4Address ClientIp = Ipv4Address.Parse("10.0.0.1");
    private static readonly Ipv4Address ServerIp = Ipv4Address.Parse("10.0.0.2");
    private static readonly TimeSpan T0 = TimeSpan.FromSeconds(10);
    private const uint ClientIss = 1000;
    private const uint ServerIss = 0xFFFF_FFF0; // wraps during the tests: sequence arithmetic is modulo 2^32

    private static TcpConnection Client() => new(new TcpConnectionOptions
    {
        LocalAddress = ClientIp, RemoteAddress = ServerIp, LocalPort = 49152, RemotePort = 179, InitialSequence = ClientIss,
    });

    private static TcpConnection Server() => new(new TcpConnectionOptions
    {
        LocalAddress = ServerIp, RemoteAddress = ClientIp, LocalPort = 179, RemotePort = 49152, InitialSequence = ServerIss,
    });

    private sealed record Segment(Ipv4Header Ip, TcpHeader Tcp, byte[] Payload);

    private static Segment Parse(TcpTransmit t)
    {
        Assert.Equal(PacketError.None, Ipv4Header.TryRead(t.Packet, out var ip, out var l4));
        Assert.Equal(PacketError.None, TcpHeader.VerifyChecksum(l4, ip.Source, ip.Destination));
        Assert.Equal(PacketError.None, TcpHeader.TryRead(l4, out var tcp, out var payload));
        return new Segment(ip, tcp, payload.ToArray());
    }

    private static List<Segment> Drain(TcpConnection c)
    {
        var list = new List<Segment>();
        while (c.TryPollTransmit(out var t)) list.Add(Parse(t));
        return list;
    }

    private static List<TcpEvent> Events(TcpConnection c)
    {
        var list = new List<TcpEvent>();
        while (c.TryPollEvent(out var e)) list.Add(e);
        return list;
    }

    private static void Deliver(IEnumerable<Segment> segments, TcpConnection to, TimeSpan now)
    {
        foreach (var s in segments) to.HandleSegment(s.Tcp, s.Payload, now);
    }

    /// <summary>Runs the three-way handshake and returns both ends Established with their queues empty.</summary>
    private static (TcpConnection Client, TcpConnection Server) Established()
    {
        var client = Client();
        var server = Server();
        client.Connect(T0);
        var syn = Assert.Single(Drain(client));
        server.AcceptSyn(syn.Tcp, T0);
        Deliver(Drain(server), client, T0);
        Deliver(Drain(client), server, T0);
        Events(client);
        Events(server);
        return (client, server);
    }

    [Fact]
    public void Three_way_handshake_numbers_follow_each_sides_initial_sequence()
    {
        var client = Client();
        var server = Server();
        client.Connect(T0);
        Assert.Equal(TcpState.SynSent, client.State);
        var syn = Assert.Single(Drain(client));
        Assert.Equal(TcpFlags.Syn, syn.Tcp.Flags);
        Assert.Equal(ClientIss, syn.Tcp.Sequence);
        Assert.Equal(0u, syn.Tcp.Acknowledgment);
        Assert.Equal(TcpConnection.Window, syn.Tcp.Window);
        Assert.Equal((ushort)ClientIss, syn.Ip.Identification);

        server.AcceptSyn(syn.Tcp, T0);
        Assert.Equal(TcpState.SynReceived, server.State);
        var synAck = Assert.Single(Drain(server));
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, synAck.Tcp.Flags);
        Assert.Equal(ServerIss, synAck.Tcp.Sequence);
        Assert.Equal(ClientIss + 1, synAck.Tcp.Acknowledgment);

        client.HandleSegment(synAck.Tcp, synAck.Payload, T0);
        Assert.Equal(TcpState.Established, client.State);
        Assert.Equal([new TcpEvent(TcpEventKind.Connected)], Events(client));
        var ack = Assert.Single(Drain(client));
        Assert.Equal(TcpFlags.Ack, ack.Tcp.Flags);
        Assert.Equal(ClientIss + 1, ack.Tcp.Sequence);
        Assert.Equal(ServerIss + 1, ack.Tcp.Acknowledgment);
        Assert.Equal((ushort)(ClientIss + 1), ack.Ip.Identification);

        server.HandleSegment(ack.Tcp, ack.Payload, T0);
        Assert.Equal(TcpState.Established, server.State);
        Assert.Equal([new TcpEvent(TcpEventKind.Connected)], Events(server));
        Assert.Empty(Drain(server));
        Assert.Null(client.PollTimeout());
        Assert.Null(server.PollTimeout());
        Assert.Equal(0, client.UnacknowledgedBytes);
        Assert.Equal(0, server.UnacknowledgedBytes);
    }

    [Fact]
    public void Writes_in_one_turn_share_segments_of_at_most_one_mss_and_arrive_in_order()
    {
        var (client, server) = Established();
        var first = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        var second = Enumerable.Range(0, 2000).Select(i => (byte)(i * 7)).ToArray();
        Assert.True(client.Write(first, T0));
        Assert.True(client.Write(second, T0));
        Assert.Equal(3000, client.QueuedBytes);
        var segments = Drain(client);
        Assert.Equal([1460, 1460, 80], segments.Select(s => s.Payload.Length));
        Assert.All(segments, s => Assert.Equal(TcpFlags.Psh | TcpFlags.Ack, s.Tcp.Flags));
        Assert.Equal(ClientIss + 1, segments[0].Tcp.Sequence);
        Assert.Equal(ClientIss + 1 + 1460, segments[1].Tcp.Sequence);
        Assert.Equal(3000, client.UnacknowledgedBytes);
        Assert.Equal(0, client.QueuedBytes);

        Deliver(segments, server, T0);
        var data = Events(server).SelectMany(e => { Assert.Equal(TcpEventKind.Data, e.Kind); return e.Data!; }).ToArray();
        Assert.Equal(first.Concat(second).ToArray(), data);
        Assert.True(server.AckPending);
        Assert.Empty(Drain(server)); // the ACK waits for the end of the host's turn

        server.AcknowledgeReceived(T0);
        var ack = Assert.Single(Drain(server));
        Assert.Equal(TcpFlags.Ack, ack.Tcp.Flags);
        Assert.Equal(ClientIss + 1 + 3000, ack.Tcp.Acknowledgment);
        client.HandleSegment(ack.Tcp, ack.Payload, T0);
        Assert.Equal(0, client.UnacknowledgedBytes);
        Assert.Equal(client.SendNext, client.SendUnacknowledged);
    }

    [Fact]
    public void Data_segment_acknowledges_received_data_so_no_pure_ack_follows()
    {
        var (client, server) = Established();
        client.Write([1, 2, 3], T0);
        Deliver(Drain(client), server, T0);
        Events(server);
        server.Write([9], T0);
        var reply = Assert.Single(Drain(server));
        Assert.Equal(ClientIss + 1 + 3, reply.Tcp.Acknowledgment);
        Assert.False(server.AckPending);
        server.AcknowledgeReceived(T0);
        Assert.Empty(Drain(server));
        client.HandleSegment(reply.Tcp, reply.Payload, T0);
        Assert.Equal(0, client.UnacknowledgedBytes);
        Assert.Equal([9], Assert.Single(Events(client)).Data!);
    }

    [Fact]
    public void At_most_one_window_is_unacknowledged_and_the_ack_clock_sends_the_rest()
    {
        var (client, server) = Established();
        client.Write(new byte[100_000], T0);
        var burst = Drain(client);
        Assert.Equal(TcpConnection.Window, burst.Sum(s => s.Payload.Length));
        Assert.Equal(TcpConnection.Window, client.UnacknowledgedBytes);
        Assert.Equal(100_000 - TcpConnection.Window, client.QueuedBytes);

        Deliver(burst, server, T0);
        server.AcknowledgeReceived(T0);
        var ack = Assert.Single(Drain(server));
        client.HandleSegment(ack.Tcp, ack.Payload, T0);
        var rest = Drain(client);
        Assert.Equal(100_000 - TcpConnection.Window, rest.Sum(s => s.Payload.Length));
        Assert.Equal(0, client.QueuedBytes);

        Deliver(rest, server, T0);
        Assert.Equal(100_000, Events(server).Sum(e => e.Data!.Length));
        server.AcknowledgeReceived(T0);
        Deliver(Drain(server), client, T0);
        Assert.Equal(0, client.UnacknowledgedBytes);
    }

    [Fact]
    public void Out_of_order_segments_wait_for_the_gap_and_duplicates_are_ignored_but_acknowledged()
    {
        var (client, server) = Established();
        client.Write(Enumerable.Range(0, 3000).Select(i => (byte)i).ToArray(), T0);
        var s = Drain(client);
        Deliver([s[2], s[1]], server, T0);
        Assert.Empty(Events(server));
        // RFC 5681 §4.2: each segment beyond a gap is acknowledged at once (a duplicate ACK for what arrived in order).
        Assert.Equal([ClientIss + 1, ClientIss + 1], Drain(server).Select(a => a.Tcp.Acknowledgment));
        Assert.False(server.AckPending);
        Deliver([s[0]], server, T0);
        var events = Events(server);
        Assert.Equal([1460, 1460, 80], events.Select(e => e.Data!.Length));
        Assert.Equal(Enumerable.Range(0, 3000).Select(i => (byte)i), events.SelectMany(e => e.Data!));
        // The segment that filled the gap is acknowledged at once too, for everything now in order.
        Assert.Equal(ClientIss + 1 + 3000, Assert.Single(Drain(server)).Tcp.Acknowledgment);
        Deliver([s[1]], server, T0);
        Assert.Empty(Events(server));
        Assert.True(server.AckPending); // a duplicate is acknowledged again: its first ACK may have been lost
    }

    [Fact]
    public void A_lost_data_segment_is_sent_again_when_the_retransmission_timer_runs_out_and_the_stream_goes_on()
    {
        var (client, server) = Established();
        client.Write(Enumerable.Range(0, 2000).Select(i => (byte)i).ToArray(), T0);
        var s = Drain(client);
        Assert.Equal(2, s.Count);
        Assert.Equal(T0 + TimeSpan.FromSeconds(1), client.PollTimeout()); // RFC 6298 §2.1: RTO 1 s before any sample
        Deliver([s[1]], server, T0); // the first segment is lost
        Assert.Empty(Events(server));
        server.AcknowledgeReceived(T0);
        Deliver(Drain(server), client, T0); // a duplicate ACK: nothing new acknowledged, the timer keeps running

        client.HandleTimeout(T0 + TimeSpan.FromSeconds(1));
        var again = Assert.Single(Drain(client));
        Assert.Equal(s[0].Tcp.Sequence, again.Tcp.Sequence);
        Assert.Equal(s[0].Payload, again.Payload);
        Assert.Equal(1, client.Retransmissions);
        Assert.Equal(T0 + TimeSpan.FromSeconds(3), client.PollTimeout()); // backed off to 2 s (§5.5)

        Deliver([again], server, T0 + TimeSpan.FromSeconds(1));
        Assert.Equal(Enumerable.Range(0, 2000).Select(i => (byte)i), Events(server).SelectMany(e => e.Data!));
        server.AcknowledgeReceived(T0 + TimeSpan.FromSeconds(1));
        Deliver(Drain(server), client, T0 + TimeSpan.FromSeconds(1));
        Assert.Equal(0, client.UnacknowledgedBytes);
        Assert.Null(client.PollTimeout()); // all acknowledged: the timer stops (§5.2)
    }

    [Fact]
    public void The_third_duplicate_ack_resends_the_lost_segment_without_waiting_for_the_timer()
    {
        var (client, server) = Established();
        var data = Enumerable.Range(0, 5 * 1460).Select(i => (byte)(i * 7)).ToArray();
        client.Write(data, T0);
        var s = Drain(client);
        Assert.Equal(5, s.Count);
        Deliver(s.Skip(1), server, T0); // the first segment is lost
        var duplicates = Drain(server);
        Assert.Equal(4, duplicates.Count);
        Assert.All(duplicates, d => Assert.Equal(s[0].Tcp.Sequence, d.Tcp.Acknowledgment));

        Deliver(duplicates.Take(2), client, T0);
        Assert.Empty(Drain(client)); // two duplicates may be reordering (RFC 5681 §3.2)
        Deliver(duplicates.Skip(2).Take(1), client, T0);
        var again = Assert.Single(Drain(client));
        Assert.Equal(s[0].Tcp.Sequence, again.Tcp.Sequence);
        Assert.Equal(s[0].Payload, again.Payload);
        Assert.Equal(1, client.Retransmissions);
        Deliver(duplicates.Skip(3), client, T0);
        Assert.Empty(Drain(client)); // the fourth is part of the same loss

        Deliver([again], server, T0);
        Assert.Equal(data, Events(server).SelectMany(e => e.Data!));
        Deliver(Drain(server), client, T0);
        Assert.Equal(0, client.UnacknowledgedBytes);
        Assert.Null(client.PollTimeout());
        Assert.Empty(Drain(client));
    }

    [Fact]
    public void Each_partial_ack_of_a_recovery_resends_the_next_lost_segment_at_once()
    {
        var (client, server) = Established();
        var data = Enumerable.Range(0, 7 * 1460).Select(i => (byte)(i * 3)).ToArray();
        client.Write(data, T0);
        var s = Drain(client);
        Assert.Equal(7, s.Count);
        Deliver(s.Skip(3), server, T0); // a burst of three lost: 0, 1, 2
        Deliver(Drain(server), client, T0);
        var now = T0;
        for (int lost = 0; lost < 3; lost++)
        {
            // Fast retransmit of the first, then one partial ACK per round trip for the others (RFC 6582 §3.2 step 5).
            var again = Assert.Single(Drain(client));
            Assert.Equal(s[lost].Tcp.Sequence, again.Tcp.Sequence);
            now += TimeSpan.FromMilliseconds(10);
            Deliver([again], server, now);
            Deliver(Drain(server), client, now);
        }
        Assert.Equal(3, client.Retransmissions);
        Assert.Equal(data, Events(server).SelectMany(e => e.Data!));
        Assert.Equal(0, client.UnacknowledgedBytes);
        Assert.Null(client.PollTimeout()); // never a timeout: the whole burst took three round trips
        Assert.Empty(Drain(client));
    }

    [Fact]
    public void After_a_timeout_partial_acks_resend_the_rest_of_a_lost_window_without_more_timeouts()
    {
        var (client, server) = Established();
        var data = Enumerable.Range(0, 2 * 1460).Select(i => (byte)(i * 5)).ToArray();
        client.Write(data, T0);
        var s = Drain(client);
        Assert.Equal(2, s.Count); // both lost: no duplicate ACK ever comes

        client.HandleTimeout(T0 + TimeSpan.FromSeconds(1));
        var first = Assert.Single(Drain(client));
        Assert.Equal(s[0].Tcp.Sequence, first.Tcp.Sequence);
        Deliver([first], server, T0 + TimeSpan.FromSeconds(1));
        server.AcknowledgeReceived(T0 + TimeSpan.FromSeconds(1));
        Deliver(Drain(server), client, T0 + TimeSpan.FromSeconds(1)); // a partial ACK
        var second = Assert.Single(Drain(client));
        Assert.Equal(s[1].Tcp.Sequence, second.Tcp.Sequence);
        Deliver([second], server, T0 + TimeSpan.FromSeconds(1));
        server.AcknowledgeReceived(T0 + TimeSpan.FromSeconds(1));
        Deliver(Drain(server), client, T0 + TimeSpan.FromSeconds(1));
        Assert.Equal(data, Events(server).SelectMany(e => e.Data!));
        Assert.Equal(0, client.UnacknowledgedBytes);
        Assert.Equal(2, client.Retransmissions);
        Assert.Null(client.PollTimeout());
    }

    [Fact]
    public void Round_trip_samples_set_the_retransmission_timeout_never_below_one_second()
    {
        var rto = new RetransmissionTimeout(TimeSpan.FromSeconds(60));
        Assert.Equal(TimeSpan.FromSeconds(1), rto.Current);
        rto.Sample(TimeSpan.FromSeconds(2)); // first sample: SRTT = R, RTTVAR = R/2 → RTO = R + 4·R/2
        Assert.Equal(TimeSpan.FromSeconds(6), rto.Current);
        rto.BackOff();
        Assert.Equal(TimeSpan.FromSeconds(12), rto.Current);
        rto.Restore();
        Assert.Equal(TimeSpan.FromSeconds(6), rto.Current);
        for (int i = 0; i < 50; i++) rto.Sample(TimeSpan.FromMilliseconds(1));
        Assert.Equal(TimeSpan.FromSeconds(1), rto.Current);
        for (int i = 0; i < 10; i++) rto.BackOff();
        Assert.Equal(TimeSpan.FromSeconds(60), rto.Current);
    }

    [Fact]
    public void Close_sends_written_data_then_fin_and_the_peer_acknowledges_and_reports_closed()
    {
        var (client, server) = Established();
        client.Write([1, 2, 3, 4], T0);
        client.Close(T0);
        Assert.Equal(TcpState.Closed, client.State);
        Assert.Equal(0, client.UnacknowledgedBytes);
        var segments = Drain(client);
        Assert.Equal(2, segments.Count);
        Assert.Equal(TcpFlags.Psh | TcpFlags.Ack, segments[0].Tcp.Flags);
        Assert.Equal(TcpFlags.Fin | TcpFlags.Ack, segments[1].Tcp.Flags);
        Assert.Equal(ClientIss + 1 + 4, segments[1].Tcp.Sequence);
        Assert.Empty(Events(client)); // a close the host asked for is not reported back

        Deliver(segments, server, T0);
        var events = Events(server);
        Assert.Equal(TcpEventKind.Data, events[0].Kind);
        Assert.Equal(new TcpEvent(TcpEventKind.Closed, TcpCloseCause.Fin), events[1]);
        var finAck = Assert.Single(Drain(server));
        Assert.Equal(TcpFlags.Ack, finAck.Tcp.Flags);
        Assert.Equal(ClientIss + 1 + 4 + 1, finAck.Tcp.Acknowledgment); // FIN occupies one sequence number
        Assert.Equal(TcpState.Closed, server.State);
    }

    [Fact]
    public void Close_before_the_handshake_completes_sends_nothing()
    {
        var client = Client();
        client.Connect(T0);
        Drain(client);
        client.Close(T0);
        Assert.Empty(Drain(client));
        Assert.Equal(TcpState.Closed, client.State);
        Assert.Null(client.PollTimeout());
    }

    [Fact]
    public void Reset_of_an_established_connection_is_closed_for_the_peer_and_drops_unacknowledged_data()
    {
        var (client, server) = Established();
        client.Write(new byte[500], T0);
        Drain(client);
        Assert.Equal(500, client.UnacknowledgedBytes);
        client.Reset(T0);
        Assert.Equal(0, client.UnacknowledgedBytes);
        var rst = Assert.Single(Drain(client));
        Assert.Equal(TcpFlags.Rst | TcpFlags.Ack, rst.Tcp.Flags);
        Assert.Equal(ClientIss + 1 + 500, rst.Tcp.Sequence);
        server.HandleSegment(rst.Tcp, rst.Payload, T0);
        Assert.Equal([new TcpEvent(TcpEventKind.Closed, TcpCloseCause.Reset)], Events(server));
        Assert.Empty(Drain(server));
    }

    [Fact]
    public void Reset_while_connecting_is_a_failed_open()
    {
        var client = Client();
        client.Connect(T0);
        var syn = Assert.Single(Drain(client));
        var refusal = Parse(TcpConnection.RefuseSyn(ServerIp, ClientIp, syn.Tcp));
        Assert.Equal(TcpFlags.Rst | TcpFlags.Ack, refusal.Tcp.Flags);
        Assert.Equal(0u, refusal.Tcp.Sequence);
        Assert.Equal(ClientIss + 1, refusal.Tcp.Acknowledgment);
        Assert.Equal((ushort)179, refusal.Tcp.SourcePort);
        Assert.Equal((ushort)49152, refusal.Tcp.DestinationPort);

        client.HandleSegment(refusal.Tcp, refusal.Payload, T0);
        Assert.Equal([new TcpEvent(TcpEventKind.Failed, TcpCloseCause.Reset)], Events(client));
        Assert.Equal(TcpState.Closed, client.State);
        Assert.Null(client.PollTimeout());
    }

    [Fact]
    public void Handshake_that_does_not_complete_fails_at_the_connect_timeout_without_a_segment()
    {
        var client = Client();
        client.Connect(T0);
        Drain(client);
        Assert.Equal(T0 + TimeSpan.FromSeconds(1), client.PollTimeout());
        client.HandleTimeout(T0 + TimeSpan.FromMilliseconds(999));
        Assert.Empty(Events(client));
        client.HandleTimeout(T0 + TimeSpan.FromSeconds(1));
        Assert.Equal([new TcpEvent(TcpEventKind.Failed, TcpCloseCause.TimedOut)], Events(client));
        Assert.Empty(Drain(client));
        Assert.Null(client.PollTimeout());

        var server = Server();
        server.AcceptSyn(new TcpHeader(49152, 179, ClientIss, 0, TcpFlags.Syn, 65535), T0);
        Drain(server);
        server.HandleTimeout(T0 + TimeSpan.FromSeconds(1));
        Assert.Equal(TcpEventKind.Failed, Assert.Single(Events(server)).Kind);
    }

    [Fact]
    public void Unexpected_segments_are_ignored()
    {
        var client = Client();
        client.Connect(T0);
        Drain(client);
        // Before the handshake: data, a bare ACK, a bare SYN (the listener's business), a SYN|ACK for another SYN.
        client.HandleSegment(new TcpHeader(179, 49152, 5, ClientIss + 1, TcpFlags.Psh | TcpFlags.Ack, 65535), [1, 2], T0);
        client.HandleSegment(new TcpHeader(179, 49152, 5, ClientIss + 1, TcpFlags.Ack, 65535), [], T0);
        client.HandleSegment(new TcpHeader(179, 49152, 5, 0, TcpFlags.Syn, 65535), [], T0);
        client.HandleSegment(new TcpHeader(179, 49152, 5, ClientIss + 7, TcpFlags.Syn | TcpFlags.Ack, 65535), [], T0);
        Assert.Equal(TcpState.SynSent, client.State);
        Assert.Empty(Events(client));
        Assert.Empty(Drain(client));
        Assert.False(client.Write([1], T0));

        var (a, b) = Established();
        // Established: a second SYN|ACK, and an ACK for data never sent.
        a.HandleSegment(new TcpHeader(179, 49152, ServerIss, ClientIss + 1, TcpFlags.Syn | TcpFlags.Ack, 65535), [], T0);
        a.HandleSegment(new TcpHeader(179, 49152, ServerIss + 1, ClientIss + 999, TcpFlags.Ack, 65535), [], T0);
        Assert.Empty(Events(a));
        Assert.Empty(Drain(a));
        Assert.Equal(0, a.UnacknowledgedBytes);
        Assert.Equal(TcpState.Established, a.State);

        // Closed: everything, even RST.
        b.Reset(T0);
        Drain(b);
        b.HandleSegment(new TcpHeader(49152, 179, ClientIss + 1, ServerIss + 1, TcpFlags.Rst, 65535), [], T0);
        b.HandleSegment(new TcpHeader(49152, 179, ClientIss + 1, ServerIss + 1, TcpFlags.Psh | TcpFlags.Ack, 65535), [1], T0);
        Assert.Empty(Events(b));
        Assert.Empty(Drain(b));
    }

    [Fact]
    public void A_connection_opens_once()
    {
        var client = Client();
        client.Connect(T0);
        Assert.Throws<InvalidOperationException>(() => client.Connect(T0));
    }

    [Fact]
    public void Matches_the_peers_address_and_both_ports()
    {
        var server = Server();
        Assert.True(server.Matches(ClientIp, 49152, 179));
        Assert.False(server.Matches(ClientIp, 49153, 179));
        Assert.False(server.Matches(ServerIp, 49152, 179));
    }

    [Fact]
    public void A_segment_for_a_connection_the_other_side_dropped_is_answered_with_a_reset_that_closes_it()
    {
        var (client, server) = Established();
        client.Write(new byte[100], T0); // e.g. an OPEN on a connection the server no longer has
        var data = Assert.Single(Drain(client));
        var reset = Parse(TcpConnection.ResetFor(ServerIp, ClientIp, data.Tcp, data.Payload.Length)!.Value);
        Assert.Equal(TcpFlags.Rst, reset.Tcp.Flags);
        Assert.Equal(data.Tcp.Acknowledgment, reset.Tcp.Sequence); // RFC 9293 §3.10.7.1: seq from the segment's ACK

        client.HandleSegment(reset.Tcp, reset.Payload, T0);
        Assert.Equal([new TcpEvent(TcpEventKind.Closed, TcpCloseCause.Reset)], Events(client));
        Assert.Equal(TcpState.Closed, client.State);
        Assert.Null(TcpConnection.ResetFor(ClientIp, ServerIp, reset.Tcp, 0)); // never a reset for a reset
    }
}
