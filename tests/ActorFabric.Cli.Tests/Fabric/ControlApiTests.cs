using System.Text.Json;
using ActorFabric.Cli.Control;
using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Tests.Fabric;

/// <summary>The control API and its thin CLI clients against a fabric with recorded answers.</summary>
public sealed class ControlApiTests : IAsyncLifetime
{
    private readonly RecordedFabric _fabric = new();
    private ControlApiServer _server = null!;
    private string _api = "";

    public async Task InitializeAsync()
    {
        _server = await ControlApiServer.StartAsync(_fabric, new ControlApiOptions { Port = 0, CaptureDirectory = Path.GetTempPath() });
        _api = _server.Address.ToString().TrimEnd('/');
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Binds_to_the_loopback_address_only()
    {
        Assert.Equal("127.0.0.1", _server.Address.Host);
        Assert.NotEqual(0, _server.Address.Port);
    }

    [Fact]
    public void Show_bgp_summary_prints_junos_shaped_lines_per_peer()
    {
        var (code, output, _) = CliRun.Run("show", "bgp", "summary", "--device", "leaf1", "--api", _api, "--token", _server.Token);
        Assert.Equal(0, code);
        Assert.Contains("Groups: 1 Peers: 2 Down peers: 1", output);
        var lines = output.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("10.0.0.1 ") && l.Contains("spine1") && l.Contains("Establ bgp.evpn.0: 5/5/5/0") && l.Contains("0:00.035"));
        Assert.Contains(lines, l => l.StartsWith("10.0.0.2 ") && l.Contains("Active") && l.TrimEnd().EndsWith("Down"));
    }

    [Fact]
    public void Show_with_json_prints_the_records_with_snake_case_keys_and_seconds()
    {
        var (code, output, _) = CliRun.Run("show", "bgp", "summary", "-d", "leaf1", "--json", "--api", _api, "--token", _server.Token);
        Assert.Equal(0, code);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal("leaf1", root.GetProperty("device").GetString());
        var peer = root.GetProperty("peers")[0];
        Assert.Equal("Established", peer.GetProperty("state").GetString());
        Assert.Equal(0.035m, peer.GetProperty("last_change").GetDecimal());
        Assert.Equal(5, peer.GetProperty("routes_received").GetInt32());
    }

    [Fact]
    public void Show_evpn_mac_for_one_vni_prints_the_frr_header_and_rows()
    {
        var (code, output, _) = CliRun.Run("show", "evpn", "mac", "--device", "leaf1", "--vni", "10100", "--api", _api, "--token", _server.Token);
        Assert.Equal(0, code);
        Assert.Contains("Number of MACs (local and remote) known for this VNI: 2", output);
        Assert.Matches(@"02:00:00:00:01:01\s+local\s+eth3", output);
        Assert.Matches(@"02:00:00:00:01:03\s+remote\s+10\.0\.0\.13", output);
    }

    [Fact]
    public void Show_route_table_prints_the_junos_header_and_the_reflected_path()
    {
        var (code, output, _) = CliRun.Run("show", "route", "table", "bgp.evpn.0", "--device", "leaf1", "--api", _api, "--token", _server.Token);
        Assert.Equal(0, code);
        Assert.StartsWith("bgp.evpn.0: 2 destinations, 2 routes (2 active, 0 holddown, 0 hidden)", output);
        Assert.Contains("2:10.0.0.13:100::0::02:00:00:00:01:03/304 MAC/IP", output);
        Assert.Contains("*[BGP/170] localpref 100, from 10.0.0.1", output);
        Assert.Contains("*[EVPN/170]", output);
    }

