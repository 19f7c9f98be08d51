using ActorFabric.Tests.Shared;
using System.Globalization;
using System.Text.RegularExpressions;
using static ActorFabric.Fabric.Tests.DataPlane.DataPlaneTestFabric;

namespace ActorFabric.Fabric.Tests.DataPlane;

/// <summary>
/// A capture of every wire of the test fabric (fabric links and access ports) during pings, ARP floods, ARP
/// suppression, a tagged port and UDP flows decodes in the real tshark without malformed packets or expert warnings.
/// </summary>
public sealed class CaptureDecodeTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("actorfabric-dataplane-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Capture()
    {
        string path = Path.Combine(_directory, "fabric.pcap");
        using var f = new DataPlaneTestFabric();
        f.StartCapture(path);
        f["h1"].Ping(HostIp(2), 2, TimeSpan.FromMilliseconds(100), 56, f.Now);
        f["h1"].Ping(HostIp(3), 2, TimeSpan.FromMilliseconds(100), 56, f.Now);   // to the tagged port
        f["h5"].Ping(HostIp(6), 1, TimeSpan.FromMilliseconds(100), 56, f.Now);   // VNI 10200
        f["h4"].Ping(HostIp(99), 1, TimeSpan.FromMilliseconds(100), 8, f.Now);   // unknown: ARP flooded
        f["h2"].StartUdpFlow(HostIp(1), 5001, 40000, 3, TimeSpan.FromMilliseconds(10), 200, f.Now);
        f.RunFor(TimeSpan.FromMilliseconds(100));
        // IPv6 ND: an unsolicited NA is flooded (and snooped), then a solicitation is answered by the leaf.
        f.InjectFromHost("h2", NeighborDiscoveryTests.UnsolicitedAdvertisement(HostMac(2), NeighborDiscoveryTests.H2v6));
        f.RunFor(TimeSpan.FromMilliseconds(10));
        f.InjectFromHost("h1", NeighborDiscoveryTests.Solicitation(HostMac(1), NeighborDiscoveryTests.H1v6, NeighborDiscoveryTests.H2v6));
        f.RunFor(TimeSpan.FromMilliseconds(400));
        f.StopCapture();
        return path;
    }

    [Fact]
    public void Tshark_decodes_a_fabric_capture_without_malformed_packets_or_expert_warnings()
    {
        string path = Capture();
        string verbose = TsharkProcess.Run("-r", path, "-V");
        Assert.DoesNotContain("Malformed", verbose, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Expert Info (Warning", verbose, StringComparison.Ordinal);
        Assert.DoesNotContain("Expert Info (Error", verbose, StringComparison.Ordinal);

        string expert = TsharkProcess.Run("-r", path, "-q", "-z", "expert");
        int problems = 0;
        foreach (Match section in Regex.Matches(expert, @"^(Errors|Warns) \((\d+)\)", RegexOptions.Multiline))
            problems += int.Parse(section.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.True(problems == 0, $"tshark expert info:\n{expert}");
    }

    [Fact]
    public void Tshark_recognises_vxlan_with_inner_icmp_arp_and_udp_and_the_tagged_access_frames()
    {
        string path = Capture();
        string fields = TsharkProcess.Run("-r", path, "-T", "fields", "-E", "separator=|", "-e", "frame.protocols", "-e", "vxlan.vni");
        var lines = fields.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r').Split('|')).ToList();
        Assert.Contains(lines, l => l[0] == "eth:ethertype:ip:udp:vxlan:eth:ethertype:ip:icmp:data" && l[1] == "10100");
        Assert.Contains(lines, l => l[0] == "eth:ethertype:ip:udp:vxlan:eth:ethertype:ip:icmp:data" && l[1] == "10200");
        Assert.Contains(lines, l => l[0] == "eth:ethertype:ip:udp:vxlan:eth:ethertype:arp");
        Assert.Contains(lines, l => l[0] == "eth:ethertype:ip:udp:vxlan:eth:ethertype:ip:udp:data");
        Assert.Contains(lines, l => l[0] == "eth:ethertype:vlan:ethertype:ip:icmp:data");
        Assert.Contains(lines, l => l[0] == "eth:ethertype:vlan:ethertype:arp");
        Assert.Contains(lines, l => l[0] == "eth:ethertype:arp");
        Assert.Contains(lines, l => l[0] == "eth:ethertype:ip:udp:vxlan:eth:ethertype:ipv6:icmpv6");
        Assert.Contains(lines, l => l[0] == "eth:ethertype:ipv6:icmpv6");
    }
}
