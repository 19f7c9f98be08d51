using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;
using ActorFabric.Interop.Tests.Harness;

namespace ActorFabric.Interop.Tests;

/// <summary>
/// The BGP session between an AR leaf and its reflector in the emulated AR fabric, captured and read back by the real
/// tshark: IMET routes with the IGMP/MLD proxy Multicast Flags EC (RFC 9251 §9.4), the SMET route (type 6) a join
/// makes, the join-synch route (type 7) to the segment peer, the replicators' Replicator-AR routes with
/// Extended-MH-AR — every BGP message decodes without malformed fields.
/// </summary>
public sealed class MulticastRoutesTsharkTests
{
    [Fact]
    public async Task Snooping_and_AR_routes_on_the_wire_decode_in_tshark_as_SMET_join_synch_and_proxy_IMET_routes()
    {
        var topology = TopologyLoader.Load(Path.Combine(Repository(), "topologies", "assisted-replication.yaml"));
        var path = Path.Combine(Path.GetTempPath(), $"ar-bgp-{Guid.NewGuid():N}.pcap");
        try
        {
            await using (var fabric = FabricRuntime.Start(topology, new FabricRunOptions { Seed = 1 }))
            {
                var capture = await fabric.StartCaptureAsync("leaf1:eth1-spine1:eth3", path);
                Assert.True((await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60))).Converged);
                await fabric.AdvanceAsync(TimeSpan.FromSeconds(5));
                await fabric.JoinGroupAsync("mh-rx", "233.252.0.1", version: 2);
                await fabric.AdvanceAsync(TimeSpan.FromSeconds(3));
                await fabric.StopCaptureAsync(capture.Id);
            }
            string verbose = ProcessRunner.Run(TsharkCapture.TsharkPath, "-r", path, "-d", "tcp.port==179,bgp", "-Y", "bgp", "-V").EnsureSuccess().StdOut;
            Assert.Contains("Route Type: Selective Multicast Ethernet Tag Route (6)", verbose, StringComparison.Ordinal);
            Assert.Contains("Route Type: IGMP Join Synch Route (7)", verbose, StringComparison.Ordinal);
            Assert.Contains("Multicast Group Address: 233.252.0.1", verbose, StringComparison.Ordinal);
            Assert.Contains("Flags: 0x02, IGMP Version 2", verbose, StringComparison.Ordinal);
            // IGMP + MLD proxy on the IMETs; Extended-MH-AR in addition on the replicators' AR routes.
            Assert.Contains("Multicast Flags Extended Community: 0x0003", verbose, StringComparison.Ordinal);
            Assert.Contains("Multicast Flags Extended Community: 0x0007", verbose, StringComparison.Ordinal);
            Assert.Contains("Tunnel type ingress replication IP end point: 10.0.0.21", verbose, StringComparison.Ordinal);
            Assert.DoesNotContain("Malformed", verbose, StringComparison.OrdinalIgnoreCase);
            // tshark 4.0 predates RFC 9574 and flags the AR tunnel type (0x0A) as unknown; nothing else may be an error.
            var errors = verbose.Split('\n').Where(l => l.Contains("Expert Info (Error", StringComparison.Ordinal) && !l.Contains("Tunnel type 10 wrong", StringComparison.Ordinal)).ToList();
            Assert.Empty(errors);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string Repository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ActorFabric.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
