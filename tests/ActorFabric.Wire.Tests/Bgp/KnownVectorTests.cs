using System.Net;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Wire.Tests.Bgp;

/// <summary>Hand-built bytes following the RFC layouts (RFC 7432 §7, RFC 9136 §3.1, RFC 9251 §9, RFC 4724 §2, RFC 8365).</summary>
public class KnownVectorTests
{
    private static byte[] Hex(string s) => Convert.FromHexString(s.Replace(" ", ""));
    private static readonly RouteDistinguisher Rd = RouteDistinguisher.FromIpv4(IPAddress.Parse("10.0.0.1"), 100);
    private const string RdHex = "0001 0A000001 0064";
    private const string Esi0 = "00000000000000000000";

    [Fact]
    public void Evpn_end_of_rib_is_a_lone_empty_mp_unreach()
    {
        var bytes = BgpMessageWriter.ToBytes(UpdateMessage.EndOfRib(25, 70), BgpCodecOptions.Default);
        Assert.Equal(Hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF 001D 02 0000 0006 800F03001946"), bytes);
        var decoded = BgpMessageReader.Decode(bytes, BgpCodecOptions.Default);
        Assert.Equal(BgpErrorAction.None, decoded.Action);
        Assert.True(((UpdateMessage)decoded.Message!).IsEndOfRib(out var afi, out var safi));
        Assert.Equal((25, 70), ((int)afi, (int)safi));
    }

    [Fact]
    public void Ipv4_end_of_rib_is_an_empty_update_of_23_octets()
    {
        var bytes = BgpMessageWriter.ToBytes(UpdateMessage.EndOfRib(1, 1), BgpCodecOptions.Default);
        Assert.Equal(23, bytes.Length);
        Assert.True(((UpdateMessage)BgpMessageReader.Decode(bytes, BgpCodecOptions.Default).Message!).IsEndOfRib(out var afi, out _));
        Assert.Equal(1, afi);
    }

    [Fact]
    public void Auto_derived_route_target_for_vxlan_vni_10100_in_as_65000()
    {
        var rt = ExtendedCommunity.AutoDerivedRouteTarget(65000, 10100);
        var b = new byte[8];
        rt.Write(b);
        Assert.Equal(Hex("0002FDE810002774"), b);
        Assert.Equal("RT:65000:268445556", rt.ToString());
    }

    [Fact]
    public void Evi_route_target_carries_the_route_target_value_under_evpn_type()
    {
        var rt = ExtendedCommunity.RouteTargetIpv4(0x0A000001, 7);
        var evi = ExtendedCommunity.EviRouteTarget(rt);
        Assert.Equal(0x060B0A0000010007UL, evi.Value);
        Assert.True(evi.IsEviRouteTarget);
        Assert.False(evi.IsRouteTarget);
        Assert.Equal(rt, evi.EviRouteTargetValue);
    }

    [Fact]
    public void Vxlan_encapsulation_community_bytes()
    {
        var b = new byte[8];
        ExtendedCommunity.VxlanEncapsulation.Write(b);
        Assert.Equal(Hex("030C000000000008"), b);
    }

    [Theory]
    [InlineData("0002FDE8000003E8", "RT:65000:1000")]
    [InlineData("01020A0000010064", "RT:10.0.0.1:100")]
    [InlineData("0202FDE8FDE80064", "RT:4259905000:100")]
    [InlineData("0600010000000007", "MM:7, sticky MAC")]
    [InlineData("0601010000000000", "ESI-label-Rt:SA:0")]
    [InlineData("0602001122334455", "ES-Import-Rt:00:11:22:33:44:55")]
    [InlineData("0603001122334455", "Rmac:00:11:22:33:44:55")]
    [InlineData("030D000000000000", "Default Gateway")]
    [InlineData("0609000100000000", "MC-Flags:0x0001 [I:igmp-proxy]")]
    [InlineData("0606024000007FFF", "DF: (alg: 2 highest-preference, bmap: 0x4000 [A:ac-df] pref: 32767)")]
    [InlineData("060AFDE8000003E8", "EVI-RT:65000:1000")]
    public void Extended_community_forms_decode_from_their_rfc_layouts(string hex, string text)
    {
        var c = ExtendedCommunity.Read(Hex(hex));
        Assert.Equal(text, c.ToString());
        var back = new byte[8];
        c.Write(back);
        Assert.Equal(Hex(hex), back);
    }

    [Fact]
    public void Type2_mac_ipv4_nlri_is_37_octets_with_vni_as_plain_24_bits()
    {
        var hex = "02 25 " + RdHex + Esi0 + "00000000 30 001122334455 20 0A01010A 002774";
        var route = new MacIpAdvertisementRoute(Rd, EthernetSegmentId.Zero, 0, MacAddress.Parse("00:11:22:33:44:55"), IPAddress.Parse("10.1.1.10"), 10100);
        Assert.Equal(39, EvpnNlriCodec.GetLength(route));
        var b = new byte[39];
        EvpnNlriCodec.Write(route, b);
        Assert.Equal(Hex(hex), b);
        Assert.True(EvpnNlriCodec.TryRead(Hex(hex), out var back, out int used, out _));
        Assert.Equal(39, used);
        Assert.Equal(route, back);
    }

    [Fact]
    public void Type2_symmetric_irb_carries_label2_as_l3_vni_at_length_40()
    {
        var hex = "02 28 " + RdHex + Esi0 + "00000000 30 001122334455 20 0A01010A 002774 0F4240";
        Assert.True(EvpnNlriCodec.TryRead(Hex(hex), out var r, out _, out _));
        var m = Assert.IsType<MacIpAdvertisementRoute>(r);
        Assert.Equal(1_000_000u, m.Label2);
        Assert.Equal(10100u, m.Label1);
    }

    [Fact]
    public void Type2_mac_only_is_33_octets_and_has_no_ip()
    {
        var hex = "02 21 " + RdHex + Esi0 + "00000000 30 001122334455 00 002774";
        Assert.True(EvpnNlriCodec.TryRead(Hex(hex), out var r, out _, out _));
        Assert.Null(((MacIpAdvertisementRoute)r).Ip);
    }

    [Fact]
    public void Type3_imet_with_pmsi_ingress_replication_for_vni_10100()
    {
        var imet = new InclusiveMulticastRoute(Rd, 0, IPAddress.Parse("10.0.0.1"));
        var b = new byte[EvpnNlriCodec.GetLength(imet)];
        EvpnNlriCodec.Write(imet, b);
        Assert.Equal(Hex("03 11 " + RdHex + "00000000 20 0A000001"), b);

        var attrs = new PathAttributes { PmsiTunnel = PmsiTunnel.IngressReplication(10100, IPAddress.Parse("10.0.0.1")) };
        Assert.Equal(Hex("C0 16 09 00 06 002774 0A000001"), PathAttributeCodec.ToBytes(attrs, BgpCodecOptions.Default));
        var decoded = PathAttributeCodec.Decode(Hex("C0 16 09 00 06 002774 0A000001"), BgpCodecOptions.Default);
        Assert.Equal(10100u, decoded.Attributes.PmsiTunnel!.Label);
        Assert.Equal(IPAddress.Parse("10.0.0.1"), decoded.Attributes.PmsiTunnel.Endpoint);
    }

    [Fact]
    public void Type1_ethernet_ad_per_es_is_25_octets_with_max_et()
    {
        var hex = "01 19 " + RdHex + "01AABBCCDDEEFF112200 FFFFFFFF 000000";
        Assert.True(EvpnNlriCodec.TryRead(Hex(hex), out var r, out _, out _));
        var ad = Assert.IsType<EthernetAutoDiscoveryRoute>(r);
        Assert.True(ad.IsPerEthernetSegment);
        Assert.Equal(1, ad.Esi.EsiType);
    }

    [Fact]
    public void Type4_ethernet_segment_ipv6_is_35_octets()
    {
        var hex = "04 23 " + RdHex + "01AABBCCDDEEFF112200 80 20010DB8000000000000000000000001";
        Assert.True(EvpnNlriCodec.TryRead(Hex(hex), out var r, out _, out _));
        Assert.Equal(IPAddress.Parse("2001:db8::1"), ((EthernetSegmentRoute)r).OriginatorIp);
    }

    [Fact]
    public void Type5_ipv4_prefix_is_34_octets_and_ipv6_58()
    {
        var v4 = new IpPrefixRoute(Rd, EthernetSegmentId.Zero, 0, 24, IPAddress.Parse("192.168.1.0"), IPAddress.Any, 50000);
        Assert.Equal(36, EvpnNlriCodec.GetLength(v4));
        var b = new byte[36];
        EvpnNlriCodec.Write(v4, b);
        Assert.Equal(Hex("05 22 " + RdHex + Esi0 + "00000000 18 C0A80100 00000000 00C350"), b);
        var v6 = new IpPrefixRoute(Rd, EthernetSegmentId.Zero, 0, 64, IPAddress.Parse("2001:db8::"), IPAddress.IPv6Any, 50000);
        Assert.Equal(60, EvpnNlriCodec.GetLength(v6));
    }

    [Fact]
    public void Type6_smet_star_g_layout()
    {
        // RD | tag | src len 0 | grp len 32, 239.1.1.1 | orig len 32, 10.0.0.1 | flags v2
        var hex = "06 18 " + RdHex + "00000000 00 20 EF010101 20 0A000001 02";
        Assert.True(EvpnNlriCodec.TryRead(Hex(hex), out var r, out _, out var err), err?.Reason);
        var s = Assert.IsType<SelectiveMulticastRoute>(r);
        Assert.Null(s.Source);
        Assert.Equal(IPAddress.Parse("239.1.1.1"), s.Group);
        Assert.Equal(MulticastRouteFlags.IgmpV2, s.Flags);
        var b = new byte[EvpnNlriCodec.GetLength(s)];
        EvpnNlriCodec.Write(s, b);
        Assert.Equal(Hex(hex), b);
    }

    [Fact]
    public void Type8_leave_synch_carries_reserved_and_max_response_time()
    {
        var hex = "08 2B " + RdHex + Esi0 + "00000000 20 0A000005 20 EF010101 20 0A000001 00000000 64 0C";
        Assert.True(EvpnNlriCodec.TryRead(Hex(hex), out var r, out _, out var err), err?.Reason);
        var l = Assert.IsType<MulticastLeaveSynchRoute>(r);
        Assert.Equal((byte)100, l.MaxResponseTime);
        Assert.Equal(MulticastRouteFlags.IgmpV3 | MulticastRouteFlags.Exclude, l.Flags);
        Assert.Equal(IPAddress.Parse("10.0.0.5"), l.Source);
    }

    [Fact]
    public void Open_with_evpn_capabilities_matches_rfc_layout()
    {
        var open = new OpenMessage(4, BgpConstants.AsTrans, 90, 0x0A000001,
            [MultiprotocolCapability.Evpn, RouteRefreshCapability.Instance, new FourOctetAsCapability(4200000000)]);
        var b = BgpMessageWriter.ToBytes(open, BgpCodecOptions.Default);
        Assert.Equal(Hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF 002D 01 04 5BA0 005A 0A000001 10 02 0E 0104 0019 00 46 0200 4104 FA56EA00"), b);
        var back = (OpenMessage)BgpMessageReader.Decode(b, BgpCodecOptions.Default).Message!;
        Assert.Equal(4200000000u, back.EffectiveAs);
    }

    [Fact]
    public void Keepalive_is_the_bare_19_octet_header()
    {
        Assert.Equal(Hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF 0013 04"), BgpMessageWriter.ToBytes(KeepaliveMessage.Instance, BgpCodecOptions.Default));
    }

    [Fact]
    public void Update_puts_mp_reach_first_and_uses_extended_length_above_255_octets()
    {
        var routes = new EvpnRoute[10];
        for (int i = 0; i < routes.Length; i++)
            routes[i] = new MacIpAdvertisementRoute(Rd, EthernetSegmentId.Zero, 0, new MacAddress((ulong)i + 1), IPAddress.Parse("10.1.1." + (i + 1)), 10100);
        var u = new UpdateMessage
        {
            Attributes = new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.Empty, LocalPref = 100, ExtendedCommunities = [ExtendedCommunity.VxlanEncapsulation] },
            MpReach = new MpReachNlri(25, 70, IPAddress.Parse("10.0.0.1"), routes),
        };
        var b = BgpMessageWriter.ToBytes(u, BgpCodecOptions.Default);
        Assert.Equal(0x90, b[23]); // Optional | Extended Length
        Assert.Equal(14, b[24]);   // MP_REACH_NLRI is the first attribute (RFC 7606 §5.1)
        Assert.Equal(5 + 4 + 10 * 39, (b[25] << 8) | b[26]);
    }
}
