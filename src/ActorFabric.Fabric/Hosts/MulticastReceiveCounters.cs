namespace ActorFabric.Fabric.Hosts;

/// <summary>
/// What one host received of one multicast stream (<see cref="Key"/>): every datagram counts in
/// <see cref="Packets"/> and <see cref="Bytes"/> (UDP payload octets); one whose sequence number was already seen
/// also counts in <see cref="Duplicates"/> (in an EVPN fabric a duplicate is a replication bug); one that arrived
/// while the host was not a member accepting that source counts in <see cref="Unsolicited"/> (it was flooded to
/// the host, as without snooping). Duplicates are found in a window of the last <see cref="Window"/> sequence
/// numbers: older ones count in <see cref="BeyondWindow"/> instead. Allocated once, on a stream's first datagram.
/// </summary>
public sealed class MulticastReceiveCounters
{
    public const int Window = 1024;
    private readonly ulong[] _seen = new ulong[Window / 64];
    private uint _highest;

    internal MulticastReceiveCounters(MulticastStreamKey key) => Key = key;

    public MulticastStreamKey Key { get; }
    public long Packets { get; private set; }
    public long Bytes { get; private set; }
    public long Duplicates { get; private set; }
    public long Unsolicited { get; private set; }
    /// <summary>Datagrams older than the duplicate window (counted, not checked).</summary>
    public long BeyondWindow { get; private set; }
    public TimeSpan FirstArrival { get; private set; }
    public TimeSpan LastArrival { get; private set; }
    /// <summary>IPv4 TTL / IPv6 hop limit of the last datagram: how many routers it crossed (OISM routes at ingress and egress, RFC 9625 §2).</summary>
    public byte LastTtl { get; private set; }
    /// <summary>Datagrams with distinct sequence numbers (within the window).</summary>
    public long Distinct => Packets - Duplicates;

    internal void Record(uint sequence, int bytes, bool solicited, TimeSpan now, bool hasSequence, byte ttl = 0)
    {
        LastTtl = ttl;
        if (Packets == 0) FirstArrival = now;
        LastArrival = now;
        Bytes += bytes;
        if (!solicited) Unsolicited++;
        bool first = Packets++ == 0;
        if (!hasSequence) return;
        if (first || sequence > _highest)
        {
            uint advance = first ? Window : sequence - _highest;
            if (advance >= Window) Array.Clear(_seen);
            else for (uint s = _highest + 1; s != sequence; s++) Clear(s);
            _highest = sequence;
            Set(sequence);
            return;
        }
        if (_highest - sequence >= Window)
        {
            BeyondWindow++;
            return;
        }
        if (IsSet(sequence)) Duplicates++;
        else Set(sequence);
    }

    private bool IsSet(uint sequence) => (_seen[(sequence % Window) >> 6] & (1UL << (int)(sequence & 63))) != 0;
    private void Set(uint sequence) => _seen[(sequence % Window) >> 6] |= 1UL << (int)(sequence & 63);
    private void Clear(uint sequence) => _seen[(sequence % Window) >> 6] &= ~(1UL << (int)(sequence & 63));
}
