using System.Buffers.Binary;

namespace ActorFabric.Wire.Pcap;

/// <summary>
/// Writes a classic pcap file: little-endian, nanosecond magic (0xA1B23C4D), snaplen 65535,
/// LINKTYPE_ETHERNET. Timestamps are emulated time since the epoch of the capture (a
/// <see cref="TimeSpan"/> from the run's clock, written as seconds + nanoseconds), never wall time.
/// </summary>
public sealed class PcapWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly int _snapLength;

    public PcapWriter(Stream stream, bool leaveOpen = false, int snapLength = PcapFormat.DefaultSnapLength, uint linkType = PcapFormat.LinkTypeEthernet)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(snapLength);
        _stream = stream;
        _leaveOpen = leaveOpen;
        _snapLength = snapLength;
        Span<byte> header = stackalloc byte[PcapFormat.FileHeaderLength];
        BinaryPrimitives.WriteUInt32LittleEndian(header, PcapFormat.NanosecondMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], PcapFormat.VersionMajor);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], PcapFormat.VersionMinor);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], 0);   // thiszone: UTC
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 0); // sigfigs
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], (uint)snapLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], linkType);
        _stream.Write(header);
    }

    public long PacketCount { get; private set; }

    /// <summary>Appends one frame; frames longer than the snap length are cut, keeping the original length.</summary>
    public void WritePacket(TimeSpan timestamp, ReadOnlySpan<byte> frame) => WritePacket(timestamp, frame, frame.Length);

    public void WritePacket(TimeSpan timestamp, ReadOnlySpan<byte> frame, int originalLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(timestamp.Ticks, nameof(timestamp));
        ArgumentOutOfRangeException.ThrowIfLessThan(originalLength, frame.Length);
        var captured = frame.Length > _snapLength ? frame[.._snapLength] : frame;
        long seconds = timestamp.Ticks / TimeSpan.TicksPerSecond;
        if (seconds > uint.MaxValue) throw new ArgumentOutOfRangeException(nameof(timestamp), "beyond the 32-bit seconds field");
        uint nanoseconds = (uint)(timestamp.Ticks % TimeSpan.TicksPerSecond * TimeSpan.NanosecondsPerTick);
        Span<byte> record = stackalloc byte[PcapFormat.RecordHeaderLength];
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)seconds);
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], nanoseconds);
        BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)captured.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)originalLength);
        _stream.Write(record);
        _stream.Write(captured);
        PacketCount++;
    }

    public void Flush() => _stream.Flush();

    public void Dispose()
    {
        _stream.Flush();
        if (!_leaveOpen) _stream.Dispose();
    }
}
