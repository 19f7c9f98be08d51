using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Tests.Runtime;

public sealed class RouteTargetConstraintTests
{
    // 8 leaves, 8 VNIs, 2 per leaf: each VNI lives on 2 leaves, so a leaf imports a quarter of the routes.
    private const string Yaml = """
        name: rtc
        settings:
          route-target-constraint: {0}
        generate:
          spines: 2
          spine-route-reflectors: 2
          leaves: 8
          vnis: 8
          first-vni: 10000
          first-vlan: 100
          vnis-per-leaf: 2
          hosts-per-vni-per-leaf: 2
        """;

    private static async Task<(ConvergenceReport Report, int Received)> Run(bool constraint)
    {
        var topology = TopologyLoader.Parse(string.Format(Yaml, constraint ? "true" : "false"), "rtc.yaml");
        Assert.Equal(constraint, topology.Settings.RouteTargetConstraint);
        await using var fabric = FabricRuntime.Start(topology, new FabricRunOptions { SerializeMessages = true });
        var report = await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60));
        var leaf = topology.Nodes.First(n => n.IsVtep).Name;
        int received = (int)(await fabric.BgpSummaryAsync(leaf)).Peers.Sum(p => p.MessagesReceived);
        return (report, received);
    }

    [Fact]
    public async Task Constrained_reflection_converges_to_the_same_state_while_sending_leaves_only_what_they_import()
    {
        var plain = await Run(constraint: false);
        var constrained = await Run(constraint: true);

        Assert.True(plain.Report.Converged, plain.Report.Progress.ToString());
        Assert.True(constrained.Report.Converged, constrained.Report.Progress.ToString());
        Assert.Equal(plain.Report.Progress.RoutesPresent, constrained.Report.Progress.RoutesPresent);
        Assert.True(constrained.Received < plain.Received / 2, $"constrained {constrained.Received}, plain {plain.Received}");
    }
}
