using System.Net;
using System.Text.Json;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Cli.Tests.Bgp;

public class BgpDecodeCommandTests
{
    private static readonly RouteDistinguisher Rd = RouteDistinguisher.FromIpv4(IPAddress.Parse("10.0.0.1"), 100);
    private static readonly MacIpAdvertisementRoute Type2 = new(Rd, EthernetSegmentId.Zero, 0, MacAddress.Parse("00:11:22:33:44:55"), IPAddress.Parse("10.1.1.10"), 10100, 50000);

    private static readonly UpdateMessage Announce = new()
    {
        Attributes = new PathAttributes
        {
            Origin = Origin.Igp, AsPath = AsPath.Empty, LocalPref = 100,
            ExtendedCommunities = [ExtendedCommunity.AutoDerivedRouteTarget(65000, 10100), ExtendedCommunity.VxlanEncapsulation, ExtendedCommunity.MacMobility(3, true)],
        },
        MpReach = new MpReachNlri(25, 70, IPAddress.Parse("10.0.0.1"), [Type2]),
    };

    private static (int Code, JsonDocument? Json, string Error) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr);
        var text = stdout.ToString();
        return (code, code == 0 ? JsonDocument.Parse(text) : null, stderr.ToString());
    }

    private static string Hex(byte[] b) => Convert.ToHexString(b);

    [Fact]
    public void Decodes_a_whole_update_message_with_type2_route_and_communities()
    {
        var (code, json, _) = Run("bgp", "decode", Hex(BgpMessageWriter.ToBytes(Announce, BgpCodecOptions.Default)));
        Assert.Equal(0, code);
        var root = json!.RootElement;
        Assert.Equal("none", root.GetProperty("action").GetString());
        Assert.True(root.GetProperty("reencodes_identically").GetBoolean());
        var msg = root.GetProperty("message");
        Assert.Equal("UPDATE", msg.GetProperty("type").GetString());
        var reach = msg.GetProperty("mp_reach_nlri");
        Assert.Equal("10.0.0.1", reach.GetProperty("next_hop").GetString());
        var route = reach.GetProperty("evpn_routes")[0];
        Assert.Equal(2, route.GetProperty("route_type").GetInt32());
        Assert.Equal("10.0.0.1:100", route.GetProperty("rd").GetString());
        Assert.Equal("00:11:22:33:44:55", route.GetProperty("mac").GetString());
        Assert.Equal("10.1.1.10", route.GetProperty("ip").GetString());
        Assert.Equal(10100, route.GetProperty("label1").GetInt32());
        Assert.Equal(50000, route.GetProperty("label2").GetInt32());
        var ecs = msg.GetProperty("attributes").GetProperty("extended_communities");
        Assert.Equal("RT:65000:268445556", ecs[0].GetProperty("text").GetString());
        Assert.Equal("encapsulation", ecs[1].GetProperty("kind").GetString());
        Assert.True(ecs[2].GetProperty("sticky").GetBoolean());
        Assert.Equal(100, msg.GetProperty("attributes").GetProperty("local_pref").GetInt32());
    }

    [Fact]
    public void Decodes_a_bare_evpn_nlri_with_spaces_in_the_hex()
    {
        var (code, json, _) = Run("bgp", "decode", "--nlri", "03 11 0001 0A000001 0064 00000000 20 0A000001");
        Assert.Equal(0, code);
        var r = json!.RootElement.GetProperty("evpn_routes")[0];
        Assert.Equal("inclusive-multicast-ethernet-tag", r.GetProperty("name").GetString());
        Assert.Equal("10.0.0.1", r.GetProperty("originator_ip").GetString());
    }

    [Fact]
    public void A_malformed_route_with_an_intact_length_is_shown_raw_with_the_key_a_receiver_withdraws()
    {
        var (code, json, _) = Run("bgp", "decode", "--nlri", "03 12 0001 0A000001 0064 00000000 20 0A000001 00");
        Assert.Equal(0, code);
        var r = Assert.Single(json!.RootElement.GetProperty("evpn_routes").EnumerateArray());
        Assert.Equal("undecodable", r.GetProperty("name").GetString());
        Assert.Contains("type-3 length 18", r.GetProperty("reason").GetString());
        Assert.Equal("00010A000001006400000000200A00000100", r.GetProperty("value_hex").GetString());
        Assert.Equal("10.0.0.1", r.GetProperty("withdrawn_key").GetProperty("originator_ip").GetString());
    }

    [Fact]
    public void A_bare_esi_is_decoded_into_the_fields_of_its_type()
    {
        var (code, json, _) = Run("bgp", "decode", "--esi", "01:02:00:00:aa:bb:cc:01:02:00");
        Assert.Equal(0, code);
        var f = json!.RootElement.GetProperty("esis")[0].GetProperty("esi_fields");
        Assert.Equal(("lacp", "02:00:00:aa:bb:cc", 258), (f.GetProperty("type_name").GetString(), f.GetProperty("system_mac").GetString(), f.GetProperty("port_key").GetInt32()));
    }

    [Fact]
    public void An_update_body_without_its_header_is_decoded()
    {
        // Withdrawn Routes Length 0, Total Path Attribute Length 0: the IPv4 End-of-RIB (RFC 4724 §2).
        var (code, json, _) = Run("bgp", "decode", "0000 0000");
        Assert.Equal(0, code);
        Assert.Equal("update-body", json!.RootElement.GetProperty("input").GetString());
        Assert.Equal("UPDATE", json.RootElement.GetProperty("message").GetProperty("type").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("message").GetProperty("end_of_rib").GetProperty("afi").GetInt32());
    }

    [Fact]
    public void Decodes_bare_attributes_and_reports_the_rfc7606_action()
    {
        var (code, json, _) = Run("bgp", "decode", "--attribute", "40 01 01 05  C0 16 09 00 06 00 27 74 0A 00 00 01");
        Assert.Equal(0, code);
        var root = json!.RootElement;
        Assert.Equal("treat-as-withdraw", root.GetProperty("action").GetString());
        Assert.Equal(10100, root.GetProperty("attributes").GetProperty("pmsi_tunnel").GetProperty("label").GetInt32());
        Assert.Contains("ORIGIN", root.GetProperty("diagnostics")[0].GetString());
    }

    [Fact]
    public void Decodes_extended_communities()
    {
        var (code, json, _) = Run("bgp", "decode", "--community", "0x0602001122334455 0606024000007FFF");
        Assert.Equal(0, code);
        var ecs = json!.RootElement.GetProperty("extended_communities");
        Assert.Equal("es-import-route-target", ecs[0].GetProperty("kind").GetString());
        Assert.Equal("00:11:22:33:44:55", ecs[0].GetProperty("mac").GetString());
        Assert.Equal(2, ecs[1].GetProperty("algorithm").GetInt32());
        Assert.Equal(32767, ecs[1].GetProperty("preference").GetInt32());
    }

    [Fact]
    public void Malformed_header_shows_the_notification_a_receiver_would_send()
    {
        var (code, json, _) = Run("bgp", "decode", "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00 0013 04");
        Assert.Equal(0, code);
        var n = json!.RootElement.GetProperty("notification");
        Assert.Equal("session-reset", json.RootElement.GetProperty("action").GetString());
        Assert.Equal((1, 1), (n.GetProperty("code").GetInt32(), n.GetProperty("subcode").GetInt32()));
    }

    [Fact]
    public void Bad_hex_and_conflicting_flags_are_errors_not_crashes()
    {
        Assert.Equal(1, Run("bgp", "decode", "zz").Code);
        Assert.Equal(2, Run("bgp", "decode", "--nlri", "--attribute", "00").Code);
        Assert.Equal(2, Run("bgp", "decode").Code);
    }

    private static IEnumerable<(bool, byte[])> SessionMessages()
    {
        var o = BgpCodecOptions.Default;
        yield return (true, BgpMessageWriter.ToBytes(new OpenMessage(4, 65000, 90, 0xC0000201, [MultiprotocolCapability.Evpn, new FourOctetAsCapability(65000)]), o));
        yield return (false, BgpMessageWriter.ToBytes(new OpenMessage(4, 65000, 90, 0xC0000202, [MultiprotocolCapability.Evpn, new FourOctetAsCapability(65000)]), o));
        yield return (true, BgpMessageWriter.ToBytes(KeepaliveMessage.Instance, o));
        yield return (false, BgpMessageWriter.ToBytes(KeepaliveMessage.Instance, o));
        yield return (true, [.. BgpMessageWriter.ToBytes(Announce, o), .. BgpMessageWriter.ToBytes(UpdateMessage.EndOfRib(25, 70), o)]); // two messages, one segment
        yield return (false, BgpMessageWriter.ToBytes(new NotificationMessage(6, 2), o));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(113)]
    public void Decodes_every_message_of_a_captured_session_with_addresses_and_times(int linkType)
    {
        var path = Path.Combine(Path.GetTempPath(), $"af-bgp-{Guid.NewGuid():N}.pcap");
        File.WriteAllBytes(path, TestCapture.Session(SessionMessages(), linkType));
        try
        {
            var (code, json, err) = Run("bgp", "decode", "--pcap", path);
            Assert.True(code == 0, err);
            var msgs = json!.RootElement.GetProperty("messages");
            Assert.Equal(7, msgs.GetArrayLength());
            string[] types = ["OPEN", "OPEN", "KEEPALIVE", "KEEPALIVE", "UPDATE", "UPDATE", "NOTIFICATION"];
            for (int i = 0; i < types.Length; i++)
            {
                Assert.Equal(types[i], msgs[i].GetProperty("message").GetProperty("type").GetString());
                Assert.Equal("none", msgs[i].GetProperty("action").GetString());
            }
            Assert.Equal("192.0.2.1:40000", msgs[0].GetProperty("src").GetString());
            Assert.Equal("192.0.2.2:179", msgs[0].GetProperty("dst").GetString());
            Assert.Equal("192.0.2.2:179", msgs[1].GetProperty("src").GetString());
            Assert.StartsWith("2023-11-14T", msgs[0].GetProperty("timestamp").GetString());
            Assert.Equal("00:11:22:33:44:55", msgs[4].GetProperty("message").GetProperty("mp_reach_nlri").GetProperty("evpn_routes")[0].GetProperty("mac").GetString());
            Assert.Equal(70, msgs[5].GetProperty("message").GetProperty("end_of_rib").GetProperty("safi").GetInt32());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Pcapng_captures_decode_like_classic_pcap_with_the_same_timestamps()
    {
        var pcap = TestCapture.Session(SessionMessages());
        var classic = ActorFabric.Cli.Bgp.BgpCaptureDecoder.Decode(pcap);
        var ng = ActorFabric.Cli.Bgp.BgpCaptureDecoder.Decode(TestCapture.ToPcapng(pcap));
        Assert.Equal(7, ng.Count);
        Assert.Equal(classic.Select(m => (m.Timestamp, m.Source.ToString(), m.Result.Message)), ng.Select(m => (m.Timestamp, m.Source.ToString(), m.Result.Message)));
    }

    [Fact]
    public void Capture_reassembly_handles_split_out_of_order_and_retransmitted_segments()
    {
        var update = BgpMessageWriter.ToBytes(Announce, BgpCodecOptions.Default);
        var ka = BgpMessageWriter.ToBytes(KeepaliveMessage.Instance, BgpCodecOptions.Default);
        var cap = new TestCapture();
        var a = new IPEndPoint(IPAddress.Parse("192.0.2.1"), 179);
        var b = new IPEndPoint(IPAddress.Parse("192.0.2.2"), 50000);
        uint isn = 77;
        cap.Segment(a, b, isn, 0, 0x02, []);
        int cut = 30;
        cap.Segment(a, b, isn + 1 + (uint)cut, 0, 0x18, update.AsSpan(cut));          // second half first
        cap.Segment(a, b, isn + 1, 0, 0x18, update.AsSpan(0, cut));                   // then the first half
        cap.Segment(a, b, isn + 1, 0, 0x18, update.AsSpan(0, cut));                   // retransmitted
        cap.Segment(a, b, isn + 1 + (uint)update.Length - 5, 0, 0x18, [.. update.AsSpan(update.Length - 5), .. ka]); // overlap + next message
        var messages = ActorFabric.Cli.Bgp.BgpCaptureDecoder.Decode(cap.ToArray());
        Assert.Equal(2, messages.Count);
        Assert.Equal(Announce, messages[0].Result.Message);
        Assert.IsType<KeepaliveMessage>(messages[1].Result.Message);
    }
}
