using ActorFabric.Protocols.Timing;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Tcp;

/// <summary>
/// One emulated TCP connection (RFC 9293), sans-I/O: a reliable in-order byte stream with real headers —
/// three-way handshake (§3.5), consistent sequence and acknowledgment numbers, PSH|ACK data of at most one MSS,
/// FIN and RST. The host opens it (<see cref="Connect"/>, or <see cref="AcceptSyn"/> for a SYN its listener
/// took), feeds it segments and timeouts with the current time, writes stream bytes, and drains
/// <see cref="TryPollTransmit"/> (whole IPv4 packets, in order) and <see cref="TryPollEvent"/>
/// (connected / data / closed / failed); it arms a timer from <see cref="PollTimeout"/>.
/// <para>
/// Data segments are retransmitted (RFC 6298): the oldest unacknowledged one when the retransmission timer runs
/// out, which then backs off, or at the third duplicate ACK (fast retransmit, RFC 5681 §3.2). Either starts a
/// recovery that lasts until everything sent before it is acknowledged; in it, each partial ACK sends the next
/// unacknowledged segment at once (NewReno, RFC 6582 §3.2 step 5; after a timeout this is our extension, as there is
/// no slow start to do it), so a burst of lost segments costs a round trip
/// each, not a retransmission timeout each (there is no congestion window here: the window below is the only bound).
/// A segment lost to a missing route, a link that went down, or a frame dropped between cluster nodes therefore
/// delays the stream instead of breaking it until the BGP hold timer (90 s by default) — if the path stays down, BFD
/// or the hold timer ends the session as before. The receiver acknowledges out-of-order data and data that fills a
/// gap at once, duplicates at the end of the host's turn (RFC 5681 §4.2), and repairs reordering with a small
/// reassembly queue. At most one window
/// (65535 octets) is unacknowledged (§3.8.6), so a burst of writes waits for the ACK clock. The handshake is not
/// retransmitted: its timeout fails the attempt and the BGP session opens another. Closing is immediate: after
/// FIN (sent or received) or RST the connection is <see cref="TcpState.Closed"/>.
/// </para>
/// </summary>
public sealed class TcpConnection
{
    /// <summary>Data octets per segment (1500-octet MTU minus the IPv4 and TCP headers).</summary>
    public const int MaximumSegmentSize = 1460;
    /// <summary>The window advertised, and the most this side leaves unacknowledged (the peer advertises the same).</summary>
    public const ushort Window = 65535;

    private enum Timer { Connect, Retransmit }

    /// <summary>Duplicate ACKs that trigger a fast retransmit (RFC 5681 §3.2).</summary>
    private const int DuplicateAckThreshold = 3;

    /// <summary>A data segment sent and not yet acknowledged: what to send again, and when it first left (for RTT samples).</summary>
    private readonly record struct SentSegment(uint Sequence, byte[] Payload, TimeSpan SentAt);

    private readonly TimerTable<Timer> _timers = new();
    private readonly Queue<TcpTransmit> _transmits = new();
    private readonly Queue<TcpEvent> _events = new();
    private readonly SortedDictionary<uint, byte[]> _outOfOrder = new();
    // Written bytes not yet cut into segments. The arrays are the host's (an UPDATE encoded once for an update
    // group is shared by its members' connections) and are only read, at the moment a segment is built.
    private readonly Queue<byte[]> _sendQueue = new();
    private readonly byte[] _segmentScratch = new byte[MaximumSegmentSize];
    private int _headOffset;
    private long _queuedBytes;
    private ushort _ipIdentification;
    private readonly Queue<SentSegment> _unacknowledged = new();
    // Only the oldest unacknowledged segment is ever sent again, and it stays the oldest until acknowledged.
    private bool _oldestRetransmitted;
    private readonly RetransmissionTimeout _rto;
    private int _duplicateAcks;
    // RFC 6582 "recover": SND.NXT when a loss was detected (timeout or fast retransmit); null outside a recovery.
    private uint? _recover;
    private TimeSpan _now; // the latest time an input carried: segments cut at a poll leave then

