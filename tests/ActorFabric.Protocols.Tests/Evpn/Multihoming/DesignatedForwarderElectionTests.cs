using System.Net;
using ActorFabric.Protocols.Evpn.Multihoming;
using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Tests.Evpn.Multihoming;

/// <summary>
/// Expected DFs here were computed once, independently of the production code, by a Python script using
/// zlib.crc32 and unbounded integers straight from the RFC formulas, and pasted in:
/// <code>
/// key = lambda a: (a.version, int(a))                       # IPv4 before IPv6, then numeric
/// modulo: o = sorted(set(addrs), key=key); o[tag % len(o)]    # RFC 7432 §8.5
/// hrw: d = zlib.crc32(tag.to_bytes(4,'big') + esi) &amp; 0x7fffffff
///      w = (1103515245 * ((1103515245 * int(ip) + 12345) ^ d) + 12345) % 2**31   # RFC 8584 §3.2, mod once at the end
///      sort by (-w, key(ip))                                  # highest weight, ties to the lowest IP
/// pref: sort by (∓preference, not dp, key(ip))                # RFC 9785 §4.1
/// </code>
/// </summary>
public class DesignatedForwarderElectionTests
{
    private const string E1 = "00:11:22:33:44:55:66:77:88:99";
    private const string E2 = "01:52:54:00:aa:bb:cc:01:00:00";
    private const string E3 = "03:02:00:00:00:00:01:00:00:2a";

    private static DfCandidate[] Candidates(string addresses) =>
        [.. addresses.Split(' ').Select(a => new DfCandidate(IPAddress.Parse(a)))];

    private static IPAddress? Ip(string? text) => text is null ? null : IPAddress.Parse(text);

    [Theory]
    [InlineData(E1, 100u, "10.0.0.1 10.0.0.2", "10.0.0.1", "10.0.0.2")]
    [InlineData(E1, 101u, "10.0.0.1 10.0.0.2", "10.0.0.2", "10.0.0.1")]
    [InlineData(E1, 100u, "10.0.0.1 10.0.0.2 10.0.0.3", "10.0.0.1", "10.0.0.3")]
    [InlineData(E2, 10100u, "192.0.2.1 192.0.2.2 192.0.2.3 192.0.2.4", "192.0.2.1", "192.0.2.2")]
    [InlineData(E2, 10200u, "192.0.2.1 192.0.2.2 192.0.2.3 192.0.2.4", "192.0.2.1", "192.0.2.3")]
    [InlineData(E3, 1u, "10.1.1.1 10.1.1.2", "10.1.1.2", "10.1.1.1")]
    [InlineData(E3, 4094u, "10.1.1.3 10.1.1.1 10.1.1.2", "10.1.1.3", "10.1.1.2")]
    // 10.0.0.1 and 138.0.0.1 differ only in bit 31, which the weight drops: equal weights, lowest IP wins.
    [InlineData(E1, 100u, "138.0.0.1 10.0.0.1", "10.0.0.1", "138.0.0.1")]
    // Same low 31 bits in both families: equal weights, and IPv4 counts lower than IPv6.
    [InlineData(E2, 7u, "::1.2.3.4 1.2.3.4", "1.2.3.4", "::1.2.3.4")]
    [InlineData(E2, 7u, "2001:db8::1 2001:db8::2 10.0.0.5", "2001:db8::2", "10.0.0.5")]
    [InlineData(E1, 0xFFFFFFu, "10.0.0.10 10.0.0.9", "10.0.0.10", "10.0.0.9")]
    public void Highest_random_weight_elects_the_pe_the_rfc_formula_ranks_first_and_the_runner_up_as_backup(
        string esi, uint tag, string addresses, string df, string backup)
    {
        var outcome = DesignatedForwarderElection.Elect(DfAlgorithm.HighestRandomWeight, EthernetSegmentId.Parse(esi), tag, Candidates(addresses));
        Assert.Equal(new DfOutcome(Ip(df), Ip(backup)), outcome);
    }

    [Theory]
    [InlineData(E1, 100u, "10.0.0.1", 1921807930u)]
    [InlineData(E1, 100u, "10.0.0.2", 327785161u)]
    [InlineData(E2, 10200u, "192.0.2.4", 231927914u)]
    [InlineData(E3, 4094u, "10.1.1.3", 2022038619u)]
    [InlineData(E2, 7u, "2001:db8::2", 1552767174u)]
    public void Hrw_weight_equals_the_rfc_8584_formula_computed_in_unbounded_integers(string esi, uint tag, string address, uint expected)
    {
        var digest = DesignatedForwarderElection.Digest(tag, EthernetSegmentId.Parse(esi));
        Assert.Equal(expected, DesignatedForwarderElection.Weight(digest, IPAddress.Parse(address)));
    }

    [Fact]
    public void Hrw_digest_is_the_zlib_crc32_of_tag_and_esi_without_its_top_bit()
    {
        Assert.Equal(0x7995F7C3u, DesignatedForwarderElection.Digest(100, EthernetSegmentId.Parse(E1)));
    }