    [Fact]
    public void Show_vxlan_tunnels_and_fdb_list_the_remote_vtep()
    {
        var tunnels = CliRun.Run("show", "vxlan", "tunnels", "--device", "leaf1", "--api", _api, "--token", _server.Token);
        Assert.Equal(0, tunnels.Code);
        Assert.Matches(@"10\.0\.0\.13\s+leaf3\s+2", tunnels.Out);
        Assert.Matches(@"10100\s+0\.0\.0\.0", tunnels.Out);
        var fdb = CliRun.Run("show", "fdb", "--device", "leaf1", "--api", _api, "--token", _server.Token);
        Assert.Equal(0, fdb.Code);
        Assert.Contains("Ethernet switching table : 2 entries, 1 learned", fdb.Out);
        Assert.Matches(@"v100\s+10100\s+02:00:00:00:01:03\s+DR\s+vtep\.10\.0\.0\.13\s+10\.0\.0\.13", fdb.Out);
    }

    [Fact]
    public void Unknown_device_exits_2_with_an_error_naming_it_and_near_matches()
    {
        var (code, output, error) = CliRun.Run("show", "bgp", "summary", "--device", "lef1", "--api", _api, "--token", _server.Token);
        Assert.Equal(2, code); // a name the fabric lacks is bad input
        Assert.Equal("", output);
        Assert.Contains("unknown device 'lef1'", error);
        Assert.Contains("leaf1", error);
    }

    [Fact]
    public void A_name_far_from_every_device_lists_some_devices_that_exist()
    {
        var (code, _, error) = CliRun.Run("show", "fdb", "--device", "zzzzzzzz", "--api", _api, "--token", _server.Token);
        Assert.Equal(2, code); // a name the fabric lacks is bad input
        Assert.Contains("unknown device 'zzzzzzzz'; devices include spine1, spine2, leaf1", error);
    }

    [Fact]
    public void Unknown_route_table_is_an_error_listing_the_table_that_exists()
    {
        var (code, _, error) = CliRun.Run("show", "route", "table", "inet.0", "--device", "leaf1", "--api", _api, "--token", _server.Token);
        Assert.Equal(2, code); // a name the fabric lacks is bad input
        Assert.Contains("inet.0", error);
        Assert.Contains("bgp.evpn.0", error);
    }

    [Fact]
    public void Ping_prints_emulated_round_trips_and_the_path_and_exits_0()
    {
        var (code, output, _) = CliRun.Run("ping", "h1", "h5", "--count", "2", "--api", _api, "--token", _server.Token);
        Assert.Equal(0, code);
        Assert.Contains("64 bytes from 192.168.100.13: icmp_seq=2 ttl=64 time=0.084 ms", output);
        Assert.Contains("2 packets transmitted, 2 received, 0% packet loss", output);
        Assert.Contains("path: h1 -> leaf1 (eth3 -> eth1) -> spine1 (eth1 -> eth3) -> leaf3 (eth1 -> eth3) -> h5", output);
    }

    [Fact]
    public void Ping_takes_an_ipv4_address_as_destination()
    {
        // 192.168.100.13 is h5's address: the same echoes as 'ping h1 h5', named by address.
        var (code, output, error) = CliRun.Run("ping", "h1", "192.168.100.13", "--count", "2", "--api", _api, "--token", _server.Token);
        Assert.True(code == 0, output + error);
        Assert.Contains("64 bytes from 192.168.100.13: icmp_seq=2 ttl=64", output);
        Assert.Contains("2 packets transmitted, 2 received, 0% packet loss", output);
    }

    [Fact]
    public void Ping_to_an_unknown_host_names_it_and_suggests_hosts()
    {
        var (code, _, error) = CliRun.Run("ping", "h1", "h55", "--api", _api, "--token", _server.Token);
        Assert.Equal(2, code); // a name the fabric lacks is bad input
        Assert.Contains("unknown host 'h55'", error);
        Assert.Contains("h5", error);
    }

