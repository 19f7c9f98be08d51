using System.Text.Json;
using ActorFabric.Cli.Control;

namespace ActorFabric.Cli.Tests.Fabric;

/// <summary><c>show evpn oism</c> through the control API and its text writer, against a fabric with recorded answers.</summary>
public sealed class OismViewTests
{
    /// <summary>Runs the CLI against a control API over a fresh recorded fabric.</summary>
    private static async Task<(int Code, string Out, string Err)> ShowAsync(params string[] args)
    {
        await using var server = await ControlApiServer.StartAsync(new RecordedFabric(), 0);
        return CliRun.Run([.. args, "--api", server.Address.ToString().TrimEnd('/'), "--token", server.Token]);
    }

    [Fact]
    public async Task A_server_leaf_prints_its_sbd_its_peers_with_their_flags_the_sbd_smet_routes_and_where_each_flow_was_routed()
    {
        var (code, output, error) = await ShowAsync("show", "evpn", "oism", "--device", "leaf3");
        Assert.True(code == 0, error);
        var lines = output.Replace("\r", "").Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Contains("Instance: tenant1", lines);
        Assert.Contains("  OISM role: Server leaf", lines);
        Assert.Contains("  SBD: VLAN 999, VNI 10999", lines);
        Assert.Contains("  Multicast flags: 0x010b [I:igmp-proxy,M:mld-proxy,oism,oism-sbd]", lines);
        Assert.Matches(@"\n\s+VLAN\s+VNI\s+Kind\s+IRB MAC\s+Ports\n", output.Replace("\r", ""));
        Assert.Matches(@"999\s+10999\s+SBD\s+02:ac:00:00:00:05\s+0", output);
        Assert.Matches(@"10\.0\.0\.21\s+leaf4\s+0x011b \[I:igmp-proxy,M:mld-proxy,oism,peg,oism-sbd\]\s+yes\s+yes", output);
        Assert.Matches(@"239\.1\.1\.1\s+\*\s+10\.0\.0\.21\s+leaf4\s+remote", output);
        Assert.Matches(@"239\.1\.1\.1\s+192\.168\.100\.10\s+10999\s+10200\s+20\s+20\s+0\s+0", output);
        Assert.DoesNotContain("External:", output);
        Assert.DoesNotContain("Received by external receivers", output);
        Assert.Contains("Routed copies: 20, SBD copies: 0, TTL expired: 0, external datagrams sent: 0", lines);
    }

    [Fact]
    public async Task A_peg_prints_its_role_the_external_side_and_what_its_external_receivers_got()
    {
        var (code, output, error) = await ShowAsync("show", "evpn", "oism", "-d", "leaf4");
        Assert.True(code == 0, error);
        Assert.Contains("  OISM role: Border leaf (PEG)", output);
        Assert.Contains("  External: source 198.51.100.10, groups 239.1.1.1", output);
        Assert.Matches(@"Received by external receivers:\s+Group\s+Source\s+Stream\s+Packets\s+Duplicates\s+TTL\s+239\.1\.1\.1\s+192\.168\.100\.10\s+1\s+20\s+0\s+7", output);
    }

    [Fact]
    public async Task A_device_without_oism_says_so_and_json_prints_the_record()
    {
        var (code, output, _) = await ShowAsync("show", "evpn", "oism", "--device", "spine1");
        Assert.Equal(0, code);
        Assert.Equal("OISM is not enabled on spine1.", output.Trim());

        var json = await ShowAsync("show", "evpn", "oism", "--device", "leaf3", "--json");
        Assert.Equal(0, json.Code);
        using var document = JsonDocument.Parse(json.Out);
        var tenant = document.RootElement.GetProperty("tenants")[0];
        Assert.Equal(10999u, tenant.GetProperty("sbd_vni").GetUInt32());
        Assert.Equal("tenant1", tenant.GetProperty("vrf").GetString());
    }

    [Fact]
    public async Task An_unknown_device_is_an_error()
    {
        var (code, _, error) = await ShowAsync("show", "evpn", "oism", "--device", "nosuch");
        Assert.NotEqual(0, code);
        Assert.Contains("nosuch", error);
    }
}
