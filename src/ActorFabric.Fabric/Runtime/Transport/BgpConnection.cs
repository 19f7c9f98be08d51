using ActorFabric.Protocols.Bgp.Speaker;
using ActorFabric.Protocols.Bgp.Transport;

namespace ActorFabric.Fabric.Runtime.Transport;

internal enum TcpState : byte
{
    SynSent,
    SynReceived,
    Established,
    Closed,
}

/// <summary>
/// One emulated TCP connection carrying a BGP session: a reliable in-order byte stream with real TCP headers
/// (three-way handshake, consistent sequence/acknowledgment numbers, PSH|ACK data, FIN/RST). Retransmission is
/// not emulated: segments are exempt from random link loss, and a segment lost to a down link or a missing route
/// breaks the stream — BFD (or the hold timer) then takes the session down, as a real fabric would.
/// Out-of-order arrival (a path change mid-stream) is repaired by a small reassembly queue.
/// </summary>
internal sealed class BgpConnection
{
    public const ushort BgpPort = 179;
    public const int MaximumSegmentSize = 1460;

    private readonly SortedDictionary<uint, byte[]> _outOfOrder = new();
    private ushort _ipId;

    public BgpConnection(uint localIp, uint remoteIp, ushort localPort, ushort remotePort, uint initialSequence, BgpPeer peer, bool active)
    {
        LocalIp = localIp;
        RemoteIp = remoteIp;
        LocalPort = localPort;
        RemotePort = remotePort;
        SendNext = initialSequence;
        Peer = peer;
        Active = active;
        _ipId = (ushort)initialSequence;
    }

    public uint LocalIp { get; }
    public uint RemoteIp { get; }
    public ushort LocalPort { get; }
    public ushort RemotePort { get; }
    public BgpPeer Peer { get; }
    public bool Active { get; }
    public TcpState State { get; set; }
    public uint SendNext { get; private set; }
    public uint ReceiveNext { get; set; }
    public bool AckPending { get; set; }
    public TimeSpan? ConnectDeadline { get; set; }
    public BgpStreamReader Reader { get; } = new();

    public bool Matches(uint remoteIp, ushort remotePort, ushort localPort) =>
        remoteIp == RemoteIp && remotePort == RemotePort && localPort == LocalPort;

    public byte[] Syn()
    {
        var p = Build(TcpFlags.Syn, []);
        SendNext++;
        SendUnacknowledged = SendNext;
        return p;
    }

    public byte[] SynAck()
    {
        var p = Build(TcpFlags.Syn | TcpFlags.Ack, []);
        SendNext++;
        SendUnacknowledged = SendNext;
        return p;
    }

    public byte[] AckOnly()
    {
        AckPending = false;
        return Build(TcpFlags.Ack, []);
    }

    public byte[] Fin()
    {
        var p = Build(TcpFlags.Fin | TcpFlags.Ack, []);
        SendNext++;
        return p;
    }

    public byte[] Rst() => Build(TcpFlags.Rst | TcpFlags.Ack, []);

    // Send queue: encoded messages, shared between the connections of an update group (never copied per peer
    // until cut into a segment). At most one receive window of bytes is unacknowledged (RFC 9293 §3.8.6), so a
    // reflector's output to hundreds of clients does not pile up in the emulated network.
    private readonly Queue<byte[]> _sendQueue = new();
    private int _headOffset;
    private readonly byte[] _segmentScratch = new byte[MaximumSegmentSize];

    public uint SendUnacknowledged { get; private set; }

    public bool HasPending => _sendQueue.Count > 0;

    public int BytesInFlight => (int)(SendNext - SendUnacknowledged);

    public void Queue(byte[] message) => _sendQueue.Enqueue(message);

    /// <summary>An ACK arrived: slide the window.</summary>
    public void Acknowledge(uint ack)
    {
        if ((int)(ack - SendUnacknowledged) > 0 && (int)(ack - SendNext) <= 0) SendUnacknowledged = ack;
    }

    /// <summary>Cuts queued bytes into MSS-sized PSH|ACK segments while the peer's window allows.</summary>
    public void Flush(List<byte[]> segments)
    {
        while (_sendQueue.Count > 0)
        {
            int room = Math.Min(MaximumSegmentSize, TcpSegment.Window - BytesInFlight);
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
            segments.Add(Build(TcpFlags.Psh | TcpFlags.Ack, _segmentScratch.AsSpan(0, n)));
            SendNext += (uint)n;
            AckPending = false;
        }
    }

    /// <summary>Cuts <paramref name="data"/> into MSS-sized PSH|ACK segments (each piggybacks the current ACK).</summary>
    public void Data(ReadOnlySpan<byte> data, List<byte[]> segments)
    {
        while (data.Length > 0)
        {
            int n = Math.Min(MaximumSegmentSize, data.Length);
            segments.Add(Build(TcpFlags.Psh | TcpFlags.Ack, data[..n]));
            SendNext += (uint)n;
            data = data[n..];
        }
        AckPending = false;
    }

    /// <summary>
    /// Accepts a data segment: in-order bytes are appended to <paramref name="deliver"/> (with anything queued
    /// behind them); later ones wait; duplicates are ignored.
    /// </summary>
    public void Receive(uint sequence, ReadOnlySpan<byte> payload, List<byte[]> deliver)
    {
        if (payload.Length == 0) return;
        int ahead = (int)(sequence - ReceiveNext);
        if (ahead < 0) return; // duplicate (cannot happen without retransmission; ignore)
        if (ahead > 0)
        {
            _outOfOrder.TryAdd(sequence, payload.ToArray());
            return;
        }
        deliver.Add(payload.ToArray());
        ReceiveNext += (uint)payload.Length;
        while (_outOfOrder.Remove(ReceiveNext, out var next))
        {
            deliver.Add(next);
            ReceiveNext += (uint)next.Length;
        }
        AckPending = true;
    }

    private byte[] Build(TcpFlags flags, ReadOnlySpan<byte> payload) =>
        new TcpSegment(LocalPort, RemotePort, SendNext, ReceiveNext, flags).ToIpv4Packet(LocalIp, RemoteIp, payload, _ipId++);
}
