using System.Net;
using ActorFabric.Wire.Bgp;
using FsCheck;
using FsCheck.Fluent;

namespace ActorFabric.Wire.Tests.Bgp.Rtc;

/// <summary>Route target membership NLRI (RFC 4684 §4, AFI 1 / SAFI 132): hand-built vectors, errors, round trips.</summary>
public class RouteTargetMembershipCodecTests
{
    private static byte[] Hex(string s) => Convert.FromHexString(s.Replace(" ", ""));
    private static readonly ExtendedCommunity Rt100 = ExtendedCommunity.RouteTargetAs2(65000, 100); // 0002 FDE8 00000064
    private const string Marker = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF";

    private static readonly PathAttributes IbgpAttributes = new() { Origin = Origin.Igp, AsPath = AsPath.Empty, LocalPref = 100 };

    [Fact]
    public void Whole_route_target_membership_is_96_bits_of_origin_as_and_route_target()
    {
        var value = Hex("0001 84 04 0A000001 00  60 0000FDE8 0002FDE800000064");
        Assert.True(MultiprotocolNlriCodec.TryReadReach(value, false, out var reach, out var error), error?.Reason);
        Assert.Equal(IPAddress.Parse("10.0.0.1"), reach!.NextHop);
        Assert.Equal([RouteTargetMembership.For(65000, Rt100)], reach.RouteTargetMemberships);
        Assert.Empty(reach.OtherNlri);

        var back = new byte[MultiprotocolNlriCodec.GetReachLength(reach, false)];
        Assert.Equal(back.Length, MultiprotocolNlriCodec.WriteReach(reach, back, false));
        Assert.Equal(value, back);
    }

    [Fact]
    public void Zero_length_prefix_is_the_default_membership_of_one_octet()
    {
        Assert.True(RouteTargetMembershipCodec.TryRead(Hex("00"), out var m, out _));
        Assert.Equal([RouteTargetMembership.Default], m);
        Assert.True(m[0].IsDefault);
        var b = new byte[RouteTargetMembershipCodec.GetLength(m)];
        RouteTargetMembershipCodec.Write(m, b);
        Assert.Equal(Hex("00"), b);
    }

    [Fact]
    public void Partial_prefixes_take_ceil_length_over_8_octets_and_clear_trailing_bits()
    {
        // 64 bits: origin AS + type/sub-type/global admin; 33 bits: origin AS + one bit, sent as 5 octets.
        Assert.True(RouteTargetMembershipCodec.TryRead(Hex("40 0000FDE8 0002FDE8  21 0000FDE8 FF  20 0000FDE8"), out var m, out var error), error?.Reason);
        Assert.Equal(3, m.Length);
        Assert.Equal(new RouteTargetMembership(65000, new ExtendedCommunity(0x0002_FDE8_0000_0000UL), 64), m[0]);
        Assert.Equal(new RouteTargetMembership(65000, new ExtendedCommunity(0x8000_0000_0000_0000UL), 33), m[1]);
        Assert.Equal(new RouteTargetMembership(65000, default, 32), m[2]);
        var b = new byte[RouteTargetMembershipCodec.GetLength(m)];
        RouteTargetMembershipCodec.Write(m, b);
        Assert.Equal(Hex("40 0000FDE8 0002FDE8  21 0000FDE8 80  20 0000FDE8"), b);
    }

    [Fact]
    public void Prefix_match_compares_only_the_route_target_bits_the_length_covers()
    {
        var as65000 = new RouteTargetMembership(65000, new ExtendedCommunity(0x0002_FDE8_0000_0000UL), 64);
        Assert.True(as65000.Matches(Rt100));
        Assert.True(as65000.Matches(ExtendedCommunity.RouteTargetAs2(65000, 7)));
        Assert.False(as65000.Matches(ExtendedCommunity.RouteTargetAs2(65001, 100)));
        Assert.True(RouteTargetMembership.For(1, Rt100).Matches(Rt100)); // origin AS takes no part
        Assert.False(RouteTargetMembership.For(65000, Rt100).Matches(ExtendedCommunity.RouteTargetAs2(65000, 101)));
        Assert.True(RouteTargetMembership.Default.Matches(ExtendedCommunity.RouteTargetAs2(1, 1)));
        Assert.True(new RouteTargetMembership(65000, default, 32).Matches(Rt100));
    }

