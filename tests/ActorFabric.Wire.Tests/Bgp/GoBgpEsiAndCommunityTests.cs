using System.Net;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;
using static ActorFabric.Wire.Tests.Bgp.GoBgpCapturedUpdates;

namespace ActorFabric.Wire.Tests.Bgp;

/// <summary>ESIs of every type and SoO / Color communities, decoded from UPDATEs GoBGP 3.10 encoded (see <see cref="GoBgpCapturedUpdates"/>).</summary>
public class GoBgpEsiAndCommunityTests
{
    private static UpdateMessage Decode(string body)
    {
        var r = BgpMessageReader.Decode(Message(body), BgpCodecOptions.Default);
        Assert.True(r.Action == BgpErrorAction.None, string.Join("; ", r.Diagnostics));
        return (UpdateMessage)r.Message!;
    }

    private static EthernetSegmentId EsiOf(string body) => Decode(body).MpReach!.EvpnRoutes[0] switch
    {
        EthernetAutoDiscoveryRoute r => r.Esi,
        EthernetSegmentRoute r => r.Esi,
        var other => throw new InvalidOperationException(other.ToString()),
    };

    [Fact]
    public void Type_0_esi_is_nine_arbitrary_octets()
    {
        var f = EsiOf(AdArbitraryEsi).Fields;
        Assert.Equal((EsiType?)EsiType.Arbitrary, f.Type);
        Assert.Equal("112233445566778899", Convert.ToHexString(f.Value));
        Assert.Equal((null, null, null), (f.SystemMac, f.LocalDiscriminator, f.Asn));
    }

    [Fact]
    public void Type_1_esi_gives_the_lacp_system_mac_and_port_key()
    {
        var f = EsiOf(AdLacpEsi).Fields;
        Assert.Equal((EsiType?)EsiType.Lacp, f.Type);
        Assert.Equal((MacAddress?)MacAddress.Parse("aa:bb:cc:dd:ee:ff"), f.SystemMac);
        Assert.Equal((ushort?)100, f.PortKey);
        Assert.Equal("lacp | system mac aa:bb:cc:dd:ee:ff, port key 100", f.ToString());
    }

    [Fact]
    public void Type_2_esi_gives_the_root_bridge_mac_and_priority()
    {
        var f = EsiOf(AdMstpEsi).Fields;
        Assert.Equal((EsiType?)EsiType.Mstp, f.Type);
        Assert.Equal((MacAddress?)MacAddress.Parse("02:00:00:00:00:02"), f.SystemMac);
        Assert.Equal((ushort?)32768, f.BridgePriority);
    }

    [Fact]
    public void Type_3_esi_gives_the_system_mac_and_a_three_octet_discriminator()
    {
        var f = EsiOf(EsMacEsi).Fields;
        Assert.Equal((EsiType?)EsiType.Mac, f.Type);
        Assert.Equal((MacAddress?)MacAddress.Parse("02:00:00:00:00:03"), f.SystemMac);
        Assert.Equal((uint?)1193046, f.LocalDiscriminator);
    }

    [Fact]
    public void Type_4_esi_gives_the_router_id_and_discriminator()
    {
        var f = EsiOf(EsRouterIdEsi).Fields;
        Assert.Equal((EsiType?)EsiType.RouterId, f.Type);
        Assert.Equal(IPAddress.Parse("10.0.0.4"), f.RouterId);
        Assert.Equal((uint?)7, f.LocalDiscriminator);
    }

    [Fact]
    public void Type_5_esi_gives_a_four_octet_as_and_discriminator()
    {
        var f = EsiOf(EsAsEsi).Fields;
        Assert.Equal((EsiType?)EsiType.As, f.Type);
        Assert.Equal((uint?)4200000000, f.Asn);
        Assert.Equal((uint?)9, f.LocalDiscriminator);
    }

    [Fact]
    public void Lacp_mac_and_as_factories_build_the_esis_gobgp_encodes()
    {
        Assert.Equal(EsiOf(AdLacpEsi), EthernetSegmentId.FromLacp(MacAddress.Parse("aa:bb:cc:dd:ee:ff"), 100));
        Assert.Equal(EsiOf(EsMacEsi), EthernetSegmentId.FromMac(MacAddress.Parse("02:00:00:00:00:03"), 1193046));
        Assert.Throws<ArgumentOutOfRangeException>(() => EthernetSegmentId.FromMac(MacAddress.Parse("02:00:00:00:00:03"), 0x100_0000));
        Assert.Equal(EsiOf(EsAsEsi), EthernetSegmentId.FromAs(4200000000, 9));
    }

    [Theory]
    [InlineData(nameof(EsMacEsi))]
    [InlineData(nameof(EsRouterIdEsi))]
    [InlineData(nameof(EsAsEsi))]
    public void Site_of_origin_is_named_in_all_three_layouts(string vector)
    {
        var body = (string)typeof(GoBgpCapturedUpdates).GetField(vector)!.GetRawConstantValue()!;
        var soo = Decode(body).Attributes.ExtendedCommunities.Where(c => c.IsSiteOfOrigin).Select(c => c.ToString());
        Assert.Equal(["SoO:65000:100", "SoO:10.0.0.1:7", "SoO:4200000000:9"], soo);
    }

    [Fact]
    public void Color_is_named_with_its_value()
    {
        var c = Assert.Single(Decode(FlowspecColor).Attributes.ExtendedCommunities);
        Assert.True(c.IsColor);
        Assert.Equal(100u, c.ColorValue);
        Assert.Equal("Color:100", c.ToString());
    }

    [Fact]
    public void An_update_body_without_its_header_decodes_like_the_framed_message()
    {
        var framed = BgpMessageReader.Decode(Message(EsAsEsi), BgpCodecOptions.Default);
        var bare = BgpMessageReader.DecodeUpdateBody(Convert.FromHexString(EsAsEsi), BgpCodecOptions.Default);
        Assert.Equal(BgpErrorAction.None, bare.Action);
        Assert.Equal(framed.Message, bare.Message);
    }

    // Not from GoBGP (it cannot originate these): layouts per RFC 8584 §2.2 / RFC 9785 and RFC 9251 §9.4 / RFC 9625 §8.
    [Theory]
    [InlineData("0606018000000000", "DF: (alg: 1 hrw, bmap: 0x8000 [D:dont-preempt] pref: 0)")]
    [InlineData("060603C000000064", "DF: (alg: 3 lowest-preference, bmap: 0xc000 [D:dont-preempt,A:ac-df] pref: 100)")]
    [InlineData("0609010B00000000", "MC-Flags:0x010b [oism-sbd,oism,M:mld-proxy,I:igmp-proxy]")]
    public void Df_election_and_multicast_flag_bits_are_named_beside_the_raw_value(string hex, string text) =>
        Assert.Equal(text, ExtendedCommunity.Read(Convert.FromHexString(hex)).ToString());

    [Fact]
    public void Smet_flag_bits_are_named()
    {
        Assert.Equal(["v2", "v3", "exclude"], ExtendedCommunityText.MulticastRouteFlagNames(MulticastRouteFlags.IgmpV2 | MulticastRouteFlags.IgmpV3 | MulticastRouteFlags.Exclude));
    }
}