    public TcpConnection(TcpConnectionOptions options)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        SendNext = options.InitialSequence;
        SendUnacknowledged = options.InitialSequence;
        _ipIdentification = (ushort)options.InitialSequence;
        _rto = new RetransmissionTimeout(options.MaxRetransmissionTimeout);
    }

    /// <summary>Data segments sent again: after the retransmission timer ran out, at a fast retransmit, or for a partial ACK in recovery.</summary>
    public long Retransmissions { get; private set; }

    public TcpConnectionOptions Options { get; }
    public Ipv4Address LocalAddress => Options.LocalAddress;
    public Ipv4Address RemoteAddress => Options.RemoteAddress;
    public ushort LocalPort => Options.LocalPort;
    public ushort RemotePort => Options.RemotePort;
    public TcpState State { get; private set; }

    /// <summary>SND.NXT: the sequence number of the next octet to send.</summary>
    public uint SendNext { get; private set; }
    /// <summary>SND.UNA: the oldest sequence number not yet acknowledged.</summary>
    public uint SendUnacknowledged { get; private set; }
    /// <summary>RCV.NXT: the next sequence number expected from the peer.</summary>
    public uint ReceiveNext { get; private set; }

    /// <summary>
    /// Data octets sent and not yet acknowledged by the peer (SND.NXT − SND.UNA while open). Exactly 0 once the
    /// peer's cumulative ACK covers everything sent; SYN counts as acknowledged when sent. Closure (FIN sent or
    /// received, RST either way, connect timeout, <see cref="Abort"/>) makes it 0: nothing is ever retransmitted,
    /// so whatever is still in the network is the receiver's to take or drop.
    /// </summary>
    public long UnacknowledgedBytes => State == TcpState.Closed ? 0 : unchecked(SendNext - SendUnacknowledged);

    /// <summary>Written octets not yet sent because the window is full (they leave with the next ACKs).</summary>
    public long QueuedBytes => _queuedBytes;

    /// <summary>Data arrived that no segment of ours has acknowledged yet (see <see cref="AcknowledgeReceived"/>).</summary>
    public bool AckPending { get; private set; }

    /// <summary>Whether a segment from <paramref name="remote"/>:<paramref name="remotePort"/> to our <paramref name="localPort"/> is this connection's.</summary>
    public bool Matches(Ipv4Address remote, ushort remotePort, ushort localPort) =>
        remote == RemoteAddress && remotePort == RemotePort && localPort == LocalPort;

    // ---- opening ----

    /// <summary>Active open (RFC 9293 §3.5): sends SYN and waits in SYN-SENT until the connect timeout.</summary>
    public void Connect(TimeSpan now)
    {
        if (State != TcpState.Closed || SendNext != Options.InitialSequence) throw new InvalidOperationException("a connection opens once");
        State = TcpState.SynSent;
        _timers.Set(Timer.Connect, now + Options.ConnectTimeout);
        Enqueue(TcpFlags.Syn, []);
        SendNext++;
        SendUnacknowledged = SendNext;
    }

    /// <summary>
    /// Passive open for a SYN the host's listener accepted (RFC 9293 §3.10.7.2): answers SYN|ACK and waits in
    /// SYN-RECEIVED for the peer's ACK until the connect timeout.
    /// </summary>
    public void AcceptSyn(in TcpHeader syn, TimeSpan now)
    {
        if (State != TcpState.Closed || SendNext != Options.InitialSequence) throw new InvalidOperationException("a connection opens once");
        ReceiveNext = syn.Sequence + 1;
        State = TcpState.SynReceived;
        _timers.Set(Timer.Connect, now + Options.ConnectTimeout);
        Enqueue(TcpFlags.Syn | TcpFlags.Ack, []);
        SendNext++;
        SendUnacknowledged = SendNext;
    }

    /// <summary>
    /// The RST|ACK a listener answers to a SYN it refuses (RFC 9293 §3.10.7.1: sequence 0, acknowledging the SYN).
    /// </summary>
    public static TcpTransmit RefuseSyn(Ipv4Address local, Ipv4Address remote, in TcpHeader syn) =>
        new(new TcpHeader(syn.DestinationPort, syn.SourcePort, 0, syn.Sequence + 1, TcpFlags.Rst | TcpFlags.Ack, Window)
            .ToIpv4Packet(local, remote, [], identification: 0));

    /// <summary>
    /// The answer to a segment that belongs to no connection (RFC 9293 §3.10.7.1, CLOSED state): a RST, unless the
    /// segment is one itself (null then). With ACK set the reset takes its sequence number from the segment's
    /// acknowledgment; without, it acknowledges the segment (its data, SYN and FIN each count). Without it, a peer that
    /// believes the connection is open (it sent OPEN on it) waits for its hold timer, minutes in OpenSent.
    /// </summary>
    public static TcpTransmit? ResetFor(Ipv4Address local, Ipv4Address remote, in TcpHeader segment, int payloadLength)
    {
        var flags = segment.Flags;
        if ((flags & TcpFlags.Rst) != 0) return null;
        var header = (flags & TcpFlags.Ack) != 0
            ? new TcpHeader(segment.DestinationPort, segment.SourcePort, segment.Acknowledgment, 0, TcpFlags.Rst, 0)
            : new TcpHeader(segment.DestinationPort, segment.SourcePort, 0,
                segment.Sequence + (uint)payloadLength + ((flags & TcpFlags.Syn) != 0 ? 1u : 0) + ((flags & TcpFlags.Fin) != 0 ? 1u : 0),
                TcpFlags.Rst | TcpFlags.Ack, 0);
        return new TcpTransmit(header.ToIpv4Packet(local, remote, [], identification: 0));
    }

    // ---- input ----

    /// <summary>
    /// A segment of this connection (<see cref="Matches"/>) arrived. A bare SYN is the listener's business and is
    /// ignored here, as is anything on a closed connection, a SYN|ACK outside SYN-SENT or acknowledging something
    /// other than our SYN, and anything but RST before the handshake completes.
    /// </summary>
    public void HandleSegment(in TcpHeader header, ReadOnlySpan<byte> payload, TimeSpan now)
    {
        if (State == TcpState.Closed) return;
        _now = now;
        var flags = header.Flags;
        if ((flags & TcpFlags.Rst) != 0)
        {
            // §3.10.7.4: a reset ends the connection; before Established it means the open failed.
            bool established = State == TcpState.Established;
            Shutdown();
            _events.Enqueue(new TcpEvent(established ? TcpEventKind.Closed : TcpEventKind.Failed, TcpCloseCause.Reset));
            return;
        }
        if ((flags & (TcpFlags.Syn | TcpFlags.Ack)) == TcpFlags.Syn) return;
        if ((flags & TcpFlags.Syn) != 0)
        {
            // SYN|ACK: the answer to our SYN (§3.10.7.3) when it acknowledges exactly our SYN.
            if (State != TcpState.SynSent || header.Acknowledgment != SendNext) return;
            ReceiveNext = header.Sequence + 1;
            State = TcpState.Established;
            _timers.Stop(Timer.Connect);
            EnqueueAck();
            _events.Enqueue(new TcpEvent(TcpEventKind.Connected));
            return;
        }
        if (State == TcpState.SynReceived && (flags & TcpFlags.Ack) != 0)
        {
            State = TcpState.Established;
            _timers.Stop(Timer.Connect);
            _events.Enqueue(new TcpEvent(TcpEventKind.Connected));
        }
        if (State != TcpState.Established) return;

        if ((flags & TcpFlags.Ack) != 0)
        {
            // RFC 5681 §2: a duplicate ACK carries no data, no SYN or FIN, and SND.UNA while data is outstanding
            // (the window is always the same here).
            bool mayBeDuplicate = payload.Length == 0 && (flags & TcpFlags.Fin) == 0;
            Acknowledge(header.Acknowledgment, mayBeDuplicate, now);
            if (_sendQueue.Count > 0) CutSegments(); // the ACK clock opens the window
        }
        if (payload.Length > 0) Receive(header.Sequence, payload);
        if ((flags & TcpFlags.Fin) != 0)
        {
            // The peer is done (§3.10.7.4 eighth step): acknowledge its FIN and close at once.
            ReceiveNext++;
            EnqueueAck();
            Shutdown();
            _events.Enqueue(new TcpEvent(TcpEventKind.Closed, TcpCloseCause.Fin));
        }
    }

    /// <summary>
    /// Queues <paramref name="bytes"/> for the stream (not copied: the array must not change afterwards). Segments
    /// are cut when the host polls, so several writes in one turn share segments. False unless Established.
    /// </summary>
    public bool Write(byte[] bytes, TimeSpan now)
    {
        if (State != TcpState.Established) return false;
        _now = now;
        if (bytes.Length == 0) return true;
        _sendQueue.Enqueue(bytes);
        _queuedBytes += bytes.Length;
        return true;
    }

    /// <summary>
    /// End of the host's turn: one cumulative pure ACK for data received that no segment of ours acknowledged
    /// (a delayed ACK, RFC 9293 §3.8.6.3, that waits for the host's turn instead of a timer).
    /// </summary>
    public void AcknowledgeReceived(TimeSpan now)
    {
        _ = now;
        if (AckPending && State == TcpState.Established) EnqueueAck();
    }

    /// <summary>Graceful close: what the window allows of the written bytes, then FIN|ACK; the rest is dropped.</summary>
    public void Close(TimeSpan now)
    {
        _ = now;
        if (State == TcpState.Established)
        {
            CutSegments();
            Enqueue(TcpFlags.Fin | TcpFlags.Ack, []);
            SendNext++;
        }
        Shutdown();
    }

    /// <summary>Abortive close (RFC 9293 §3.10.5 ABORT): RST|ACK to the peer unless already closed.</summary>
    public void Reset(TimeSpan now)
    {
        _ = now;
        if (State == TcpState.Closed) return;
        Enqueue(TcpFlags.Rst | TcpFlags.Ack, []);
        Shutdown();
    }

    /// <summary>Forget the connection without telling the peer (no route to it, or the host replaced it).</summary>
    public void Abort(TimeSpan now)
    {
        _ = now;
        Shutdown();
    }

    // ---- timers and output ----

    public TimeSpan? PollTimeout() => _timers.Next();

    /// <summary>
    /// The connect timeout: a handshake still open when it runs out fails (no RST is sent). The retransmission
    /// timeout: the oldest unacknowledged segment goes again, with the current acknowledgment (RFC 6298 §5.4–5.6).
    /// </summary>
    public void HandleTimeout(TimeSpan now)
    {
        _now = now;
        if (_timers.TryExpire(Timer.Retransmit, now) && State == TcpState.Established && _unacknowledged.Count > 0)
        {
            // §5.4–5.6. Then, beyond RFC 6582 (whose step 4 ends fast recovery at a timeout): with no congestion window to
            // slow-start, everything sent so far is recovered segment by segment, partial ACKs resending as in §3.2 step 5.
            _recover = SendNext;
            _duplicateAcks = 0;
            RetransmitOldest();
            _rto.BackOff();
            _timers.Set(Timer.Retransmit, now + _rto.Current);
        }
        if (!_timers.TryExpire(Timer.Connect, now)) return;
        if (State is not (TcpState.SynSent or TcpState.SynReceived)) return;
        Shutdown();
        _events.Enqueue(new TcpEvent(TcpEventKind.Failed, TcpCloseCause.TimedOut));
    }

    /// <summary>The next segment to send; written bytes are cut into MSS-sized PSH|ACK segments while the window allows.</summary>
    public bool TryPollTransmit(out TcpTransmit transmit)
    {
        if (_transmits.Count == 0 && State == TcpState.Established && _sendQueue.Count > 0) CutSegments();
        return _transmits.TryDequeue(out transmit);
    }

    public bool TryPollEvent(out TcpEvent tcpEvent) => _events.TryDequeue(out tcpEvent);

    // ---- internals ----

    private void Acknowledge(uint ack, bool mayBeDuplicate, TimeSpan now)
    {
        // An acceptable ACK acknowledges something not yet acknowledged and nothing not yet sent (§3.10.7.4 fifth step).
        if ((int)(ack - SendUnacknowledged) <= 0 || (int)(ack - SendNext) > 0)
        {
            if (mayBeDuplicate && ack == SendUnacknowledged && _unacknowledged.Count > 0) CountDuplicateAck(now);
            return;
        }
        SendUnacknowledged = ack;
        _duplicateAcks = 0;
        bool sampled = false;
        while (_unacknowledged.TryPeek(out var s) && (int)(ack - (s.Sequence + (uint)s.Payload.Length)) >= 0)
        {
            _unacknowledged.Dequeue();
            bool retransmitted = _oldestRetransmitted;
            _oldestRetransmitted = false;
            if (!retransmitted && !sampled) { _rto.Sample(now - s.SentAt); sampled = true; } // Karn: never a retransmitted one
        }
        if (!sampled) _rto.Restore();
        if (_recover is { } recover)
        {
            // RFC 6582 §3.2: a full ACK (everything sent before the loss) ends the recovery; a partial one means the
            // next segment was lost too, and it goes at once (step 5) instead of after another timeout.
            if ((int)(ack - recover) >= 0) _recover = null;
            else if (_unacknowledged.Count > 0) RetransmitOldest();
        }
        // RFC 6298 §5.2, §5.3: stop the timer when all is acknowledged, else restart it.
        if (_unacknowledged.Count == 0) _timers.Stop(Timer.Retransmit);
        else _timers.Set(Timer.Retransmit, now + _rto.Current);
    }

    /// <summary>
    /// A duplicate ACK: the peer got a segment beyond a gap. The third in a row outside a recovery resends the
    /// oldest unacknowledged segment without waiting for the timer (fast retransmit, RFC 5681 §3.2; RFC 6582 §3.2
    /// step 2 keeps a recovery from starting again for duplicates of losses it is already repairing).
    /// </summary>
    private void CountDuplicateAck(TimeSpan now)
    {
        if (++_duplicateAcks != DuplicateAckThreshold || _recover is not null) return;
        _recover = SendNext;
        RetransmitOldest();
        _timers.Set(Timer.Retransmit, now + _rto.Current);
    }

    /// <summary>Sends the oldest unacknowledged segment again, marked so that its ACK gives no round-trip sample (Karn).</summary>
    private void RetransmitOldest()
    {
        var again = _unacknowledged.Peek();
        _oldestRetransmitted = true;
        Transmit(TcpFlags.Psh | TcpFlags.Ack, again.Sequence, again.Payload);
        Retransmissions++;
    }

    /// <summary>In-order data is delivered with whatever waited behind it; later data waits; old data is ignored.</summary>
    private void Receive(uint sequence, ReadOnlySpan<byte> payload)
    {
        int ahead = (int)(sequence - ReceiveNext);
        // A duplicate (our ACK was lost, or the timer ran out first) or data beyond a gap: acknowledge what we have,
        // so that the sender learns where the stream stands (RFC 9293 §3.10.7.4, RFC 5681 §4.2).
        if (ahead < 0)
        {
            AckPending = true;
            return;
        }
        if (ahead > 0)
        {
            // RFC 5681 §4.2: an out-of-order segment gets an immediate (duplicate) ACK, the sender's loss signal.
            _outOfOrder.TryAdd(sequence, payload.ToArray());
            EnqueueAck();
            return;
        }
        bool fillsGap = _outOfOrder.Count > 0;
        _events.Enqueue(new TcpEvent(TcpEventKind.Data, Data: payload.ToArray()));
        ReceiveNext += (uint)payload.Length;
        while (_outOfOrder.Remove(ReceiveNext, out var next))
        {
            _events.Enqueue(new TcpEvent(TcpEventKind.Data, Data: next));
            ReceiveNext += (uint)next.Length;
        }
        // §4.2 again: a segment that fills all or part of a gap is acknowledged at once, in-order data at the end of the turn.
        if (fillsGap) EnqueueAck();
        else AckPending = true;
    }

    private void CutSegments()
    {
        while (_sendQueue.Count > 0)
        {
            int room = Math.Min(MaximumSegmentSize, Window - (int)(SendNext - SendUnacknowledged));
            if (room <= 0) break;
            int n = 0;
            while (n < room && _sendQueue.TryPeek(out var head))
            {
                int take = Math.Min(room - n, head.Length - _headOffset);
                head.AsSpan(_headOffset, take).CopyTo(_segmentScratch.AsSpan(n));
                n += take;
                _headOffset += take;
                if (_headOffset == head.Length) { _sendQueue.Dequeue(); _headOffset = 0; }
            }
            _queuedBytes -= n;
            var payload = _segmentScratch.AsSpan(0, n);
            Enqueue(TcpFlags.Psh | TcpFlags.Ack, payload); // every data segment carries the current ACK
            _unacknowledged.Enqueue(new SentSegment(SendNext, payload.ToArray(), _now));
            if (!_timers.IsSet(Timer.Retransmit)) _timers.Set(Timer.Retransmit, _now + _rto.Current); // RFC 6298 §5.1
            SendNext += (uint)n;
        }
    }

    private void EnqueueAck() => Enqueue(TcpFlags.Ack, []);

    private void Enqueue(TcpFlags flags, ReadOnlySpan<byte> payload) => Transmit(flags, SendNext, payload);

    private void Transmit(TcpFlags flags, uint sequence, ReadOnlySpan<byte> payload)
    {
        if ((flags & TcpFlags.Ack) != 0) AckPending = false;
        var header = new TcpHeader(LocalPort, RemotePort, sequence, ReceiveNext, flags, Window);
        _transmits.Enqueue(new TcpTransmit(header.ToIpv4Packet(LocalAddress, RemoteAddress, payload, _ipIdentification++)));
    }

    private void Shutdown()
    {
        State = TcpState.Closed;
        _timers.StopAll();
        _sendQueue.Clear();
        _headOffset = 0;
        _queuedBytes = 0;
        _outOfOrder.Clear();
        _unacknowledged.Clear();
        _oldestRetransmitted = false;
        AckPending = false;
    }
}
