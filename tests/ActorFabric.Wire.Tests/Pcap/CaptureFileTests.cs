using ActorFabric.Wire.Pcap;
using ActorFabric.Wire.Tests.Packets;

namespace ActorFabric.Wire.Tests.Pcap;

/// <summary>The one capture-file reader: classic pcap through <see cref="PcapReader"/>, errors named (pcapng: Cli's bgp decode tests).</summary>
public class CaptureFileTests
{
    private static byte[] Classic(byte[][] frames)
    {
        var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream, leaveOpen: true))
            for (int i = 0; i < frames.Length; i++) writer.WritePacket(TimeSpan.FromSeconds(i) + TimeSpan.FromTicks(7), frames[i]);
        return stream.ToArray();
    }

    [Fact]
    public void Classic_pcap_records_come_back_with_link_type_and_time_since_the_epoch()
    {
        var frames = SampleFrames.All().Select(f => f.Frame).ToArray();
        var records = CaptureFile.Read(Classic(frames)).ToList();
        Assert.Equal(frames.Length, records.Count);
        for (int i = 0; i < frames.Length; i++)
        {
            Assert.Equal(frames[i], records[i].Frame);
            Assert.Equal((int)PcapFormat.LinkTypeEthernet, records[i].LinkType);
            Assert.Equal(DateTimeOffset.UnixEpoch + TimeSpan.FromSeconds(i) + TimeSpan.FromTicks(7), records[i].Timestamp);
        }
    }

    [Fact]
    public void A_truncated_capture_keeps_its_whole_records()
    {
        var frames = SampleFrames.All().Select(f => f.Frame).Take(3).ToArray();
        var file = Classic(frames);
        Assert.Equal(2, CaptureFile.Read(file[..^1]).Count());
    }

    [Fact]
    public void Files_of_neither_format_are_named_errors()
    {
        Assert.Equal("file too short for a pcap header", Assert.Throws<InvalidDataException>(() => CaptureFile.Read(new byte[10]).ToList()).Message);
        var bad = new byte[24];
        bad[0] = 0x12;
        Assert.Equal("not a pcap file (magic 0x00000012)", Assert.Throws<InvalidDataException>(() => CaptureFile.Read(bad).ToList()).Message);
    }
}
