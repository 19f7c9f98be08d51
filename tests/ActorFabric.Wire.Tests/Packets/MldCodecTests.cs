using ActorFabric.Wire.Packets;

namespace ActorFabric.Wire.Tests.Packets;

public class MldCodecTests
{
    private static readonly MacAddress Host = MacAddress.Parse("02:00:00:00:01:01");
    private static readonly Ipv6Address HostLinkLocal = Ipv6Address.Parse("fe80::ff:fe00:101");
    private static readonly Ipv6Address Group = Ipv6Address.Parse("ff0e::1:3");
    private static readonly Ipv6Address Source1 = Ipv6Address.Parse("2001:db8::10");
    private static readonly Ipv6Address Source2 = Ipv6Address.Parse("2001:db8::11");

    [Fact]
    public void Link_local_address_is_the_modified_eui64_of_the_mac()
    {
        // RFC 4291 appendix A: 00:11:22:33:44:55 -> interface id 0211:22ff:fe33:4455 (U/L bit inverted).
        Assert.Equal(Ipv6Address.Parse("fe80::211:22ff:fe33:4455"), MldAddresses.LinkLocalFromMac(MacAddress.Parse("00:11:22:33:44:55")));
        Assert.Equal(HostLinkLocal, MldAddresses.LinkLocalFromMac(Host));
    }

    [Fact]
    public void Mldv1_report_frame_matches_a_byte_vector_computed_independently()
    {
        // Ethernet to 33:33:00:01:00:03, IPv6 hop limit 1 with a Hop-by-Hop Router Alert (value 0, then PadN),
        // ICMPv6 131 with the pseudo-header checksum 0x8005 (computed outside this code base).
        var expected = Hex.Bytes("333300010003 020000000101 86dd"
            + "60000000 0020 00 01 fe80000000000000000000fffe000101 ff0e0000000000000000000000010003"
            + "3a00050200000100"
            + "83 00 8005 0000 0000 ff0e0000000000000000000000010003");
        Assert.Equal(Hex.Of(expected), Hex.Of(FrameBuilder.Mldv1Report(Host, Group)));
    }

    [Fact]
    public void Mldv1_messages_round_trip_through_the_packet_reader_with_their_destinations()
    {
        foreach (var (frame, type, ipDestination, delay) in new[]
        {
            (FrameBuilder.Mldv1Report(Host, Group), MldType.V1Report, Group, (ushort)0),
            (FrameBuilder.Mldv1Done(Host, Group), MldType.V1Done, MldAddresses.AllRouters, (ushort)0),
            (FrameBuilder.Mldv1Query(Host, Group, 1000), MldType.Query, Group, (ushort)1000),
        })
        {
            Assert.Equal(PacketError.None, EthernetHeader.TryRead(frame, out var ethernet, out var l3));
            Assert.Equal(MacAddress.ForIpv6Multicast(ipDestination), ethernet.Destination);
            Assert.Equal(PacketError.None, MldPacket.TryRead(l3, out var ip, out var message, out bool routerAlert));
            Assert.True(routerAlert);
            Assert.Equal((HostLinkLocal, ipDestination, (byte)1), (ip.Source, ip.Destination, ip.HopLimit));
            Assert.Equal(PacketError.None, MldMessage.TryRead(message, out var mld));
            Assert.Equal(new MldMessage(type, Group, delay), mld);
        }
        var general = FrameSummary.Parse(FrameBuilder.Mldv1Query(Host, default));
        Assert.Equal((MldType.Query, MldAddresses.AllNodes, false), (general.MldType, general.Ipv6Destination, general.IsMldv2Query));
    }

