using System.Net;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Tests.Bridging;

public class ArpSuppressionTableTests
{
    private static readonly IPAddress Ip = IPAddress.Parse("192.168.100.5");
    private static readonly MacAddress Old = MacAddress.Parse("52:54:00:00:00:01");
    private static readonly MacAddress New = MacAddress.Parse("52:54:00:00:00:02");
    private static readonly MacAddress Third = MacAddress.Parse("52:54:00:00:00:03");
    private static readonly IPAddress Vtep2 = IPAddress.Parse("10.0.0.2");
    private static readonly IPAddress Vtep3 = IPAddress.Parse("10.0.0.3");

    private static MacAddress? Resolve(ArpSuppressionTable t, IReadOnlyDictionary<MacAddress, FdbEntry> fdb) =>
        t.TryResolve(Ip, fdb, out var mac) ? mac : null;

    [Fact]
    public void Sources_of_an_ip_in_mid_move_resolve_local_first_then_the_fdb_winner_then_the_lowest_vtep()
    {
        var table = new ArpSuppressionTable();
        var fdb = new Dictionary<MacAddress, FdbEntry> { [Third] = FdbEntry.Remote(Third, Vtep3, 1, default) };
        table.Add(Ip, New, Vtep2);
        table.Add(Ip, New, Vtep2); // repeated: no second source
        Assert.Equal(New, Resolve(table, fdb));
        table.Add(Ip, Third, Vtep3);
        Assert.Equal(Third, Resolve(table, fdb)); // agrees with the FDB
        table.Add(Ip, Old, null);
        Assert.Equal(Old, Resolve(table, fdb)); // local wins
        Assert.Equal(1, table.Count);

        table.Remove(Ip, Old, null);
        Assert.Equal(Third, Resolve(table, fdb));
        table.Remove(Ip, Third, Vtep3);
        Assert.Equal(New, Resolve(table, fdb));
        table.Remove(Ip, New, Vtep3); // another VTEP's source: nothing removed
        Assert.Equal(New, Resolve(table, fdb));
        table.Remove(Ip, New, Vtep2);
        Assert.Null(Resolve(table, fdb));
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void Without_a_local_or_fdb_agreeing_source_the_lowest_vtep_owns_the_ip()
    {
        var table = new ArpSuppressionTable();
        var fdb = new Dictionary<MacAddress, FdbEntry>();
        table.Add(Ip, Third, Vtep3);
        table.Add(Ip, New, Vtep2);
        Assert.Equal(New, Resolve(table, fdb));
        Assert.Equal([(Ip, New)], table.Snapshot(fdb));
    }
}
