using YamlDotNet.RepresentationModel;

namespace ActorFabric.Cluster.Tests.Docker;

/// <summary>
/// docker/compose.yaml as docker-compose itself reads it (`config` validates it against its schema and prints it
/// normalized, with paths resolved); Docker cannot run on the project's machines.
/// </summary>
public class ComposeFileTests
{
    private static readonly string[] Nodes = ["node1", "node2", "node3"];
    private const string MetricsPort = "9464";

    private static readonly Dictionary<string, string?> WithPassword = new() { [DockerCompose.PasswordVariable] = "lab-password" };

    private static YamlMappingNode NormalizedCompose()
    {
        var (code, output, error) = DockerCompose.Run(WithPassword, "config");
        Assert.True(code == 0, $"docker-compose config exited {code}: {error}");
        var yaml = new YamlStream();
        yaml.Load(new StringReader(output));
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static YamlMappingNode Service(YamlMappingNode compose, string name) => Map(Map(compose, "services"), name);

    private static YamlMappingNode Map(YamlMappingNode node, string key)
    {
        Assert.True(node.Children.ContainsKey(key), $"no '{key}' in {string.Join(", ", node.Children.Keys)}");
        return (YamlMappingNode)node[key];
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;

    private static List<string> Strings(YamlNode node) => ((YamlSequenceNode)node).Children.Select(c => ((YamlScalarNode)c).Value!).ToList();

    /// <summary>The value after <paramref name="option"/> in a command line.</summary>
    private static string OptionValue(List<string> command, string option)
    {
        var at = command.IndexOf(option);
        Assert.True(at >= 0 && at + 1 < command.Count, $"no {option} value in: {string.Join(' ', command)}");
        return command[at + 1];
    }

    [Fact]
    public void Docker_compose_validates_the_compose_file()
    {
        var (code, output, error) = DockerCompose.Run(WithPassword, "config", "-q");

        Assert.True(code == 0, $"docker-compose config -q exited {code}: {error}");
        Assert.Equal("", output);
    }

    [Fact]
    public void Without_the_certificate_password_compose_stops_and_names_the_variable()
    {
        var (code, _, error) = DockerCompose.Run(new Dictionary<string, string?> { [DockerCompose.PasswordVariable] = null }, "config", "-q");

        Assert.NotEqual(0, code);
        Assert.Contains(DockerCompose.PasswordVariable, error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_lab_has_postgres_three_nodes_prometheus_and_grafana()
    {
        var services = Map(NormalizedCompose(), "services").Children.Keys.Select(k => ((YamlScalarNode)k).Value).ToHashSet();

        Assert.Equal(new HashSet<string?>(["postgres", "node1", "node2", "node3", "prometheus", "grafana"]), services);
    }

    [Fact]
    public void Postgres_is_version_15_with_a_health_check_the_nodes_wait_for()
    {
        var compose = NormalizedCompose();
        var postgres = Service(compose, "postgres");

        Assert.Equal("postgres:15", Scalar(postgres, "image"));
        Assert.Contains("pg_isready", string.Join(' ', Strings(Map(postgres, "healthcheck")["test"])), StringComparison.Ordinal);
        foreach (var node in Nodes)
            Assert.Equal("service_healthy", Scalar(Map(Map(Service(compose, node), "depends_on"), "postgres"), "condition"));
    }

    [Fact]
    public void Each_node_runs_actorfabric_node_with_tls_the_store_the_seed_and_its_own_public_host()
    {
        var compose = NormalizedCompose();
        foreach (var name in Nodes)
        {
            var node = Service(compose, name);
            var command = Strings(node["command"]);
            Assert.Equal("node", command[0]);
            Assert.Equal("0.0.0.0:4053", OptionValue(command, "--listen"));
            Assert.Equal(name, OptionValue(command, "--public-host"));
            Assert.Equal("node1:4053", OptionValue(command, "--seed"));
            Assert.Equal("postgres://actorfabric:actorfabric@postgres:5432/actorfabric", OptionValue(command, "--store"));
            Assert.Equal($"0.0.0.0:{MetricsPort}", OptionValue(command, "--http"));
            Assert.Equal("lab-password", OptionValue(command, "--tls-password"));
            var secret = (YamlMappingNode)((YamlSequenceNode)node["secrets"]).Children.Single();
            Assert.Equal("/run/secrets/" + Scalar(secret, "target"), OptionValue(command, "--tls-cert"));
            var file = Scalar(Map(Map(compose, "secrets"), Scalar(secret, "source")), "file");
            Assert.Equal(RepositoryRoot.File("docker", "certs", "cluster.pfx"), file);
            Assert.Equal("docker/Dockerfile", Scalar(Map(node, "build"), "dockerfile"));
            Assert.Equal(RepositoryRoot.Path, Scalar(Map(node, "build"), "context"));
        }
    }

    [Fact]
    public void Nodes_run_as_the_image_user_which_is_not_root()
    {
        var compose = NormalizedCompose();

        foreach (var name in Nodes)
            Assert.False(Service(compose, name).Children.ContainsKey("user"), $"{name} overrides the image's user");
        Assert.NotEqual("", DockerfileText.FinalUser);
        Assert.DoesNotContain(DockerfileText.FinalUser, (string[])["root", "0", "0:0", "root:root"]);
    }

    [Fact]
    public void Node1_publishes_its_cluster_port_and_its_metrics()
    {
        var ports = ((YamlSequenceNode)Service(NormalizedCompose(), "node1")["ports"]).Children.Cast<YamlMappingNode>()
            .Select(p => (Scalar(p, "published"), Scalar(p, "target"))).ToList();

        Assert.Contains(("4053", "4053"), ports);
        Assert.Contains((MetricsPort, MetricsPort), ports);
    }

    [Fact]
    public void Prometheus_scrapes_the_metrics_port_of_the_three_nodes()
    {
        var prometheus = Service(NormalizedCompose(), "prometheus");
        var mount = Strings(prometheus["volumes"]).Single(v => v.Contains("/etc/prometheus/prometheus.yml", StringComparison.Ordinal));
        Assert.StartsWith(RepositoryRoot.File("docker", "prometheus", "prometheus.yml") + ":", mount, StringComparison.Ordinal);

        var config = new YamlStream();
        config.Load(new StringReader(File.ReadAllText(RepositoryRoot.File("docker", "prometheus", "prometheus.yml"))));
        var job = ((YamlSequenceNode)((YamlMappingNode)config.Documents[0].RootNode)["scrape_configs"]).Children.Cast<YamlMappingNode>().Single();
        var targets = ((YamlSequenceNode)job["static_configs"]).Children.Cast<YamlMappingNode>().SelectMany(s => Strings(s["targets"])).ToList();

        Assert.Equal(Nodes.Select(n => $"{n}:{MetricsPort}"), targets.Order());
        Assert.Equal("/metrics", Scalar(job, "metrics_path"));
    }

    [Fact]
    public void Grafana_is_provisioned_with_the_compose_prometheus_as_its_default_data_source()
    {
        var grafana = Service(NormalizedCompose(), "grafana");
        var mount = Strings(grafana["volumes"]).Single(v => v.Contains("/etc/grafana/provisioning", StringComparison.Ordinal));
        Assert.StartsWith(RepositoryRoot.File("docker", "grafana", "provisioning") + ":", mount, StringComparison.Ordinal);

        var provisioning = new YamlStream();
        provisioning.Load(new StringReader(File.ReadAllText(RepositoryRoot.File("docker", "grafana", "provisioning", "datasources", "prometheus.yaml"))));
        var source = ((YamlSequenceNode)((YamlMappingNode)provisioning.Documents[0].RootNode)["datasources"]).Children.Cast<YamlMappingNode>().Single();

        Assert.Equal("prometheus", Scalar(source, "type"));
        Assert.Equal("http://prometheus:9090", Scalar(source, "url"));
        Assert.Equal("true", Scalar(source, "isDefault"));
    }
}
