using System.Text.Json;
using ActorFabric.Cli.Control;

namespace ActorFabric.Cli.Tests.Fabric;

/// <summary>
/// The issue 12 show commands (Assisted Replication replicators, IGMP snooping proxy, multicast replication) through the
/// control API and their text writers, against a fabric with recorded answers.
/// </summary>
public sealed class MulticastViewTests : IAsyncLifetime
{
    private readonly RecordedFabric _fabric = new();
    private ControlApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ControlApiServer.StartAsync(_fabric, 0);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private (int Code, string Out, string Err) Show(params string[] args) =>
        CliRun.Run([.. args, "--api", _server.Address.ToString().TrimEnd('/'), "--token", _server.Token]);

    [Fact]
    public void Ar_replicators_print_the_junos_instance_header_and_one_row_per_replicator()
    {
        var (code, output, error) = Show("show", "evpn", "multicast-snooping", "assisted-replication", "replicators", "--device", "leaf1");
        Assert.True(code == 0, error);
        var lines = output.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Contains("Instance: evpn-vxlanA", lines);
        Assert.Contains("  AR Role: AR Leaf", lines);
        Assert.Contains("    VN Identifier: 10100", lines);
        Assert.Contains("      Operational Mode: Extended AR", lines);
        Assert.Matches(@"\n\s+Replicator IP\s+IR IP\s+Device\s+State\s+Mode\n", output);
        Assert.Matches(@"192\.168\.104\.1\s+10\.0\.0\.21\s+spine1\s+Active\s+Extended AR", output);
        Assert.Matches(@"192\.168\.105\.1\s+10\.0\.0\.22\s+-\s+Activating\s+Extended AR", output);
        Assert.Contains("      Chosen replicator: 192.168.104.1 (spine1)", lines);
        Assert.Contains("      Last change: 0:05.025 No replicators/Ingress Replication (-) -> Extended AR (192.168.104.1)", lines);
        Assert.Matches(@"arpol1\s+Loose/192\.168\.104\.1/192\.168\.105\.1\s+192\.168\.104\.1", output);
    }

    [Fact]
    public void Igmp_snooping_proxy_counts_local_and_remote_and_prints_na_without_a_deterministic_ar_policy()
    {
        var (code, output, error) = Show("show", "evpn", "igmp-snooping", "proxy", "--device", "leaf1", "--deterministic-ar");
        Assert.True(code == 0, error);
        Assert.Contains("Instance: evpn-vxlanA\n  VN Identifier: 10100\n", output.Replace("\r", ""));
        Assert.Matches(@"Group\s+Source\s+Local\s+Remote\s+Deterministic-AR\(Mode/Preferred replicator/Fallback\)", output);
        Assert.Matches(@"233\.252\.0\.1\s+0\.0\.0\.0\s+0\s+1\s+N/A", output);
        Assert.Matches(@"233\.252\.0\.2\s+0\.0\.0\.0\s+2\s+2\s+Strict/192\.168\.104\.1/0\.0\.0\.0", output);

        var plain = Show("show", "evpn", "igmp-snooping", "proxy", "--device", "leaf1");
        Assert.Equal(0, plain.Code);
        Assert.DoesNotContain("Deterministic-AR", plain.Out);
        Assert.DoesNotContain("N/A", plain.Out);
    }

    [Fact]
    public void Igmp_snooping_proxy_detail_lists_the_ports_and_the_vteps()
    {
        var (code, output, error) = Show("show", "evpn", "igmp-snooping", "proxy", "-d", "leaf1", "--detail");
        Assert.True(code == 0, error);
        Assert.Matches(@"233\.252\.0\.2\s+0\.0\.0\.0\s+eth3, eth5\s+10\.0\.0\.12 \(leaf2\), 10\.0\.0\.13 \(leaf3\)\s+IgmpV2", output);
        Assert.Matches(@"233\.252\.0\.1\s+0\.0\.0\.0\s+-\s+10\.0\.0\.13 \(leaf3\)", output);
    }

    [Fact]
    public void Multicast_replication_prints_totals_then_ports_with_their_far_end_then_flows()
    {
        var (code, output, error) = Show("show", "evpn", "multicast-replication", "--device", "leaf1");
        Assert.True(code == 0, error);
        Assert.Contains("  BUM copies: 50 into the fabric, 2 to local ports", output);
        Assert.Contains("  BUM fabric bytes: 7800", output);
        Assert.Contains("  Not sent to AR leaves without IGMP/MLD snooping: 3", output);
        Assert.Matches(@"eth1\s+spine1\s+fabric\s+50\s+7800", output);
        Assert.Matches(@"eth3\s+h1\s+access\s+2\s+120", output);
        Assert.Matches(@"10100\s+192\.168\.100\.11\s+233\.252\.0\.1\s+50\s+0\s+0\s+50\s+0", output);
    }

    [Theory]
    [InlineData("multicast-snooping assisted-replication replicators", "instances")]
    [InlineData("igmp-snooping proxy", "entries")]
    [InlineData("multicast-replication", "flows")]
    public void Json_prints_the_record_with_snake_case_keys(string view, string list)
    {
        var (code, output, error) = Show(["show", "evpn", .. view.Split(' '), "--device", "leaf1", "--json"]);
        Assert.True(code == 0, error);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal("leaf1", root.GetProperty("device").GetString());
        Assert.True(root.GetProperty(list).GetArrayLength() > 0);
    }

    [Fact]
    public void Json_of_the_replication_report_keeps_the_counters_by_name()
    {
        var root = JsonDocument.Parse(Show("show", "evpn", "multicast-replication", "-d", "leaf1", "--json").Out).RootElement;
        Assert.Equal(7800, root.GetProperty("bum_fabric_bytes").GetInt64());
        Assert.Equal(3, root.GetProperty("ar_leaf_without_snooping_drops").GetInt64());
        Assert.Equal("spine1", root.GetProperty("ports")[0].GetProperty("link").GetString());
        Assert.Equal(50, root.GetProperty("flows")[0].GetProperty("fabric_copies").GetInt64());
    }

    [Theory]
    [InlineData("multicast-snooping assisted-replication replicators")]
    [InlineData("igmp-snooping proxy")]
    [InlineData("multicast-replication")]
    public void An_unknown_device_exits_2_naming_it_and_near_matches(string view)
    {
        var (code, output, error) = Show(["show", "evpn", .. view.Split(' '), "--device", "lef1"]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("unknown device 'lef1'", error);
        Assert.Contains("leaf1", error);
    }

    [Fact]
    public void A_view_without_a_device_is_a_usage_error()
    {
        var (code, _, error) = CliRun.Run("show", "evpn", "igmp-snooping", "proxy", "--deterministic-ar");
        Assert.Equal(CliApp.ExitUsage, code);
        Assert.Contains("--device", error);
    }
}
