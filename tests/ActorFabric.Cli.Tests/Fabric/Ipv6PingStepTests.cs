using ActorFabric.Cli.Control;
using ActorFabric.Cli.Scenarios;

namespace ActorFabric.Cli.Tests.Fabric;

/// <summary>
/// A scenario's <c>ping</c> step takes <c>--ipv6</c> and an IPv6 address as destination, as <c>actorfabric ping</c> does;
/// against l3-erb (blue and green have a gateway6, red and amber do not).
/// </summary>
public sealed class Ipv6PingStepTests(L3ErbFabric fabric) : IClassFixture<L3ErbFabric>
{
    private static readonly string L3ErbPath = Path.Combine(RecordedFabric.RepositoryRoot(), "topologies", "l3-erb.yaml");

    private static Scenario Load(string yaml)
    {
        Assert.True(ScenarioReader.TryParse(yaml, "s.yaml", L3ErbPath, null, out var scenario, out var errors), string.Join("\n", errors));
        return scenario!;
    }

    [Fact]
    public void The_ipv6_flag_takes_no_value_and_an_ipv6_address_is_a_destination()
    {
        var scenario = Load("""
            steps:
              - {at: 1s, action: ping web1 db2 --ipv6 --count 2}
              - at: 2s
                action: ping web2 2001:db8:100::2 --count 1
            """);
        Assert.Equal("true", scenario.Steps[0].Option("--ipv6"));
        Assert.Equal("2", scenario.Steps[0].Option("--count"));
        Assert.Equal(["web1", "db2"], scenario.Steps[0].Arguments);
        Assert.Equal(["web2", "2001:db8:100::2"], scenario.Steps[1].Arguments);
        Assert.Null(scenario.Steps[1].Option("--ipv6"));
    }

    [Theory]
    [InlineData("ping web1 192.168.200.2 --ipv6", "'192.168.200.2' is an IPv4 address: drop --ipv6")]
    [InlineData("ping web1 app1 --ipv6", "host 'app1' has no IPv6 address: its VLAN 300 has no 'gateway6'")]
    [InlineData("ping app1 web1 --ipv6", "host 'app1' has no IPv6 address: its VLAN 300 has no 'gateway6'")]
    [InlineData("ping app2 2001:db8:100::2", "host 'app2' has no IPv6 address: its VLAN 400 has no 'gateway6'")]
    [InlineData("ping web1 2001:db8:100::zz", "unknown host '2001:db8:100::zz'")]
    [InlineData("ping web1 db2 --ipv6 true", "'ping' takes 2 arguments")]
    public void A_bad_ipv6_ping_is_refused_at_its_line(string action, string message)
    {
        Assert.False(ScenarioReader.TryParse($"steps:\n  - {{at: 0s, action: wait-converged}}\n  - at: 1s\n    action: {action}\n", "s.yaml", L3ErbPath, null,
            out var scenario, out var errors));
        Assert.Null(scenario);
        var e = Assert.Single(errors);
        Assert.Equal(4, e.Line);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public async Task Ipv6_ping_steps_run_icmpv6_to_a_host_and_to_an_address()
    {
        var scenario = Load("""
            steps:
              - {at: 0s, action: ping web1 db2 --ipv6 --count 2, label: routed}
              - at: 0s
                action: ping web2 2001:db8:100::2 --count 1
                label: bridged
            """);
        var doc = await ScenarioRunner.RunAsync(scenario, new RuntimeFabricControl(fabric.Runtime));
        Assert.True(doc["ok"]!.GetValue<bool>(), doc.ToJsonString());
        var routed = doc["steps"]![0]!["result"]!;
        Assert.Equal(("db2", "2001:db8:200::3", 2), (routed["destination"]!.GetValue<string>(), routed["destination_ip"]!.GetValue<string>(), routed["received"]!.GetValue<int>()));
        Assert.Equal(2, routed["routed_hops"]!.GetValue<int>());
        var bridged = doc["steps"]![1]!["result"]!;
        Assert.Equal(("web1", "2001:db8:100::2", 1), (bridged["destination"]!.GetValue<string>(), bridged["destination_ip"]!.GetValue<string>(), bridged["received"]!.GetValue<int>()));
    }
}
