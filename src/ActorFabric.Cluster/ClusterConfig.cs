namespace ActorFabric.Cluster;

/// <summary>The cluster HOCON defaults shipped in this assembly (config/cluster.conf).</summary>
public static class ClusterConfig
{
    public static string Text
    {
        get
        {
            using var s = typeof(ClusterConfig).Assembly.GetManifestResourceStream("cluster.conf")
                ?? throw new InvalidOperationException("cluster.conf is not embedded in ActorFabric.Cluster");
            using var r = new StreamReader(s);
            return r.ReadToEnd();
        }
    }
}
