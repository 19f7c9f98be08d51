namespace ActorFabric.Wire.Packets;

/// <summary>Walks the (already validated) address records of an MLDv2 report without allocating.</summary>
public ref struct Mldv2ReportReader
{
    private GroupRecordCursor _cursor;

    internal Mldv2ReportReader(ReadOnlySpan<byte> records, int count)
    {
        _cursor = new GroupRecordCursor(records, count, Ipv6Address.Length);
        RecordCount = count;
    }

    public int RecordCount { get; }

    /// <summary>Next record: its type, multicast address and raw source list (16 octets per source; read with <see cref="Ipv6Address.Read"/>).</summary>
    public bool TryReadNext(out Igmpv3RecordType type, out Ipv6Address group, out ReadOnlySpan<byte> sources)
    {
        bool read = _cursor.TryReadNext(out type, out var address, out sources);
        group = read ? Ipv6Address.Read(address) : default;
        return read;
    }
}
