using ActorFabric.Cli.Up;
using ActorFabric.Interop.Tests.Harness;

namespace ActorFabric.Interop.Tests.Prometheus;

/// <summary>The shipped Prometheus configs, and the one <c>up --prometheus</c> derives, as promtool reads them.</summary>
public sealed class PrometheusConfigTests
{
    [Theory]
    [InlineData("prometheus.yml")]
    [InlineData("prometheus-cluster.yml")]
    public void Promtool_accepts_the_shipped_config(string name)
    {
        var check = ProcessRunner.Run("promtool", "check", "config", RepositoryFolder.File("config", "prometheus", name));
        Assert.True(check.Succeeded, $"{check.Command}:\n{check.StdOut}\n{check.StdErr}");
        Assert.Contains("SUCCESS", check.StdOut + check.StdErr);
    }

    [Fact]
    public void The_config_built_into_the_cli_is_the_shipped_one()
    {
        Assert.Equal(File.ReadAllText(RepositoryFolder.File("config", "prometheus", "prometheus.yml")).Replace("\r\n", "\n", StringComparison.Ordinal),
            LocalPrometheus.ShippedConfig());
    }

    [Fact]
    public void Promtool_accepts_the_config_up_writes_for_an_api_beyond_loopback()
    {
        var config = LocalPrometheus.Config("192.0.2.10:7180", "secret-token", TimeSpan.FromSeconds(1));
        Assert.Contains("- 192.0.2.10:7180", config);
        Assert.DoesNotContain("7179", config);
        Assert.Contains("credentials: \"secret-token\"", config);
        var file = Path.Combine(Path.GetTempPath(), $"af-prometheus-{Guid.NewGuid():N}.yml");
        File.WriteAllText(file, config);
        try
        {
            var check = ProcessRunner.Run("promtool", "check", "config", file);
            Assert.True(check.Succeeded, $"{check.Command}:\n{check.StdOut}\n{check.StdErr}\n{config}");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
