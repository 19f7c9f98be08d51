using System.Net;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Wire.Tests.Bgp;

/// <summary>Small builders for hand-made (often broken) wire bytes in the error-handling tests.</summary>
internal static class RawBgp
{
    public static byte[] Hex(string s) => Convert.FromHexString(s.Replace(" ", ""));

    public static byte[] Message(byte type, byte[] body)
    {
        var m = new byte[19 + body.Length];
        m.AsSpan(0, 16).Fill(0xFF);
        m[16] = (byte)(m.Length >> 8); m[17] = (byte)m.Length; m[18] = type;
        body.CopyTo(m, 19);
        return m;
    }

    /// <summary>UPDATE with empty IPv4 fields and the given attribute bytes.</summary>
    public static byte[] Update(params byte[][] attributes)
    {
        var attrs = attributes.SelectMany(a => a).ToArray();
        var body = new byte[4 + attrs.Length];
        body[2] = (byte)(attrs.Length >> 8); body[3] = (byte)attrs.Length;
        attrs.CopyTo(body, 4);
        return Message(2, body);
    }

    public static byte[] Attr(byte flags, byte type, byte[] value) =>
        (flags & 0x10) != 0 ? [flags, type, (byte)(value.Length >> 8), (byte)value.Length, .. value] : [flags, type, (byte)value.Length, .. value];

    public static readonly byte[] OriginAttr = Attr(0x40, 1, [0]);
    public static readonly byte[] AsPathEmptyAttr = Attr(0x40, 2, []);
    public static readonly byte[] LocalPrefAttr = Attr(0x40, 5, [0, 0, 0, 100]);

    public static readonly EvpnRoute Type2 = new MacIpAdvertisementRoute(RouteDistinguisher.FromIpv4(IPAddress.Parse("10.0.0.1"), 1), EthernetSegmentId.Zero, 0,
        MacAddress.Parse("00:00:00:00:00:01"), IPAddress.Parse("10.1.1.1"), 10100);

    public static byte[] Nlri(EvpnRoute r)
    {
        var b = new byte[EvpnNlriCodec.GetLength(r)];
        EvpnNlriCodec.Write(r, b);
        return b;
    }

    public static byte[] MpReach(byte[] nlri, byte[]? nextHop = null)
    {
        nextHop ??= [10, 0, 0, 1];
        byte[] value = [0, 25, 70, (byte)nextHop.Length, .. nextHop, 0, .. nlri];
        return Attr(value.Length > 255 ? (byte)0x90 : (byte)0x80, 14, value);
    }

    public static byte[] MpUnreach(byte[] nlri) => Attr(nlri.Length + 3 > 255 ? (byte)0x90 : (byte)0x80, 15, [0, 25, 70, .. nlri]);

    public static BgpDecodeResult Decode(byte[] message, BgpCodecOptions? options = null) => BgpMessageReader.Decode(message, options ?? BgpCodecOptions.Default);
}
