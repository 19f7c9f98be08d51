using System.Text.Json;
using ActorFabric.Interop.Tests.Harness;

namespace ActorFabric.Interop.Tests.Prometheus;

/// <summary>
/// The dashboard JSON models against Grafana's published schema: tests/grafana-schema installs @grafana/schema and
/// TypeScript from the npm registry (npm ci, the committed lock file) and tsc type-checks each dashboard as a
/// <c>Dashboard</c> (see as-json.ts for how JSON's strings meet the schema's enums).
/// </summary>
public sealed class GrafanaSchemaTests
{
    private static string Project => RepositoryFolder.File("tests", "grafana-schema");

    [Fact]
    public void Every_dashboard_type_checks_as_a_grafana_schema_dashboard()
    {
        var generated = Path.Combine(Project, "generated");
        if (Directory.Exists(generated)) Directory.Delete(generated, recursive: true);
        Directory.CreateDirectory(generated);
        var files = DashboardQueries.Files();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            // A JSON document is a TypeScript expression; `as const` keeps its strings and numbers literal.
            var model = File.ReadAllText(file).TrimEnd();
            File.WriteAllText(Path.Combine(generated, Path.GetFileNameWithoutExtension(file) + ".ts"),
                $"import type {{ Dashboard }} from '@grafana/schema';\nimport type {{ AsJson }} from '../as-json.js';\n\nconst model = {model} as const;\n\nexport const dashboard: AsJson<Dashboard> = model;\n");
        }
        ProcessRunner.Run("npm", ["ci", "--prefix", Project, "--no-audit", "--no-fund", "--loglevel=error"], TimeSpan.FromMinutes(5)).EnsureSuccess();
        var tsc = ProcessRunner.Run(Path.Combine(Project, "node_modules", ".bin", "tsc"), ["--noEmit", "-p", Project], TimeSpan.FromMinutes(3));
        Assert.True(tsc.Succeeded, $"tsc found dashboards that do not fit @grafana/schema:\n{tsc.StdOut}\n{tsc.StdErr}");
    }

    [Fact]
    public void Every_panel_and_annotation_names_the_provisioned_prometheus_data_source_by_uid()
    {
        var provisioned = File.ReadAllText(RepositoryFolder.File("config", "grafana", "provisioning", "datasources", "prometheus.yaml"));
        Assert.Contains("uid: prometheus", provisioned);
        var problems = new List<string>();
        foreach (var file in DashboardQueries.Files())
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            var root = doc.RootElement;
            var name = Path.GetFileName(file);
            if (root.GetProperty("schemaVersion").GetInt32() != 39) problems.Add($"{name}: schemaVersion is not 39 (Grafana 11)");
            foreach (var panel in root.GetProperty("panels").EnumerateArray())
            {
                if (panel.GetProperty("type").GetString() == "row") continue;
                var title = panel.GetProperty("title").GetString();
                if (!IsPrometheus(panel)) problems.Add($"{name} / {title}: panel data source");
                foreach (var t in panel.GetProperty("targets").EnumerateArray())
                    if (!IsPrometheus(t)) problems.Add($"{name} / {title} {t.GetProperty("refId").GetString()}: target data source");
            }
            foreach (var a in root.GetProperty("annotations").GetProperty("list").EnumerateArray())
                if (a.TryGetProperty("expr", out _) && !IsPrometheus(a)) problems.Add($"{name}: annotation {a.GetProperty("name").GetString()}");
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Compose_mounts_the_dashboards_where_both_dashboard_providers_read_them()
    {
        const string folder = "/var/lib/grafana/dashboards/actorfabric";
        foreach (var provider in (string[])[RepositoryFolder.File("config", "grafana", "provisioning", "dashboards", "actorfabric.yaml"),
                     RepositoryFolder.File("docker", "grafana", "provisioning", "dashboards", "actorfabric.yaml")])
            Assert.Contains($"path: {folder}\n", File.ReadAllText(provider).Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Contains($"- ../config/grafana/dashboards:{folder}:ro", File.ReadAllText(RepositoryFolder.File("docker", "compose.yaml")));
    }

    private static bool IsPrometheus(JsonElement e) =>
        e.TryGetProperty("datasource", out var ds) && ds.ValueKind == JsonValueKind.Object
        && ds.GetProperty("uid").GetString() == "prometheus" && ds.GetProperty("type").GetString() == "prometheus";
}
