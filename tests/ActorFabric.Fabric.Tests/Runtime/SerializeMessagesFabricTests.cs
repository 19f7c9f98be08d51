using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Fabric.Tests.Runtime;

/// <summary>
/// The quickstart fabric with serialize-messages on: every tell between its actors goes through its serializer, and
/// a message that fails to (Akka logs "Swallowing exception during message send" and drops it) shows up in
/// <see cref="FabricRuntime.Errors"/>.
/// </summary>
public sealed class SerializeMessagesFabricTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fabric-serialize-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Convergence_ping_capture_device_restart_and_vm_move_run_with_serialize_messages_on_and_no_akka_errors()
    {
        await using var fabric = QuickstartFabric.Start();
        Assert.True(fabric.Options.SerializeMessages);
        var capture = await fabric.StartCaptureAsync("leaf1 spine1", Path.Combine(_dir, "leaf1-spine1.pcap"));
        var converged = await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60));
        Assert.True(converged.Converged, $"not converged: {converged.Progress}");

        var ping = await fabric.PingAsync("h1", "h7", 2);
        Assert.True(ping.Success, ping.ToString());
        Assert.NotEmpty(ping.Path);
        Assert.NotEmpty((await fabric.BgpSummaryAsync("leaf1")).Peers);
        Assert.NotEmpty((await fabric.EvpnMacTableAsync("leaf3")).Entries);
        Assert.NotEmpty((await fabric.RouteTableAsync("leaf1")).Routes);
        Assert.NotEmpty((await fabric.VxlanTunnelsAsync("leaf1")).Tunnels);
        Assert.NotEmpty((await fabric.FdbAsync("leaf1")).Entries);
        Assert.NotEmpty((await fabric.UnderlayRoutesAsync("leaf1")).Routes);
        Assert.NotEmpty((await fabric.DataPlaneCountersAsync("leaf1")).Ports);
        Assert.NotEmpty((await fabric.EvpnDatabaseAsync("leaf1")).Entries);

        await fabric.DeviceStopAsync("spine1");
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(5));
        await fabric.DeviceStartAsync("spine1");
        var again = await fabric.WaitConvergedAsync(TimeSpan.FromSeconds(60));
        Assert.True(again.Converged, $"not converged after spine1 restarted: {again.Progress}");

        await fabric.VmMoveAsync("h1", "leaf2", "eth5");
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.True((await fabric.PingAsync("h5", "h1", 2)).Success);

        var flow = await fabric.UdpFlowAsync("h3", "h5", count: 5);
        Assert.Equal(5, flow.Sent);
        Assert.Equal(flow.Sent, flow.Received);

        var stopped = await fabric.StopCaptureAsync(capture.Id);
        Assert.True(stopped.Packets > 0, stopped.ToString());

        Assert.Empty(fabric.Errors);
    }
}