    [Fact]
    public void Chaos_link_set_sends_the_action_with_its_latency_and_loss()
    {
        var (code, output, _) = CliRun.Run("chaos", "link-set", "leaf1", "spine1", "--latency", "2ms", "--loss", "1%", "--api", _api, "--token", _server.Token);
        Assert.Equal(0, code);
        var action = Assert.IsType<LinkSetAction>(Assert.Single(_fabric.Chaos));
        Assert.Equal(("leaf1", "spine1"), (action.A, action.B));
        Assert.Equal(TimeSpan.FromMilliseconds(2), action.Latency);
        Assert.Equal(0.01, action.Loss!.Value, 9);
        Assert.Contains("applied", output);
    }

    [Fact]
    public void Chaos_vm_move_and_device_stop_reach_the_fabric_in_order()
    {
        Assert.Equal(0, CliRun.Run("chaos", "device-stop", "leaf2", "--api", _api, "--token", _server.Token).Code);
        Assert.Equal(0, CliRun.Run("chaos", "vm-move", "h1", "leaf2:eth5", "--api", _api, "--token", _server.Token).Code);
        Assert.Equal(new ChaosAction[] { new DeviceStopAction("leaf2"), new VmMoveAction("h1", "leaf2", "eth5") }, _fabric.Chaos);
    }

    [Fact]
    public void Chaos_with_a_bad_loss_is_a_usage_error_and_sends_nothing()
    {
        var (code, _, error) = CliRun.Run("chaos", "link-set", "leaf1", "spine1", "--loss", "150%", "--api", _api, "--token", _server.Token);
        Assert.Equal(2, code);
        Assert.Contains("150%", error);
        Assert.Empty(_fabric.Chaos);
    }

    [Fact]
    public void Chaos_on_an_unknown_device_names_it_and_changes_nothing()
    {
        var (code, _, error) = CliRun.Run("chaos", "link-down", "leaf1", "spine9", "--api", _api, "--token", _server.Token);
        Assert.Equal(2, code); // a name the fabric lacks is bad input
        Assert.Contains("unknown device 'spine9'", error);
        Assert.Empty(_fabric.Chaos);
    }

    [Fact]
    public async Task Metrics_are_served_as_prometheus_text()
    {
        using var http = new HttpClient { BaseAddress = _server.Address };
        using var response = await http.GetAsync("/metrics");
        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        var families = PrometheusText.Parse(await response.Content.ReadAsStringAsync());
        var sessions = families["actorfabric_bgp_sessions"];
        Assert.Equal("gauge", sessions.Type);
        Assert.Equal("established", Assert.Single(sessions.Samples).Labels["state"]);
    }

    [Fact]
    public async Task Capture_for_a_duration_advances_virtual_time_then_stops_and_reports_packets()
    {
        var file = Path.Combine(Path.GetTempPath(), $"af-{Guid.NewGuid():N}.pcap");
        var (code, output, _) = CliRun.Run("capture", "leaf1", "spine1", "-o", file, "--duration", "2s", "--api", _api, "--token", _server.Token);
        Assert.Equal(0, code);
        Assert.Equal(TimeSpan.FromSeconds(2), _fabric.Advanced);
        var capture = Assert.Single(await _fabric.CapturesAsync());
        Assert.Equal("leaf1 spine1", capture.Target);
        Assert.Equal(file, capture.Path);
        Assert.False(capture.Active);
        Assert.Contains($"7 packets written to {file}", output);
    }

    [Fact]
    public void Status_reports_clock_time_and_convergence()
    {
        var (code, output, _) = CliRun.Run("show", "status", "--api", _api, "--token", _server.Token);
        Assert.Equal(0, code);
        Assert.Contains("clock        virtual, emulated time 0:00.420", output);
        Assert.Contains("sessions     18/18 established", output);
    }

    [Fact]
    public void Bad_request_bodies_get_400_with_a_json_error()
    {
        using var http = new HttpClient { BaseAddress = _server.Address };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _server.Token);
        using var response = http.PostAsync("/api/chaos", new StringContent("{\"action\":\"link-dance a b\"}", System.Text.Encoding.UTF8, "application/json")).GetAwaiter().GetResult();
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult()).RootElement.GetProperty("error").GetString();
        Assert.Contains("link-dance", error);
    }
}
