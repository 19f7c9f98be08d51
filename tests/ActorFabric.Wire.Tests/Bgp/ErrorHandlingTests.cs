using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using static ActorFabric.Wire.Tests.Bgp.RawBgp;

namespace ActorFabric.Wire.Tests.Bgp;

/// <summary>RFC 4271 §6 header and OPEN errors, RFC 7606 UPDATE errors: each asserts the exact action and code/subcode.</summary>
public class ErrorHandlingTests
{
    private static void AssertReset(BgpDecodeResult r, byte code, byte subcode)
    {
        Assert.Equal(BgpErrorAction.SessionReset, r.Action);
        Assert.Null(r.Message);
        Assert.NotNull(r.Notification);
        Assert.Equal((code, subcode), (r.Notification!.Code, r.Notification.Subcode));
    }

    // ---------------------------------------------------------------- header (RFC 4271 §6.1)

    [Fact]
    public void Frame_needs_more_bytes_until_the_whole_message_is_there()
    {
        var ka = Message(4, []);
        Assert.False(BgpMessageReader.TryReadFrame(ka.AsSpan(0, 10), 4096, out _, out var e1));
        Assert.Null(e1);
        Assert.False(BgpMessageReader.TryReadFrame(Update(OriginAttr).AsSpan(0, 22), 4096, out _, out var e2));
        Assert.Null(e2);
        Assert.True(BgpMessageReader.TryReadFrame([.. ka, .. ka], 4096, out int len, out _));
        Assert.Equal(19, len);
    }

    [Fact]
    public void Marker_not_all_ones_is_connection_not_synchronized()
    {
        var m = Message(4, []);
        m[3] = 0xFE;
        Assert.False(BgpMessageReader.TryReadFrame(m, 4096, out _, out var err));
        Assert.Equal((1, 1), (err!.Code, err.Subcode));
        AssertReset(Decode(m), 1, 1);
    }

    [Theory]
    [InlineData(18, 4)]    // shorter than a header
    [InlineData(4097, 2)]  // over the maximum without Extended Message
    [InlineData(20, 4)]    // KEEPALIVE must be exactly 19
    [InlineData(28, 1)]    // OPEN minimum is 29
    [InlineData(22, 2)]    // UPDATE minimum is 23
    [InlineData(20, 3)]    // NOTIFICATION minimum is 21
    [InlineData(22, 5)]    // ROUTE-REFRESH needs its 4-octet body
    public void Bad_length_for_the_type_is_bad_message_length_with_the_length_as_data(int length, byte type)
    {
        var m = new byte[Math.Max(length, 19)];
        m.AsSpan(0, 16).Fill(0xFF);
        m[16] = (byte)(length >> 8); m[17] = (byte)length; m[18] = type;
        Assert.False(BgpMessageReader.TryReadFrame(m, 4096, out _, out var err));
        Assert.Equal((1, 2), (err!.Code, err.Subcode));
        Assert.Equal(new[] { (byte)(length >> 8), (byte)length }, err.Data);
    }

    [Fact]
    public void Open_longer_than_4096_is_bad_length_even_with_extended_message()
    {
        var m = new byte[19];
        m.AsSpan(0, 16).Fill(0xFF);
        m[16] = 0x20; m[17] = 0x00; m[18] = 1;
        Assert.False(BgpMessageReader.TryReadFrame(m, 65535, out _, out var err));
        Assert.Equal((1, 2), (err!.Code, err.Subcode));
    }

    [Fact]
    public void Update_up_to_65535_is_accepted_with_extended_message()
    {
        var m = new byte[19];
        m.AsSpan(0, 16).Fill(0xFF);
        m[16] = 0x20; m[17] = 0x00; m[18] = 2;
        Assert.False(BgpMessageReader.TryReadFrame(m, 65535, out _, out var err));
        Assert.Null(err); // just needs more bytes
    }

    [Fact]
    public void Unknown_message_type_is_bad_message_type_with_the_type_as_data()
    {
        var m = Message(9, []);
        Assert.False(BgpMessageReader.TryReadFrame(m, 4096, out _, out var err));
        Assert.Equal((1, 3), (err!.Code, err.Subcode));
        Assert.Equal(new byte[] { 9 }, err.Data);
        AssertReset(Decode(m), 1, 3);
    }

    [Fact]
    public void Route_refresh_with_a_wrong_body_length_is_7_1_with_the_message_as_data()
    {
        var m = Message(5, [0, 25, 0, 70, 0]);
        var r = Decode(m);
        AssertReset(r, 7, 1);
        Assert.Equal(m, r.Notification!.Data);
    }

