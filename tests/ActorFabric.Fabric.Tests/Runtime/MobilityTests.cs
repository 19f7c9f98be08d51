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
    public async Task A_host_flapping_between_two_leaves_is_a_duplicate_on_both_at_the_fifth_move()
    {
        await using var fabric = await QuickstartFabric.StartConvergedAsync();
        var h1 = fabric.Topology.Hosts.Single(h => h.Name == "h1");
        string mac = new Wire.Packets.MacAddress(h1.Mac).ToString();
        async Task<(bool Leaf1, bool Leaf2)> Duplicate() =>
            ((await fabric.EvpnMacTableAsync("leaf1", h1.Vni)).Entries.Single(e => e.Mac == mac).Duplicate,
             (await fabric.EvpnMacTableAsync("leaf2", h1.Vni)).Entries.Single(e => e.Mac == mac).Duplicate);

        // RFC 7432 §15.1 defaults N = 5, M = 180 s; each leaf counts every move it sees, whichever side won it.
        for (int move = 1; move <= 5; move++)
        {
            if (move % 2 == 1) await fabric.VmMoveAsync("h1", "leaf2", "eth5");
            else await fabric.VmMoveAsync("h1", "leaf1", "eth3");
            await fabric.AdvanceAsync(TimeSpan.FromSeconds(1));
            Assert.Equal(move == 5 ? (true, true) : (false, false), await Duplicate());
        }
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
