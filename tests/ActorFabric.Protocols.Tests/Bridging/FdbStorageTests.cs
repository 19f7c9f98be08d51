using System.Net;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Tests.Bridging;

/// <summary>The bridge domain stores FDB entries compactly; what goes in must come out unchanged through every read path.</summary>
public class FdbStorageTests
{
    private static readonly MacAddress A = MacAddress.Parse("52:54:00:00:00:0a");
    private static readonly MacAddress B = MacAddress.Parse("52:54:00:00:00:0b");
    private static readonly MacAddress C = MacAddress.Parse("52:54:00:00:00:0c");
    private static readonly EthernetSegmentId Esi = new(0x0011_2233_4455_6677, 0x8899);

    [Fact]
    public void Local_and_remote_entries_with_and_without_esi_read_back_unchanged()
    {
        var bd = new BridgeDomain(100, 10100, 0);
        FdbEntry[] entries =
        [
            FdbEntry.Local(A, FdbEntryKind.Learned, new PortId(7), Esi),
            FdbEntry.Remote(B, IPAddress.Parse("10.0.0.2"), 10100, default),
            FdbEntry.Local(C, FdbEntryKind.Static, new PortId(3), default),
        ];
        foreach (var e in entries) bd.SetFdb(e);

        foreach (var e in entries)
        {
            Assert.True(bd.TryLookup(e.Mac, out var got));
            Assert.Equal(e, got);
            Assert.Equal(e, bd.Fdb[e.Mac]);
        }
        Assert.Equal(entries.OrderBy(e => e.Mac), bd.FdbSnapshot());
        Assert.Equal(entries, bd.Fdb.Values);
        Assert.Equal(entries.Select(e => new KeyValuePair<MacAddress, FdbEntry>(e.Mac, e)), bd.Fdb);
        Assert.Equal(3, bd.Fdb.Count);
        Assert.False(bd.Fdb.ContainsKey(MacAddress.Parse("52:54:00:00:00:99")));
        Assert.Throws<KeyNotFoundException>(() => bd.Fdb[MacAddress.Parse("52:54:00:00:00:99")]);
    }

    [Fact]
    public void Replacing_an_entry_drops_its_old_esi_and_removal_forgets_it()
    {
        var bd = new BridgeDomain(100, 10100, 0);
        bd.SetFdb(FdbEntry.Local(A, FdbEntryKind.Learned, new PortId(1), Esi));
        var remote = FdbEntry.Remote(A, IPAddress.Parse("10.0.0.3"), 10100, default);
        bd.SetFdb(remote);
        Assert.Equal(remote, bd.Fdb[A]);

        bd.SetFdb(FdbEntry.Remote(A, IPAddress.Parse("10.0.0.3"), 10100, Esi));
        Assert.Equal(Esi, bd.Fdb[A].Esi);
        Assert.True(bd.RemoveFdb(A));
        Assert.False(bd.RemoveFdb(A));
        Assert.False(bd.TryLookup(A, out _));
        bd.SetFdb(FdbEntry.Local(A, FdbEntryKind.Learned, new PortId(2), default));
        Assert.True(bd.Fdb[A].Esi.IsZero);
    }
}
