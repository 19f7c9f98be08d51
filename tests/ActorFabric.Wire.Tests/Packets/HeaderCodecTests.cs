using ActorFabric.Wire.Packets;

namespace ActorFabric.Wire.Tests.Packets;

public class HeaderCodecTests
{
    private static readonly MacAddress MacA = MacAddress.Parse("00:11:22:33:44:55");
    private static readonly MacAddress MacB = MacAddress.Parse("02:00:00:00:00:02");

    [Fact]
    public void Ethernet_header_round_trips_untagged()
    {
        var header = new EthernetHeader(MacB, MacA, EtherType.Ipv4);
        var buffer = new byte[14];
        Assert.Equal(14, header.Write(buffer));
        Assert.Equal("020000000002001122334455" + "0800", Hex.Of(buffer));
        Assert.Equal(PacketError.None, EthernetHeader.TryRead(buffer, out var read));
        Assert.Equal(header, read);
        Assert.Equal(14, read.Length);
    }

    [Fact]
    public void Ethernet_header_round_trips_an_8021q_tag_with_pcp_dei_and_vid()
    {
        var header = new EthernetHeader(MacB, MacA, EtherType.Arp, new VlanTag(100, Priority: 5, DropEligible: true));
        var buffer = new byte[18];
        Assert.Equal(18, header.Write(buffer));
        // TCI = 101 1 000001100100 = 0xB064
        Assert.Equal("020000000002001122334455" + "8100b064" + "0806", Hex.Of(buffer));
        Assert.Equal(PacketError.None, EthernetHeader.TryRead(buffer, out var read, out var payload));
        Assert.Equal(header, read);
        Assert.Equal(0, payload.Length);
    }

    [Fact]
    public void Ethernet_header_reports_truncation_instead_of_throwing()
    {
        var tagged = new byte[18];
        new EthernetHeader(MacB, MacA, EtherType.Arp, new VlanTag(7)).Write(tagged);
        Assert.Equal(PacketError.Truncated, EthernetHeader.TryRead(tagged.AsSpan(0, 13), out _));
        Assert.Equal(PacketError.Truncated, EthernetHeader.TryRead(tagged.AsSpan(0, 17), out _));
    }

    [Fact]
    public void Arp_request_matches_known_wire_bytes()
    {
        // who-has 192.168.1.1 tell 192.168.1.10, from 00:11:22:33:44:55, padded to 60 octets
        var expected = Hex.Bytes(
            "ffffffffffff 001122334455 0806" +
            "0001 0800 06 04 0001 001122334455 c0a8010a 000000000000 c0a80101" +
            "000000000000000000000000000000000000");
        var frame = FrameBuilder.ArpRequest(MacA, Ipv4Address.Parse("192.168.1.10"), Ipv4Address.Parse("192.168.1.1"));
        Assert.Equal(expected, frame);

        Assert.Equal(PacketError.None, ArpPacket.TryRead(frame.AsSpan(14), out var arp));
        Assert.Equal(new ArpPacket(ArpOperation.Request, MacA, Ipv4Address.Parse("192.168.1.10"), MacAddress.Zero, Ipv4Address.Parse("192.168.1.1")), arp);
    }

    [Fact]
    public void Arp_reader_rejects_non_ethernet_ipv4_formats()
    {
        var bytes = new byte[28];
        new ArpPacket(ArpOperation.Reply, MacA, Ipv4Address.Parse("10.0.0.1"), MacB, Ipv4Address.Parse("10.0.0.2")).Write(bytes);
        bytes[1] = 6; // IEEE 802 hardware type
        Assert.Equal(PacketError.UnsupportedArpFormat, ArpPacket.TryRead(bytes, out _));
        Assert.Equal(PacketError.Truncated, ArpPacket.TryRead(bytes.AsSpan(0, 27), out _));
    }

    [Fact]
    public void Ipv4_header_checksum_matches_a_known_example()
    {
        // A classic worked example: 192.168.0.1 -> 192.168.0.199, UDP, DF, TTL 64, checksum 0xb861.
        var known = Hex.Bytes("4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7");
        var header = new Ipv4Header
        {
            Source = Ipv4Address.Parse("192.168.0.1"), Destination = Ipv4Address.Parse("192.168.0.199"),
            Protocol = IpProtocol.Udp, Ttl = 64, TotalLength = 0x73, DontFragment = true,
        };
        var written = new byte[20];
        Assert.Equal(20, header.Write(written));
        Assert.Equal(known, written);

        var packet = new byte[0x73];
        known.CopyTo(packet, 0);
        Assert.Equal(PacketError.None, Ipv4Header.TryRead(packet, out var read, out var payload));
        Assert.Equal(0xb861, read.Checksum);
        Assert.True(read.DontFragment);
        Assert.Equal(0x73 - 20, payload.Length);
    }