    [Fact]
    public void Mldv2_report_round_trips_records_and_sources_to_ff02_16()
    {
        var records = new[]
        {
            Mldv2AddressRecord.Join(Group),
            new Mldv2AddressRecord(Igmpv3RecordType.ModeIsInclude, Ipv6Address.Parse("ff3e::8000:1"), new[] { Source1, Source2 }),
            Mldv2AddressRecord.Leave(Ipv6Address.Parse("ff0e::1:4")),
        };
        var frame = FrameBuilder.Mldv2Report(Host, records);
        Assert.Equal(14 + 40 + 8 + 8 + 20 + (20 + 32) + 20, frame.Length);
        Assert.Equal(PacketError.None, EthernetHeader.TryRead(frame, out _, out var l3));
        Assert.Equal(PacketError.None, MldPacket.TryRead(l3, out var ip, out var message, out _));
        Assert.Equal(MldAddresses.AllMldv2Routers, ip.Destination);
        Assert.Equal(PacketError.None, Mldv2Report.TryRead(message, out var reader));
        Assert.Equal(3, reader.RecordCount);
        foreach (var record in records)
        {
            Assert.True(reader.TryReadNext(out var type, out var group, out var sources));
            Assert.Equal((record.Type, record.Group, record.Sources.Length * 16), (type, group, sources.Length));
            for (int i = 0; i < record.Sources.Length; i++) Assert.Equal(record.Sources.Span[i], Ipv6Address.Read(sources[(16 * i)..]));
        }
        Assert.False(reader.TryReadNext(out _, out _, out _));
    }

    [Fact]
    public void Mldv2_query_round_trips_its_fields_and_reads_as_a_v2_query_by_length()
    {
        var query = new Mldv2Query(Group, MaxResponseCode: 0x8123, SuppressRouterProcessing: true, Robustness: 3, QueryIntervalCode: 0x90);
        var frame = FrameBuilder.Mldv2Query(Host, query, new[] { Source1 });
        Assert.Equal(PacketError.None, EthernetHeader.TryRead(frame, out _, out var l3));
        Assert.Equal(PacketError.None, MldPacket.TryRead(l3, out var ip, out var message, out _));
        Assert.Equal((Group, 28 + 16), (ip.Destination, message.Length));
        Assert.Equal(PacketError.None, Mldv2Query.TryRead(message, out var read, out var sources));
        Assert.Equal(query, read);
        Assert.Equal(Source1, Ipv6Address.Read(sources));
        Assert.Equal(PacketError.None, MldMessage.TryRead(message, out var common));
        Assert.True(common.IsV2Query);
        // RFC 3810 §5.1.3: 0x8123 = exp 0, mant 0x123 -> (0x1123) << 3 ms.
        Assert.Equal(TimeSpan.FromMilliseconds(0x1123 << 3), read.MaxResponseDelay);
        // §5.1.9: QQIC 0x90 = exp 1, mant 0 -> 0x10 << 4 s.
        Assert.Equal(256, read.QueryIntervalSeconds);

        var general = FrameSummary.Parse(FrameBuilder.Mldv2Query(Host, new Mldv2Query(default)));
        Assert.Equal((MldAddresses.AllNodes, true), (general.Ipv6Destination, general.IsMldv2Query));
    }

