using ActorFabric.Protocols.Evpn.Multihoming;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Tests.Evpn.Multihoming;

public class EsImportRouteTargetTests
{
    [Fact]
    public void A_type_1_esi_is_the_ce_lacp_system_mac_then_port_key_then_zero()
    {
        var esi = EthernetSegmentId.FromLacp(MacAddress.Parse("52:54:00:aa:bb:cc"), 0x0102);
        Assert.Equal("01:52:54:00:aa:bb:cc:01:02:00", esi.ToString());
    }

    [Fact]
    public void A_type_3_esi_is_the_system_mac_then_a_three_octet_discriminator()
    {
        var esi = EthernetSegmentId.FromMac(MacAddress.Parse("02:00:00:00:00:01"), 0x00_012A);
        Assert.Equal("03:02:00:00:00:00:01:00:01:2a", esi.ToString());
    }

    [Theory]
    [InlineData("01:52:54:00:aa:bb:cc:01:02:00", 0x0602_5254_00aa_bbccUL)]
    [InlineData("02:00:1b:21:00:00:01:80:00:00", 0x0602_001b_2100_0001UL)]
    [InlineData("03:02:00:00:00:00:01:00:01:2a", 0x0602_0200_0000_0001UL)]
    public void Types_1_to_3_derive_the_es_import_rt_from_the_six_high_order_octets_of_the_value(string esi, ulong expected)
    {
        Assert.Equal(new ExtendedCommunity(expected), EsImportRouteTarget.For(EthernetSegmentId.Parse(esi)));
    }

    [Theory]
    [InlineData("00:11:22:33:44:55:66:77:88:99")]
    [InlineData("04:0a:00:00:01:00:00:00:05:00")]
    [InlineData("05:00:00:fd:e8:00:00:00:05:00")]
    public void Other_types_have_no_derivable_es_import_rt(string esi)
    {
        Assert.Null(EsImportRouteTarget.For(EthernetSegmentId.Parse(esi)));
    }
}
