using Akka.Actor;
using Akka.Cluster;
using ActorFabric.Cluster.Node;

namespace ActorFabric.Cluster.Launch;

/// <summary>One member as the cluster sees it.</summary>
public sealed record ClusterMemberView(string Address, string Status, IReadOnlyList<string> Roles, bool Reachable);

/// <summary>One fabric node's part of <c>cluster status</c>.</summary>
public sealed record ClusterNodeView(string Address, string? Fabric, IReadOnlyList<string> Shards, int Entities, int Devices, int Hosts, int Links, int LinksCut,
    IReadOnlyList<ClusterTrafficView> Sent, string? MetricsUrl, string? Error);

public sealed record ClusterTrafficView(string To, long Frames, long Bytes, long Batches);

/// <summary><c>cluster status</c>: members, shards and devices per node, link cut, traffic between node pairs, metrics endpoints.</summary>
public sealed record ClusterStatusView(IReadOnlyList<ClusterMemberView> Members, IReadOnlyList<ClusterNodeView> Nodes, int LinksCut);

/// <summary>Reads the cluster's state from a member (a launcher or a short-lived control member): membership from Akka.Cluster, the rest by asking each fabric node.</summary>
public static class ClusterStatusReader
{
    public static async Task<ClusterStatusView> ReadAsync(ActorSystem system, TimeSpan timeout)
    {
        var state = Akka.Cluster.Cluster.Get(system).State;
        var members = state.Members
            .OrderBy(m => m.Address.ToString(), StringComparer.Ordinal)
            .Select(m => new ClusterMemberView(m.Address.ToString(), m.Status.ToString(), [.. m.Roles.Order(StringComparer.Ordinal)], !state.Unreachable.Contains(m)))
            .ToList();
        var fabric = state.Members.Where(m => m.HasRole(ClusterNode.FabricRole) && m.Status == MemberStatus.Up && !state.Unreachable.Contains(m))
            .Select(m => m.Address).OrderBy(a => a.ToString(), StringComparer.Ordinal).ToList();
        var answers = await Task.WhenAll(fabric.Select(async a =>
        {
            try
            {
                var s = await system.ActorSelection(new RootActorPath(a) / "user" / "fabric-node").Ask<NodeStatus>(NodeStatusQuery.Instance, timeout).ConfigureAwait(false);
                return new ClusterNodeView(a.ToString(), s.Fabric, s.Shards, s.Entities, s.Devices, s.Hosts, s.Links, s.LinksCut,
                    [.. s.Traffic.Select(t => new ClusterTrafficView(t.To, t.Frames, t.Bytes, t.Batches))], s.MetricsUrl, null);
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException or TimeoutException)
            {
                return new ClusterNodeView(a.ToString(), null, [], 0, 0, 0, 0, 0, [], null, $"no answer within {timeout.TotalSeconds:0} s");
            }
        })).ConfigureAwait(false);
        return new ClusterStatusView(members, answers, answers.Sum(n => n.LinksCut));
    }
}
