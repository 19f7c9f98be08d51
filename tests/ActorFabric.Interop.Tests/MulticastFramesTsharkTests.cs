using ActorFabric.Interop.Tests.Harness;
using ActorFabric.Wire.Packets;
using ActorFabric.Wire.Pcap;
using Xunit.Abstractions;

namespace ActorFabric.Interop.Tests;

/// <summary>
/// Every IGMP/MLD/multicast-data frame builder, written to a pcap and read back by the real tshark: each frame decodes
/// as the message it claims to be (type, version, group), checksums verify (IGMP, ICMPv6 over the pseudo-header), MLD
/// carries the Hop-by-Hop Router Alert, and nothing is malformed or raises an expert warning.
/// </summary>
public sealed class MulticastFramesTsharkTests(ITestOutputHelper output) : IDisposable
{
    private static readonly MacAddress Host = MacAddress.Parse("02:00:00:00:01:01"), Querier = MacAddress.Parse("0a:00:00:00:00:01");
    private static readonly Ipv4Address HostIp = Ipv4Address.Parse("10.1.1.1"), QuerierIp = Ipv4Address.Parse("10.1.1.254");
    private static readonly Ipv4Address Group = Ipv4Address.Parse("239.1.1.1"), Ssm = Ipv4Address.Parse("232.1.1.1");
    private static readonly Ipv6Address Group6 = Ipv6Address.Parse("ff0e::1:3"), Source6 = Ipv6Address.Parse("2001:db8::10");

