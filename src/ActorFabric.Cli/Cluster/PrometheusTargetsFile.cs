using System.Globalization;
using System.Text.Json;
using ActorFabric.Cluster.Launch;

namespace ActorFabric.Cli.Cluster;

/// <summary>
/// The Prometheus file-based service discovery document of a cluster (<c>cluster status --prometheus-sd FILE</c>):
/// one target group per fabric node that serves metrics (<c>actorfabric node --http</c>), read by the
/// <c>file_sd_configs</c> of config/prometheus/prometheus-cluster.yml. Format: a JSON array of
/// {"targets": ["HOST:PORT"], "labels": {...}}; the reserved labels <c>__scheme__</c> and
/// <c>__metrics_path__</c> carry the rest of the node's metrics URL.
/// </summary>
public static class PrometheusTargetsFile
{
    public static IReadOnlyList<PrometheusTargetGroup> Groups(ClusterStatusView status)
    {
        var groups = new List<PrometheusTargetGroup>();
        foreach (var node in status.Nodes)
        {
            if (node.MetricsUrl is null || !Uri.TryCreate(node.MetricsUrl, UriKind.Absolute, out var url)) continue;
            var labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["__scheme__"] = url.Scheme,
                ["__metrics_path__"] = url.AbsolutePath,
                // Not "node": the nodes' own series (actorfabric_cluster_devices{node}) use that label.
                ["cluster_node"] = node.Address,
            };
            if (node.Fabric is { } fabric) labels["fabric"] = fabric;
            groups.Add(new PrometheusTargetGroup([$"{url.Host}:{url.Port.ToString(CultureInfo.InvariantCulture)}"], labels));
        }
        return groups;
    }

    /// <summary>Writes the document to <paramref name="path"/> by renaming a finished temporary file, so Prometheus (which watches the file) never reads half of it.</summary>
    public static void Write(ClusterStatusView status, string path)
    {
        var full = Path.GetFullPath(path);
        var temporary = full + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(Groups(status), Json) + "\n");
        File.Move(temporary, full, overwrite: true);
    }

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };
}

/// <summary>One target group of a Prometheus file_sd document.</summary>
public sealed record PrometheusTargetGroup(IReadOnlyList<string> Targets, IReadOnlyDictionary<string, string> Labels);
