using System.Buffers;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Wire.Tests.Bgp;

/// <summary>FsCheck round trips: decode(encode(x)) == x and re-encoding gives the same bytes, for every model type.</summary>
public class RoundTripPropertyTests
{
    private static readonly BgpCodecOptions[] Sessions =
    [
        BgpCodecOptions.Default,
        new() { FourOctetAs = false },
        new() { AddPathReceiveEvpn = true, AddPathSendEvpn = true },
        new() { ExternalPeer = true, ExtendedMessage = true },
    ];

    [Theory]
    [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(4)] [InlineData(5)] [InlineData(6)] [InlineData(7)] [InlineData(8)] [InlineData(9)]
    public void Every_evpn_route_type_round_trips(int type) => BgpGen.Check(f => f.Route(type), route =>
    {
        var b = new byte[EvpnNlriCodec.GetLength(route)];
        int n = EvpnNlriCodec.Write(route, b);
        return n == b.Length && EvpnNlriCodec.TryRead(b, out var back, out int used, out _) && used == n &&
               back.Equals(route) && EvpnRouteKeyComparer.Instance.Equals(back, route) &&
               EvpnRouteKeyComparer.Instance.GetHashCode(back) == EvpnRouteKeyComparer.Instance.GetHashCode(route);
    });

    [Fact]
    public void Extended_communities_round_trip_and_keep_their_kind() => BgpGen.Check(f => f.ExtendedCommunity(), c =>
    {
        var b = new byte[8];
        c.Write(b);
        var back = ExtendedCommunity.Read(b);
        return back == c && back.ToString() == c.ToString() && back.IsRouteTarget == c.IsRouteTarget;
    }, 1000);

    [Theory]
    [InlineData(0)] [InlineData(1)] [InlineData(2)] [InlineData(3)]
    public void Path_attributes_round_trip(int session) => BgpGen.Check(f => f.Attributes(Sessions[session].FourOctetAs, Sessions[session].ExternalPeer), attrs =>
    {
        var o = Sessions[session];
        var b = PathAttributeCodec.ToBytes(attrs, o);
        var back = PathAttributeCodec.Decode(b, o);
        return back.Action == BgpErrorAction.None && back.Attributes.Equals(attrs) && PathAttributeCodec.ToBytes(back.Attributes, o).AsSpan().SequenceEqual(b);
    });

    [Theory]
    [InlineData(0)] [InlineData(1)] [InlineData(2)] [InlineData(3)]
    public void Every_message_type_round_trips(int session) => BgpGen.Check(f => f.Message(Sessions[session]), m =>
    {
        var o = Sessions[session];
        var b = BgpMessageWriter.ToBytes(m, o);
        if (!BgpMessageReader.TryReadFrame(b, o.MaxMessageLength, out int len, out var err) || len != b.Length || err is not null) return false;
        var r = BgpMessageReader.Decode(b, o);
        return r.Action == BgpErrorAction.None && r.Message!.Equals(m) && BgpMessageWriter.ToBytes(r.Message, o).AsSpan().SequenceEqual(b);
    }, 500);

    [Fact]
    public void Open_with_many_capabilities_uses_extended_optional_parameters_and_round_trips()
    {
        var caps = Enumerable.Range(0, 120).Select(i => (Capability)new MultiprotocolCapability((ushort)i, 1)).ToArray();
        var open = new OpenMessage(4, 65000, 90, 1, caps);
        var b = BgpMessageWriter.ToBytes(open, BgpCodecOptions.Default);
        Assert.Equal(255, b[28]); // RFC 9072 marker
        Assert.Equal(open, BgpMessageReader.Decode(b, BgpCodecOptions.Default).Message);
    }

    [Fact]
    public void Writer_into_buffer_writer_matches_to_bytes() => BgpGen.Check(f => f.Message(BgpCodecOptions.Default), m =>
    {
        var w = new ArrayBufferWriter<byte>();
        BgpMessageWriter.Write(m, w, BgpCodecOptions.Default);
        return w.WrittenSpan.SequenceEqual(BgpMessageWriter.ToBytes(m, BgpCodecOptions.Default)) &&
               w.WrittenCount == BgpMessageWriter.GetEncodedLength(m, BgpCodecOptions.Default);
    }, 100);
}
