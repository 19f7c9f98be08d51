using ActorFabric.Protocols.Timing;
using ActorFabric.Wire.Hashing;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.Hosts;

// Multicast: group membership with real IGMPv2/v3 and MLDv1/v2 messages (joins, leaves, answers to queries), UDP
// streams to a group, and per-stream receive counters with duplicate detection.
public sealed partial class EmulatedHost
{
    // Report payload limits so a report fits a 1500-octet IP MTU (RFC 3376 §4.2.16, RFC 3810 §5.2.15 split bigger ones):
    // IPv4 header with Router Alert, IPv6 header plus the Hop-by-Hop header.
    private const int IgmpReportBudget = 1500 - 24, MldReportBudget = 1500 - 40 - MldPacket.HopByHopLength;

    // A Dictionary, not a SortedDictionary: its lookups on the receive path allocate nothing. Whatever goes out in
    // several memberships' name is taken in address order (Ordered), so runs repeat whatever the insertion history.
    private Dictionary<HostAddress, MulticastMembership>? _memberships;
    private List<MulticastStream>? _streams;
    private Dictionary<MulticastStreamKey, MulticastReceiveCounters>? _multicastReceived;
    // v3/MLDv2 answer a general query with one report for all groups, after one interface timer (RFC 3376 §5.2, RFC 3810 §6.2).
    private TimeSpan? _igmpGeneralResponseAt, _mldGeneralResponseAt;
    private uint _nextStreamId = 1;
    // Until these times an older querier was heard, so v3 / MLDv2 members behave as IGMPv2 / MLDv1 members (RFC 3376
    // §7.2.1, RFC 3810 §8.2.1): Older Version Querier Present Timeout = Robustness × Query Interval + Query Response
    // Interval = 2 × 125 s + 10 s with the default timers (RFC 3376 §8.12, RFC 3810 §9.12). An IGMPv1 query is treated
    // as a v2 one (no v1 reports are sent).
    private static readonly TimeSpan OlderVersionQuerierPresent = TimeSpan.FromSeconds(260);
    private TimeSpan _igmpv2QuerierUntil, _mldv1QuerierUntil;

    /// <summary>fe80::/64 + modified EUI-64 of the MAC: the source of the host's MLD messages and IPv6 streams.</summary>
    public Ipv6Address LinkLocalAddress => MldAddresses.LinkLocalFromMac(_options.Mac);

    /// <summary>Groups the host is a member of now (not counting ones it is leaving), in address order.</summary>
    public IReadOnlyList<MulticastMembership> Memberships =>
        [.. Ordered().Where(static m => !m.IsLeaving)];

    public bool IsMember(HostAddress group) => _memberships is not null && _memberships.TryGetValue(group, out var m) && !m.IsLeaving;

    /// <summary>Multicast streams still sending.</summary>
    public IReadOnlyList<MulticastStream> MulticastStreams => (IReadOnlyList<MulticastStream>?)_streams ?? [];

    /// <summary>What the host received per (group, source, stream), in key order.</summary>
    public IReadOnlyList<MulticastReceiveCounters> MulticastReceived()
    {
        if (_multicastReceived is null) return [];
        var list = new List<MulticastReceiveCounters>(_multicastReceived.Values);
        list.Sort(static (a, b) => a.Key.CompareTo(b.Key));
        return list;
    }

