using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Fabric.Tests.Runtime;

public sealed class MobilityTests
{
    [Fact]
    public async Task Vm_move_updates_every_remote_fdb_with_the_new_vtep_and_sequence_plus_one()
    {
        await using var fabric = await QuickstartFabric.StartConvergedAsync();
        var h1 = fabric.Topology.Hosts.Single(h => h.Name == "h1");
        string mac = new Wire.Packets.MacAddress(h1.Mac).ToString();
        var before = (await fabric.EvpnMacTableAsync("leaf3", h1.Vni)).Entries.Single(e => e.Mac == mac);
        Assert.Equal("10.0.0.11", before.RemoteVtep);

        await fabric.VmMoveAsync("h1", "leaf2", "eth5");
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(1));

        foreach (var leaf in new[] { "leaf1", "leaf3", "leaf4" })
        {
            var entry = (await fabric.EvpnMacTableAsync(leaf, h1.Vni)).Entries.Single(e => e.Mac == mac);
            Assert.Equal("remote", entry.Kind);
            Assert.Equal("10.0.0.12", entry.RemoteVtep);
            Assert.Equal(before.Sequence + 1, entry.Sequence);
        }
        var local = (await fabric.EvpnMacTableAsync("leaf2", h1.Vni)).Entries.Single(e => e.Mac == mac);
        Assert.Equal("local", local.Kind);
        Assert.Equal("eth5", local.Interface);
        Assert.Equal(before.Sequence + 1, local.Sequence);

        var ping = await fabric.PingAsync("h5", "h1", count: 2);
        Assert.Equal(2, ping.Received);
        Assert.Equal("leaf2", ping.Path[^2].Device);
    }

    [Fact]
    public async Task Flapping_a_host_between_two_leaves_past_the_threshold_marks_the_mac_duplicate()
    {
        await using var fabric = await QuickstartFabric.StartConvergedAsync();
        var h1 = fabric.Topology.Hosts.Single(h => h.Name == "h1");
        string mac = new Wire.Packets.MacAddress(h1.Mac).ToString();

        // 5 moves onto each leaf within 180 s (RFC 7432 §15.1 defaults: N = 5, M = 180 s).
        for (int i = 0; i < 6; i++)
        {
            await fabric.VmMoveAsync("h1", "leaf2", "eth5");
            await fabric.AdvanceAsync(TimeSpan.FromSeconds(1));
            await fabric.VmMoveAsync("h1", "leaf1", "eth3");
            await fabric.AdvanceAsync(TimeSpan.FromSeconds(1));
        }

        var leaf1 = (await fabric.EvpnMacTableAsync("leaf1", h1.Vni)).Entries.Single(e => e.Mac == mac);
        var leaf2 = (await fabric.EvpnMacTableAsync("leaf2", h1.Vni)).Entries.Single(e => e.Mac == mac);
        Assert.True(leaf1.Duplicate || leaf2.Duplicate, $"leaf1 {leaf1}, leaf2 {leaf2}");
    }
}

public sealed class AgingTests
{
    [Fact]
    public async Task Hosts_refresh_their_presence_so_macs_survive_the_aging_time_and_the_fabric_stays_converged()
    {
        await using var fabric = await QuickstartFabric.StartConvergedAsync();
        var aging = fabric.Topology.Settings.MacAging;
        await fabric.AdvanceAsync(aging + aging / 2);
        var progress = fabric.Progress;
        Assert.True(progress.Converged, progress.ToString());
        Assert.Equal(8, (await fabric.EvpnMacTableAsync("leaf1")).Entries.Count);
    }
}
