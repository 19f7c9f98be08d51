namespace ActorFabric.Cli.Tests.Fabric;

/// <summary>
/// The bundled scenarios of routed pings end to end (`run --scenario --json`): scenarios/crb-routed-pings.yaml pings a
/// host in another VLAN, an anycast gateway and an address behind the border leaf, each with the CRB routing figures;
/// scenarios/ipv6-routing.yaml routes an ICMPv6 ping across leaves by symmetric IRB and pings the anycast gateway6
/// address, which the ingress leaf answers itself.
/// </summary>
public sealed class RoutedPingScenarioTests
{
    [Fact]
    public void Scenario_pings_a_host_a_gateway_address_and_an_external_address_with_crb_figures()
    {
        var run = BundledScenarioRun.Of("crb-routed-pings.yaml");

        var across = run.Ping("across-vlans");
        Assert.Equal(2, across.GetProperty("received").GetInt32());
        Assert.Equal((1, 2, 0), BundledScenarioRun.Figures(across));

        var gateway = run.Ping("gateway");
        Assert.Equal("192.168.100.1", gateway.GetProperty("destination").GetString());
        Assert.Equal("192.168.100.1", gateway.GetProperty("destination_ip").GetString());
        Assert.Equal(2, gateway.GetProperty("received").GetInt32());
        Assert.Equal((0, 1, 0), BundledScenarioRun.Figures(gateway));

        var external = run.Ping("external");
        Assert.Equal("198.51.100.7", external.GetProperty("destination_ip").GetString());
        Assert.Equal(2, external.GetProperty("received").GetInt32());
        Assert.Equal((2, 2, 0), BundledScenarioRun.Figures(external));
    }

    [Fact]
    public void Scenario_pings_a_host_in_another_vlan_and_the_gateway6_address_over_icmpv6()
    {
        var run = BundledScenarioRun.Of("ipv6-routing.yaml");

        var across = run.Ping("across-leaves");
        Assert.Equal("db2", across.GetProperty("destination").GetString());
        Assert.Equal("2001:db8:200::3", across.GetProperty("destination_ip").GetString());
        Assert.Equal(2, across.GetProperty("received").GetInt32());
        // Routed at leaf1 and leaf3 (RFC 9135 §5.4): the replies crossed two routers.
        Assert.Equal((2, 1, 0), BundledScenarioRun.Figures(across));
        Assert.All(across.GetProperty("replies").EnumerateArray(), r => Assert.Equal(62, r.GetProperty("ttl").GetInt32()));

        var gateway = run.Ping("gateway6");
        Assert.Equal("2001:db8:100::1", gateway.GetProperty("destination_ip").GetString());
        Assert.Equal(2, gateway.GetProperty("received").GetInt32());
        // leaf1 originates the reply: hop limit 64, no fabric crossing.
        Assert.All(gateway.GetProperty("replies").EnumerateArray(), r => Assert.Equal(64, r.GetProperty("ttl").GetInt32()));
        Assert.Equal(["web1", "leaf1", "web1"], gateway.GetProperty("path").EnumerateArray().Select(h => h.GetProperty("device").GetString()!).ToArray());
        Assert.Equal((0, 0, 0), BundledScenarioRun.Figures(gateway));
    }
}
