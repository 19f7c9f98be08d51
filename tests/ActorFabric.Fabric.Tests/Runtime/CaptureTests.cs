using ActorFabric.Tests.Shared;
using System.Text.RegularExpressions;
using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Fabric.Tests.Runtime;

public sealed class CaptureTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fabric-capture-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Captures_of_a_fabric_link_and_an_access_port_decode_in_tshark_without_warnings()
    {
        string fabricPcap = Path.Combine(_dir, "leaf1-spine1.pcap");
        string accessPcap = Path.Combine(_dir, "leaf1-eth3.pcap");
        await using (var fabric = QuickstartFabric.Start())
        {
            var c1 = await fabric.StartCaptureAsync("leaf1 spine1", fabricPcap);
            var c2 = await fabric.StartCaptureAsync("leaf1:eth3", accessPcap);
            Assert.Equal(2, (await fabric.CapturesAsync()).Count);
            Assert.True((await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60))).Converged);
            // Pings leave h1 over both spines only by chance; ping several hosts so VXLAN crosses leaf1-spine1.
            foreach (var dst in new[] { "h3", "h5", "h7" }) Assert.True((await fabric.PingAsync("h1", dst, 2)).Success);
            await fabric.AdvanceAsync(TimeSpan.FromSeconds(1));
            var s1 = await fabric.StopCaptureAsync(c1.Id);
            var s2 = await fabric.StopCaptureAsync(c2.Id);
            Assert.True(s1.Packets > 50, s1.ToString());
            Assert.True(s2.Packets > 5, s2.ToString());
            Assert.Empty(await fabric.CapturesAsync());
        }

        var fabricProtocols = Check(fabricPcap);
        Assert.Contains("bgp", fabricProtocols);
        Assert.Contains("bfd", fabricProtocols);
        Assert.Contains("vxlan", fabricProtocols);
        Assert.Contains("icmp", fabricProtocols);
        var accessProtocols = Check(accessPcap);
        Assert.Contains("arp", accessProtocols);
        Assert.Contains("icmp", accessProtocols);
    }

    /// <summary>Decodes the whole file: no malformed packet, no expert warning or error; returns the protocols seen.</summary>
    private static HashSet<string> Check(string path)
    {
        string verbose = TsharkProcess.Run("-r", path, "-V");
        Assert.DoesNotContain("Malformed", verbose, StringComparison.OrdinalIgnoreCase);
        string expert = TsharkProcess.Run("-r", path, "-q", "-z", "expert");
        foreach (Match section in Regex.Matches(expert, @"^(Errors|Warns) \((\d+)\)", RegexOptions.Multiline))
            Assert.True(int.Parse(section.Groups[2].Value) == 0, $"tshark expert info for {Path.GetFileName(path)}:\n{expert}");
        var protocols = new HashSet<string>();
        foreach (var line in TsharkProcess.Run("-r", path, "-T", "fields", "-e", "frame.protocols").Split('\n', StringSplitOptions.RemoveEmptyEntries))
            foreach (var p in line.Split(':')) protocols.Add(p.Trim());
        return protocols;
    }
}
