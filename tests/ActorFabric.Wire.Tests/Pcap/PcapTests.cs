using System.Buffers.Binary;
using ActorFabric.Wire.Pcap;
using ActorFabric.Wire.Tests.Packets;

namespace ActorFabric.Wire.Tests.Pcap;

public class PcapTests
{
    [Fact]
    public void Writer_emits_a_little_endian_nanosecond_ethernet_global_header()
    {
        var stream = new MemoryStream();
        using (new PcapWriter(stream, leaveOpen: true)) { }
        Assert.Equal("4d3cb2a1" + "0200" + "0400" + "00000000" + "00000000" + "ffff0000" + "01000000", Hex.Of(stream.ToArray()));
    }

    [Fact]
    public void Record_timestamps_carry_emulated_time_exactly_in_nanoseconds()
    {
        var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream, leaveOpen: true))
            writer.WritePacket(TimeSpan.FromSeconds(3) + TimeSpan.FromTicks(1234567), new byte[] { 1, 2, 3 });
        var record = stream.ToArray().AsSpan(24);
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(record));
        Assert.Equal(123456700u, BinaryPrimitives.ReadUInt32LittleEndian(record[4..]));
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(record[8..]));
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(record[12..]));
        Assert.Equal("010203", Hex.Of(record[16..]));
    }

    [Fact]
    public void Reader_returns_what_the_writer_wrote()
    {
        var frames = SampleFrames.All().Select(f => f.Frame).ToArray();
        var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream, leaveOpen: true))
        {
            for (int i = 0; i < frames.Length; i++) writer.WritePacket(TimeSpan.FromMilliseconds(i) + TimeSpan.FromTicks(i), frames[i]);
            Assert.Equal(frames.Length, writer.PacketCount);
        }
        stream.Position = 0;
        Assert.Equal(PcapError.None, PcapReader.TryOpen(stream, out var reader));
        using (reader)
        {
            Assert.True(reader!.IsNanosecond);
            Assert.Equal(1u, reader.LinkType);
            Assert.Equal(65535u, reader.SnapLength);
            var records = reader.ReadAll(out var error);
            Assert.Equal(PcapError.None, error);
            Assert.Equal(frames.Length, records.Count);
            for (int i = 0; i < frames.Length; i++)
            {
                Assert.Equal(frames[i], records[i].Data);
                Assert.Equal(frames[i].Length, records[i].OriginalLength);
                Assert.Equal(TimeSpan.FromMilliseconds(i) + TimeSpan.FromTicks(i), records[i].Timestamp);
                Assert.Equal(i * 1_000_000L + i * 100L, records[i].TimestampNanoseconds);
            }
        }
    }

    [Fact]
    public void Frames_beyond_the_snap_length_are_cut_but_keep_their_original_length()
    {
        var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream, leaveOpen: true, snapLength: 64))
            writer.WritePacket(TimeSpan.Zero, new byte[100]);
        stream.Position = 0;
        Assert.Equal(PcapError.None, PcapReader.TryOpen(stream, out var reader));
        Assert.Equal(PcapError.None, reader!.TryReadNext(out var record));
        Assert.Equal((64, 100), (record.Data.Length, record.OriginalLength));
        Assert.Equal(PcapError.EndOfFile, reader.TryReadNext(out _));
    }

    [Fact]
    public void Reader_accepts_big_endian_microsecond_files()
    {
        var bytes = new byte[24 + 16 + 2];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, PcapFormat.MicrosecondMagic);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(4), 2);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(6), 4);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(16), 65535);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(24), 7);       // seconds
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(28), 250_000); // microseconds
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(32), 2);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(36), 2);
        bytes[40] = 0xAB;
        bytes[41] = 0xCD;
        Assert.Equal(PcapError.None, PcapReader.TryOpen(new MemoryStream(bytes), out var reader));
        Assert.False(reader!.IsNanosecond);
        Assert.Equal(PcapError.None, reader.TryReadNext(out var record));
        Assert.Equal(TimeSpan.FromSeconds(7.25), record.Timestamp);
        Assert.Equal(new byte[] { 0xAB, 0xCD }, record.Data);
    }

    [Fact]
    public void Reader_reports_bad_magic_and_truncation_as_typed_errors()
    {
        Assert.Equal(PcapError.BadMagic, PcapReader.TryOpen(new MemoryStream(new byte[24]), out _));
        Assert.Equal(PcapError.Truncated, PcapReader.TryOpen(new MemoryStream(new byte[10]), out _));
        Assert.Equal(PcapError.EndOfFile, PcapReader.TryOpen(new MemoryStream(), out _));

        var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream, leaveOpen: true)) writer.WritePacket(TimeSpan.Zero, new byte[60]);
        var full = stream.ToArray();
        foreach (int cut in new[] { 24 + 8, 24 + 16 + 30 })
        {
            Assert.Equal(PcapError.None, PcapReader.TryOpen(new MemoryStream(full[..cut]), out var reader));
            Assert.Equal(PcapError.Truncated, reader!.TryReadNext(out _));
        }
    }

    [Fact]
    public void Writer_rejects_negative_timestamps()
    {
        using var writer = new PcapWriter(new MemoryStream());
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WritePacket(TimeSpan.FromTicks(-1), new byte[60]));
    }
}
