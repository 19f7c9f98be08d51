using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Multicast.Snooping;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Tests.Multicast.Snooping;

public class MembershipTranslatorTests
{
    private static readonly PortId P = new(7);
    private static readonly Ipv4Address Host = Ipv4Address.Parse("192.168.1.10");
    private static readonly Ipv4Address Group = Ipv4Address.Parse("239.1.2.3");
    private static readonly Ipv6Address LinkLocal = Ipv6Address.Parse("fe80::1");
    private static readonly Ipv6Address Group6 = Ipv6Address.Parse("ff0e::99");

    private static byte[] Igmp(IgmpType type, Ipv4Address group, byte maxResponse = 0)
    {
        var bytes = new byte[IgmpMessage.Length];
        new IgmpMessage(type, group, maxResponse).Write(bytes);
        return bytes;
    }

    private static (MembershipTranslationError, List<SnoopingInput>) TranslateIgmp(byte[] message)
    {
        var into = new List<SnoopingInput>();
        return (MembershipTranslator.TranslateIgmp(P, Host, message, into), into);
    }

    [Fact]
    public void An_igmpv2_report_becomes_a_v2_join()
    {
        var (error, inputs) = TranslateIgmp(Igmp(IgmpType.V2MembershipReport, Group));
        Assert.Equal(MembershipTranslationError.None, error);
        var record = Assert.IsType<MembershipRecord>(Assert.Single(inputs));
        Assert.Equal((MembershipVersion.IgmpV2, MembershipRecordType.ModeIsExclude, InetAddress.FromIpv4(Group), P),
            (record.Version, record.Type, record.Group, record.Port));
    }

    [Fact]
    public void An_igmpv1_report_becomes_a_v1_join_and_a_leave_becomes_to_include_empty()
    {
        Assert.Equal(MembershipVersion.IgmpV1, ((MembershipRecord)TranslateIgmp(Igmp(IgmpType.V1MembershipReport, Group)).Item2[0]).Version);
        var leave = (MembershipRecord)TranslateIgmp(Igmp(IgmpType.LeaveGroup, Group)).Item2[0];
        Assert.Equal(MembershipRecordType.ChangeToInclude, leave.Type);
        Assert.Empty(leave.Sources);
    }

    [Fact]
    public void A_v2_query_is_observed_with_its_max_response_time_and_querier()
    {
        var (_, inputs) = TranslateIgmp(Igmp(IgmpType.MembershipQuery, Ipv4Address.Any, 100));
        var query = Assert.IsType<QueryObservation>(Assert.Single(inputs));
        Assert.Null(query.Group);
        Assert.Equal(TimeSpan.FromSeconds(10), query.MaxResponseTime);
        Assert.Equal(MembershipVersion.IgmpV2, query.Version);
        Assert.Equal(InetAddress.FromIpv4(Host), query.Querier);
    }

