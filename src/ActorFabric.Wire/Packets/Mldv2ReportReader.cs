using System.Buffers.Binary;

namespace ActorFabric.Wire.Packets;

/// <summary>Walks the (already validated) address records of an MLDv2 report without allocating.</summary>
public ref struct Mldv2ReportReader
{
    private ReadOnlySpan<byte> _remaining;
    private int _left;

    internal Mldv2ReportReader(ReadOnlySpan<byte> records, int count)
    {
        _remaining = records;
        _left = count;
        RecordCount = count;
    }

    public int RecordCount { get; }

    /// <summary>Next record: its type, address and raw source list (16 octets per source; read with <see cref="Ipv6Address.Read"/>).</summary>
    public bool TryReadNext(out Igmpv3RecordType type, out Ipv6Address group, out ReadOnlySpan<byte> sources)
    {
        type = default;
        group = default;
        sources = default;
        if (_left == 0) return false;
        type = (Igmpv3RecordType)_remaining[0];
        int auxWords = _remaining[1];
        int sourceLength = Ipv6Address.Length * BinaryPrimitives.ReadUInt16BigEndian(_remaining[2..]);
        group = Ipv6Address.Read(_remaining[4..]);
        sources = _remaining.Slice(Mldv2AddressRecord.HeaderLength, sourceLength);
        _remaining = _remaining[(Mldv2AddressRecord.HeaderLength + sourceLength + 4 * auxWords)..];
        _left--;
        return true;
    }
}
