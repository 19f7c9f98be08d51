using System.Globalization;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using ActorFabric.Cluster.Entities;
using ActorFabric.Cluster.Placement;
using ActorFabric.Cluster.Relay;
using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cluster.Node;

/// <summary>
/// One process in the fabric cluster: an Akka.Cluster member with the fabric's shard region (role "fabric") or a
/// proxy to it (a launcher, role "control"), the node's <see cref="FrameRelay"/> at /user/relay and, on fabric
/// nodes, the <see cref="FabricNodeActor"/> at /user/fabric-node.
/// </summary>
public sealed class ClusterNode : IAsyncDisposable
{
    public const string SystemName = "actorfabric";
    public const string FabricRole = "fabric";
    public const string ControlRole = "control";
    public const string ShardTypeName = "fabric";

    private ClusterNode(ActorSystem system, IActorRef region, IActorRef relay)
    {
        System = system;
        Region = region;
        Relay = relay;
    }

    public ActorSystem System { get; }

    internal IActorRef Region { get; }

    internal IActorRef Relay { get; }

    public Akka.Actor.Address Address => Akka.Cluster.Cluster.Get(System).SelfAddress;

    /// <summary>Up (or joining) in the cluster and not shut down (a node the resolver downed stops).</summary>
    public bool IsMember => !System.WhenTerminated.IsCompleted
        && Akka.Cluster.Cluster.Get(System).SelfMember.Status is Akka.Cluster.MemberStatus.Up or Akka.Cluster.MemberStatus.WeaklyUp or Akka.Cluster.MemberStatus.Joining;

    /// <summary>Prometheus text of the devices, links and hosts running on this node (empty before a fabric is loaded).</summary>
    public string ScrapeMetrics() => FabricEntities.Get(System).Fabric?.Metrics.Scrape() ?? "";

    /// <summary>The fabric members that are Up, in address order (ordinal): the order the placement's plan numbers them in.</summary>
    public static IReadOnlyList<Address> UpFabricMembers(Akka.Cluster.ClusterEvent.CurrentClusterState state) =>
        [.. state.Members.Where(m => m.Status == Akka.Cluster.MemberStatus.Up && m.HasRole(FabricRole)).Select(m => m.Address).OrderBy(a => a.ToString(), StringComparer.Ordinal)];

    public bool IsFabricNode => Akka.Cluster.Cluster.Get(System).SelfRoles.Contains(FabricRole);

    /// <summary>The effective configuration: command options, extra HOCON, user overrides, cluster.conf, akka.conf.</summary>
    public static Config Configuration(ClusterNodeOptions o)
    {
        // With TLS, Akka's addresses take the akka.ssl.tcp scheme.
        var scheme = o.Tls is null ? "akka.tcp" : "akka.ssl.tcp";
        var seeds = string.Join(", ", o.Seeds.Select(s => Quote($"{scheme}://{SystemName}@{s}")));
        var roles = string.Join(", ", o.Roles.Select(Quote));
        var config = ConfigurationFactory.ParseString(string.Create(CultureInfo.InvariantCulture, $"""
            akka.remote.dot-netty.tcp.hostname = {Quote(o.ListenHost)}
            akka.remote.dot-netty.tcp.port = {o.ListenPort}
            akka.remote.dot-netty.tcp.public-hostname = {Quote(o.PublicHost ?? o.ListenHost)}
            akka.cluster.seed-nodes = [{seeds}]
            akka.cluster.roles = [{roles}]
            """));
        if (o.Tls is { } tls) config = config.WithFallback(tls.Config);
        if (o.Store is { } store) config = config.WithFallback(store.ToConfig());
        if (o.Extra is { } extra) config = config.WithFallback(extra);
        var file = o.AkkaConfigFile ?? Environment.GetEnvironmentVariable(FabricActorSystem.ConfigVariable);
        if (!string.IsNullOrEmpty(file))
        {
            if (!File.Exists(file)) throw new FileNotFoundException($"Akka configuration file '{file}' does not exist", file);
            config = ConfigurationFactory.ParseString(File.ReadAllText(file)).WithFallback(config);
        }
        return config.WithFallback(ClusterConfig.Parsed).WithFallback(FabricActorSystem.Configuration(virtualTime: false, serializeMessages: false, overrideFile: null));
    }

    /// <summary>Starts the node; it joins the seeds in the background (see <see cref="WaitUpAsync"/>).</summary>
    public static ClusterNode Start(ClusterNodeOptions options)
    {
        var config = Configuration(options);
        // The certificate and the pinning check travel in a setup: HOCON can name a certificate but not pin one.
        var system = options.Tls is { } tls ? ActorSystem.Create(SystemName, tls.Bootstrap(config)) : ActorSystem.Create(SystemName, config);
        try
        {
            var entities = FabricEntities.Get(system);
            entities.Persistent = options.Store is not null;
            var sharding = ClusterSharding.Get(system);
            var extractor = new EntityMessageExtractor(entities);
            bool fabric = options.Roles.Contains(FabricRole);
            IActorRef region;
            if (fabric)
            {
                var settings = ClusterShardingSettings.Create(system).WithRole(FabricRole);
                region = sharding.Start(ShardTypeName, id => entities.RequireFabric().EntityProps(id), settings, extractor,
                    new TopologyShardAllocationStrategy(() => entities.Placement), PoisonPill.Instance);
            }
            else region = sharding.StartProxy(ShardTypeName, FabricRole, extractor);
            system.ActorOf(DeadProcessDowning.Props(), "dead-process-downing");
            var relay = system.ActorOf(Props.Create(() => new FrameRelay(region, fabric)), "relay");
            entities.Relay = relay;
            if (fabric) system.ActorOf(Props.Create(() => new FabricNodeActor(region, relay, options.MetricsUrl, options.Kill)), "fabric-node");
            return new ClusterNode(system, region, relay);
        }
        catch
        {
            system.Terminate().Wait(TimeSpan.FromSeconds(10));
            throw;
        }
    }

    /// <summary>Completes when this node is Up in the cluster; fails after <paramref name="timeout"/> (seeds unreachable, certificate refused).</summary>
    public async Task WaitUpAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Akka.Cluster.Cluster.Get(System).RegisterOnMemberUp(() => up.TrySetResult());
        try
        {
            await up.Task.WaitAsync(timeout, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            var seeds = System.Settings.Config.GetStringList("akka.cluster.seed-nodes");
            throw new TimeoutException($"node {Address} did not join the cluster within {timeout.TotalSeconds:0} s (seeds: {string.Join(", ", seeds)}); is a seed node running and reachable, with the same certificate?");
        }
    }

    /// <summary>Leaves the cluster (shards hand over to the other nodes) and stops.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClrExitReason.Instance).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
        await System.Terminate().ConfigureAwait(false);
    }

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
