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
    public void Up_with_a_missing_topology_file_exits_2_naming_it()
    {
        var (code, _, error) = CliRun.Run("up", "no/such/fabric.yaml", "--exit-when-converged");
        Assert.Equal(2, code);
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