    /// <summary>
    /// Joins <paramref name="group"/> (IPv4: IGMP; IPv6: MLD) at <paramref name="version"/> (see
    /// <see cref="MulticastMembership.Resolve"/>), for any source or only <paramref name="sources"/> (v3/MLDv2). Sends an
    /// unsolicited report now and repeats it <see cref="EmulatedHostOptions.MulticastRobustness"/> − 1 times,
    /// <see cref="EmulatedHostOptions.UnsolicitedReportInterval"/> apart (RFC 2236 §3, RFC 2710 §4, RFC 3376 §5.1,
    /// RFC 3810 §6.1). Joining again with other sources sends the v3 change records (ALLOW/BLOCK, TO_IN/TO_EX).
    /// </summary>
    public MulticastMembership Join(HostAddress group, IReadOnlyCollection<HostAddress>? sources, int? version, TimeSpan now)
    {
        sources ??= [];
        var protocol = MulticastMembership.Resolve(group, version, sources);
        var filter = sources.Distinct().Order().ToArray();
        HostAddress[]? oldFilter = [];
        if (_memberships is not null && _memberships.TryGetValue(group, out var old) && !old.IsLeaving && IsVersion3(old.Protocol) == IsVersion3(protocol))
            oldFilter = old.IsSourceSpecific ? [.. old.Sources] : null;
        var membership = new MulticastMembership(group, protocol, filter, now);
        (_memberships ??= [])[group] = membership;
        bool version3 = IsVersion3(Effective(protocol, now));
        var change = version3 ? MulticastRecord.StateChange(group, oldFilter, filter.Length == 0 ? null : filter) : [];
        // An unchanged v3 filter sends nothing (RFC 3376 §5.1 reports changes only); v2/MLDv1 always report.
        if (version3 && change.Length == 0)
        {
            membership.PendingChange = [];
            return membership;
        }
        membership.PendingChange = change;
        SendStateChange(membership, now);
        membership.RetransmitsLeft = _options.MulticastRobustness - 1;
        membership.NextRetransmitAt = now + _options.UnsolicitedReportInterval;
        return membership;
    }

    /// <summary>
    /// Leaves <paramref name="group"/>: IGMPv2 Leave to 224.0.0.2 (RFC 2236 §3), MLDv1 Done to ff02::2 (RFC 2710 §4),
    /// or the v3/MLDv2 change to INCLUDE{} (TO_IN{} from any-source, BLOCK(sources) from a source list), repeated like a
    /// join (RFC 3376 §5.1, RFC 3810 §6.1). False when the host was not a member.
    /// </summary>
    public bool Leave(HostAddress group, TimeSpan now)
    {
        if (_memberships is null || !_memberships.TryGetValue(group, out var membership) || membership.IsLeaving) return false;
        membership.IsLeaving = true;
        membership.ResponseAt = null;
        if (!IsVersion3(Effective(membership.Protocol, now)))
        {
            Emit(group.IsIpv6
                ? FrameBuilder.Mldv1Done(_options.Mac, group.Ipv6, _vlan)
                : FrameBuilder.Igmpv2Leave(_options.Mac, _options.Address, group.Ipv4, _vlan));
            membership.MessagesSent++;
            _memberships.Remove(group);
            return true;
        }
        membership.PendingChange = MulticastRecord.StateChange(group, membership.IsSourceSpecific ? [.. membership.Sources] : null, []);
        SendStateChange(membership, now);
        membership.RetransmitsLeft = _options.MulticastRobustness - 1;
        membership.NextRetransmitAt = now + _options.UnsolicitedReportInterval;
        if (membership.RetransmitsLeft <= 0) _memberships.Remove(group);
        return true;
    }

