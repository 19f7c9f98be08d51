namespace ActorFabric.Cli.Tests.Fabric;

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