    [Fact]
    public void Ipv4_header_with_a_corrupted_byte_reports_bad_checksum()
    {
        var packet = new byte[40];
        Ipv4Header.Create(Ipv4Address.Parse("10.0.0.1"), Ipv4Address.Parse("10.0.0.2"), IpProtocol.Udp, 20).Write(packet);
        packet[8] ^= 0x01; // TTL flipped without fixing the checksum
        Assert.Equal(PacketError.BadChecksum, Ipv4Header.TryRead(packet, out var read));
        Assert.Equal(Ipv4Address.Parse("10.0.0.2"), read.Destination);
    }

    [Fact]
    public void Ipv4_reader_skips_options_and_recognises_router_alert()
    {
        var packet = new byte[24 + 8];
        var header = Ipv4Header.Create(Ipv4Address.Parse("10.0.0.1"), Ipv4Address.Parse("224.0.0.2"), IpProtocol.Igmp, 8, ttl: 1, routerAlert: true);
        Assert.Equal(24, header.Write(packet));
        Assert.Equal(0x46, packet[0]);
        Assert.Equal("94040000", Hex.Of(packet.AsSpan(20, 4)));
        Assert.Equal(PacketError.None, Ipv4Header.TryRead(packet, out var read, out var payload));
        Assert.True(read.RouterAlert);
        Assert.Equal(24, read.HeaderLength);
        Assert.Equal(8, payload.Length);
    }

    [Theory]
    [InlineData(0, 0x65, PacketError.UnsupportedVersion)]
    [InlineData(0, 0x44, PacketError.InvalidHeaderLength)]
    [InlineData(3, 10, PacketError.InvalidLength)]
    [InlineData(3, 200, PacketError.Truncated)]
    public void Ipv4_reader_reports_malformed_fields(int index, byte value, PacketError expected)
    {
        var packet = new byte[40];
        Ipv4Header.Create(Ipv4Address.Parse("10.0.0.1"), Ipv4Address.Parse("10.0.0.2"), IpProtocol.Udp, 20).Write(packet);
        packet[index] = value;
        Assert.Equal(expected, Ipv4Header.TryRead(packet, out _));
    }

    [Fact]
    public void Ttl_decrement_patches_the_checksum_like_a_full_recompute()
    {
        var packet = new byte[20];
        var header = Ipv4Header.Create(Ipv4Address.Parse("172.16.0.9"), Ipv4Address.Parse("10.9.8.7"), IpProtocol.Udp, 0, ttl: 3);
        header.Write(packet);
        Assert.Equal(PacketError.None, Ipv4Header.TryDecrementTtl(packet));
        var recomputed = new byte[20];
        (header with { Ttl = 2 }).Write(recomputed);
        Assert.Equal(recomputed, packet);
        Assert.Equal(PacketError.None, Ipv4Header.TryDecrementTtl(packet));
        Assert.Equal(PacketError.TtlExpired, Ipv4Header.TryDecrementTtl(packet));
        Assert.Equal(1, packet[8]);
        Assert.Equal(PacketError.None, Ipv4Header.TryRead(packet, out _));
    }

    [Fact]
    public void Hop_limit_decrements_in_place_until_one_and_neither_family_step_touches_the_other_familys_header()
    {
        var header = new Ipv6Header(Ipv6Address.Parse("2001:db8::1"), Ipv6Address.Parse("2001:db8:ff::7"), IpProtocol.Icmpv6, 0, 2);
        var packet = new byte[40];
        header.Write(packet);
        var original = packet.ToArray();
        // An IPv4 TTL step on an IPv6 header would decrement the first source-address byte and patch a checksum there.
        Assert.Equal(PacketError.UnsupportedVersion, Ipv4Header.TryDecrementTtl(packet));
        Assert.Equal(original, packet);

        Assert.Equal(PacketError.None, Ipv6Header.TryDecrementHopLimit(packet));
        Assert.Equal(PacketError.None, Ipv6Header.TryRead(packet, out var read));
        Assert.Equal(header with { HopLimit = 1 }, read);
        Assert.Equal(PacketError.TtlExpired, Ipv6Header.TryDecrementHopLimit(packet)); // RFC 8200 §3: 1 would become 0
        Assert.Equal(1, packet[7]);
        Assert.Equal(PacketError.Truncated, Ipv6Header.TryDecrementHopLimit(packet.AsSpan(0, 39)));

        var v4 = new byte[40]; // an IPv4 header and 20 octets of payload
        Ipv4Header.Create(Ipv4Address.Parse("10.0.0.1"), Ipv4Address.Parse("10.0.0.2"), IpProtocol.Udp, 20, ttl: 9).Write(v4);
        var v4Original = v4.ToArray();
        Assert.Equal(PacketError.UnsupportedVersion, Ipv6Header.TryDecrementHopLimit(v4));
        Assert.Equal(v4Original, v4);
    }