    [Theory]
    [InlineData("01 00", "length 1")]
    [InlineData("1F 0000FDE8", "length 31")]
    [InlineData("61 0000FDE8 0002FDE800000064 00", "length 97")]
    [InlineData("60 0000FDE8 0002FDE8", "overrun")]
    [InlineData("60 0000FDE8 0002FDE800000064 40 0000", "second entry overruns")]
    public void Malformed_membership_nlri_resets_the_session_with_invalid_network_field(string nlri, string why)
    {
        // RFC 4684 §4 allows 0 or 32..96 bits; RFC 7606 §5.3: malformed NLRI cannot be trusted -> session reset.
        var value = Hex("0001 84 04 0A000001 00 " + nlri);
        Assert.False(MultiprotocolNlriCodec.TryReadReach(value, false, out _, out var error), why);
        Assert.Equal((BgpErrorCodes.InvalidNetworkField, BgpErrorAction.SessionReset), (error!.Subcode, error.Action));
        Assert.False(MultiprotocolNlriCodec.TryReadUnreach(Hex("0001 84 " + nlri), false, out _, out error), why);
        Assert.Equal((BgpErrorCodes.InvalidNetworkField, BgpErrorAction.SessionReset), (error!.Subcode, error.Action));

        var update = BuildUpdate(Hex("800F"), Hex("0001 84 " + nlri));
        var decoded = BgpMessageReader.Decode(update, BgpCodecOptions.Default);
        Assert.Equal(BgpErrorAction.SessionReset, decoded.Action);
        Assert.Equal((BgpErrorCodes.UpdateMessageError, BgpErrorCodes.InvalidNetworkField), (decoded.Notification!.Code, decoded.Notification.Subcode));
    }

    /// <summary>An UPDATE with one attribute (flags+type given, length added) and nothing else.</summary>
    private static byte[] BuildUpdate(byte[] flagsAndType, byte[] value)
    {
        var attr = new byte[3 + value.Length];
        flagsAndType.CopyTo(attr, 0);
        attr[2] = (byte)value.Length;
        value.CopyTo(attr, 3);
        int len = 19 + 2 + 2 + attr.Length;
        return [.. Hex(Marker), (byte)(len >> 8), (byte)len, 2, 0, 0, (byte)(attr.Length >> 8), (byte)attr.Length, .. attr];
    }

    [Fact]
    public void Route_target_end_of_rib_is_a_lone_empty_mp_unreach_for_afi_1_safi_132()
    {
        var bytes = BgpMessageWriter.ToBytes(UpdateMessage.EndOfRib(BgpConstants.AfiIpv4, BgpConstants.SafiRouteTargetConstraint), BgpCodecOptions.Default);
        Assert.Equal(Hex(Marker + "001D 02 0000 0006 800F03000184"), bytes);
        var decoded = (UpdateMessage)BgpMessageReader.Decode(bytes, BgpCodecOptions.Default).Message!;
        Assert.True(decoded.IsEndOfRib(out var afi, out var safi));
        Assert.Equal((1, 132), ((int)afi, (int)safi));
        var withdrawal = new UpdateMessage { MpUnreach = new MpUnreachNlri(1, 132, []) { RouteTargetMemberships = [RouteTargetMembership.Default] } };
        Assert.False(withdrawal.IsEndOfRib(out _, out _));
    }

    [Fact]
    public void Other_families_stay_raw()
    {
        var value = Hex("0001 80 04 0A000001 00 60 0000FDE8 0002FDE800000064"); // SAFI 128 is not RTC
        Assert.True(MultiprotocolNlriCodec.TryReadReach(value, false, out var reach, out _));
        Assert.Empty(reach!.RouteTargetMemberships);
        Assert.Equal(13, reach.OtherNlri.Length);
    }

    private static Arbitrary<RouteTargetMembership[]> Memberships() =>
        Gen.Choose(0, int.MaxValue).Select(seed =>
        {
            var random = new Random(seed);
            var list = new RouteTargetMembership[random.Next(0, 40)];
            for (int i = 0; i < list.Length; i++)
            {
                byte len = random.Next(5) == 0 ? (byte)0 : (byte)random.Next(32, 97);
                uint asn = len == 0 ? 0 : (uint)random.NextInt64(0, uint.MaxValue + 1L);
                ulong rt = len <= 32 ? 0 : (ulong)random.NextInt64() << 1 ^ (ulong)random.Next(2);
                if (len is > 32 and < 96) rt &= ~(ulong.MaxValue >> (len - 32)); // canonical: no bits past the prefix
                list[i] = new RouteTargetMembership(asn, new ExtendedCommunity(rt), len);
            }
            return list;
        }).ToArbitrary();

    [Fact]
    public void Membership_updates_round_trip_through_the_message_codec() =>
        Prop.ForAll(Memberships(), memberships =>
        {
            var announce = new UpdateMessage
            {
                Attributes = IbgpAttributes,
                MpReach = new MpReachNlri(1, 132, IPAddress.Parse("192.0.2.7"), []) { RouteTargetMemberships = memberships },
            };
            var withdraw = new UpdateMessage { MpUnreach = new MpUnreachNlri(1, 132, []) { RouteTargetMemberships = memberships } };
            foreach (var m in new[] { announce, withdraw })
            {
                var bytes = BgpMessageWriter.ToBytes(m, BgpCodecOptions.Default);
                if (bytes.Length != BgpMessageWriter.GetEncodedLength(m, BgpCodecOptions.Default)) return false;
                var r = BgpMessageReader.Decode(bytes, BgpCodecOptions.Default);
                if (memberships.Length == 0 && ReferenceEquals(m, withdraw)) continue; // that is End-of-RIB
                if (r.Action != BgpErrorAction.None || !m.Equals(r.Message)) return false;
                if (!BgpMessageWriter.ToBytes(r.Message!, BgpCodecOptions.Default).AsSpan().SequenceEqual(bytes)) return false;
            }
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
}
