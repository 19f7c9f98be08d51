using ActorFabric.Tests.Shared;
using System.Globalization;
using System.Text.RegularExpressions;
using ActorFabric.Wire.Packets;
using ActorFabric.Wire.Pcap;
using ActorFabric.Wire.Tests.Packets;

namespace ActorFabric.Wire.Tests.Pcap;

/// <summary>
/// The capture a user opens in Wireshark must decode cleanly: every builder's frame, plain and
/// VXLAN-encapsulated (also with inner and outer 802.1Q tags), written with <see cref="PcapWriter"/>
/// and dissected by the real tshark.
/// </summary>
public sealed class TsharkDecodeTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("actorfabric-pcap-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private sealed record Expected(string Label, string Protocols, uint? Vni, long Nanoseconds);

    private (string Path, List<Expected> Expected) WriteCapture()
    {
        var expected = new List<Expected>();
        string path = Path.Combine(_directory, "all-frames.pcap");
        using var writer = new PcapWriter(File.Create(path));
        long nanoseconds = 1_000_000_007; // odd value: proves nanosecond stamps survive exactly
        void Add(string label, byte[] frame, string protocols, uint? vni)
        {
            writer.WritePacket(TimeSpan.FromTicks(nanoseconds / 100), frame);
            expected.Add(new Expected(label, protocols, vni, nanoseconds / 100 * 100));
            nanoseconds += 1_000_100;
        }

        foreach (var (label, frame) in SampleFrames.All(idBase: 1))
            Add(label, frame, Stack(label), null);
        uint vni = 10100;
        foreach (var (label, frame) in SampleFrames.All(idBase: 100))
        {
            var outer = SampleFrames.Outer(vni) with { OuterVlan = vni % 2 == 0 ? null : new VlanTag(10) };
            string outerStack = outer.OuterVlan is null ? "eth:ethertype:ip:udp:vxlan:" : "eth:ethertype:vlan:ethertype:ip:udp:vxlan:";
            Add("vxlan " + label, VxlanEncapsulation.Encapsulate(outer, frame), outerStack + Stack(label), vni);
            vni++;
        }
        return (path, expected);
    }

    // tshark's frame.protocols for one of SampleFrames' inner frames.
    private static string Stack(string label)
    {
        string l2 = label.EndsWith("tagged", StringComparison.Ordinal) ? "eth:ethertype:vlan:ethertype:" : "eth:ethertype:";
        string rest = label switch
        {
            _ when label.StartsWith("arp", StringComparison.Ordinal) || label.StartsWith("gratuitous", StringComparison.Ordinal) => "arp",
            _ when label.StartsWith("icmp", StringComparison.Ordinal) => "ip:icmp:data",
            _ when label.StartsWith("udp", StringComparison.Ordinal) => "ip:udp:data",
            _ => "ip:igmp:igmp", // tshark's IGMP dissector adds a per-version layer
        };
        return l2 + rest;
    }

    [Fact]
    public void Tshark_decodes_every_frame_without_malformed_packets_or_warnings()
    {
        var (path, expected) = WriteCapture();

        string verbose = TsharkProcess.Run("-r", path, "-V");
        Assert.DoesNotContain("Malformed", verbose, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Expert Info (Warning", verbose, StringComparison.Ordinal);
        Assert.DoesNotContain("Expert Info (Error", verbose, StringComparison.Ordinal);

        string expert = TsharkProcess.Run("-r", path, "-q", "-z", "expert");
        Assert.True(CountWarningsAndErrors(expert) == 0, $"tshark expert info:\n{expert}");
    }

    [Fact]
    public void The_expert_check_does_catch_a_damaged_frame()
    {
        // Guards the test above against passing vacuously: one IGMP checksum byte flipped.
        var frame = FrameBuilder.Igmpv2Report(SampleFrames.H1Mac, SampleFrames.H1Ip, SampleFrames.Group);
        frame[14 + 24 + 2] ^= 0xFF;
        string path = Path.Combine(_directory, "damaged.pcap");
        using (var writer = new PcapWriter(File.Create(path))) writer.WritePacket(TimeSpan.Zero, frame);
        Assert.Equal(1, CountWarningsAndErrors(TsharkProcess.Run("-r", path, "-q", "-z", "expert")));
    }

    private static int CountWarningsAndErrors(string expertReport)
    {
        int count = 0;
        foreach (Match section in Regex.Matches(expertReport, @"^(Errors|Warns) \((\d+)\)", RegexOptions.Multiline))
            count += int.Parse(section.Groups[2].Value, CultureInfo.InvariantCulture);
        return count;
    }

    [Fact]
    public void Tshark_sees_the_protocol_stack_vni_and_exact_timestamp_of_every_frame()
    {
        var (path, expected) = WriteCapture();
        string fields = TsharkProcess.Run("-r", path, "-T", "fields", "-E", "separator=|",
            "-e", "frame.protocols", "-e", "vxlan.vni", "-e", "frame.time_epoch");
        var lines = fields.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected.Count, lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            var parts = lines[i].TrimEnd('\r').Split('|');
            var want = expected[i];
            Assert.True(want.Protocols == parts[0], $"{want.Label}: expected {want.Protocols}, tshark says {parts[0]}");
            Assert.Equal(want.Vni?.ToString(CultureInfo.InvariantCulture) ?? "", parts[1]);
            long seconds = want.Nanoseconds / 1_000_000_000, fraction = want.Nanoseconds % 1_000_000_000;
            Assert.Equal($"{seconds}.{fraction:D9}", parts[2]);
        }
    }

    [Fact]
    public void Tshark_reads_the_inner_addresses_our_description_reports()
    {
        var (path, _) = WriteCapture();
        string fields = TsharkProcess.Run("-r", path, "-Y", "vxlan && icmp", "-T", "fields", "-E", "separator=|",
            "-e", "ip.src", "-e", "ip.dst", "-e", "icmp.ident", "-e", "icmp.seq");
        var lines = fields.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length); // request + reply, untagged + tagged
        // ip.src lists outer then inner: VTEP, then host.
        Assert.StartsWith($"{SampleFrames.Vtep1},{SampleFrames.H1Ip}|{SampleFrames.Vtep2},{SampleFrames.H2Ip}|100|1", lines[0], StringComparison.Ordinal);
    }
}