    [Fact]
    public void Ipv6_fixed_header_round_trips()
    {
        var header = new Ipv6Header(Ipv6Address.Parse("fe80::1"), Ipv6Address.Parse("ff02::16"), IpProtocol.HopByHop, 36, 1, 0xB8, 0x12345);
        var packet = new byte[40 + 36];
        Assert.Equal(40, header.Write(packet));
        Assert.Equal("6b812345", Hex.Of(packet.AsSpan(0, 4)));
        Assert.Equal(PacketError.None, Ipv6Header.TryRead(packet, out var read, out var payload));
        Assert.Equal(header, read);
        Assert.Equal(36, payload.Length);
        Assert.Equal(PacketError.Truncated, Ipv6Header.TryRead(packet.AsSpan(0, 70), out _));
        packet[0] = 0x45;
        Assert.Equal(PacketError.UnsupportedVersion, Ipv6Header.TryRead(packet, out _));
    }

    [Fact]
    public void Udp_checksum_verifies_and_detects_corruption_over_ipv4()
    {
        var src = Ipv4Address.Parse("10.1.1.1");
        var dst = Ipv4Address.Parse("10.1.1.2");
        var segment = new byte[8 + 5];
        new UdpHeader(1234, 5678, 13).Write(segment);
        "hello"u8.CopyTo(segment.AsSpan(8));
        UdpHeader.WriteChecksum(segment, src, dst);
        Assert.NotEqual(0, segment[6] | segment[7]);
        Assert.Equal(PacketError.None, UdpHeader.VerifyChecksum(segment, src, dst));
        Assert.Equal(PacketError.BadChecksum, UdpHeader.VerifyChecksum(segment, src, Ipv4Address.Parse("10.1.1.3")));
        segment[12] ^= 0xFF;
        Assert.Equal(PacketError.BadChecksum, UdpHeader.VerifyChecksum(segment, src, dst));
        segment[6] = segment[7] = 0; // "no checksum" is legal over IPv4
        Assert.Equal(PacketError.None, UdpHeader.VerifyChecksum(segment, src, dst));
    }

    [Fact]
    public void Udp_checksum_over_ipv6_verifies_and_never_sends_zero()
    {
        var src = Ipv6Address.Parse("2001:db8::1");
        var dst = Ipv6Address.Parse("2001:db8::2");
        var segment = new byte[8 + 4];
        new UdpHeader(53, 53, 12).Write(segment);
        UdpHeader.WriteChecksum(segment, src, dst);
        Assert.Equal(PacketError.None, UdpHeader.VerifyChecksum(segment, src, dst));
        segment[6] = segment[7] = 0;
        Assert.Equal(PacketError.BadChecksum, UdpHeader.VerifyChecksum(segment, src, dst));
    }

    [Fact]
    public void Udp_reader_bounds_the_payload_by_the_length_field()
    {
        var segment = new byte[20];
        new UdpHeader(1, 2, 12).Write(segment);
        Assert.Equal(PacketError.None, UdpHeader.TryRead(segment, out var udp, out var payload));
        Assert.Equal(4, payload.Length);
        new UdpHeader(1, 2, 7).Write(segment);
        Assert.Equal(PacketError.InvalidLength, UdpHeader.TryRead(segment, out _, out _));
        new UdpHeader(1, 2, 21).Write(segment);
        Assert.Equal(PacketError.Truncated, UdpHeader.TryRead(segment, out _, out _));
        _ = udp;
    }

    [Fact]
    public void Icmp_echo_round_trips_with_data_and_rejects_bad_checksums()
    {
        var message = new byte[8 + 4];
        var echo = new IcmpEcho(IcmpType.EchoRequest, 0x1234, 7);
        Assert.Equal(12, echo.Write(message, "ping"u8));
        Assert.True(InternetChecksum.Verify(message));
        Assert.Equal(PacketError.None, IcmpEcho.TryRead(message, out var read, out var data));
        Assert.Equal(echo, read);
        Assert.Equal("ping"u8.ToArray(), data.ToArray());
        Assert.Equal(IcmpType.EchoReply, read.ToReply().Type);
        message[9] ^= 1;
        Assert.Equal(PacketError.BadChecksum, IcmpEcho.TryRead(message, out _, out _));
        message[0] = 3;
        Assert.Equal(PacketError.UnsupportedMessageType, IcmpEcho.TryRead(message, out _, out _));
    }