    private readonly string _directory = Directory.CreateTempSubdirectory("actorfabric-mcast-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A frame and what tshark must report for it: IGMP type and version, ICMPv6 type, and the group it names.</summary>
    private sealed record Expected(string Label, byte[] Frame, string IgmpType, string IgmpVersion, string Icmpv6Type, string Group);

    private static IEnumerable<Expected> Frames()
    {
        foreach (VlanTag? vlan in new VlanTag?[] { null, new VlanTag(100) })
        {
            string tag = vlan is null ? "" : " tagged";
            yield return new("igmpv2 report" + tag, FrameBuilder.Igmpv2Report(Host, HostIp, Group, vlan), "0x16", "2", "", "239.1.1.1");
            yield return new("igmpv2 leave" + tag, FrameBuilder.Igmpv2Leave(Host, HostIp, Group, vlan), "0x17", "2", "", "239.1.1.1");
            yield return new("igmpv2 query" + tag, FrameBuilder.Igmpv2Query(Querier, QuerierIp, Group, vlan: vlan), "0x11", "2", "", "239.1.1.1");
            yield return new("igmpv3 report" + tag, FrameBuilder.Igmpv3Report(Host, HostIp,
                new[] { Igmpv3GroupRecord.Join(Group), new Igmpv3GroupRecord(Igmpv3RecordType.AllowNewSources, Ssm, new[] { QuerierIp }) }, vlan), "0x22", "3", "", "239.1.1.1");
            yield return new("igmpv3 general query" + tag, FrameBuilder.Igmpv3Query(Querier, QuerierIp, new Igmpv3Query(Ipv4Address.Any), vlan: vlan), "0x11", "3", "", "0.0.0.0");
            yield return new("igmpv3 source query" + tag, FrameBuilder.Igmpv3Query(Querier, QuerierIp, new Igmpv3Query(Ssm, 20, Robustness: 3), new[] { HostIp }, vlan),
                "0x11", "3", "", "232.1.1.1");
            yield return new("mldv1 report" + tag, FrameBuilder.Mldv1Report(Host, Group6, vlan), "", "", "131", "ff0e::1:3");
            yield return new("mldv1 done" + tag, FrameBuilder.Mldv1Done(Host, Group6, vlan), "", "", "132", "ff0e::1:3");
            yield return new("mldv1 query" + tag, FrameBuilder.Mldv1Query(Querier, Group6, vlan: vlan), "", "", "130", "ff0e::1:3");
            yield return new("mldv2 report" + tag, FrameBuilder.Mldv2Report(Host,
                new[] { Mldv2AddressRecord.Join(Group6), new Mldv2AddressRecord(Igmpv3RecordType.ModeIsInclude, Ipv6Address.Parse("ff3e::8000:1"), new[] { Source6 }) }, vlan),
                "", "", "143", "ff0e::1:3");
            yield return new("mldv2 query" + tag, FrameBuilder.Mldv2Query(Querier, new Mldv2Query(Group6), new[] { Source6 }, vlan), "", "", "130", "ff0e::1:3");
            yield return new("udp to ipv4 group" + tag, FrameBuilder.MulticastUdpDatagram(Host, HostIp, Group, 40000, 5001, new byte[100], vlan), "", "", "", "");
            yield return new("udp to ipv6 group" + tag, FrameBuilder.MulticastUdpDatagram(Host, MldAddresses.LinkLocalFromMac(Host), Group6, 40000, 5001, new byte[100], vlan),
                "", "", "", "");
        }
    }

    private string WriteCapture(IReadOnlyList<Expected> frames)
    {
        string path = Path.Combine(_directory, "multicast.pcap");
        using var writer = new PcapWriter(File.Create(path));
        for (int i = 0; i < frames.Count; i++) writer.WritePacket(TimeSpan.FromMilliseconds(i), frames[i].Frame);
        return path;
    }

    [Fact]
    public void Tshark_decodes_every_multicast_frame_as_the_message_it_is_with_good_checksums()
    {
        var frames = Frames().ToList();
        string path = WriteCapture(frames);
        // Checksum status: 1 good, 0 bad, 2 unverified (UDP is verified only when asked).
        var fields = ProcessRunner.Run(TsharkCapture.TsharkPath, "-r", path, "-o", "udp.check_checksum:TRUE", "-T", "fields", "-E", "separator=|", "-E", "occurrence=f",
            "-e", "igmp.type", "-e", "igmp.version", "-e", "icmpv6.type", "-e", "igmp.maddr", "-e", "icmpv6.mld.multicast_address",
            "-e", "icmpv6.mldr.mar.multicast_address", "-e", "igmp.checksum.status", "-e", "icmpv6.checksum.status", "-e", "ipv6.opt.router_alert",
            "-e", "ip.opt.ra", "-e", "ip.ttl", "-e", "ipv6.hlim", "-e", "udp.checksum.status", "-e", "eth.dst")
            .EnsureSuccess().StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        output.WriteLine(string.Join('\n', fields));
        Assert.Equal(frames.Count, fields.Length);
        for (int i = 0; i < frames.Count; i++)
        {
            var e = frames[i];
            var f = fields[i].Split('|');
            string group = f[3] is { Length: > 0 } v4 ? v4 : f[4] is { Length: > 0 } mld ? mld : f[5];
            Assert.True((e.IgmpType, e.IgmpVersion, e.Icmpv6Type, e.Group) == (f[0], f[1], f[2], group), $"{e.Label}: tshark says {fields[i]}");
            if (e.IgmpType.Length > 0)
            {
                Assert.True(f[6] == "1", $"{e.Label}: IGMP checksum not good: {fields[i]}");
                Assert.True(f[9] == "0", $"{e.Label}: no IPv4 Router Alert option: {fields[i]}");
                Assert.True(f[10] == "1", $"{e.Label}: IGMP must go with TTL 1: {fields[i]}");
            }
            if (e.Icmpv6Type.Length > 0)
            {
                Assert.True(f[7] == "1", $"{e.Label}: ICMPv6 checksum not good: {fields[i]}");
                Assert.True(f[8] == "0", $"{e.Label}: no Hop-by-Hop Router Alert with value 0 (MLD): {fields[i]}");
                Assert.True(f[11] == "1", $"{e.Label}: MLD must go with hop limit 1: {fields[i]}");
            }
            if (e.Label.StartsWith("udp", StringComparison.Ordinal)) Assert.True(f[12] == "1", $"{e.Label}: UDP checksum not good: {fields[i]}");
        }
    }

    [Fact]
    public void Tshark_finds_nothing_malformed_and_no_expert_warning_in_the_multicast_frames()
    {
        string path = WriteCapture(Frames().ToList());
        string verbose = ProcessRunner.Run(TsharkCapture.TsharkPath, "-r", path, "-V", "-o", "udp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE")
            .EnsureSuccess().StdOut;
        Assert.DoesNotContain("Malformed", verbose, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Expert Info (Warning", verbose, StringComparison.Ordinal);
        Assert.DoesNotContain("Expert Info (Error", verbose, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_mld_checksum_is_reported_by_tshark_so_the_checks_above_are_not_vacuous()
    {
        var frame = FrameBuilder.Mldv2Report(Host, new[] { Mldv2AddressRecord.Join(Group6) });
        frame[^1] ^= 0x01;
        string path = WriteCapture([new Expected("damaged", frame, "", "", "143", "")]);
        var status = ProcessRunner.Run(TsharkCapture.TsharkPath, "-r", path, "-T", "fields", "-e", "icmpv6.checksum.status").EnsureSuccess().StdOut.Trim();
        Assert.Equal("0", status); // 0 = bad
    }
}
