using System.Net;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Wire.Tests.Bgp;

/// <summary>
/// Messages captured from real peers. UPDATEs from GoBGP 3.10 (iBGP, AS 65000, routes added with `gobgp global rib -a evpn add … encap vxlan`):
/// a second, independent encoder. Each must decode cleanly to the fields GoBGP was given, and re-encode to the same
/// bytes except that we put MP_REACH_NLRI first (RFC 7606 §5.1) where GoBGP orders attributes by type code.
/// </summary>
public class CapturedPeerMessageTests
{
    private const string Head = "ffffffffffffffffffffffffffffffff";
    private static readonly IPAddress GoBgpNextHop = IPAddress.Parse("127.0.0.1");

    private static UpdateMessage Decode(string hex)
    {
        var r = BgpMessageReader.Decode(Convert.FromHexString(Head + hex), BgpCodecOptions.Default);
        Assert.Equal(BgpErrorAction.None, r.Action);
        var u = (UpdateMessage)r.Message!;
        Assert.Equal(GoBgpNextHop, u.MpReach!.NextHop);
        Assert.Equal(100u, u.Attributes.LocalPref);
        Assert.Equal(Origin.Incomplete, u.Attributes.Origin);
        return u;
    }

    [Fact]
    public void Type2_symmetric_irb_route_with_router_mac()
    {
        var u = Decode("0076020000005f4001010240020040050400000064800e33001946047f00000100022800010a0000010064000000000000000000000000000030001122334455200a01010a00277400c350c010180002fde800002774030c0000000000080603020000000001");
        var r = Assert.IsType<MacIpAdvertisementRoute>(Assert.Single(u.MpReach!.EvpnRoutes));
        Assert.Equal(("10.0.0.1:100", "00:11:22:33:44:55", "10.1.1.10", 10100u, (uint?)50000u), (r.Rd.ToString(), r.Mac.ToString(), r.Ip!.ToString(), r.Label1, r.Label2));
        Assert.Equal(["RT:65000:10100", "ET:8", "Rmac:02:00:00:00:00:01"], u.Attributes.ExtendedCommunities.Select(c => c.ToString()));
    }

    [Fact]
    public void Type2_mac_only_route()
    {
        var u = Decode("006702000000504001010240020040050400000064800e2c001946047f00000100022100010a000001006400000000000000000000000000003000112233446600002774c010100002fde800002774030c000000000008");
        var r = Assert.IsType<MacIpAdvertisementRoute>(Assert.Single(u.MpReach!.EvpnRoutes));
        Assert.Null(r.Ip);
        Assert.Null(r.Label2);
    }

    [Fact]
    public void Type3_with_pmsi_ingress_replication()
    {
        var u = Decode("0063020000004c4001010240020040050400000064800e1c001946047f00000100031100010a000001006400000000200a000001c010100002fde800002774030c000000000008c0160900060027740a000001");
        Assert.IsType<InclusiveMulticastRoute>(Assert.Single(u.MpReach!.EvpnRoutes));
        Assert.Equal(PmsiTunnel.IngressReplication(10100, IPAddress.Parse("10.0.0.1")), u.Attributes.PmsiTunnel);
    }

    [Fact]
    public void Type1_per_es_and_per_evi_and_type4_with_es_import()
    {
        var perEvi = Decode("005f02000000484001010240020040050400000064800e24001946047f00000100011900010a000001006401aabbccddeeff11220000000000002774c010100002fde800002774030c000000000008");
        var perEs = Decode("005f02000000484001010240020040050400000064800e24001946047f00000100011900010a000001000101aabbccddeeff112200ffffffff000000c010100002fde8000027740601000000000000");
        var es = Decode("005d02000000464001010240020040050400000064800e22001946047f00000100041700010a000001000101aabbccddeeff112200200a000001c010100002fde8000000010602aabbccddeeff");
        Assert.Equal(10100u, ((EthernetAutoDiscoveryRoute)perEvi.MpReach!.EvpnRoutes[0]).Label);
        Assert.True(((EthernetAutoDiscoveryRoute)perEs.MpReach!.EvpnRoutes[0]).IsPerEthernetSegment);
        Assert.Contains(perEs.Attributes.ExtendedCommunities, c => c.IsEsiLabel);
        var esr = Assert.IsType<EthernetSegmentRoute>(es.MpReach!.EvpnRoutes[0]);
        Assert.Equal("01:aa:bb:cc:dd:ee:ff:11:22:00", esr.Esi.ToString());
        Assert.Contains(es.Attributes.ExtendedCommunities, c => c.IsEsImportRouteTarget && c.Value48 == 0xAABBCCDDEEFFUL);
    }

