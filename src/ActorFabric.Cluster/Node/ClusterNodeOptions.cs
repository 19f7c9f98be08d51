using Akka.Configuration;

namespace ActorFabric.Cluster.Node;

/// <summary>How a process joins the fabric cluster (a fabric node, or a launcher in role "control").</summary>
public sealed record ClusterNodeOptions
{
    /// <summary>Address and port Akka.Remote listens on (port 0: a free one).</summary>
    public string ListenHost { get; init; } = "127.0.0.1";
    public int ListenPort { get; init; }

    /// <summary>The name other nodes reach this one by, when it differs from the listen address (NAT, containers).</summary>
    public string? PublicHost { get; init; }

    /// <summary>Seed nodes as HOST:PORT; the first is the one a new cluster forms around.</summary>
    public IReadOnlyList<string> Seeds { get; init; } = [];

    public IReadOnlyList<string> Roles { get; init; } = [ClusterNode.FabricRole];

    /// <summary>The cluster certificate: nodes talk mutual TLS and accept only peers presenting it (null: plain TCP).</summary>
    public Security.ClusterTls? Tls { get; init; }

    /// <summary>Where devices keep their journals (SQLite file or PostgreSQL); null: no persistence, a device that moves restarts from its configuration.</summary>
    public Persistence.FabricStore? Store { get; init; }

    /// <summary>More HOCON laid over the defaults, under the user's override file.</summary>
    public Config? Extra { get; init; }

    /// <summary>A HOCON file whose keys win over everything else (null: ACTORFABRIC_AKKA_CONFIG, if set).</summary>
    public string? AkkaConfigFile { get; init; }

    /// <summary>
    /// What chaos node-kill does to this node (default: end the process with exit code 137, no cluster goodbye,
    /// like kill -9). Tests that run nodes inside one process replace it.
    /// </summary>
    public Action<Akka.Actor.ActorSystem> Kill { get; init; } = _ => Environment.Exit(137);

    /// <summary>Where this node serves /metrics, announced in <c>cluster status</c> (null: not served).</summary>
    public string? MetricsUrl { get; init; }
}
