using System.Text.Json;
using ActorFabric.Cli.Output;
using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Tests.Fabric;

public class EvpnMacTextTests
{
    private static readonly EvpnMacTable Table = new("leaf2", 10100,
    [
        new EvpnMacEntry(10100, "02:00:00:00:01:01", "remote", null, "10.0.0.11", null, 0, false, Sticky: true, StickyConflicts: 3),
        new EvpnMacEntry(10100, "02:00:00:00:01:02", "local", "eth3", null, null, 0, false, Sticky: true),
        new EvpnMacEntry(10100, "02:00:00:00:01:03", "remote", null, "10.0.0.13", null, 6, true),
        new EvpnMacEntry(10100, "02:00:00:00:01:04", "local", "eth4", null, null, 2, false),
    ]);

    [Fact]
    public void Sticky_macs_and_sticky_conflicts_show_in_the_flags_column()
    {
        var output = new StringWriter();
        EvpnMacText.Write(Table, output);
        string text = output.ToString();

        Assert.Matches(@"02:00:00:00:01:01\s+remote\s+10\.0\.0\.11\s+0\s+sticky sticky-conflict\r?\n", text);
        Assert.Matches(@"02:00:00:00:01:02\s+local\s+eth3\s+0\s+sticky\r?\n", text);
        Assert.Matches(@"02:00:00:00:01:03\s+remote\s+10\.0\.0\.13\s+6\s+duplicate\r?\n", text);
        Assert.Matches(@"02:00:00:00:01:04\s+local\s+eth4\s+2\r?\n", text);
    }

    [Fact]
    public void The_json_view_carries_the_sticky_flag_and_the_conflict_count()
    {
        var entries = JsonDocument.Parse(CliJson.Serialize(Table)).RootElement.GetProperty("entries");
        Assert.True(entries[0].GetProperty("sticky").GetBoolean());
        Assert.Equal(3, entries[0].GetProperty("sticky_conflicts").GetInt32());
        Assert.False(entries[3].GetProperty("sticky").GetBoolean());
        Assert.Equal(0, entries[3].GetProperty("sticky_conflicts").GetInt32());
    }
}
