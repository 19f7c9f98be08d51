using System.Text.Json;

namespace ActorFabric.Cli.Tests.Fabric;

/// <summary>
/// scenarios/crb-routed-pings.yaml end to end (`run --scenario --json`): a scenario pings a host in another VLAN, an
/// anycast gateway and an address behind the border leaf, and each ping carries the CRB routing figures.
/// </summary>
public sealed class CrbRoutedPingsScenarioTests
{
    [Fact]
    public void Scenario_pings_a_host_a_gateway_address_and_an_external_address_with_crb_figures()
    {
        var path = Path.Combine(RecordedFabric.RepositoryRoot(), "scenarios", "crb-routed-pings.yaml");
        var (code, output, error) = CliRun.Run("run", "--scenario", path, "--json");
        Assert.True(code == 0, error + output);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.True(root.GetProperty("ok").GetBoolean(), output);
        var steps = root.GetProperty("steps").EnumerateArray().ToList();
        JsonElement Ping(string label) => steps.Single(s => s.TryGetProperty("label", out var l) && l.GetString() == label).GetProperty("result");

        var across = Ping("across-vlans");
        Assert.Equal(2, across.GetProperty("received").GetInt32());
        Assert.Equal((1, 2, 0), Figures(across));

        var gateway = Ping("gateway");
        Assert.Equal("192.168.100.1", gateway.GetProperty("destination").GetString());
        Assert.Equal("192.168.100.1", gateway.GetProperty("destination_ip").GetString());
        Assert.Equal(2, gateway.GetProperty("received").GetInt32());
        Assert.Equal((0, 1, 0), Figures(gateway));

        var external = Ping("external");
        Assert.Equal("198.51.100.7", external.GetProperty("destination_ip").GetString());
        Assert.Equal(2, external.GetProperty("received").GetInt32());
        Assert.Equal((2, 2, 0), Figures(external));
    }

    private static (int Routed, int Crossings, int Trombone) Figures(JsonElement ping) =>
        (ping.GetProperty("routed_hops").GetInt32(), ping.GetProperty("fabric_crossings").GetInt32(), ping.GetProperty("trombone_hops").GetInt32());
}
