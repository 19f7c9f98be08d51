using ActorFabric.Cli.Report;

namespace ActorFabric.Cli.Tests.Report;

/// <summary>What the report says followed each chaos action, from the samples around it.</summary>
public class ActionReconvergenceTests
{
    private static readonly IReadOnlyList<ActionReconvergence> All = ReportFixture.Report().Reconvergence;

    [Fact]
    public void Each_action_is_watched_until_the_next_later_action_or_the_last_sample()
    {
        Assert.Equal([4, 5, 8], All.Select(r => r.WindowEnd.TotalSeconds));
    }

    [Fact]
    public void A_device_that_lost_a_session_is_listed_with_its_figures_and_when_it_changed()
    {
        var leaf1 = Assert.Single(All[0].Devices);
        Assert.Equal("leaf1", leaf1.Device);
        Assert.Equal(new DeviceFigures(2, 18, 8), leaf1.Before);
        Assert.Equal(new DeviceFigures(1, 18, 8), leaf1.Lowest);
        Assert.Equal(new DeviceFigures(1, 18, 8), leaf1.End);
        Assert.Equal(TimeSpan.FromMilliseconds(500), leaf1.FirstChange);
        Assert.Equal(TimeSpan.FromMilliseconds(500), leaf1.Settled);
        Assert.Null(leaf1.Restored); // still down when the link comes back up at 4 s
        Assert.True(All[0].LeftConvergence);
        Assert.Null(All[0].ReconvergedAfter);
    }

    [Fact]
    public void The_fabric_reconvergence_time_counts_from_the_action_to_the_first_converged_sample()
    {
        Assert.False(All[1].ConvergedBefore);
        Assert.Equal(TimeSpan.FromMilliseconds(500), All[1].ReconvergedAfter);
        var leaf1 = Assert.Single(All[1].Devices);
        Assert.Equal(2, leaf1.End.Sessions);
    }

    [Fact]
    public void A_device_back_at_its_pre_action_figures_says_since_when()
    {
        var samples = ReportFixture.Samples();
        // Watched from 2 s to the end with no later action: leaf1 leaves at 2.5 s and is back at 4.5 s for good.
        var mark = new ChaosMark(1, TimeSpan.FromSeconds(2), "link-down leaf1 spine1", null, [], [], []);
        var leaf1 = DeviceReconvergence.Of("leaf1", 2, samples[4], samples.Skip(5).Take(6).ToList(), mark.At)!;
        Assert.Equal(TimeSpan.FromMilliseconds(2500), leaf1.Restored);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), leaf1.Settled);
        Assert.Null(DeviceReconvergence.Of("leaf2", 3, samples[4], samples.Skip(5).Take(6).ToList(), mark.At));
    }

    [Fact]
    public void Devices_whose_figures_did_not_move_are_left_out()
    {
        Assert.Equal(["spine2", "leaf1", "leaf2", "leaf3", "leaf4"], All[2].Devices.Select(d => d.Device));
        Assert.Equal(0, All[2].Devices[0].End.Sessions);
    }
}
