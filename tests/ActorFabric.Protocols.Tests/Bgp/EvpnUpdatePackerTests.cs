using System.Buffers;
using System.Net;
using ActorFabric.Protocols.Bgp.Speaker;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using static ActorFabric.Protocols.Tests.Bgp.BgpTestData;

namespace ActorFabric.Protocols.Tests.Bgp;

public class EvpnUpdatePackerTests
{
    private static readonly IPAddress Nh = IPAddress.Parse("10.0.0.1");

    [Fact]
    public void Routes_with_identical_attributes_share_an_update_and_different_ones_do_not()
    {
        var packer = new EvpnUpdatePacker();
        var a = Attributes(10100);
        var aCopy = Attributes(10100); // equal by value, another instance
        var b = Attributes(20200);
        packer.Announce(MacRoute("10.0.0.1", 1), a, Nh);
        packer.Announce(MacRoute("10.0.0.1", 2), b, Nh);
        packer.Announce(MacRoute("10.0.0.1", 3), aCopy, Nh);
        packer.Announce(MacRoute("10.0.0.1", 4), a, IPAddress.Parse("10.0.0.2"));
        packer.Withdraw(MacRoute("10.0.0.1", 5));
        packer.Withdraw(MacRoute("10.0.0.1", 6));
        var packed = new List<PackedUpdate>();
        packer.Build(4096, packed);

        Assert.Equal(4, packed.Count);
        Assert.Equal([MacRoute("10.0.0.1", 5), MacRoute("10.0.0.1", 6)], packed[0].Message.MpUnreach!.EvpnRoutes);
        Assert.Null(packed[0].Message.MpReach);
        Assert.Equal([MacRoute("10.0.0.1", 1), MacRoute("10.0.0.1", 3)], packed[1].Message.MpReach!.EvpnRoutes);
        Assert.Equal(a, packed[1].Message.Attributes);
        Assert.Equal([MacRoute("10.0.0.1", 2)], packed[2].Message.MpReach!.EvpnRoutes);
        Assert.Equal(IPAddress.Parse("10.0.0.2"), packed[3].Message.MpReach!.NextHop);
        Assert.True(packer.IsEmpty);
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(65535)]
    public void Updates_are_split_to_fit_the_message_size(int max)
    {
        var packer = new EvpnUpdatePacker();
        var attributes = Attributes();
        var routes = Enumerable.Range(0, 5000).Select(i => (EvpnRoute)MacRoute("10.0.0.1", i)).ToList();
        foreach (var r in routes) packer.Announce(r, attributes, Nh);
        var packed = new List<PackedUpdate>();
        packer.Build(max, packed);

        Assert.Equal(routes, packed.SelectMany(p => p.Message.MpReach!.EvpnRoutes));
        foreach (var p in packed)
        {
            int size = EvpnUpdateSizing.UpdateOverhead + EvpnUpdateSizing.MpReachOverhead + EvpnUpdateSizing.AttributesLength(attributes)
                       + p.Message.MpReach!.EvpnRoutes.Sum(EvpnUpdateSizing.RouteLength);
            Assert.True(size <= max);
        }
        // Packed densely: every UPDATE but the last is more than 90 % full.
        foreach (var p in packed.SkipLast(1))
            Assert.True(p.Message.MpReach!.EvpnRoutes.Sum(EvpnUpdateSizing.RouteLength) > (max - 200) * 0.9);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Written_updates_stay_within_the_session_maximum_and_decode_to_the_routes_in_order(bool extendedMessage)
    {
        // RFC 4271 §4.3 caps an UPDATE at 4096 octets; RFC 8654 raises it to 65535 once both sides advertise it.
        var options = new BgpCodecOptions { ExtendedMessage = extendedMessage };
        var packer = new EvpnUpdatePacker();
        var attributes = Attributes(10100, ExtendedCommunity.MacMobility(3, false));
        var routes = Enumerable.Range(0, 3000)
            .Select(i => (EvpnRoute)(i % 3 == 0 ? MacRoute("10.0.0.1", i) with { Ip = IPAddress.Parse($"192.0.{i >> 8 & 0xFF}.{i & 0xFF}"), Label2 = 50000 } : MacRoute("10.0.0.1", i)))
            .ToList();
        foreach (var r in routes) packer.Announce(r, attributes, Nh);
        var output = new ArrayBufferWriter<byte>();
        int written = packer.BuildInto(output, options);

        var decoded = new List<UpdateMessage>();
        for (var wire = output.WrittenSpan; wire.Length > 0;)
        {
            Assert.True(BgpMessageReader.TryReadFrame(wire, options.MaxMessageLength, out int length, out var error), error?.ToString());
            var result = BgpMessageReader.Decode(wire[..length], options);
            Assert.Equal(BgpErrorAction.None, result.Action);
            decoded.Add((UpdateMessage)result.Message!);
            wire = wire[length..];
        }
        Assert.Equal(written, decoded.Count);
        Assert.True(written > 1);
        Assert.All(decoded, u => { Assert.Equal(attributes, u.Attributes); Assert.Equal(Nh, u.MpReach!.NextHop); });
        Assert.Equal(routes, decoded.SelectMany(u => u.MpReach!.EvpnRoutes));
        Assert.True(packer.IsEmpty);
    }

    [Fact]
    public void Type_2_route_length_matches_the_wire_layout()
    {
        // type(1) len(1) RD(8) ESI(10) tag(4) maclen(1) mac(6) iplen(1) ip(0/4/16) label1(3) [label2(3)]
        Assert.Equal(2 + 33, EvpnUpdateSizing.RouteLength(MacRoute("10.0.0.1", 1)));
        Assert.Equal(2 + 33 + 4 + 3, EvpnUpdateSizing.RouteLength(MacRoute("10.0.0.1", 1) with { Ip = IPAddress.Parse("192.0.2.1"), Label2 = 5000 }));
        Assert.Equal(2 + 13 + 4, EvpnUpdateSizing.RouteLength(new InclusiveMulticastRoute(default, 0, Nh)));
    }
}
