using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using static ActorFabric.Wire.Tests.Bgp.GoBgpCapturedUpdates;

namespace ActorFabric.Wire.Tests.Bgp;

/// <summary>
/// One malformed EVPN entry among good ones (RFC 7606 §5.3): the good entries come from GoBGP's UPDATEs, the bad one
/// is a GoBGP type-1 entry with one octet added (Length 26 where the layout is 25), so its Length octet still
/// delimits it.
/// </summary>
public class UndecodableEvpnRouteTests
{
    // The NLRI entries of two GoBGP UPDATEs (type 1 per-EVI with ESI type 0 / type 2), and the attributes before MP_REACH.
    private static string Entry(string body) => body[(body.IndexOf("0a00000100", StringComparison.Ordinal) + 10)..][..54];
    private const string Attributes = "4001010240020040050400000064";

    private static byte[] UpdateWith(params string[] entries)
    {
        var nlri = string.Concat(entries);
        var reach = "0019" + "46" + "04" + "0a000001" + "00" + nlri;
        var attrs = Attributes + "800e" + (reach.Length / 2).ToString("x2") + reach;
        return Message("0000" + (attrs.Length / 2).ToString("x4") + attrs);
    }

    private static readonly string Good1 = Entry(AdArbitraryEsi);
    private static readonly string Good2 = Entry(AdMstpEsi);
    private static readonly string Bad = "011a" + Good1[4..] + "ee";

    [Fact]
    public void A_delimited_malformed_route_is_withdrawn_alone_and_the_others_are_kept()
    {
        var r = BgpMessageReader.Decode(UpdateWith(Good1, Bad, Good2), BgpCodecOptions.Default);

        Assert.Equal(BgpErrorAction.RouteWithdraw, r.Action);
        Assert.Null(r.Notification);
        var reach = ((UpdateMessage)r.Message!).MpReach!;
        Assert.Equal(2, reach.EvpnRoutes.Length);
        var bad = Assert.Single(reach.UndecodableEvpnRoutes);
        Assert.Equal(Convert.FromHexString(Bad[4..]), bad.Value);
        var key = Assert.IsType<EthernetAutoDiscoveryRoute>(bad.Key);
        Assert.True(EvpnRouteKeyComparer.Instance.Equals(reach.EvpnRoutes[0], key), "the key is the good type-1 route's key");
        var error = Assert.Single(r.Errors);
        Assert.Equal((BgpErrorCodes.UpdateMessageError, BgpErrorCodes.InvalidNetworkField, BgpErrorAction.RouteWithdraw), (error.Code, error.Subcode, error.Action));
        Assert.Contains("RFC 7606 §5.3", error.Reason);
    }

    [Fact]
    public void A_malformed_route_whose_key_cannot_be_read_is_withdrawn_without_a_key()
    {
        var r = BgpMessageReader.Decode(UpdateWith("0105" + "0000000000", Good2), BgpCodecOptions.Default);
        var reach = ((UpdateMessage)r.Message!).MpReach!;
        Assert.Single(reach.EvpnRoutes);
        Assert.Null(Assert.Single(reach.UndecodableEvpnRoutes).Key);
    }

    [Fact]
    public void An_entry_that_overruns_the_nlri_field_still_resets_the_session()
    {
        var overrun = "01ff" + Good1[4..];
        var r = BgpMessageReader.Decode(UpdateWith(Good1, overrun), BgpCodecOptions.Default);
        Assert.Equal(BgpErrorAction.SessionReset, r.Action);
        Assert.Equal((BgpErrorCodes.UpdateMessageError, BgpErrorCodes.InvalidNetworkField), (r.Notification!.Code, r.Notification.Subcode));
    }
}
