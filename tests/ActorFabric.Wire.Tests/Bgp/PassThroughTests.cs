using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using static ActorFabric.Wire.Tests.Bgp.RawBgp;

namespace ActorFabric.Wire.Tests.Bgp;

/// <summary>What a route reflector does not understand it must pass on unchanged (RFC 4271 §5, RFC 7606 §7.14, RFC 9136 §3).</summary>
public class PassThroughTests
{
    private static readonly BgpCodecOptions O = BgpCodecOptions.Default;

    private static byte[] Reencode(byte[] message)
    {
        var r = BgpMessageReader.Decode(message, O);
        Assert.Equal(BgpErrorAction.None, r.Action);
        return BgpMessageWriter.ToBytes(r.Message!, O);
    }

    [Fact]
    public void Unknown_optional_transitive_attributes_survive_byte_for_byte_in_order()
    {
        var a = Attr(0xC0, 99, [1, 2, 3]);
        var b = Attr(0xE0, 200, []);                 // Partial bit set, empty value
        var c = Attr(0xD0, 150, [9, 8, 7]);          // Extended Length on a short value
        var m = Update(MpReach(Nlri(Type2)), OriginAttr, AsPathEmptyAttr, LocalPrefAttr, a, b, c);
        Assert.Equal(m, Reencode(m));
    }

    [Fact]
    public void Unknown_extended_communities_survive_byte_for_byte()
    {
        var ec = Attr(0xC0, 16, Hex("4F99 0102030405 06 | 0002FDE8000003E8 | 8877665544332211".Replace("|", "")));
        var m = Update(MpReach(Nlri(Type2)), OriginAttr, AsPathEmptyAttr, LocalPrefAttr, ec);
        Assert.Equal(m, Reencode(m));
        var attrs = ((UpdateMessage)BgpMessageReader.Decode(m, O).Message!).Attributes;
        Assert.Equal(3, attrs.ExtendedCommunities.Length);
        Assert.Equal(0x4F99010203040506UL, attrs.ExtendedCommunities[0].Value);
        Assert.False(attrs.ExtendedCommunities[0].IsTransitive);
    }

    [Fact]
    public void Unknown_evpn_route_types_survive_byte_for_byte_in_reach_and_unreach()
    {
        byte[] t9 = [9, 4, 0xDE, 0xAD, 0xBE, 0xEF];
        byte[] t200 = [200, 0];
        var m = Update(MpUnreach([.. t200, .. Nlri(Type2)]), MpReach([.. t9, .. Nlri(Type2), .. t200]), OriginAttr, AsPathEmptyAttr, LocalPrefAttr);
        Assert.Equal(m, Reencode(m));
    }

    [Fact]
    public void Non_evpn_families_in_mp_attributes_survive_raw()
    {
        // IPv6 unicast: AFI 2 SAFI 1, next hop 16 octets, NLRI 2001:db8::/32
        byte[] nh = [0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
        var reach = Attr(0x80, 14, [0, 2, 1, 16, .. nh, 0, 32, 0x20, 0x01, 0x0D, 0xB8]);
        var m = Update(reach, OriginAttr, AsPathEmptyAttr, LocalPrefAttr);
        Assert.Equal(m, Reencode(m));
    }
}