    [Fact]
    public void A_v3_query_decodes_the_exponential_max_response_code()
    {
        var bytes = new byte[12];
        bytes[0] = (byte)IgmpType.MembershipQuery;
        bytes[1] = 0x8F; // exp 0, mant 15: (15 | 16) << 3 = 248 tenths (RFC 3376 §4.1.1)
        Group.Write(bytes.AsSpan(4));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), InternetChecksum.Compute(bytes));
        var query = Assert.IsType<QueryObservation>(Assert.Single(TranslateIgmp(bytes).Item2));
        Assert.Equal(MembershipVersion.IgmpV3, query.Version);
        Assert.Equal(TimeSpan.FromMilliseconds(24_800), query.MaxResponseTime);
        Assert.Equal(InetAddress.FromIpv4(Group), query.Group);
    }

    [Fact]
    public void An_igmpv3_report_yields_one_record_per_group_record_with_its_sources()
    {
        var source = Ipv4Address.Parse("10.0.0.1");
        Igmpv3GroupRecord[] records = [Igmpv3GroupRecord.Join(Group), new(Igmpv3RecordType.AllowNewSources, Ipv4Address.Parse("239.9.9.9"), new[] { source })];
        var bytes = new byte[Igmpv3Report.GetLength(records)];
        Igmpv3Report.Write(bytes, records);

        var (error, inputs) = TranslateIgmp(bytes);
        Assert.Equal(MembershipTranslationError.None, error);
        Assert.Equal(2, inputs.Count);
        var allow = (MembershipRecord)inputs[1];
        Assert.Equal(MembershipRecordType.AllowNewSources, allow.Type);
        Assert.Equal([InetAddress.FromIpv4(source)], allow.Sources);
        Assert.Equal(MembershipRecordType.ChangeToExclude, ((MembershipRecord)inputs[0]).Type);
    }

    [Fact]
    public void Malformed_igmp_yields_a_typed_error_and_no_input()
    {
        var bad = Igmp(IgmpType.V2MembershipReport, Group);
        bad[7] ^= 0xFF;
        Assert.Equal((MembershipTranslationError.BadChecksum, 0), Count(TranslateIgmp(bad)));
        Assert.Equal((MembershipTranslationError.Truncated, 0), Count(TranslateIgmp([0x16, 0, 0])));
        Assert.Equal((MembershipTranslationError.UnsupportedMessageType, 0), Count(TranslateIgmp(Igmp((IgmpType)0x13, Group))));
        Assert.Equal((MembershipTranslationError.InvalidGroupAddress, 0), Count(TranslateIgmp(Igmp(IgmpType.V2MembershipReport, Host))));

        Igmpv3GroupRecord[] records = [Igmpv3GroupRecord.Join(Group)];
        var v3 = new byte[Igmpv3Report.GetLength(records)];
        Igmpv3Report.Write(v3, records);
        Assert.Equal((MembershipTranslationError.Truncated, 0), Count(TranslateIgmp(v3[..^2])));
    }

    [Fact]
    public void Mld_v1_report_done_and_v2_records_translate_to_ipv6_records()
    {
        var into = new List<SnoopingInput>();
        Assert.Equal(MembershipTranslationError.None, MembershipTranslator.TranslateMld(P, new MldHeard(MldHeardKind.V1Report, LinkLocal, Group6), into));
        Assert.Equal(MembershipTranslationError.None, MembershipTranslator.TranslateMld(P, new MldHeard(MldHeardKind.V1Done, LinkLocal, Group6), into));
        var source = Ipv6Address.Parse("2001:db8::5");
        MembershipTranslator.TranslateMld(P, new MldHeard(MldHeardKind.V2Report, LinkLocal, default,
            Records: [new MldRecordHeard(MembershipRecordType.ModeIsInclude, Group6, [source]), new MldRecordHeard((MembershipRecordType)9, Group6, [])]), into);

        Assert.Equal(3, into.Count);
        Assert.Equal((MembershipVersion.MldV1, MembershipRecordType.ModeIsExclude), (((MembershipRecord)into[0]).Version, ((MembershipRecord)into[0]).Type));
        Assert.Equal(MembershipRecordType.ChangeToInclude, ((MembershipRecord)into[1]).Type);
        var include = (MembershipRecord)into[2];
        Assert.Equal((MembershipVersion.MldV2, InetAddress.FromIpv6(Group6)), (include.Version, include.Group));
        Assert.Equal([InetAddress.FromIpv6(source)], include.Sources);
    }

    [Fact]
    public void An_mldv2_query_decodes_its_max_response_code_in_milliseconds()
    {
        var into = new List<SnoopingInput>();
        MembershipTranslator.TranslateMld(P, new MldHeard(MldHeardKind.Query, LinkLocal, default, 0x8001, IsV2Query: true), into);
        var query = Assert.IsType<QueryObservation>(Assert.Single(into));
        Assert.Equal(TimeSpan.FromMilliseconds((0x001 | 0x1000) << 3), query.MaxResponseTime); // RFC 3810 §5.1.3
        Assert.Equal((IpFamily.V6, MembershipVersion.MldV2), (query.Family, query.Version));
        Assert.Null(query.Group);
    }

    [Fact]
    public void Mld_from_a_global_source_is_rejected_but_a_report_from_the_unspecified_address_is_accepted()
    {
        var into = new List<SnoopingInput>();
        Assert.Equal(MembershipTranslationError.SourceNotLinkLocal,
            MembershipTranslator.TranslateMld(P, new MldHeard(MldHeardKind.V1Report, Ipv6Address.Parse("2001:db8::1"), Group6), into));
        Assert.Equal(MembershipTranslationError.SourceNotLinkLocal,
            MembershipTranslator.TranslateMld(P, new MldHeard(MldHeardKind.Query, default, default), into));
        Assert.Equal(MembershipTranslationError.None,
            MembershipTranslator.TranslateMld(P, new MldHeard(MldHeardKind.V1Report, default, Group6), into));
        Assert.Equal(MembershipTranslationError.InvalidGroupAddress,
            MembershipTranslator.TranslateMld(P, new MldHeard(MldHeardKind.V1Report, LinkLocal, Ipv6Address.Parse("2001:db8::9")), into));
        Assert.Single(into);
    }

    private static (MembershipTranslationError, int) Count((MembershipTranslationError Error, List<SnoopingInput> Inputs) result) =>
        (result.Error, result.Inputs.Count);
}