    [Fact]
    public void Icmp_echo_request_checksum_matches_a_hand_computed_value()
    {
        // type 8, code 0, id 1, seq 1, no data: sum = 0x0800 + 0x0001 + 0x0001 = 0x0802 -> ~ = 0xf7fd
        var message = new byte[8];
        new IcmpEcho(IcmpType.EchoRequest, 1, 1).Write(message, default);
        Assert.Equal("0800f7fd00010001", Hex.Of(message));
    }

    [Fact]
    public void Igmpv2_messages_round_trip_and_checksum()
    {
        var group = Ipv4Address.Parse("239.1.2.3");
        foreach (var type in new[] { IgmpType.V2MembershipReport, IgmpType.LeaveGroup, IgmpType.MembershipQuery })
        {
            var message = new byte[8];
            var igmp = new IgmpMessage(type, group, type == IgmpType.MembershipQuery ? (byte)100 : (byte)0);
            igmp.Write(message);
            Assert.Equal(PacketError.None, IgmpMessage.TryRead(message, out var read));
            Assert.Equal(igmp, read);
            message[5] ^= 1;
            Assert.Equal(PacketError.BadChecksum, IgmpMessage.TryRead(message, out _));
        }
        // general query: 11 64 ee9b 00000000 (sum 0x1164 -> ~ 0xee9b)
        var general = new byte[8];
        new IgmpMessage(IgmpType.MembershipQuery, Ipv4Address.Any, 100).Write(general);
        Assert.Equal("1164ee9b00000000", Hex.Of(general));
    }

    [Fact]
    public void Igmp_query_of_twelve_octets_or_more_reads_as_v3()
    {
        var message = new byte[12];
        message[0] = 0x11;
        message[1] = 100;
        message[9] = 0x02; // QRV
        message[10] = 125; // QQIC
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), InternetChecksum.Compute(message));
        Assert.Equal(PacketError.None, IgmpMessage.TryRead(message, out var read));
        Assert.True(read.IsV3Query);
        Assert.Equal(IgmpType.MembershipQuery, read.Type);
    }

    [Fact]
    public void Igmpv3_report_round_trips_records_and_sources()
    {
        var records = new[]
        {
            Igmpv3GroupRecord.Join(Ipv4Address.Parse("239.0.0.1")),
            new Igmpv3GroupRecord(Igmpv3RecordType.AllowNewSources, Ipv4Address.Parse("232.1.1.1"),
                new[] { Ipv4Address.Parse("10.0.0.1"), Ipv4Address.Parse("10.0.0.2") }),
            Igmpv3GroupRecord.Leave(Ipv4Address.Parse("239.0.0.9")),
        };
        var message = new byte[Igmpv3Report.GetLength(records)];
        Assert.Equal(8 + 8 + 16 + 8, Igmpv3Report.Write(message, records));
        Assert.Equal(PacketError.None, Igmpv3Report.TryRead(message, out var reader));
        Assert.Equal(3, reader.RecordCount);

        Assert.True(reader.TryReadNext(out var type, out var group, out var sources));
        Assert.Equal((Igmpv3RecordType.ChangeToExclude, "239.0.0.1", 0), (type, group.ToString(), sources.Length));
        Assert.True(reader.TryReadNext(out type, out group, out sources));
        Assert.Equal((Igmpv3RecordType.AllowNewSources, "232.1.1.1"), (type, group.ToString()));
        Assert.Equal("10.0.0.2", Ipv4Address.Read(sources[4..]).ToString());
        Assert.True(reader.TryReadNext(out type, out group, out _));
        Assert.Equal(Igmpv3RecordType.ChangeToInclude, type);
        Assert.False(reader.TryReadNext(out _, out _, out _));

        message[20] ^= 0x40;
        Assert.Equal(PacketError.BadChecksum, Igmpv3Report.TryRead(message, out _));
        Assert.Equal(PacketError.Truncated, Igmpv3Report.TryRead(message.AsSpan(0, 30), out _));
    }

    [Fact]
    public void Vxlan_header_matches_the_spec_example_for_vni_10100()
    {
        var header = new byte[8];
        new VxlanHeader(10100).Write(header);
        Assert.Equal("0800000000277400", Hex.Of(header));
        Assert.Equal(PacketError.None, VxlanHeader.TryRead(header, out var read));
        Assert.Equal(10100u, read.Vni);
        header[0] = 0;
        Assert.Equal(PacketError.VxlanInstanceFlagMissing, VxlanHeader.TryRead(header, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VxlanHeader(1 << 24).Write(new byte[8]));
    }

    [Fact]
    public void Vxlan_reader_ignores_reserved_bits()
    {
        var header = Hex.Bytes("ff ffffff 000001 ff");
        Assert.Equal(PacketError.None, VxlanHeader.TryRead(header, out var read));
        Assert.Equal(1u, read.Vni);
    }
}
