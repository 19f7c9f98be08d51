using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;
using ActorFabric.Wire.Packets;
using ActorFabric.Wire.Pcap;

namespace ActorFabric.Fabric.Tests.Routing;

/// <summary>What the routing tests share: a converged fabric under virtual time, and the VXLAN copies of echo requests in captures.</summary>
internal static class RoutingFabric
{
    public static async Task<FabricRuntime> StartConvergedAsync(FabricTopology topology)
    {
        var fabric = FabricRuntime.Start(topology, new FabricRunOptions { Seed = 1, SerializeMessages = true });
        var report = await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60));
        Assert.True(report.Converged, $"not converged: {report.Progress}");
        return fabric;
    }

    /// <summary>The VXLAN-encapsulated echo requests for <paramref name="target"/> in the pcap files: VNI, inner MACs and inner TTL.</summary>
    public static List<InnerEcho> EchoRequests(IEnumerable<string> files, Ipv4Address target)
    {
        var requests = new List<InnerEcho>();
        foreach (var path in files)
            foreach (var record in CaptureFile.Read(File.ReadAllBytes(path)))
            {
                if (VxlanEncapsulation.TryDecapsulate(record.Frame, out var outer, out var inner) != PacketError.None) continue;
                var summary = FrameSummary.Parse(inner, out _);
                if (!summary.IsIcmpEcho || summary.IcmpType != IcmpType.EchoRequest || summary.IpDestination != target) continue;
                if (EthernetHeader.TryRead(inner, out var eth) != PacketError.None) continue;
                requests.Add(new InnerEcho(outer.Vni, eth.Source, eth.Destination, summary.Ttl));
            }
        return requests;
    }
}

internal readonly record struct InnerEcho(uint Vni, MacAddress InnerSource, MacAddress InnerDestination, int Ttl);
