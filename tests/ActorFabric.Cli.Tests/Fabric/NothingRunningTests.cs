using System.Net;
using System.Net.Sockets;

namespace ActorFabric.Cli.Tests.Fabric;

public class NothingRunningTests
{
    [Fact]
    public void A_client_command_with_no_fabric_answering_says_how_to_start_one()
    {
        // A port that was free a moment ago: nothing listens there.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var (code, _, error) = CliRun.Run("show", "bgp", "summary", "--device", "leaf1", "--api", $"http://127.0.0.1:{port}");
        Assert.Equal(1, code);
        Assert.Contains("no fabric is running: start one with `actorfabric up FILE`", error);
    }

    [Fact]
    public void A_malformed_api_address_is_a_usage_error()
    {
        var (code, _, error) = CliRun.Run("ping", "h1", "h2", "--api", "not a url");
        Assert.Equal(2, code);
        Assert.Contains("--api", error);
    }

    [Fact]
    public void Up_with_a_missing_topology_file_exits_1_naming_it()
    {
        var (code, _, error) = CliRun.Run("up", "no/such/fabric.yaml", "--exit-when-converged");
        Assert.Equal(1, code);
        Assert.Contains("no/such/fabric.yaml", error);
    }

    [Fact]
    public void Show_without_a_device_is_a_usage_error()
    {
        var (code, _, error) = CliRun.Run("show", "bgp", "summary");
        Assert.Equal(2, code);
        Assert.Contains("--device", error);
    }
}

public class StateFileTests
{
    [Fact]
    public void Without_api_or_state_file_a_client_says_no_fabric_is_running()
    {
        var previous = Environment.GetEnvironmentVariable("ACTORFABRIC_STATE_FILE");
        Environment.SetEnvironmentVariable("ACTORFABRIC_STATE_FILE", Path.Combine(Path.GetTempPath(), $"af-none-{Guid.NewGuid():N}.json"));
        try
        {
            var (code, _, error) = CliRun.Run("chaos", "device-stop", "leaf1");
            Assert.Equal(1, code);
            Assert.Equal("actorfabric: no fabric is running: start one with `actorfabric up FILE`", error.Trim());
        }
        finally
        {
            Environment.SetEnvironmentVariable("ACTORFABRIC_STATE_FILE", previous);
        }
    }

    [Fact]
    public void The_state_file_round_trips_and_is_removed_only_by_its_owner()
    {
        var path = Path.Combine(Path.GetTempPath(), $"af-state-{Guid.NewGuid():N}", "current.json");
        new Control.ControlState("http://127.0.0.1:7180", 42, "quickstart", "/x/quickstart.yaml", "virtual").Write(path);
        Assert.Equal("http://127.0.0.1:7180", Control.ControlState.TryRead(path)!.Url);
        Control.ControlState.RemoveIfOwned(path, "http://127.0.0.1:9999");
        Assert.True(File.Exists(path));
        Control.ControlState.RemoveIfOwned(path, "http://127.0.0.1:7180");
        Assert.False(File.Exists(path));
    }
}

public class BenchFabricCommandTests
{
    [Fact]
    public void Bench_fabric_with_a_missing_topology_exits_1_naming_it()
    {
        var (code, _, error) = CliRun.Run("bench", "fabric", "no/such/bench.yaml", "--json");
        Assert.Equal(1, code);
        Assert.Contains("no/such/bench.yaml", error);
    }

    [Fact]
    public void Bench_fabric_on_quickstart_prints_the_issue_keys()
    {
        var (code, output, error) = CliRun.Run("bench", "fabric", RecordedFabric.QuickstartPath, "--json");
        Assert.True(code == 0, error);
        var root = System.Text.Json.JsonDocument.Parse(output).RootElement;
        foreach (var key in new[] { "leaves", "macs", "converge_wall_s", "converge_emulated_s", "peak_bytes", "messages" })
            Assert.True(root.TryGetProperty(key, out _), $"missing {key}");
        Assert.Equal(4, root.GetProperty("leaves").GetInt32());
        Assert.Equal(8, root.GetProperty("macs").GetInt32());
        Assert.True(root.GetProperty("converged").GetBoolean());
    }
}