    // ---------------------------------------------------------------- OPEN (RFC 4271 §6.2)

    private static byte[] Open(byte version = 4, ushort hold = 90, uint id = 0x01020304, byte[]? parameters = null)
    {
        parameters ??= [2, 6, 1, 4, 0, 25, 0, 70];
        return Message(1, [version, 0xFD, 0xE8, (byte)(hold >> 8), (byte)hold, (byte)(id >> 24), (byte)(id >> 16), (byte)(id >> 8), (byte)id, (byte)parameters.Length, .. parameters]);
    }

    [Fact]
    public void Open_decodes_capabilities()
    {
        var r = Decode(Open());
        var o = Assert.IsType<OpenMessage>(r.Message);
        Assert.Equal(MultiprotocolCapability.Evpn, Assert.Single(o.Capabilities));
    }

    [Fact]
    public void Open_with_version_3_is_2_1_with_our_version_as_two_octets()
    {
        var r = Decode(Open(version: 3));
        AssertReset(r, 2, 1);
        Assert.Equal(new byte[] { 0, 4 }, r.Notification!.Data);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Open_with_hold_time_1_or_2_is_unacceptable_hold_time(ushort hold) => AssertReset(Decode(Open(hold: hold)), 2, 6);

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Open_with_hold_time_0_or_3_is_accepted(ushort hold) => Assert.Equal(BgpErrorAction.None, Decode(Open(hold: hold)).Action);

    [Fact]
    public void Open_with_zero_identifier_is_bad_bgp_identifier() => AssertReset(Decode(Open(id: 0)), 2, 3);

    [Fact]
    public void Open_with_an_unknown_optional_parameter_is_unsupported_optional_parameter() =>
        AssertReset(Decode(Open(parameters: [1, 2, 0, 0])), 2, 4);

    [Fact]
    public void Open_whose_capability_overruns_its_parameter_is_an_open_error() =>
        AssertReset(Decode(Open(parameters: [2, 4, 1, 4, 0, 25])), 2, 0);

    [Fact]
    public void Open_keeps_unknown_capabilities_byte_for_byte()
    {
        var o = (OpenMessage)Decode(Open(parameters: [2, 5, 73, 3, 0xAA, 0xBB, 0xCC])).Message!;
        var u = Assert.IsType<UnknownCapability>(Assert.Single(o.Capabilities));
        Assert.Equal(new byte[] { 0xAA, 0xBB, 0xCC }, u.Value);
        Assert.Equal(Open(parameters: [2, 5, 73, 3, 0xAA, 0xBB, 0xCC]), BgpMessageWriter.ToBytes(o, BgpCodecOptions.Default));
    }

    // ---------------------------------------------------------------- UPDATE (RFC 4271 §6.3, RFC 7606)

    private static readonly byte[] Reach = MpReach(Nlri(Type2));

    [Fact]
    public void Well_formed_evpn_update_has_no_error()
    {
        var r = Decode(Update(Reach, OriginAttr, AsPathEmptyAttr, LocalPrefAttr));
        Assert.Equal(BgpErrorAction.None, r.Action);
        Assert.Equal(Type2, Assert.Single(((UpdateMessage)r.Message!).MpReach!.EvpnRoutes));
    }

    [Fact]
    public void Withdrawn_length_overrunning_the_message_is_malformed_attribute_list()
    {
        var m = Update(Reach);
        m[19] = 0xFF;
        AssertReset(Decode(m), 3, 1);
    }

    [Fact]
    public void Total_attribute_length_overrunning_the_message_is_malformed_attribute_list()
    {
        var m = Update(Reach, OriginAttr);
        m[22] += 1;
        AssertReset(Decode(m), 3, 1);
    }

    [Fact]
    public void Attribute_overrunning_the_field_after_mp_reach_is_treat_as_withdraw()
    {
        var r = Decode(Update(Reach, OriginAttr, AsPathEmptyAttr, LocalPrefAttr, [0x40, 1, 5, 0]));
        Assert.Equal(BgpErrorAction.TreatAsWithdraw, r.Action);
        Assert.Equal(Type2, Assert.Single(((UpdateMessage)r.Message!).MpReach!.EvpnRoutes));
    }

    [Fact]
    public void Attribute_overrunning_the_field_before_any_mp_attribute_resets_with_malformed_attribute_list() =>
        AssertReset(Decode(Update(OriginAttr, [0x40, 2, 9, 2, 1])), 3, 1);

    [Fact]
    public void Mp_reach_overrunning_the_attribute_field_resets() =>
        AssertReset(Decode(Update([0x90, 14, 0x01, 0x00, 0, 25, 70])), 3, 1);

    [Fact]
    public void Duplicated_mp_reach_resets_with_malformed_attribute_list() =>
        AssertReset(Decode(Update(Reach, OriginAttr, AsPathEmptyAttr, LocalPrefAttr, Reach)), 3, 1);

    [Fact]
    public void Duplicated_mp_unreach_resets_with_malformed_attribute_list()
    {
        var un = MpUnreach(Nlri(Type2));
        AssertReset(Decode(Update(un, un)), 3, 1);
    }

    [Fact]
    public void Other_repeated_attributes_keep_the_first_and_discard_the_rest()
    {
        var r = Decode(Update(Reach, OriginAttr, AsPathEmptyAttr, LocalPrefAttr, Attr(0x40, 5, [0, 0, 0, 200])));
        Assert.Equal(BgpErrorAction.AttributeDiscard, r.Action);
        Assert.Equal(100u, ((UpdateMessage)r.Message!).Attributes.LocalPref);
    }

    [Fact]
    public void Evpn_nlri_of_known_type_with_wrong_length_is_withdrawn_alone_with_invalid_network_field()
    {
        var nlri = Nlri(Type2);
        nlri[1] = 36; // type 2 cannot be 36 octets with an IPv4 address, but the Length octet still delimits the entry
        var trimmed = nlri[..(2 + 36)];
        var r = Decode(Update(MpReach(trimmed), OriginAttr, AsPathEmptyAttr, LocalPrefAttr));
        Assert.Equal(BgpErrorAction.RouteWithdraw, r.Action);
        Assert.Null(r.Notification);
        Assert.Equal((BgpErrorCodes.UpdateMessageError, BgpErrorCodes.InvalidNetworkField), (r.Errors[0].Code, r.Errors[0].Subcode));
        var reach = ((UpdateMessage)r.Message!).MpReach!;
        Assert.Empty(reach.EvpnRoutes);
        Assert.True(EvpnRouteKeyComparer.Instance.Equals(Type2, Assert.Single(reach.UndecodableEvpnRoutes).Key));
    }

    [Fact]
    public void Evpn_nlri_overrunning_the_attribute_resets_with_invalid_network_field()
    {
        var nlri = Nlri(Type2);
        AssertReset(Decode(Update(MpReach(nlri[..^5]), OriginAttr, AsPathEmptyAttr, LocalPrefAttr)), 3, 10);
    }

    [Fact]
    public void Evpn_withdrawal_with_a_malformed_entry_keeps_the_session_and_has_no_key_to_withdraw()
    {
        var nlri = Nlri(Type2);
        nlri[2 + 22] = 40; // MAC length must be 48: the key cannot be read
        var r = Decode(Update(MpUnreach(nlri)));
        Assert.Equal(BgpErrorAction.RouteWithdraw, r.Action);
        Assert.Null(Assert.Single(((UpdateMessage)r.Message!).MpUnreach!.UndecodableEvpnRoutes).Key);
    }

    [Fact]
    public void Unknown_evpn_route_type_is_skipped_by_length_and_kept()
    {
        byte[] unknown = [42, 3, 1, 2, 3];
        var r = Decode(Update(MpReach([.. unknown, .. Nlri(Type2)]), OriginAttr, AsPathEmptyAttr, LocalPrefAttr));
        Assert.Equal(BgpErrorAction.None, r.Action);
        var routes = ((UpdateMessage)r.Message!).MpReach!.EvpnRoutes;
        Assert.Equal(2, routes.Length);
        Assert.Equal(new ActorFabric.Wire.Bgp.Evpn.UnknownEvpnRoute(42, [1, 2, 3]), routes[0]);
        Assert.Equal(Type2, routes[1]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(12)]
    [InlineData(20)]
    public void Evpn_next_hop_length_other_than_4_16_32_resets(int nhLen) =>
        AssertReset(Decode(Update(MpReach(Nlri(Type2), new byte[nhLen]), OriginAttr, AsPathEmptyAttr, LocalPrefAttr)), 3, 9);

    [Theory]
    [InlineData(16)]
    [InlineData(32)]
    public void Evpn_ipv6_next_hop_with_or_without_link_local_is_accepted(int nhLen)
    {
        var nh = new byte[nhLen];
        nh[0] = 0x20; nh[1] = 0x01;
        if (nhLen == 32) { nh[16] = 0xFE; nh[17] = 0x80; }
        var r = Decode(Update(MpReach(Nlri(Type2), nh), OriginAttr, AsPathEmptyAttr, LocalPrefAttr));
        Assert.Equal(BgpErrorAction.None, r.Action);
        Assert.Equal(nhLen == 32, ((UpdateMessage)r.Message!).MpReach!.LinkLocalNextHop is not null);
    }

    [Fact]
    public void Missing_origin_with_mp_reach_is_treat_as_withdraw() =>
        Assert.Equal(BgpErrorAction.TreatAsWithdraw, Decode(Update(Reach, AsPathEmptyAttr, LocalPrefAttr)).Action);

    [Fact]
    public void Missing_as_path_with_mp_reach_is_treat_as_withdraw() =>
        Assert.Equal(BgpErrorAction.TreatAsWithdraw, Decode(Update(Reach, OriginAttr, LocalPrefAttr)).Action);

    [Fact]
    public void Missing_local_pref_from_internal_peer_is_treat_as_withdraw_but_fine_from_external() 
    {
        Assert.Equal(BgpErrorAction.TreatAsWithdraw, Decode(Update(Reach, OriginAttr, AsPathEmptyAttr)).Action);
        Assert.Equal(BgpErrorAction.None, Decode(Update(Reach, OriginAttr, AsPathEmptyAttr), new BgpCodecOptions { ExternalPeer = true }).Action);
    }

    [Fact]
    public void Local_pref_from_an_external_peer_is_discarded()
    {
        var r = Decode(Update(Reach, OriginAttr, AsPathEmptyAttr, LocalPrefAttr), new BgpCodecOptions { ExternalPeer = true });
        Assert.Equal(BgpErrorAction.AttributeDiscard, r.Action);
        Assert.Null(((UpdateMessage)r.Message!).Attributes.LocalPref);
    }

    [Fact]
    public void Withdraw_only_update_needs_no_mandatory_attributes() =>
        Assert.Equal(BgpErrorAction.None, Decode(Update(MpUnreach(Nlri(Type2)))).Action);

    public static TheoryData<string, byte[]> TreatAsWithdrawCases => new()
    {
        { "ORIGIN value 3 (§7.1)", Attr(0x40, 1, [3]) },
        { "ORIGIN length 2 (§7.1)", Attr(0x40, 1, [0, 0]) },
        { "ORIGIN marked optional (§3 c)", Attr(0xC0, 1, [0]) },
        { "AS_PATH segment overruns (§7.2)", Attr(0x40, 2, [2, 2, 0, 0, 0, 1]) },
        { "AS_PATH zero-length segment (§7.2)", Attr(0x40, 2, [2, 0]) },
        { "AS_PATH unknown segment type (§7.2)", Attr(0x40, 2, [7, 1, 0, 0, 0, 1]) },
        { "NEXT_HOP length 3 (§7.3)", Attr(0x40, 3, [1, 2, 3]) },
        { "MED length 3 (§7.4)", Attr(0x80, 4, [1, 2, 3]) },
        { "COMMUNITIES length 5 (§7.8)", Attr(0xC0, 8, [1, 2, 3, 4, 5]) },
        { "COMMUNITIES empty (§7.8)", Attr(0xC0, 8, []) },
        { "ORIGINATOR_ID length 5 (§7.9)", Attr(0x80, 9, [1, 2, 3, 4, 5]) },
        { "CLUSTER_LIST length 6 (§7.10)", Attr(0x80, 10, [1, 2, 3, 4, 5, 6]) },
        { "EXTENDED_COMMUNITIES length 7 (§7.14)", Attr(0xC0, 16, [1, 2, 3, 4, 5, 6, 7]) },
        { "EXTENDED_COMMUNITIES empty (§7.14)", Attr(0xC0, 16, []) },
        { "EXTENDED_COMMUNITIES marked non-transitive (§3 c)", Attr(0x80, 16, [0, 2, 0, 1, 0, 0, 0, 1]) },
        { "PMSI_TUNNEL shorter than 5", Attr(0xC0, 22, [0, 6, 0, 0]) },
        { "LARGE_COMMUNITY length 13", Attr(0xC0, 32, new byte[13]) },
    };

    [Theory]
    [MemberData(nameof(TreatAsWithdrawCases))]
    public void Malformed_attribute_is_treat_as_withdraw(string why, byte[] attribute)
    {
        var r = Decode(UpdateReplacing(attribute));
        Assert.True(r.Action == BgpErrorAction.TreatAsWithdraw, why);
        Assert.NotNull(r.Message);
        Assert.Equal(Type2, Assert.Single(((UpdateMessage)r.Message!).MpReach!.EvpnRoutes));
        Assert.NotEmpty(r.Diagnostics);
    }

    /// <summary>An otherwise valid UPDATE in which <paramref name="attribute"/> takes the place of the same-typed valid one.</summary>
    private static byte[] UpdateReplacing(byte[] attribute)
    {
        var list = new List<byte[]> { Reach };
        foreach (var a in new[] { OriginAttr, AsPathEmptyAttr, LocalPrefAttr })
            if (a[1] != attribute[1]) list.Add(a);
        list.Add(attribute);
        return Update([.. list]);
    }

    public static TheoryData<string, byte[]> AttributeDiscardCases => new()
    {
        { "ATOMIC_AGGREGATE with a value (§7.6)", Attr(0x40, 6, [1]) },
        { "AGGREGATOR of 7 octets (§7.7)", Attr(0xC0, 7, new byte[7]) },
        { "AS4_PATH from a 4-octet speaker (RFC 6793 §4.2.1)", Attr(0xC0, 17, [2, 1, 0, 0, 0, 1]) },
    };

    [Theory]
    [MemberData(nameof(AttributeDiscardCases))]
    public void Malformed_minor_attribute_is_discarded(string why, byte[] attribute)
    {
        var r = Decode(UpdateReplacing(attribute));
        Assert.True(r.Action == BgpErrorAction.AttributeDiscard, why + ": " + r.Action);
        Assert.Equal(Type2, Assert.Single(((UpdateMessage)r.Message!).MpReach!.EvpnRoutes));
    }

    [Fact]
    public void Strongest_action_wins_when_several_errors_occur()
    {
        var r = Decode(Update(Reach, OriginAttr, AsPathEmptyAttr, LocalPrefAttr, Attr(0x40, 6, [1]), Attr(0x80, 4, [1])));
        Assert.Equal(BgpErrorAction.TreatAsWithdraw, r.Action);
        Assert.Equal(2, r.Diagnostics.Length);
    }

    [Fact]
    public void Unrecognized_well_known_attribute_resets_with_the_attribute_as_data()
    {
        var unknown = Attr(0x40, 99, [1, 2]);
        var r = Decode(Update(Reach, OriginAttr, AsPathEmptyAttr, LocalPrefAttr, unknown));
        AssertReset(r, 3, 2);
        Assert.Equal(unknown, r.Notification!.Data);
    }

    [Fact]
    public void Unknown_optional_non_transitive_attribute_is_quietly_dropped()
    {
        var r = Decode(Update(Reach, OriginAttr, AsPathEmptyAttr, LocalPrefAttr, Attr(0x80, 99, [1, 2])));
        Assert.Equal(BgpErrorAction.None, r.Action);
        Assert.Empty(((UpdateMessage)r.Message!).Attributes.Unknown);
    }

    [Fact]
    public void Ipv4_nlri_field_with_prefix_longer_than_32_is_invalid_network_field()
    {
        var m = Update(OriginAttr, AsPathEmptyAttr, LocalPrefAttr, Attr(0x40, 3, [10, 0, 0, 1]));
        var withNlri = Message(2, [.. m[19..], 33, 1, 2, 3, 4, 5]);
        AssertReset(Decode(withNlri), 3, 10);
    }

    [Fact]
    public void Ipv4_nlri_without_next_hop_is_treat_as_withdraw()
    {
        var m = Update(OriginAttr, AsPathEmptyAttr, LocalPrefAttr);
        Assert.Equal(BgpErrorAction.TreatAsWithdraw, Decode(Message(2, [.. m[19..], 24, 10, 1, 1])).Action);
    }

    [Fact]
    public void Two_octet_as_path_merges_with_as4_path()
    {
        var o = new BgpCodecOptions { FourOctetAs = false };
        // AS_PATH 65001 23456 (AS_TRANS) ; AS4_PATH 4200000000
        var r = Decode(Update(Reach, OriginAttr, Attr(0x40, 2, [2, 2, 0xFD, 0xE9, 0x5B, 0xA0]), LocalPrefAttr, Attr(0xC0, 17, [2, 1, 0xFA, 0x56, 0xEA, 0x00])), o);
        Assert.Equal(BgpErrorAction.None, r.Action);
        Assert.Equal("65001 4200000000", ((UpdateMessage)r.Message!).Attributes.AsPath!.ToString());
    }
}
