using ActorFabric.Wire.Packets;
using Xunit.Abstractions;
using static ActorFabric.Fabric.Tests.DataPlane.DataPlaneTestFabric;
namespace ActorFabric.Fabric.Tests.DataPlane;
public sealed class DebugTests(ITestOutputHelper output)
{
    [Fact]
    public void Dump()
    {
        using var f = new DataPlaneTestFabric();
        int mark = f.Wire.Count;
        foreach (var w in f.Wire) if (FrameDescription.Parse(w.Frame).Frame.EtherType != (EtherType)0x88B5) output.WriteLine($"{w.At} {w.From}:{w.FromPort} > {w.To}:{w.ToPort} {FrameDescription.Parse(w.Frame)}");
        output.WriteLine("----");
        var s = f["h1"].Ping(HostIp(2), 2, TimeSpan.FromSeconds(1), 8, f.Now);
        f.RunFor(TimeSpan.FromSeconds(3));
        for (int i = mark; i < f.Wire.Count; i++) { var w = f.Wire[i]; if (FrameDescription.Parse(w.Frame).Frame.EtherType != (EtherType)0x88B5) output.WriteLine($"{w.At} {w.From}:{w.FromPort} > {w.To}:{w.ToPort} {FrameDescription.Parse(w.Frame)}"); }
        foreach (var sw in f.Switches) output.WriteLine(sw.DataPlane.Counters().ToString() + string.Join(",", sw.DataPlane.Counters().Drops));
        while (f["h1"].TryPollEvent(out var e)) output.WriteLine(e.ToString());
    }
}
