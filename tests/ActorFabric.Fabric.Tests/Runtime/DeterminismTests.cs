using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Fabric.Tests.Runtime;

public sealed class DeterminismTests
{
    private static async Task<string> RunScenario(int seed)
    {
        await using var fabric = await QuickstartFabric.StartConvergedAsync(seed);
        await fabric.PingAsync("h1", "h7", 2);
        await fabric.LinkDownAsync("leaf1", "spine1");
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(3));
        await fabric.VmMoveAsync("h2", "leaf3", "eth6");
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.True(fabric.TraceEvents > 1000);
        return fabric.TraceDigest;
    }

    [Fact]
    public async Task Same_seed_gives_the_same_event_digest_and_another_seed_a_different_one()
    {
        var a = await RunScenario(7);
        var b = await RunScenario(7);
        var c = await RunScenario(8);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }
}
