using Akka.Configuration;

namespace ActorFabric.Cluster;

/// <summary>The cluster HOCON defaults shipped in this assembly (config/cluster.conf).</summary>
public static class ClusterConfig
{
    private static readonly Lazy<string> Defaults = new(() =>
    {
        using var s = typeof(ClusterConfig).Assembly.GetManifestResourceStream("cluster.conf")
            ?? throw new InvalidOperationException("cluster.conf is not embedded in ActorFabric.Cluster");
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    });

    public static string Text => Defaults.Value;

    public static Config Parsed => ConfigurationFactory.ParseString(Defaults.Value);
}
