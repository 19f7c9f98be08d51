namespace ActorFabric.Wire.Packets;

/// <summary>Walks the (already validated) group records of an IGMPv3 report without allocating.</summary>
public ref struct Igmpv3ReportReader
{
    private GroupRecordCursor _cursor;

    internal Igmpv3ReportReader(ReadOnlySpan<byte> records, int count)
    {
        _cursor = new GroupRecordCursor(records, count, Ipv4Address.Length);
        RecordCount = count;
    }

    public int RecordCount { get; }

    /// <summary>Next record: its type, group and raw source list (4 octets per source; read with <see cref="Ipv4Address.Read"/>).</summary>
    public bool TryReadNext(out Igmpv3RecordType type, out Ipv4Address group, out ReadOnlySpan<byte> sources)
    {
        bool read = _cursor.TryReadNext(out type, out var address, out sources);
        group = read ? Ipv4Address.Read(address) : default;
        return read;
    }
}
