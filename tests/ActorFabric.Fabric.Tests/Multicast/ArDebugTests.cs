namespace ActorFabric.Fabric.Tests.Multicast;

public sealed class ArDebugTests
{
    [Fact]
    public async Task Dump()
    {
        var topology = ArFabric.Load(yaml => yaml.Replace("  snooping: true", "  snooping: false"));
        await using var fabric = await ArFabric.StartAsync(topology);
        var o = await ArFabric.StreamAsync(fabric, "leaf4-h", ["mh-rx", "nve1-h", "rep1-rx", "rep-mh"]);
        var lines = new List<string>();
        foreach (var d in ArFabric.Vteps) lines.Add($"{d}: {o.Flows[d]} asr={o.Reports[d].AssistedReceived} asc={o.Reports[d].AssistedCopies}");
        foreach (var r in o.Receivers.Receivers) lines.Add($"{r.Host}: joined={r.Joined} packets={r.Packets} dup={r.Duplicates} unsol={r.Unsolicited}");
        File.WriteAllLines("/tmp/debug.txt", lines);
    }
}
