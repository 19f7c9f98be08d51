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
        Assert.Equal((MembershipVersion.IgmpV2, Igmpv3RecordType.ModeIsExclude, InetAddress.FromIpv4(Group), P),
            (record.Version, record.Type, record.Group, record.Port));
    }

    [Fact]
    public void An_igmpv1_report_becomes_a_v1_join_and_a_leave_becomes_to_include_empty()
    {
        Assert.Equal(MembershipVersion.IgmpV1, ((MembershipRecord)TranslateIgmp(Igmp(IgmpType.V1MembershipReport, Group)).Item2[0]).Version);
        var leave = (MembershipRecord)TranslateIgmp(Igmp(IgmpType.LeaveGroup, Group)).Item2[0];
        Assert.Equal(Igmpv3RecordType.ChangeToInclude, leave.Type);
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
        Assert.Equal(Igmpv3RecordType.AllowNewSources, allow.Type);
        Assert.Equal([InetAddress.FromIpv4(source)], allow.Sources);
        Assert.Equal(Igmpv3RecordType.ChangeToExclude, ((MembershipRecord)inputs[0]).Type);
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

    private static (MembershipTranslationError, List<SnoopingInput>) TranslateMld(byte[] message, Ipv6Address? source = null)
    {
        var into = new List<SnoopingInput>();
        return (MembershipTranslator.TranslateMld(P, source ?? LinkLocal, message, into), into);
    }

    private static byte[] Mld(MldType type, Ipv6Address group, ushort delay = 0)
    {
        var bytes = new byte[MldMessage.Length];
        new MldMessage(type, group, delay).Write(bytes, LinkLocal, group);
        return bytes;
    }

    [Fact]
    public void Mld_v1_report_done_and_v2_records_translate_to_ipv6_records()
    {
        var report = (MembershipRecord)Assert.Single(TranslateMld(Mld(MldType.V1Report, Group6)).Item2);
        Assert.Equal((MembershipVersion.MldV1, Igmpv3RecordType.ModeIsExclude, InetAddress.FromIpv6(Group6)), (report.Version, report.Type, report.Group));
        var done = (MembershipRecord)Assert.Single(TranslateMld(Mld(MldType.V1Done, Group6)).Item2);
        Assert.Equal(Igmpv3RecordType.ChangeToInclude, done.Type);

        var source = Ipv6Address.Parse("2001:db8::5");
        Mldv2AddressRecord[] records = [new(Igmpv3RecordType.ModeIsInclude, Group6, new[] { source }), Mldv2AddressRecord.Leave(Ipv6Address.Parse("ff0e::7"))];
        var bytes = new byte[Mldv2Report.GetLength(records)];
        Mldv2Report.Write(bytes, records, LinkLocal, Ipv6Address.Parse("ff02::16"));
        var (error, inputs) = TranslateMld(bytes);
        Assert.Equal(MembershipTranslationError.None, error);
        Assert.Equal(2, inputs.Count);
        var include = (MembershipRecord)inputs[0];
        Assert.Equal((MembershipVersion.MldV2, Igmpv3RecordType.ModeIsInclude, InetAddress.FromIpv6(Group6)), (include.Version, include.Type, include.Group));
        Assert.Equal([InetAddress.FromIpv6(source)], include.Sources);
        Assert.Equal(Igmpv3RecordType.ChangeToInclude, ((MembershipRecord)inputs[1]).Type);
    }

    [Fact]
    public void Mld_queries_are_observed_with_their_version_and_max_response_delay()
    {
        var v1 = Assert.IsType<QueryObservation>(Assert.Single(TranslateMld(Mld(MldType.Query, default, 10_000)).Item2));
        Assert.Equal((IpFamily.V6, MembershipVersion.MldV1, TimeSpan.FromSeconds(10)), (v1.Family, v1.Version, v1.MaxResponseTime));
        Assert.Null(v1.Group);

        var bytes = new byte[Mldv2Query.GetLength(0)];
        new Mldv2Query(Group6, MaxResponseCode: 0x8001).Write(bytes, [], LinkLocal, Group6);
        var v2 = Assert.IsType<QueryObservation>(Assert.Single(TranslateMld(bytes).Item2));
        Assert.Equal(MembershipVersion.MldV2, v2.Version);
        Assert.Equal(TimeSpan.FromMilliseconds((0x001 | 0x1000) << 3), v2.MaxResponseTime); // RFC 3810 §5.1.3
        Assert.Equal(InetAddress.FromIpv6(Group6), v2.Group);
    }

    [Fact]
    public void Mld_from_a_global_source_or_malformed_yields_a_typed_error_and_no_input()
    {
        Assert.Equal((MembershipTranslationError.SourceNotLinkLocal, 0), Count(TranslateMld(Mld(MldType.V1Report, Group6), Ipv6Address.Parse("2001:db8::1"))));
        Assert.Equal((MembershipTranslationError.SourceNotLinkLocal, 0), Count(TranslateMld(Mld(MldType.Query, default), default(Ipv6Address))));
        Assert.Equal((MembershipTranslationError.None, 1), Count(TranslateMld(Mld(MldType.V1Report, Group6), default(Ipv6Address)))); // :: allowed for reports
        Assert.Equal((MembershipTranslationError.InvalidGroupAddress, 0), Count(TranslateMld(Mld(MldType.V1Report, Ipv6Address.Parse("2001:db8::9")))));
        Assert.Equal((MembershipTranslationError.Truncated, 0), Count(TranslateMld(Mld(MldType.V1Report, Group6)[..20])));
        Assert.Equal((MembershipTranslationError.UnsupportedMessageType, 0), Count(TranslateMld(Mld((MldType)135, Group6))));

        Mldv2AddressRecord[] records = [Mldv2AddressRecord.Join(Group6)];
        var v2 = new byte[Mldv2Report.GetLength(records)];
        Mldv2Report.Write(v2, records, LinkLocal, Group6);
        Assert.Equal((MembershipTranslationError.Truncated, 0), Count(TranslateMld(v2[..^4])));
    }

    [Fact]
    public void Translated_reports_drive_the_snooping_machine_for_both_families()
    {
        var snooping = new MulticastSnooping(null, TimeSpan.Zero);
        var inputs = new List<SnoopingInput>();
        MembershipTranslator.TranslateIgmp(P, Host, Igmp(IgmpType.V2MembershipReport, Group), inputs);
        Mldv2AddressRecord[] records = [Mldv2AddressRecord.Join(Group6)];
        var mld = new byte[Mldv2Report.GetLength(records)];
        Mldv2Report.Write(mld, records, LinkLocal, Ipv6Address.Parse("ff02::16"));
        MembershipTranslator.TranslateMld(new PortId(8), LinkLocal, mld, inputs);
        foreach (var input in inputs) snooping.Handle(input, TimeSpan.Zero);

        var ports = new PortId[4];
        Assert.Equal(1, snooping.CollectForwardingPorts(InetAddress.FromIpv4(Group), InetAddress.Parse("10.0.0.1"), null, ports));
        Assert.Equal(P, ports[0]);
        Assert.Equal(1, snooping.CollectForwardingPorts(InetAddress.FromIpv6(Group6), InetAddress.Parse("2001:db8::1"), null, ports));
        Assert.Equal(new PortId(8), ports[0]);
    }

    private static (MembershipTranslationError, int) Count((MembershipTranslationError Error, List<SnoopingInput> Inputs) result) =>
        (result.Error, result.Inputs.Count);
}
