using Akka.Actor;
using Akka.Cluster;
using ActorFabric.Cluster.Node;
using ActorFabric.Fabric.Runtime;

using ActorFabric.Fabric.Topology;
using ActorFabric.Simulation;

namespace ActorFabric.Cluster.Launch;

/// <summary>
/// Launches a fabric across the fabric nodes of a cluster from a launcher node (role "control"), and returns the
/// same <see cref="FabricRuntime"/> facade <c>up</c> uses: queries, pings, captures and chaos then work unchanged,
/// through location-transparent entity refs. The runtime owns the launcher node's actor system from then on.
/// </summary>
public static class ClusterLauncher
{
    /// <param name="nodes">Wait for this many fabric nodes (null: at least one, and whoever is Up once the launcher is).</param>
    public static async Task<FabricRuntime> LaunchAsync(ClusterNode launcher, FabricTopology topology, string topologyText, FabricRunOptions options,
        int? nodes, TimeSpan joinTimeout, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        await launcher.WaitUpAsync(joinTimeout, ct).ConfigureAwait(false);
        var members = await FabricMembersAsync(launcher.System, nodes ?? 1, joinTimeout, ct).ConfigureAwait(false);
        progress?.Report($"cluster: {members.Count} fabric node(s): {string.Join(", ", members)}");
        var request = new LaunchRequest(Guid.NewGuid().ToString("N")[..12], members, topologyText, topology.SourceFile, progress);
        var run = options with { Clock = ClockMode.Real };
        var runtime = await Task.Run(() => FabricRuntime.StartOn(launcher.System, topology, run,
            plan => Props.Create(() => new ClusterFabricRoot(plan, request)), TimeSpan.FromMinutes(5)), ct).ConfigureAwait(false);
        runtime.ClusterChaos = action => action is NodeKillAction kill ? KillFabricNode(launcher.System, kill.Node) : throw new ArgumentException($"not a cluster chaos action: {action}");
        return runtime;
    }

    /// <summary>chaos node-kill: NODE is a fabric member's address or its HOST:PORT.</summary>
    private static Task<string> KillFabricNode(ActorSystem system, string node)
    {
        var members = Akka.Cluster.Cluster.Get(system).State.Members.Where(m => m.HasRole(ClusterNode.FabricRole)).Select(m => m.Address).ToList();
        var target = members.FirstOrDefault(a => a.ToString() == node || a.ToString().EndsWith("@" + node, StringComparison.Ordinal))
            ?? throw new ArgumentException($"no fabric node '{node}' in the cluster; nodes: {string.Join(", ", members)}");
        system.ActorSelection(new RootActorPath(target) / "user" / "fabric-node").Tell(KillNode.Instance);
        return Task.FromResult($"node {target} killed; its shards move to the other nodes once the split-brain resolver downs it");
    }

    /// <summary>
    /// A fabric in this process that keeps its devices' journals in <paramref name="store"/> (<c>up --store</c>): a
    /// one-node cluster on 127.0.0.1 that is both fabric node and launcher. Started again with the same store and
    /// topology, links come back in their chaos state and hosts where VM moves left them.
    /// </summary>
    public static async Task<FabricRuntime> StartWithStoreAsync(FabricTopology topology, string topologyText, FabricRunOptions options,
        Persistence.FabricStore store, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var node = ClusterNode.Start(new ClusterNodeOptions
        {
            ListenPort = port,
            Seeds = [$"127.0.0.1:{port}"],
            Roles = [ClusterNode.FabricRole, ClusterNode.ControlRole],
            Store = store,
            AkkaConfigFile = options.AkkaConfigFile,
        });
        try
        {
            return await LaunchAsync(node, topology, topologyText, options, 1, TimeSpan.FromSeconds(60), progress, ct).ConfigureAwait(false);
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The fabric members that are Up, in address order, once there are at least <paramref name="count"/>.</summary>
    public static async Task<IReadOnlyList<Address>> FabricMembersAsync(ActorSystem system, int count, TimeSpan timeout, CancellationToken ct)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var up = ClusterNode.UpFabricMembers(cluster.State);
            if (up.Count >= count) return up;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{up.Count} fabric node(s) up after {timeout.TotalSeconds:0} s, {count} wanted: start more with `actorfabric node`");
            await Task.Delay(100, ct).ConfigureAwait(false);
        }
    }
}
