using System.Buffers;
using System.Net;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Wire.Tests.Bgp;

public class UpdatePackerTests
{
    private static List<UpdateMessage> DecodeAll(ReadOnlySpan<byte> wire, BgpCodecOptions o)
    {
        var list = new List<UpdateMessage>();
        while (wire.Length > 0)
        {
            Assert.True(BgpMessageReader.TryReadFrame(wire, o.MaxMessageLength, out int len, out var err), err?.ToString());
            var r = BgpMessageReader.Decode(wire[..len], o);
            Assert.Equal(BgpErrorAction.None, r.Action);
            list.Add((UpdateMessage)r.Message!);
            wire = wire[len..];
        }
        return list;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Announcements_fill_each_update_up_to_the_session_maximum(bool extendedMessage)
    {
        var o = new BgpCodecOptions { ExtendedMessage = extendedMessage };
        var f = new BgpModelFactory(new Random(11));
        var routes = Enumerable.Range(0, 3000).Select(_ => f.Route()).ToArray();
        var attrs = f.Attributes(true, false);
        var w = new ArrayBufferWriter<byte>();
        int n = UpdatePacker.WriteAnnouncements(w, routes, UpdatePacker.EncodeAttributes(attrs, o), IPAddress.Parse("10.0.0.9"), o);
        var updates = DecodeAll(w.WrittenSpan, o);
        Assert.Equal(n, updates.Count);
        Assert.Equal(routes, updates.SelectMany(u => u.MpReach!.EvpnRoutes));
        // Every message but the last is nearly full: the next route would not have fitted.
        var lengths = updates.Select(u => BgpMessageWriter.GetEncodedLength(u, o)).ToArray();
        Assert.All(lengths, l => Assert.True(l <= o.MaxMessageLength));
        int largestRoute = routes.Max(EvpnNlriCodec.GetLength);
        Assert.All(lengths[..^1], l => Assert.True(l > o.MaxMessageLength - largestRoute - 1, $"{l} leaves room for another route"));
    }

    [Fact]
    public void Withdrawals_carry_only_mp_unreach_and_round_trip_with_add_path_ids()
    {
        var o = new BgpCodecOptions { AddPathSendEvpn = true, AddPathReceiveEvpn = true };
        var f = new BgpModelFactory(new Random(5));
        var routes = Enumerable.Range(0, 400).Select(_ => f.Route()).ToArray();
        var ids = Enumerable.Range(1, 400).Select(i => (uint)i).ToArray();
        var w = new ArrayBufferWriter<byte>();
        UpdatePacker.WriteWithdrawals(w, routes, o, ids);
        var updates = DecodeAll(w.WrittenSpan, o);
        Assert.All(updates, u => { Assert.Null(u.MpReach); Assert.Equal(PathAttributes.Empty, u.Attributes); });
        Assert.Equal(routes, updates.SelectMany(u => u.MpUnreach!.EvpnRoutes));
        Assert.Equal(ids, updates.SelectMany(u => u.MpUnreach!.PathIds!));
    }

    [Fact]
    public void Pack_groups_routes_by_attributes_and_next_hop_in_order_of_first_appearance()
    {
        var o = BgpCodecOptions.Default;
        var f = new BgpModelFactory(new Random(9));
        var a1 = new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.Empty, LocalPref = 100, ExtendedCommunities = [ExtendedCommunity.VxlanEncapsulation] };
        var a1Copy = a1 with { }; // equal by value, different instance
        var a2 = a1 with { LocalPref = 200 };
        var nh1 = IPAddress.Parse("10.0.0.1");
        var nh2 = IPAddress.Parse("10.0.0.2");
        var r = Enumerable.Range(0, 6).Select(_ => f.Route(2)).ToArray();
        var ann = new List<EvpnAnnouncement>
        {
            new(r[0], a2, nh1), new(r[1], a1, nh1), new(r[2], a1Copy, nh1), new(r[3], a2, nh1), new(r[4], a1, nh2), new(r[5], a2, nh1),
        };
        var updates = UpdatePacker.Pack(ann, [r[0]], o);
        Assert.Equal(4, updates.Count);
        Assert.Equal([r[0]], updates[0].MpUnreach!.EvpnRoutes);
        Assert.Equal([r[0], r[3], r[5]], updates[1].MpReach!.EvpnRoutes);
        Assert.Equal(a2, updates[1].Attributes);
        Assert.Equal([r[1], r[2]], updates[2].MpReach!.EvpnRoutes);
        Assert.Equal([r[4]], updates[3].MpReach!.EvpnRoutes);
        Assert.Equal(nh2, updates[3].MpReach!.NextHop);
        foreach (var u in updates) Assert.Equal(u, BgpMessageReader.Decode(BgpMessageWriter.ToBytes(u, o), o).Message);
    }

    [Fact]
    public void Object_and_byte_packing_produce_identical_wire_bytes()
    {
        var o = BgpCodecOptions.Default;
        var f = new BgpModelFactory(new Random(21));
        var attrs = f.Attributes(true, false);
        var nh = IPAddress.Parse("10.0.0.1");
        var routes = Enumerable.Range(0, 1000).Select(_ => f.Route()).ToArray();
        var viaObjects = new ArrayBufferWriter<byte>();
        foreach (var u in UpdatePacker.Pack(routes.Select(r => new EvpnAnnouncement(r, attrs, nh)).ToList(), [], o))
            BgpMessageWriter.Write(u, viaObjects, o);
        var viaBytes = new ArrayBufferWriter<byte>();
        UpdatePacker.WriteAnnouncements(viaBytes, routes, UpdatePacker.EncodeAttributes(attrs, o), nh, o);
        Assert.True(viaObjects.WrittenSpan.SequenceEqual(viaBytes.WrittenSpan));
    }

    [Fact]
    public void A_route_that_cannot_fit_any_update_is_refused()
    {
        var o = BgpCodecOptions.Default;
        var huge = new PathAttributes { Unknown = [new UnknownPathAttribute(PathAttributeFlags.Optional | PathAttributeFlags.Transitive, 200, new byte[4090])] };
        Assert.Throws<ArgumentException>(() => UpdatePacker.WriteAnnouncements(new ArrayBufferWriter<byte>(), [new BgpModelFactory(new Random(1)).Route(3)],
            UpdatePacker.EncodeAttributes(huge, o), IPAddress.Loopback, o));
    }
}
