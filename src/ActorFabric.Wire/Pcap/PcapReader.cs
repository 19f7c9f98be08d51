using System.Buffers.Binary;

namespace ActorFabric.Wire.Pcap;

/// <summary>
/// Reads classic pcap files in either byte order, micro- or nanosecond resolution. For tests and
/// tools: records are returned as fresh arrays. Errors are returned, not thrown.
/// </summary>
public sealed class PcapReader : IDisposable
{
    private const int MaxRecordLength = 256 * 1024 * 1024;
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly bool _bigEndian;

    private PcapReader(Stream stream, bool leaveOpen, bool bigEndian, bool nanosecond, uint snapLength, uint linkType)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        _bigEndian = bigEndian;
        IsNanosecond = nanosecond;
        SnapLength = snapLength;
        LinkType = linkType;
    }

    public bool IsNanosecond { get; }
    public uint SnapLength { get; }
    public uint LinkType { get; }

    /// <summary>Reads the 24-octet global header and detects byte order and resolution from the magic.</summary>
    public static PcapError TryOpen(Stream stream, out PcapReader? reader, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        reader = null;
        Span<byte> header = stackalloc byte[PcapFormat.FileHeaderLength];
        int read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (read < header.Length) return read == 0 ? PcapError.EndOfFile : PcapError.Truncated;
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(header);
        bool bigEndian;
        bool nanosecond;
        if (magic is PcapFormat.MicrosecondMagic or PcapFormat.NanosecondMagic)
        {
            bigEndian = false;
            nanosecond = magic == PcapFormat.NanosecondMagic;
        }
        else
        {
            magic = BinaryPrimitives.ReverseEndianness(magic);
            if (magic is not (PcapFormat.MicrosecondMagic or PcapFormat.NanosecondMagic)) return PcapError.BadMagic;
            bigEndian = true;
            nanosecond = magic == PcapFormat.NanosecondMagic;
        }
        uint snap = ReadUInt32(header[16..], bigEndian);
        uint linkType = ReadUInt32(header[20..], bigEndian);
        reader = new PcapReader(stream, leaveOpen, bigEndian, nanosecond, snap, linkType);
        return PcapError.None;
    }

    /// <summary>Next record, or <see cref="PcapError.EndOfFile"/> when the file ends cleanly.</summary>
    public PcapError TryReadNext(out PcapRecord record)
    {
        record = default;
        Span<byte> header = stackalloc byte[PcapFormat.RecordHeaderLength];
        int read = _stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (read == 0) return PcapError.EndOfFile;
        if (read < header.Length) return PcapError.Truncated;
        uint seconds = ReadUInt32(header, _bigEndian);
        uint fraction = ReadUInt32(header[4..], _bigEndian);
        uint captured = ReadUInt32(header[8..], _bigEndian);
        uint original = ReadUInt32(header[12..], _bigEndian);
        if (captured > MaxRecordLength || (SnapLength != 0 && captured > Math.Max(SnapLength, PcapFormat.DefaultSnapLength))) return PcapError.RecordTooLarge;
        var data = new byte[captured];
        if (_stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false) < data.Length) return PcapError.Truncated;
        long nanoseconds = seconds * 1_000_000_000L + (IsNanosecond ? fraction : fraction * 1000L);
        record = new PcapRecord(nanoseconds, data, (int)Math.Min(original, int.MaxValue));
        return PcapError.None;
    }

    /// <summary>Reads every remaining record; stops at the first error other than end of file and reports it.</summary>
    public List<PcapRecord> ReadAll(out PcapError error)
    {
        var records = new List<PcapRecord>();
        while ((error = TryReadNext(out var record)) == PcapError.None) records.Add(record);
        if (error == PcapError.EndOfFile) error = PcapError.None;
        return records;
    }

    private static uint ReadUInt32(ReadOnlySpan<byte> source, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(source) : BinaryPrimitives.ReadUInt32LittleEndian(source);

    public void Dispose()
    {
        if (!_leaveOpen) _stream.Dispose();
    }
}