    [Fact]
    public void Hrw_keeps_the_df_when_a_pe_that_is_neither_df_nor_backup_leaves()
    {
        var esi = EthernetSegmentId.Parse(E2);
        var before = DesignatedForwarderElection.Elect(DfAlgorithm.HighestRandomWeight, esi, 10100, Candidates("192.0.2.1 192.0.2.2 192.0.2.3 192.0.2.4"));
        var after = DesignatedForwarderElection.Elect(DfAlgorithm.HighestRandomWeight, esi, 10100, Candidates("192.0.2.1 192.0.2.2 192.0.2.4"));
        Assert.Equal(before, after);
    }

    [Theory]
    // RFC 7432 §8.5's own example: 3 PEs, VLAN 100 -> ordinal 1.
    [InlineData(100u, "10.0.0.1 10.0.0.2 10.0.0.3", "10.0.0.2")]
    [InlineData(101u, "10.0.0.3 10.0.0.1 10.0.0.2", "10.0.0.3")]
    // Numeric, not textual, order: 10.0.0.9 < 10.0.0.10, 9.x < 10.x < 100.x, 192.168.2.1 < 192.168.10.1.
    [InlineData(10u, "10.0.0.10 10.0.0.9", "10.0.0.9")]
    [InlineData(11u, "10.0.0.10 10.0.0.9", "10.0.0.10")]
    [InlineData(1u, "100.0.0.1 9.0.0.1 10.0.0.1", "10.0.0.1")]
    [InlineData(2u, "192.168.10.1 192.168.1.2 192.168.2.1", "192.168.10.1")]
    [InlineData(0u, "10.0.0.2 10.0.0.1", "10.0.0.1")]
    // Mixed families: IPv4 takes the lower ordinals.
    [InlineData(5u, "2001:db8::1 10.0.0.1", "2001:db8::1")]
    [InlineData(4094u, "10.0.0.5 10.0.0.4 10.0.0.3 10.0.0.2 10.0.0.1", "10.0.0.5")]
    // A PE listed twice is one ordinal.
    [InlineData(7u, "10.0.0.1 10.0.0.1 10.0.0.2", "10.0.0.2")]
    public void Modulo_elects_the_pe_whose_ordinal_by_ascending_ip_is_the_tag_mod_n(uint tag, string addresses, string df)
    {
        var outcome = DesignatedForwarderElection.Elect(DfAlgorithm.Modulo, EthernetSegmentId.Parse(E1), tag, Candidates(addresses));
        Assert.Equal(new DfOutcome(Ip(df), null), outcome);
    }

    [Theory]
    [InlineData(DfAlgorithm.HighestPreference, "10.0.0.1/100 10.0.0.2/200", "10.0.0.2", "10.0.0.1")]
    [InlineData(DfAlgorithm.LowestPreference, "10.0.0.1/100 10.0.0.2/200", "10.0.0.1", "10.0.0.2")]
    [InlineData(DfAlgorithm.HighestPreference, "10.0.0.2/32767 10.0.0.1/32767", "10.0.0.1", "10.0.0.2")]
    // Equal preference: the PE with "Don't Preempt" set wins before the lowest IP does.
    [InlineData(DfAlgorithm.HighestPreference, "10.0.0.1/500 10.0.0.2/500/D 10.0.0.3/400/D", "10.0.0.2", "10.0.0.1")]
    [InlineData(DfAlgorithm.LowestPreference, "10.0.0.1/500 10.0.0.2/500/D 10.0.0.3/600/D", "10.0.0.2", "10.0.0.1")]
    [InlineData(DfAlgorithm.HighestPreference, "2001:db8::1/300 10.0.0.9/300", "10.0.0.9", "2001:db8::1")]
    [InlineData(DfAlgorithm.LowestPreference, "10.0.0.10/7 10.0.0.9/7 10.0.0.11/8", "10.0.0.9", "10.0.0.10")]
    public void Preference_orders_by_preference_then_dont_preempt_then_lowest_ip(DfAlgorithm algorithm, string candidates, string df, string backup)
    {
        DfCandidate[] list =
        [
            .. candidates.Split(' ').Select(c => c.Split('/')).Select(p => new DfCandidate(IPAddress.Parse(p[0]), ushort.Parse(p[1]), p.Length > 2)),
        ];
        var outcome = DesignatedForwarderElection.Elect(algorithm, EthernetSegmentId.Parse(E1), 100, list);
        Assert.Equal(new DfOutcome(Ip(df), Ip(backup)), outcome);
    }

    [Theory]
    [InlineData(DfAlgorithm.Modulo)]
    [InlineData(DfAlgorithm.HighestRandomWeight)]
    [InlineData(DfAlgorithm.HighestPreference)]
    public void No_candidate_elects_nobody(DfAlgorithm algorithm)
    {
        Assert.Equal(DfOutcome.None, DesignatedForwarderElection.Elect(algorithm, EthernetSegmentId.Parse(E1), 1, []));
    }

    [Theory]
    [InlineData(DfAlgorithm.Modulo)]
    [InlineData(DfAlgorithm.HighestRandomWeight)]
    [InlineData(DfAlgorithm.LowestPreference)]
    public void A_lone_pe_is_df_for_every_tag_with_no_backup(DfAlgorithm algorithm)
    {
        var outcome = DesignatedForwarderElection.Elect(algorithm, EthernetSegmentId.Parse(E2), 42, Candidates("10.0.0.7"));
        Assert.Equal(new DfOutcome(IPAddress.Parse("10.0.0.7"), null), outcome);
    }
}
