using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;
using ActorFabric.Wire.Packets;
using ActorFabric.Wire.Pcap;

namespace ActorFabric.Fabric.Tests.Routing;

/// <summary>Starting an l3-erb style fabric in virtual time, and pinging with leaf1's two uplinks captured.</summary>
internal static class ErbFabric
{
    public static readonly MacAddress AnycastMac = new(RoutingSettings.DefaultAnycastMac);

    public static async Task<FabricRuntime> StartConvergedAsync(string yaml)
    {
        var fabric = FabricRuntime.Start(TopologyLoader.Parse(yaml, "l3-erb.yaml"), new FabricRunOptions { Seed = 1, SerializeMessages = true });
        var report = await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60));
        Assert.True(report.Converged, $"not converged: {report.Progress}");
        return fabric;
    }

    /// <summary>
    /// Pings <paramref name="count"/> times with both of leaf1's uplinks captured into <paramref name="captures"/>; returns
    /// the result, the topology and each captured VXLAN packet's VNI and inner frame.
    /// </summary>
    public static async Task<(PingResult Result, FabricTopology Topology, List<(uint Vni, byte[] Inner)> Vxlan)> PingCapturedAsync(
        string yaml, string source, string destination, string[] captures, bool ipv6 = false, int count = 3)
    {
        PingResult result;
        FabricTopology topology;
        await using (var fabric = await StartConvergedAsync(yaml))
        {
            topology = fabric.Topology;
            var c1 = await fabric.StartCaptureAsync("leaf1 spine1", captures[0]);
            var c2 = await fabric.StartCaptureAsync("leaf1 spine2", captures[1]);
            result = await fabric.PingAsync(source, destination, count, ipv6: ipv6);
            await fabric.StopCaptureAsync(c1.Id);
            await fabric.StopCaptureAsync(c2.Id);
        }
        var vxlan = new List<(uint, byte[])>();
        foreach (var path in captures)
            foreach (var record in CaptureFile.Read(File.ReadAllBytes(path)))
                if (VxlanEncapsulation.TryDecapsulate(record.Frame, out var outer, out var inner) == PacketError.None)
                    vxlan.Add((outer.Vni, inner.ToArray()));
        return (result, topology, vxlan);
    }
}
