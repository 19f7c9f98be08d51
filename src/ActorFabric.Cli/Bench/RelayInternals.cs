using System.Collections;
using System.Reflection;
using Akka.Actor;
using ActorFabric.Cluster.Node;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cli.Bench;

/// <summary>
/// The parts of ActorFabric.Cluster the remote-frame benchmark drives but the CLI cannot name: the cluster assembly
/// grants its internals to "ActorFabric.Cli", while the CLI assembly is called "actorfabric". Reached by reflection,
/// by member name, and failing the benchmark with that name if a shape changed. (With
/// <c>&lt;InternalsVisibleTo Include="actorfabric" /&gt;</c> in ActorFabric.Cluster.csproj each becomes a plain call.)
/// </summary>
internal static class RelayInternals
{
    private static readonly Assembly ClusterAssembly = typeof(ClusterNode).Assembly;

    /// <summary>Props of the fabric's relay (<c>FrameRelay(region, locate)</c>), for /user/relay of a benchmark node.</summary>
    public static Props FrameRelay(IActorRef region, bool locate) => Props.Create(TypeOf("ActorFabric.Cluster.Relay.FrameRelay"), region, locate);

    /// <summary>Loads <paramref name="topology"/> as this node's fabric, as a launcher's LoadFabric does (the relay reads its placement).</summary>
    public static void LoadFabric(ActorSystem system, FabricTopology topology, string topologyText)
    {
        var entities = Entities(system);
        var settings = Construct(TypeOf("ActorFabric.Cluster.Node.LaunchSettings"), p => p.Name switch
        {
            "Seed" => 1,
            "AnnounceHosts" => false,
            "BgpUpdateDelay" => TimeSpan.Zero,
            _ => null,
        });
        var fabric = Construct(TypeOf("ActorFabric.Cluster.Node.NodeFabric"), p => p.Name switch
        {
            "launchId" => "bench-frames",
            "topology" => topology,
            "topologyText" => topologyText,
            "settings" => settings,
            "entities" => entities,
            "monitor" or "pathTraces" => ActorRefs.Nobody,
            _ => null,
        });
        Property(entities, "Fabric").SetValue(entities, fabric);
    }

    /// <summary>Makes <paramref name="relay"/> the node's relay, the one entity refs hand their messages to.</summary>
    public static void UseRelay(ActorSystem system, IActorRef relay)
    {
        var entities = Entities(system);
        Property(entities, "Relay").SetValue(entities, relay);
    }

    /// <summary>The node's entity ref of <paramref name="entityId"/>: telling it is what a device does to reach its peer.</summary>
    public static IActorRef EntityRef(ActorSystem system, string entityId)
    {
        var entities = Entities(system);
        var method = entities.GetType().GetMethod("Ref", [typeof(string)]) ?? throw Changed("FabricEntities.Ref(string)");
        return (IActorRef)method.Invoke(entities, [entityId])!;
    }

    /// <summary>Frames and batches the relay has sent to other nodes so far (its answer to a traffic query).</summary>
    public static async Task<(long Frames, long Batches)> SentAsync(IActorRef relay, TimeSpan timeout)
    {
        var query = TypeOf("ActorFabric.Cluster.Relay.RelayTrafficQuery").GetField("Instance", BindingFlags.Public | BindingFlags.Static)?.GetValue(null)
            ?? throw Changed("RelayTrafficQuery.Instance");
        var traffic = await relay.Ask<object>(query, timeout).ConfigureAwait(false);
        long frames = 0, batches = 0;
        foreach (var pair in (IEnumerable)Property(traffic, "Sent").GetValue(traffic)!)
        {
            frames += (long)Property(pair, "Frames").GetValue(pair)!;
            batches += (long)Property(pair, "Batches").GetValue(pair)!;
        }
        return (frames, batches);
    }

    private static object Entities(ActorSystem system)
    {
        var get = TypeOf("ActorFabric.Cluster.Entities.FabricEntities").GetMethod("Get", BindingFlags.Public | BindingFlags.Static) ?? throw Changed("FabricEntities.Get");
        return get.Invoke(null, [system])!;
    }

    private static Type TypeOf(string name) => ClusterAssembly.GetType(name) ?? throw Changed(name);

    private static PropertyInfo Property(object o, string name) => o.GetType().GetProperty(name) ?? throw Changed($"{o.GetType().Name}.{name}");

    /// <summary>Calls the type's public constructor with each parameter from <paramref name="value"/> (by name).</summary>
    private static object Construct(Type type, Func<ParameterInfo, object?> value)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault() ?? throw Changed($"{type.Name} constructor");
        var args = constructor.GetParameters().Select(p => value(p) ?? throw Changed($"{type.Name}({p.ParameterType.Name} {p.Name})")).ToArray();
        return constructor.Invoke(args);
    }

    private static InvalidOperationException Changed(string member) =>
        new($"bench cluster drives the fabric relay through {member}, which ActorFabric.Cluster no longer has in that shape: update Bench/RelayInternals.cs");
}
