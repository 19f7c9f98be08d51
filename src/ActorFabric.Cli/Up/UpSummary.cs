using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cli.Up;

/// <summary>What <c>actorfabric up</c> reports once the fabric has converged (or the timeout passed): the table and the <c>--json</c> document.</summary>
public sealed record UpSummary(
    string Topology,
    string Clock,
    int Seed,
    bool Converged,
    int Devices,
    int Spines,
    int Leaves,
    int RouteReflectors,
    int Links,
    int Vnis,
    int Hosts,
    int SessionsExpected,
    int SessionsEstablished,
    long RoutesExpected,
    long RoutesPresent,
    int FloodListsExpected,
    int FloodListsComplete,
    int Macs,
    double? ConvergeEmulatedS,
    double ConvergeWallS,
    long Messages,
    string? Api)
{
    public static UpSummary From(FabricTopology t, ConvergenceReport r, bool virtualTime, int seed, string? api)
    {
        var p = r.Progress;
        return new UpSummary(
            t.Name,
            virtualTime ? "virtual" : "real",
            seed,
            r.Converged,
            t.Nodes.Length,
            t.CountNodes(NodeRole.Spine),
            t.CountNodes(NodeRole.Leaf) + t.CountNodes(NodeRole.BorderLeaf),
            t.RouteReflectorCount,
            t.Links.Length,
            t.BroadcastDomains.Length,
            t.Hosts.Length,
            p.SessionsExpected,
            p.SessionsEstablished,
            p.RoutesExpected,
            p.RoutesPresent,
            p.FloodListsExpected,
            p.FloodListsComplete,
            t.Hosts.Length,
            r.Converged ? Math.Round(r.EmulatedTime.TotalSeconds, 6) : null,
            Math.Round(r.WallTime.TotalSeconds, 3),
            r.MessagesProcessed,
            api);
    }
}
