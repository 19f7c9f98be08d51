using ActorFabric.Fabric.Runtime;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Xunit.Abstractions;

namespace ActorFabric.Fabric.Tests.Runtime;

public sealed class DebugTests(ITestOutputHelper output)
{
    private sealed class Sink(List<string> lines) : ILogEventSink
    {
        public void Emit(LogEvent e) { lock (lines) lines.Add(e.RenderMessage() + " " + e.Exception); }
    }

    [Fact]
    public async Task Debug_dump()
    {
        var lines = new List<string>();
        var log = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(new Sink(lines)).CreateLogger();
        await using var fabric = FabricRuntime.Start(QuickstartFabric.Load(), new FabricRunOptions { SerializeMessages = true, Logger = log });
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(5));
        output.WriteLine($"now {fabric.Now} processed {fabric.MessagesProcessed} {fabric.Progress}");
        foreach (var l in lines.Take(10)) output.WriteLine(l);
        var u = await fabric.UnderlayRoutesAsync("leaf1");
        foreach (var r in u.Routes) output.WriteLine($"{r.Prefix} {r.Metric} {string.Join(",", r.NextHops)}");
        var b = await fabric.BgpSummaryAsync("leaf1");
        foreach (var p in b.Peers) output.WriteLine(p.ToString());
        b = await fabric.BgpSummaryAsync("spine1");
        foreach (var p in b.Peers) output.WriteLine(p.ToString());
    }
}
