using ActorFabric.Wire.Packets;

namespace ActorFabric.Cli.Bgp;

/// <summary>
/// Rebuilds one direction of a TCP connection from captured segments in sequence order: retransmitted and
/// overlapping bytes are dropped, out-of-order segments wait until the gap before them is filled.
/// </summary>
public sealed class TcpDirectionReassembler
{
    private uint? _next;
    private readonly SortedDictionary<long, byte[]> _pending = [];
    private readonly List<byte> _stream = [];

    /// <summary>Bytes delivered in order and not yet consumed.</summary>
    public List<byte> Stream => _stream;

    public void Add(CapturedTcpSegment segment)
    {
        uint seq = segment.Sequence;
        if (segment.Header.Has(TcpFlags.Syn))
        {
            _next = seq + 1;
            seq += 1;
        }
        _next ??= seq; // capture started mid-connection
        if (segment.Payload.Length == 0) return;
        long rel = unchecked((int)(seq - _next.Value));
        if (rel > 0) { _pending.TryAdd(rel + Delivered, segment.Payload); return; }
        Append(segment.Payload, (int)-rel);
        while (_pending.Count > 0)
        {
            var first = _pending.First();
            long gap = first.Key - Delivered;
            if (gap > 0) break;
            _pending.Remove(first.Key);
            Append(first.Value, (int)-gap);
        }
    }

    private long Delivered { get; set; }

    private void Append(byte[] payload, int skip)
    {
        if (skip >= payload.Length) return;
        for (int i = skip; i < payload.Length; i++) _stream.Add(payload[i]);
        int added = payload.Length - skip;
        _next = _next!.Value + (uint)added;
        Delivered += added;
    }
}