    /// <summary>
    /// Sends <paramref name="count"/> UDP datagrams to <paramref name="group"/> at <paramref name="rate"/> per second,
    /// the first now. The source is the host's IPv4 address, or its link-local address for an IPv6 group. The default
    /// TTL of 1 is what a socket uses for multicast unless told otherwise (RFC 1112 §6.1).
    /// </summary>
    public MulticastStream StartMulticastStream(HostAddress group, ushort sourcePort, ushort destinationPort, int rate, int payloadSize, int count,
        TimeSpan now, byte ttl = 1)
    {
        if (!group.IsMulticast) throw new ArgumentException($"{group} is not a multicast group address", nameof(group));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ttl);
        ArgumentOutOfRangeException.ThrowIfLessThan(payloadSize, MulticastStream.HeaderLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadSize, group.IsIpv6 ? 1452 : 1472);
        HostAddress source = group.IsIpv6 ? LinkLocalAddress : _options.Address;
        var stream = new MulticastStream(_nextStreamId++, group, source, sourcePort, destinationPort, rate, payloadSize, count, ttl, now);
        (_streams ??= []).Add(stream);
        RunStream(stream, now);
        _streams.RemoveAll(static s => s.IsComplete);
        return stream;
    }

    // ------------------------------------------------------------------ timers

    private TimeSpan? MulticastDeadline()
    {
        TimeSpan? next = Deadline.Earliest(_igmpGeneralResponseAt, _mldGeneralResponseAt);
        if (_memberships is not null)
            foreach (var m in _memberships.Values) next = Deadline.Earliest(next, m.NextDeadline);
        if (_streams is not null)
            foreach (var s in _streams) next = Deadline.Earliest(next, s.NextSendAt);
        return next;
    }

    private void RunMulticastTimers(TimeSpan now)
    {
        if (_streams is not null)
        {
            foreach (var stream in _streams) RunStream(stream, now);
            _streams.RemoveAll(static s => s.IsComplete);
        }
        if (_igmpGeneralResponseAt <= now)
        {
            _igmpGeneralResponseAt = null;
            AnswerGeneralQuery(ipv6: false, now);
        }
        if (_mldGeneralResponseAt <= now)
        {
            _mldGeneralResponseAt = null;
            AnswerGeneralQuery(ipv6: true, now);
        }
        if (_memberships is null) return;
        bool due = false;
        foreach (var m in _memberships.Values) due |= m.NextDeadline <= now;
        if (!due) return;
        List<HostAddress>? finished = null;
        foreach (var m in Ordered())
        {
            if (m.ResponseAt <= now)
            {
                m.ResponseAt = null;
                m.QueriesAnswered++;
                SendCurrentState(m, now);
            }
            if (m.RetransmitsLeft > 0 && m.NextRetransmitAt <= now)
            {
                m.RetransmitsLeft--;
                m.NextRetransmitAt += _options.UnsolicitedReportInterval;
                SendStateChange(m, now);
                if (m.IsLeaving && m.RetransmitsLeft == 0) (finished ??= []).Add(m.Group);
            }
        }
        if (finished is not null) foreach (var group in finished) _memberships.Remove(group);
    }

    private void RunStream(MulticastStream stream, TimeSpan now)
    {
        while (!stream.IsComplete && stream.NextSendAt <= now)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(stream.Payload.AsSpan(4), (uint)stream.Sent);
            var frame = stream.Group.IsIpv6
                ? FrameBuilder.MulticastUdpDatagram(_options.Mac, stream.Source.Ipv6, stream.Group.Ipv6, stream.SourcePort, stream.DestinationPort, stream.Payload, _vlan, stream.Ttl)
                : FrameBuilder.MulticastUdpDatagram(_options.Mac, stream.Source.Ipv4, stream.Group.Ipv4, stream.SourcePort, stream.DestinationPort, stream.Payload, _vlan, stream.Ttl);
            stream.Sent++;
            Emit(frame);
            if (stream.IsComplete) _events.Enqueue(new MulticastStreamCompleted(stream.Id, stream.Sent, now));
        }
    }

    // ------------------------------------------------------------------ input

    /// <summary>A frame to a group MAC: a query or another host's report (IGMP/MLD), or multicast data.</summary>
    private bool HandleMulticast(in FrameSummary summary, ReadOnlySpan<byte> frame, ReadOnlySpan<byte> udpPayload, TimeSpan now)
    {
        if (summary.Error != PacketError.None) return false;
        if (summary.IsIgmp) return HandleIgmp(summary, frame, now);
        if (summary.IsMld) return HandleMld(summary, frame, now);
        if (!summary.IsUdp) return false;
        HostAddress group, source;
        if (summary.IsIpv6)
        {
            if (!summary.Ipv6Destination.IsMulticast) return false;
            (group, source) = (summary.Ipv6Destination, summary.Ipv6Source);
        }
        else
        {
            if (!summary.IpDestination.IsMulticast) return false;
            (group, source) = (summary.IpDestination, summary.IpSource);
        }
        bool hasHeader = MulticastStream.TryReadHeader(udpPayload, out uint streamId, out uint sequence);
        var key = new MulticastStreamKey(group, source, hasHeader ? streamId : 0);
        _multicastReceived ??= [];
        if (!_multicastReceived.TryGetValue(key, out var counters)) _multicastReceived.Add(key, counters = new MulticastReceiveCounters(key));
        bool solicited = _memberships is not null && _memberships.TryGetValue(group, out var m) && m.Accepts(source);
        counters.Record(sequence, udpPayload.Length, solicited, now, hasHeader, summary.Ttl);
        return true;
    }

    private bool HandleIgmp(in FrameSummary summary, ReadOnlySpan<byte> frame, TimeSpan now)
    {
        // Another member answered: a v2 host drops its own pending answer (RFC 2236 §3; v3 does not suppress).
        if (summary.IgmpType == IgmpType.V2MembershipReport) return Suppress(summary.IgmpGroup, MulticastProtocol.Igmpv2);
        if (summary.IgmpType != IgmpType.MembershipQuery || Ipv4Header.TryRead(IpPacket(summary, frame), out _, out var igmp) != PacketError.None) return true;
        TimeSpan maxResponse;
        if (!summary.IsIgmpv3Query) maxResponse = TimeSpan.FromMilliseconds(100 * (igmp[1] == 0 ? 100 : igmp[1])); // tenths; v1's 0 means 10 s (RFC 2236 §2.2, §4)
        else if (Igmpv3Query.TryRead(igmp, out var query, out _) == PacketError.None) maxResponse = query.MaxResponseTime;
        else return false;
        if (!summary.IsIgmpv3Query) _igmpv2QuerierUntil = now + OlderVersionQuerierPresent;
        OnQuery(summary.IgmpGroup, ipv6: false, maxResponse, now);
        return true;
    }

    private bool HandleMld(in FrameSummary summary, ReadOnlySpan<byte> frame, TimeSpan now)
    {
        // RFC 2710 §4: an MLDv1 listener that hears another report for the address cancels its own.
        if (summary.MldType == MldType.V1Report) return Suppress(summary.MldGroup, MulticastProtocol.Mldv1);
        if (summary.MldType != MldType.Query || MldPacket.TryRead(IpPacket(summary, frame), out _, out var message, out _) != PacketError.None) return true;
        TimeSpan maxResponse;
        if (!summary.IsMldv2Query && MldMessage.TryRead(message, out var v1) == PacketError.None) maxResponse = TimeSpan.FromMilliseconds(v1.MaxResponseDelay);
        else if (summary.IsMldv2Query && Mldv2Query.TryRead(message, out var v2, out _) == PacketError.None) maxResponse = v2.MaxResponseDelay;
        else return false;
        if (!summary.IsMldv2Query) _mldv1QuerierUntil = now + OlderVersionQuerierPresent;
        OnQuery(summary.MldGroup, ipv6: true, maxResponse, now);
        return true;
    }

    private bool Suppress(HostAddress group, MulticastProtocol protocol)
    {
        if (_memberships is not null && _memberships.TryGetValue(group, out var m) && m.Protocol == protocol) m.ResponseAt = null;
        return true;
    }

    private static ReadOnlySpan<byte> IpPacket(in FrameSummary summary, ReadOnlySpan<byte> frame) =>
        frame[(summary.Vlan.HasValue ? EthernetHeader.TaggedLength : EthernetHeader.UntaggedLength)..];

    /// <summary>
    /// Schedules the answer to a query: general (unspecified group) → every membership of the family; specific →
    /// that group. The delay is within the query's maximum response time, chosen by a stable hash of the host's MAC
    /// and the group rather than at random (RFC 2236 §3, RFC 3376 §5.2, RFC 2710 §4, RFC 3810 §6.2), so runs repeat;
    /// an earlier pending answer is kept.
    /// </summary>
    private void OnQuery(HostAddress group, bool ipv6, TimeSpan maxResponse, TimeSpan now)
    {
        if (_memberships is null) return;
        if (group.IsUnspecified)
        {
            bool anyVersion3 = false;
            foreach (var m in _memberships.Values)
            {
                if (m.IsLeaving || m.Group.IsIpv6 != ipv6) continue;
                if (IsVersion3(Effective(m.Protocol, now))) anyVersion3 = true;
                else Schedule(ref m.ResponseAt, now + ResponseDelay(m.Group, maxResponse));
            }
            if (!anyVersion3) return;
            var at = now + ResponseDelay(ipv6 ? HostAddress.From(default(Ipv6Address)) : HostAddress.From(Ipv4Address.Any), maxResponse);
            if (ipv6) Schedule(ref _mldGeneralResponseAt, at);
            else Schedule(ref _igmpGeneralResponseAt, at);
            return;
        }
        if (_memberships.TryGetValue(group, out var member) && !member.IsLeaving)
            Schedule(ref member.ResponseAt, now + ResponseDelay(group, maxResponse));
    }

    private static void Schedule(ref TimeSpan? timer, TimeSpan at)
    {
        if (timer is null || at < timer) timer = at;
    }

    /// <summary>A delay in (0, max]: max × (1 + h mod 1000) / 1000 with h = FNV-1a of the MAC and the group.</summary>
    private TimeSpan ResponseDelay(HostAddress group, TimeSpan maxResponse)
    {
        Span<byte> key = stackalloc byte[MacAddress.Length + Ipv6Address.Length];
        _options.Mac.Write(key);
        int length = MacAddress.Length + group.Write(key[MacAddress.Length..]);
        uint hash = Fnv1a.Hash32(key[..length]);
        return TimeSpan.FromTicks(maxResponse.Ticks * (1 + hash % 1000) / 1000);
    }

    // ------------------------------------------------------------------ output

    private void SendStateChange(MulticastMembership m, TimeSpan now)
    {
        m.MessagesSent++;
        switch (Effective(m.Protocol, now))
        {
            case MulticastProtocol.Igmpv2 when !m.IsLeaving:
                Emit(FrameBuilder.Igmpv2Report(_options.Mac, _options.Address, m.Group.Ipv4, _vlan));
                break;
            case MulticastProtocol.Mldv1 when !m.IsLeaving:
                Emit(FrameBuilder.Mldv1Report(_options.Mac, m.Group.Ipv6, _vlan));
                break;
            case MulticastProtocol.Igmpv3 or MulticastProtocol.Mldv2:
                SendVersion3Report(m.PendingChange, m.Group.IsIpv6);
                break;
        }
    }

    private void SendCurrentState(MulticastMembership m, TimeSpan now)
    {
        m.MessagesSent++;
        switch (Effective(m.Protocol, now))
        {
            case MulticastProtocol.Igmpv2:
                Emit(FrameBuilder.Igmpv2Report(_options.Mac, _options.Address, m.Group.Ipv4, _vlan));
                break;
            case MulticastProtocol.Mldv1:
                Emit(FrameBuilder.Mldv1Report(_options.Mac, m.Group.Ipv6, _vlan));
                break;
            default:
                SendVersion3Report([MulticastRecord.CurrentState(m)], m.Group.IsIpv6);
                break;
        }
    }

    private void AnswerGeneralQuery(bool ipv6, TimeSpan now)
    {
        if (_memberships is null) return;
        var records = new List<MulticastRecord>();
        foreach (var m in Ordered())
        {
            if (m.IsLeaving || m.Group.IsIpv6 != ipv6 || !IsVersion3(Effective(m.Protocol, now))) continue;
            m.QueriesAnswered++;
            m.MessagesSent++;
            records.Add(MulticastRecord.CurrentState(m));
        }
        if (records.Count > 0) SendVersion3Report(records, ipv6);
    }

    /// <summary>IGMPv3 / MLDv2 reports carrying <paramref name="records"/>, split so each fits the MTU.</summary>
    private void SendVersion3Report(IReadOnlyList<MulticastRecord> records, bool ipv6)
    {
        int budget = ipv6 ? MldReportBudget : IgmpReportBudget;
        int start = 0;
        while (start < records.Count)
        {
            int length = 8, end = start;
            while (end < records.Count && (end == start || length + records[end].Length <= budget)) length += records[end++].Length;
            if (ipv6)
            {
                var batch = new Mldv2AddressRecord[end - start];
                for (int i = start; i < end; i++) batch[i - start] = records[i].ToMld();
                Emit(FrameBuilder.Mldv2Report(_options.Mac, batch, _vlan));
            }
            else
            {
                var batch = new Igmpv3GroupRecord[end - start];
                for (int i = start; i < end; i++) batch[i - start] = records[i].ToIgmp();
                Emit(FrameBuilder.Igmpv3Report(_options.Mac, _options.Address, batch, _vlan));
            }
            start = end;
        }
    }

    private List<MulticastMembership> Ordered()
    {
        var list = _memberships is null ? [] : new List<MulticastMembership>(_memberships.Values);
        list.Sort(static (a, b) => a.Group.CompareTo(b.Group));
        return list;
    }

    /// <summary>The protocol a membership speaks now: v3 / MLDv2 fall back while an older querier is present (sources are then ignored).</summary>
    private MulticastProtocol Effective(MulticastProtocol protocol, TimeSpan now) => protocol switch
    {
        MulticastProtocol.Igmpv3 when now < _igmpv2QuerierUntil => MulticastProtocol.Igmpv2,
        MulticastProtocol.Mldv2 when now < _mldv1QuerierUntil => MulticastProtocol.Mldv1,
        _ => protocol,
    };

    private static bool IsVersion3(MulticastProtocol protocol) => protocol is MulticastProtocol.Igmpv3 or MulticastProtocol.Mldv2;
}
