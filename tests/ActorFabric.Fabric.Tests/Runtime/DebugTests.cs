using ActorFabric.Fabric.Runtime;
using Xunit.Abstractions;

namespace ActorFabric.Fabric.Tests.Runtime;

public sealed class DebugTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Debug_dump()
    {
        await using var fabric = await QuickstartFabric.StartConvergedAsync();
        var r = await fabric.LinkDownAsync("leaf1", "spine1");
        output.WriteLine(r.ToString());
        await fabric.LinkDownAsync("leaf1", "spine2");
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(2));
        var u = await fabric.UnderlayRoutesAsync("leaf1");
        foreach (var x in u.Routes) output.WriteLine($"{x.Prefix} {x.Metric} {string.Join(",", x.NextHops)}");
        foreach (var p in (await fabric.BgpSummaryAsync("leaf1")).Peers) output.WriteLine(p.ToString());
        var c = await fabric.DataPlaneCountersAsync("leaf1");
        output.WriteLine(string.Join(",", c.Ports));
        output.WriteLine(string.Join(",", c.Drops));
        output.WriteLine(fabric.Metrics.Scrape());
    }
}
