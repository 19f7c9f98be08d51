using ActorFabric.Cli.Control;

namespace ActorFabric.Cli.Tests.Fabric;

/// <summary>Tests that change the process's state environment variables run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StateEnvironment
{
    public const string Name = "state environment";
}

[Collection(StateEnvironment.Name)]
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
        new ControlState("http://127.0.0.1:7180", 42, "quickstart", "/x/quickstart.yaml", "virtual") { Token = "t" }.Write(path);
        Assert.Equal("http://127.0.0.1:7180", ControlState.TryRead(path)!.Url);
        Assert.Equal("t", ControlState.TryRead(path)!.Token);
        ControlState.RemoveIfOwned(path, "http://127.0.0.1:9999");
        Assert.True(File.Exists(path));
        ControlState.RemoveIfOwned(path, "http://127.0.0.1:7180");
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Two_fabrics_get_two_owner_only_entries_and_clients_ask_which_one()
    {
        var dir = Directory.CreateTempSubdirectory("af-state-").FullName;
        var self = Environment.ProcessId;
        var first = new ControlState("http://127.0.0.1:7001", self, "quickstart", "/x/q.yaml", "virtual") { Token = "one" }.Register(dir, out var firstPath);
        var second = new ControlState("http://127.0.0.1:7002", self, "quickstart", "/x/q.yaml", "virtual") { Token = "two" }.Register(dir, out var secondPath);
        Assert.Equal(("quickstart", "quickstart-2"), (first.Fabric, second.Fabric));
        Assert.NotEqual(firstPath, secondPath);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(firstPath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dir));
        }

        var ambiguous = Assert.Throws<ControlApiException>(() => ControlApiClient.Locate(null, stateDirectory: dir));
        Assert.Equal("2 fabrics are running (quickstart, quickstart-2): choose one with --fabric NAME", ambiguous.Message);
        Assert.Equal(2, ambiguous.ExitCode);
        using (var chosen = ControlApiClient.Locate(null, "quickstart-2", stateDirectory: dir))
            Assert.Equal(7002, chosen.BaseAddress.Port);
        var unknown = Assert.Throws<ControlApiException>(() => ControlApiClient.Locate(null, "quikstart", stateDirectory: dir));
        Assert.Contains("no fabric 'quikstart' is running; running: quickstart, quickstart-2", unknown.Message);

        // The second stopping removes its own entry only; the only one left is picked without --fabric.
        ControlState.RemoveIfOwned(secondPath, second.Url);
        Assert.True(File.Exists(firstPath));
        using var only = ControlApiClient.Locate(null, stateDirectory: dir);
        Assert.Equal(7001, only.BaseAddress.Port);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void An_entry_left_by_a_process_that_is_gone_is_forgotten()
    {
        var dir = Directory.CreateTempSubdirectory("af-state-").FullName;
        using var gone = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true") { UseShellExecute = false })!;
        gone.WaitForExit();
        new ControlState("http://127.0.0.1:7003", gone.Id, "lab", "/x/lab.yaml", "real").Register(dir, out var stale);
        Assert.Empty(ControlState.List(dir));
        Assert.False(File.Exists(stale));
        var again = new ControlState("http://127.0.0.1:7004", Environment.ProcessId, "lab", "/x/lab.yaml", "real").Register(dir, out _);
        Assert.Equal("lab", again.Fabric);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task A_second_up_does_not_clobber_or_delete_the_first_ones_state()
    {
        var dir = Directory.CreateTempSubdirectory("af-state-").FullName;
        var previous = (Environment.GetEnvironmentVariable("ACTORFABRIC_STATE_DIR"), Environment.GetEnvironmentVariable("ACTORFABRIC_STATE_FILE"));
        Environment.SetEnvironmentVariable("ACTORFABRIC_STATE_DIR", dir);
        Environment.SetEnvironmentVariable("ACTORFABRIC_STATE_FILE", null);
        using var stopFirst = new CancellationTokenSource();
        using var stopSecond = new CancellationTokenSource();
        string[] up = ["up", RecordedFabric.QuickstartPath, "--virtual-time", "--api-port", "0", "--serve", "--json"];
        var first = CliApp.RunAsync(up, new StringWriter(), new StringWriter(), stopFirst.Token);
        var second = CliApp.RunAsync(up, new StringWriter(), new StringWriter(), stopSecond.Token);
        try
        {
            await WaitFor(() => ControlState.List(dir).Count == 2, first, second);
            var ambiguous = CliRun.Run("show", "status");
            Assert.Equal(2, ambiguous.Code);
            Assert.Contains("2 fabrics are running (quickstart, quickstart-2): choose one with --fabric NAME", ambiguous.Err);
            Assert.Equal(0, CliRun.Run("show", "status", "--fabric", "quickstart-2").Code);

            stopSecond.Cancel();
            Assert.Equal(0, await second);
            var left = Assert.Single(ControlState.List(dir));
            var status = CliRun.Run("show", "status");
            Assert.True(status.Code == 0, status.Err);
            Assert.Contains(left.Url, status.Out);
            var write = CliRun.Run("chaos", "device-stop", "leaf2");
            Assert.True(write.Code == 0, write.Err);
            var again = CliRun.Run("chaos", "device-stop", "leaf2");
            Assert.Equal(0, again.Code);
            Assert.Contains("device leaf2 is already stopped; nothing changed", again.Out);
        }
        finally
        {
            stopFirst.Cancel();
            stopSecond.Cancel();
            Environment.SetEnvironmentVariable("ACTORFABRIC_STATE_DIR", previous.Item1);
            Environment.SetEnvironmentVariable("ACTORFABRIC_STATE_FILE", previous.Item2);
        }
        Assert.Equal(0, await first);
        Assert.Empty(ControlState.List(dir));
        Directory.Delete(dir, recursive: true);
    }

    private static async Task WaitFor(Func<bool> condition, params Task[] running)
    {
        // Real processes with a deadline (the fabrics converge on the virtual clock; only the host is real).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            Assert.DoesNotContain(running, t => t.IsCompleted);
            Assert.True(DateTime.UtcNow < deadline, "the fabrics did not register within 60 s");
            await Task.Delay(50);
        }
    }
}
