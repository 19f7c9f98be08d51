using System.Buffers.Binary;

namespace ActorFabric.Wire.Packets;

/// <summary>Walks the (already validated) group records of an IGMPv3 report without allocating.</summary>
public ref struct Igmpv3ReportReader
{
    private ReadOnlySpan<byte> _remaining;
    private int _left;

    internal Igmpv3ReportReader(ReadOnlySpan<byte> records, int count)
    {
        _remaining = records;
        _left = count;
        RecordCount = count;
    }

    public int RecordCount { get; }

    /// <summary>Next record: its type, group and raw source list (4 octets per source; read with <see cref="Ipv4Address.Read"/>).</summary>
    public bool TryReadNext(out Igmpv3RecordType type, out Ipv4Address group, out ReadOnlySpan<byte> sources)
    {
        type = default;
        group = default;
        sources = default;
        if (_left == 0) return false;
        type = (Igmpv3RecordType)_remaining[0];
        int auxWords = _remaining[1];
        int sourceCount = BinaryPrimitives.ReadUInt16BigEndian(_remaining[2..]);
        group = Ipv4Address.Read(_remaining[4..]);
        sources = _remaining.Slice(8, 4 * sourceCount);
        _remaining = _remaining[(8 + 4 * sourceCount + 4 * auxWords)..];
        _left--;
        return true;
    }
}