    [Fact]
    public void Type5_ip_prefix()
    {
        var u = Decode("007002000000594001010240020040050400000064800e2d001946047f00000100052200010a00000100c8000000000000000000000000000018c0a801000000000000c350c010180002fde80000c350030c0000000000080603020000000001");
        var r = Assert.IsType<IpPrefixRoute>(Assert.Single(u.MpReach!.EvpnRoutes));
        Assert.Equal(("192.168.1.0", 24, 50000u), (r.Prefix.ToString(), (int)r.PrefixLength, r.Label));
    }

    [Fact]
    public void Reencoding_differs_only_in_putting_mp_reach_first()
    {
        var hex = "0076020000005f4001010240020040050400000064800e33001946047f00000100022800010a0000010064000000000000000000000000000030001122334455200a01010a00277400c350c010180002fde800002774030c0000000000080603020000000001";
        var ours = Convert.ToHexString(BgpMessageWriter.ToBytes(Decode(hex), BgpCodecOptions.Default)).ToLowerInvariant();
        // GoBGP: ORIGIN, AS_PATH, LOCAL_PREF, MP_REACH, EXT_COMM.  Ours: MP_REACH, ORIGIN, AS_PATH, LOCAL_PREF, EXT_COMM.
        const string wellKnown = "4001010240020040050400000064";
        int mp = hex.IndexOf("800e33", StringComparison.Ordinal), ext = hex.IndexOf("c01018", StringComparison.Ordinal);
        var expected = Head + hex[..(mp - wellKnown.Length)] + hex[mp..ext] + wellKnown + hex[ext..];
        Assert.Equal(expected, ours);
    }

    [Fact]
    public void Frr_8_4_open_decodes_with_every_capability_kept()
    {
        // FRR 8.4.4 (datacenter profile, l2vpn evpn, addpath-tx-all-paths), one capability per optional parameter.
        var hex = "005f0104fde800090a000005420206010400190046020280000202020002024600020641040000fde802020600020645040019460102074905036166780002044002c0780209470700194680000000";
        var bytes = Convert.FromHexString(Head + hex);
        var r = BgpMessageReader.Decode(bytes, BgpCodecOptions.Default);
        var open = Assert.IsType<OpenMessage>(r.Message);
        Assert.Equal((65000u, (ushort)9, 0x0A000005u), (open.EffectiveAs, open.HoldTimeSeconds, open.BgpIdentifier));
        Assert.Equal(10, open.Capabilities.Length);
        Assert.Contains(MultiprotocolCapability.Evpn, open.Capabilities);
        Assert.Contains(ExtendedMessageCapability.Instance, open.Capabilities);
        Assert.Contains(new AddPathCapability([new AddPathFamily(25, 70, AddPathDirection.Receive)]), open.Capabilities);
        var gr = Assert.Single(open.Capabilities.OfType<GracefulRestartCapability>());
        Assert.True(gr.RestartState && gr.NotificationSupport);
        Assert.Equal(120, gr.RestartTimeSeconds);
        Assert.Equal([128, 73, 71], open.Capabilities.OfType<UnknownCapability>().Select(c => (int)c.Code)); // old route refresh, FQDN, LLGR
        // Re-encoded (all capabilities in one parameter) it still decodes to the same OPEN.
        Assert.Equal(open, BgpMessageReader.Decode(BgpMessageWriter.ToBytes(open, BgpCodecOptions.Default), BgpCodecOptions.Default).Message);
    }
}