    [Fact]
    public void Igmpv3_query_round_trips_and_goes_to_all_systems_when_general()
    {
        var src = Ipv4Address.Parse("10.1.1.254");
        var group = Ipv4Address.Parse("232.1.1.1");
        var query = new Igmpv3Query(group, MaxResponseCode: 0x85, Robustness: 2, QueryIntervalCode: 60);
        var frame = FrameBuilder.Igmpv3Query(Host, src, query, new[] { Ipv4Address.Parse("10.9.9.9") });
        Assert.Equal(PacketError.None, EthernetHeader.TryRead(frame, out var ethernet, out var l3));
        Assert.Equal(PacketError.None, Ipv4Header.TryRead(l3, out var ip, out var igmp));
        Assert.Equal((group, (byte)1, true, MacAddress.ForIpv4Multicast(group)), (ip.Destination, ip.Ttl, ip.RouterAlert, ethernet.Destination));
        Assert.Equal(PacketError.None, Igmpv3Query.TryRead(igmp, out var read, out var sources));
        Assert.Equal(query, read);
        Assert.Equal(Ipv4Address.Parse("10.9.9.9"), Ipv4Address.Read(sources));
        // RFC 3376 §4.1.1: 0x85 = exp 0, mant 5 -> (0x15) << 3 tenths.
        Assert.Equal(TimeSpan.FromMilliseconds(100 * (0x15 << 3)), read.MaxResponseTime);
        Assert.Equal(PacketError.None, IgmpMessage.TryRead(igmp, out var common));
        Assert.True(common.IsV3Query);

        var general = FrameSummary.Parse(FrameBuilder.Igmpv3Query(Host, src, new Igmpv3Query(Ipv4Address.Any)));
        Assert.Equal((Ipv4Address.AllSystems, true, PacketError.None), (general.IpDestination, general.IsIgmpv3Query, general.Error));
        Assert.Contains("igmp v3 query", general.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Query_codes_encode_to_the_nearest_lower_representable_value_and_decode_back()
    {
        foreach (int bits in new[] { Igmpv3QueryCode.ByteMantissaBits, Igmpv3QueryCode.MldResponseMantissaBits })
        {
            int limit = bits == 4 ? 255 : 65535;
            for (int code = 0; code <= limit; code += bits == 4 ? 1 : 7)
            {
                int value = Igmpv3QueryCode.Decode(code, bits);
                Assert.Equal(code, Igmpv3QueryCode.Encode(value, bits));
            }
        }
        Assert.Equal(125, Igmpv3QueryCode.Encode(125, Igmpv3QueryCode.ByteMantissaBits));
        Assert.Equal(0xFF, Igmpv3QueryCode.Encode(int.MaxValue, Igmpv3QueryCode.ByteMantissaBits));
    }

    [Fact]
    public void Corrupt_or_short_mld_is_a_typed_error_not_an_exception()
    {
        var frame = FrameBuilder.Mldv2Report(Host, new[] { Mldv2AddressRecord.Join(Group) });
        var l3 = frame.AsSpan(14).ToArray();
        l3[^1] ^= 0x01;
        Assert.Equal(PacketError.BadChecksum, MldPacket.TryRead(l3, out _, out _, out _));
        Assert.Equal(PacketError.BadChecksum, FrameSummary.Parse(Corrupt(frame, frame.Length - 1)).Error);

        var good = FrameBuilder.Mldv2Report(Host, new[] { Mldv2AddressRecord.Join(Group) }).AsSpan(14 + 40 + 8).ToArray();
        good[7] = 2; // claims two records, has one
        Assert.Equal(PacketError.Truncated, Mldv2Report.TryRead(good, out _));
        Assert.Equal(PacketError.Truncated, Mldv2Query.TryRead(new byte[27], out _, out _));
        Assert.Equal(PacketError.Truncated, MldMessage.TryRead(new byte[23], out _));

        var hopByHop = frame.AsSpan(14).ToArray();
        hopByHop[40 + 3] = 9; // Router Alert option claims 9 data octets in an 8-octet header
        Assert.Equal(PacketError.InvalidHeaderLength, MldPacket.TryRead(hopByHop, out _, out _, out _));
    }

    [Fact]
    public void Summary_describes_mld_and_multicast_udp()
    {
        var report = FrameSummary.Parse(FrameBuilder.Mldv2Report(Host, new[] { Mldv2AddressRecord.Join(Group) }));
        Assert.True(report.IsMld);
        Assert.Equal((MldType.V2Report, Group, 1, IpProtocol.Icmpv6, (byte)1), (report.MldType, report.MldGroup, report.MldRecordCount, report.IpProtocol, report.Ttl));
        Assert.Contains("mld v2 report 1 record(s), first ff0e::1:3", report.ToString(), StringComparison.Ordinal);
        Assert.Contains("mld done ff0e::1:3", FrameDescription.Parse(FrameBuilder.Mldv1Done(Host, Group)).ToString(), StringComparison.Ordinal);

        var v6 = FrameSummary.Parse(FrameBuilder.MulticastUdpDatagram(Host, Source1, Group, 4000, 5000, new byte[10], hopLimit: 5));
        Assert.Equal((MacAddress.Parse("33:33:00:01:00:03"), Group, (byte)5, (ushort)5000, PacketError.None), (v6.Destination, v6.Ipv6Destination, v6.Ttl, v6.DestinationPort, v6.Error));
        var v4Group = Ipv4Address.Parse("239.129.1.1");
        var v4 = FrameSummary.Parse(FrameBuilder.MulticastUdpDatagram(Host, Ipv4Address.Parse("10.1.1.1"), v4Group, 4000, 5000, new byte[10], ttl: 3));
        Assert.Equal((MacAddress.Parse("01:00:5e:01:01:01"), v4Group, (byte)3, PacketError.None), (v4.Destination, v4.IpDestination, v4.Ttl, v4.Error));
    }

    private static byte[] Corrupt(byte[] frame, int index)
    {
        var copy = (byte[])frame.Clone();
        copy[index] ^= 0x01;
        return copy;
    }
}
