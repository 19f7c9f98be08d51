using ActorFabric.Protocols.Bridging;
using ActorFabric.Wire.Packets;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Protocols.Multicast.Snooping;

/// <summary>
/// IGMP/MLD snooping for one bridge domain (RFC 4541), sans-I/O: inputs carry <c>now</c>, outputs are
/// <see cref="SnoopingEffect"/>s drained with <see cref="TryPollEffect"/>, and the host fires
/// <see cref="HandleTimeout"/> at <see cref="PollTimeout"/>.
/// <para>
/// Model (faithful but simple; per port, not per host, as a switch sees it). State is kept per channel
/// (x,G): a (*,G) channel whose port entries are EXCLUDE-mode with an excluded-source list, and (S,G)
/// channels whose port entries are INCLUDE-mode. Group records map as follows (RFC 3376 §6.4, RFC 3810 §7.4):
/// IS_EX(A) / TO_EX(A) join (*,G) excluding A, and TO_EX also queries the port's (S,G) entries for S in A;
/// IS_IN(A) / ALLOW(A) join (S,G) for each S in A and take A off the port's (*,G) exclude list;
/// TO_IN(A) joins (S,G) for S in A and runs the last-member procedure for the port's (*,G) entry and for its
/// (S,G) entries not in A (TO_IN{} is the leave); BLOCK(A) runs it for the port's (S,G) entries in A, and is
/// ignored while the port is in EXCLUDE mode (it keeps forwarding S rather than track per-source timers,
/// the safe side: a snooping switch may over-forward, never under-forward, RFC 4541 §2.1.1).
/// v1/v2 reports are IS_EX{} and leaves/Dones TO_IN{} (RFC 3376 §7.3.2); a leave is ignored while an
/// IGMPv1 member is on the port (RFC 2236 §4: v1 hosts never send leaves).
/// </para>
/// <para>
/// Last-member procedure (RFC 3376 §6.6.3, RFC 2236 §3, RFC 3810 §7.6.3): query the port for (x,G)
/// <see cref="SnoopingOptions.LastMemberQueryCount"/> times, one every last-member query interval, with the
/// entry's timer lowered to count × interval; a report meanwhile restores the group membership interval,
/// otherwise the port is removed. Remote leave sync (RFC 9251 §9.3) runs the same procedure with the
/// carried Maximum Response Time as interval.
/// </para>
/// <para>
/// SMET flags (RFC 9251 §9.1): the version bits of every port's entry are OR-ed; IGMPv1/2/3 set v1/v2/v3,
/// MLDv1/v2 set v1/v2 (MLD has no v3 bit). IE is never set: exclude lists are applied locally only and the
/// channel is advertised as (*,G) (the far side over-sends the excluded sources; this side prunes them).
/// </para>
/// </summary>
public sealed class MulticastSnooping
{
    private readonly Queue<SnoopingEffect> _effects = new();
    private readonly Dictionary<InetAddress, GroupState> _groups = new();
    private readonly Dictionary<PortId, TimeSpan> _routerPorts = new();
    private readonly List<PortId> _ports = new();
    private readonly QuerierState[] _queriers = [new(), new()];
    private TimeSpan? _nextDeadline;

    public MulticastSnooping(SnoopingOptions? options, TimeSpan now)
    {
        Options = options ?? new SnoopingOptions();
        Options.Validate();
        ArmQueriers(now);
        Reschedule();
    }

    public SnoopingOptions Options { get; private set; }

    /// <summary>False: snooping is off and every multicast frame floods to every port of the domain.</summary>
    public bool Enabled => Options.Enabled;

    /// <summary>The access ports of the domain, ascending.</summary>
    public IReadOnlyList<PortId> Ports => _ports;

    public bool TryPollEffect(out SnoopingEffect effect) => _effects.TryDequeue(out effect!);

    /// <summary>The earliest instant <see cref="HandleTimeout"/> has work; null when none.</summary>
    public TimeSpan? PollTimeout() => _nextDeadline;

    // ---- configuration -------------------------------------------------------------------------------

    public void AddPort(PortId port)
    {
        int index = _ports.BinarySearch(port);
        if (index < 0) _ports.Insert(~index, port);
    }

    /// <summary>The port left the domain (or went down): its entries and router-port status end now.</summary>
    public void RemovePort(PortId port)
    {
        int index = _ports.BinarySearch(port);
        if (index >= 0) _ports.RemoveAt(index);
        _routerPorts.Remove(port);
        foreach (var key in SortedChannelKeys())
            if (Find(key) is { } channel && channel.Ports.ContainsKey(port)) RemoveMembership(key, channel, port);
        Reschedule();
    }

    /// <summary>Applies new options. Turning snooping off drops all state (withdrawing every interest and sync).</summary>
    public void Reconfigure(SnoopingOptions options, TimeSpan now)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var previous = Options;
        Options = options;
        if (!options.Enabled && previous.Enabled)
        {
            foreach (var key in SortedChannelKeys())
                if (Find(key) is { } channel)
                    foreach (var port in SortedPorts(channel)) RemoveMembership(key, channel, port);
            _routerPorts.Clear();
        }
        if (options.Querier != previous.Querier || options.QuerierAddressV4 != previous.QuerierAddressV4 || options.QuerierAddressV6 != previous.QuerierAddressV6)
            ArmQueriers(now);
        Reschedule();
    }

    // ---- inputs --------------------------------------------------------------------------------------

    public void Handle(SnoopingInput input, TimeSpan now)
    {
        switch (input)
        {
            case MembershipRecord record: HandleRecord(record, now); break;
            case QueryObservation query: HandleQuery(query, now); break;
            default: throw new ArgumentException($"unknown snooping input {input.GetType().Name}", nameof(input));
        }
    }

    /// <summary>A group record heard on a local port (see the class comment for the record semantics).</summary>
    public void HandleRecord(MembershipRecord record, TimeSpan now)
    {
        ArgumentNullException.ThrowIfNull(record);
        AddPort(record.Port);
        var group = record.Group;
        // RFC 4541 §2.1.2: link-local groups are flooded, never snooped; non-multicast groups are malformed.
        if (!Enabled || !group.IsMulticast || group.IsLinkLocalMulticast) return;
        var port = record.Port;
        var version = record.Version;
        var sources = SameFamilySources(record.Sources, group.Family);
        switch (record.Type)
        {
            case Igmpv3RecordType.ModeIsExclude:
                Join(ChannelKey.Any(group), port, version, sources, direct: true, now);
                break;
            case Igmpv3RecordType.ChangeToExclude:
                Join(ChannelKey.Any(group), port, version, sources, direct: true, now);
                foreach (var source in sources) StartLeave(ChannelKey.Of(group, source), port, direct: true, now);
                break;
            case Igmpv3RecordType.ModeIsInclude:
            case Igmpv3RecordType.AllowNewSources:
                foreach (var source in sources) JoinSource(group, source, port, version, now);
                break;
            case Igmpv3RecordType.ChangeToInclude:
                foreach (var source in sources) JoinSource(group, source, port, version, now);
                if (IsV1Member(ChannelKey.Any(group), port)) break;
                StartLeave(ChannelKey.Any(group), port, direct: true, now);
                if (_groups.TryGetValue(group, out var state))
                    foreach (var source in SortedSources(state))
                        if (!sources.Contains(source) && state.Sources[source].Ports.ContainsKey(port))
                            StartLeave(ChannelKey.Of(group, source), port, direct: true, now);
                break;
            case Igmpv3RecordType.BlockOldSources:
                if (Find(ChannelKey.Any(group))?.Ports.ContainsKey(port) == true) break;
                foreach (var source in sources) StartLeave(ChannelKey.Of(group, source), port, direct: true, now);
                break;
        }
        Reschedule();
    }

    /// <summary>
    /// A query heard on a local port: the port leads to a multicast router and receives all multicast data
    /// (RFC 4541 §2.1.2) until the other querier present interval passes without another query. A lower
    /// querier address than ours silences our querier for that long (election, RFC 3376 §6.6.2, RFC 3810 §7.6.2).
    /// </summary>
    public void HandleQuery(QueryObservation query, TimeSpan now)
    {
        ArgumentNullException.ThrowIfNull(query);
        AddPort(query.Port);
        if (!Enabled) return;
        var until = now + Options.OtherQuerierPresentInterval;
        _routerPorts[query.Port] = until;
        var own = OwnQuerierAddress(query.Family);
        if (Options.Querier && own is { } address && query.Querier.CompareTo(address) < 0)
            _queriers[(int)query.Family].OtherQuerierUntil = until;
        Reschedule();
    }

    /// <summary>
    /// A multihoming peer saw a report for (x,G) from the ES behind <paramref name="port"/> (type 7, RFC 9251
    /// §9.2): install the state as if the report came here; no join-sync effect (that would echo the route).
    /// </summary>
    public void HandleRemoteJoin(PortId port, InetAddress group, InetAddress? source, MulticastRouteFlags flags, TimeSpan now)
    {
        AddPort(port);
        if (!Enabled || !group.IsMulticast || group.IsLinkLocalMulticast) return;
        var version = VersionOf(flags, group.Family);
        if (source is { } s && (flags & MulticastRouteFlags.Exclude) != 0)
            Join(ChannelKey.Any(group), port, version, [s], direct: false, now);
        else if (source is { } included)
            JoinSource(group, included, port, version, now, direct: false);
        else
            Join(ChannelKey.Any(group), port, version, [], direct: false, now);
        Reschedule();
    }

    /// <summary>
    /// A multihoming peer saw a leave for (x,G) from the ES behind <paramref name="port"/> (type 8, RFC 9251 §9.3):
    /// run the last-member procedure on that port, <paramref name="maxResponseTime"/> apart (zero: the local
    /// last member query interval). No leave-sync effect.
    /// </summary>
    public void HandleRemoteLeave(PortId port, InetAddress group, InetAddress? source, TimeSpan maxResponseTime, TimeSpan now)
    {
        if (!Enabled) return;
        var key = source is { } s ? ChannelKey.Of(group, s) : ChannelKey.Any(group);
        StartLeave(key, port, direct: false, now, maxResponseTime > TimeSpan.Zero ? maxResponseTime : null);
        Reschedule();
    }

    /// <summary>Runs what is due at <paramref name="now"/>: querier queries, last-member queries, expiries.</summary>
    public void HandleTimeout(TimeSpan now)
    {
        RunQueriers(now);
        List<PortId>? agedRouters = null;
        foreach (var (port, until) in _routerPorts)
            if (until <= now) (agedRouters ??= []).Add(port);
        if (agedRouters is not null)
            foreach (var port in agedRouters) _routerPorts.Remove(port);

        foreach (var key in SortedChannelKeys())
        {
            if (Find(key) is not { } channel) continue;
            foreach (var port in SortedPorts(channel))
            {
                var member = channel.Ports[port];
                if (member.Expiry <= now)
                {
                    RemoveMembership(key, channel, port);
                    continue;
                }
                if (member.NextQueryAt is { } at && at <= now)
                {
                    EmitGroupQuery(key, port, member);
                    member.QueriesLeft--;
                    member.NextQueryAt = member.QueriesLeft > 0 ? at + member.LeaveInterval : null;
                }
            }
        }
        Reschedule();
    }

    // ---- per-frame lookups (allocation-free) --------------------------------------------------------

    /// <summary>
    /// Writes into <paramref name="destination"/> (room for <see cref="Ports"/>.Count) the local ports that get an
    /// (S,G) data frame, ascending, and returns how many: listener ports whose state admits S plus router ports
    /// (RFC 4541 §2.1.2), minus <paramref name="ingress"/>. Snooping off or a link-local group: every port.
    /// </summary>
    public int CollectForwardingPorts(InetAddress group, InetAddress source, PortId? ingress, Span<PortId> destination)
    {
        int count = 0;
        if (!Enabled || group.IsLinkLocalMulticast)
        {
            foreach (var port in _ports)
                if (port != ingress) destination[count++] = port;
            return count;
        }
        if (_groups.TryGetValue(group, out var state))
        {
            if (state.Any is { } any)
                foreach (var (port, member) in any.Ports)
                    if (port != ingress && member.Admits(source)) count = AddOnce(destination, count, port);
            if (state.Sources.TryGetValue(source, out var channel))
                foreach (var (port, _) in channel.Ports)
                    if (port != ingress) count = AddOnce(destination, count, port);
        }
        foreach (var (port, _) in _routerPorts)
            if (port != ingress) count = AddOnce(destination, count, port);
        destination[..count].Sort();
        return count;
    }

    /// <summary>Whether some local port listens to (S,G) (always true when snooping is off or G is link-local).</summary>
    public bool HasLocalListener(InetAddress group, InetAddress source)
    {
        if (!Enabled || group.IsLinkLocalMulticast) return true;
        if (!_groups.TryGetValue(group, out var state)) return false;
        if (state.Any is { } any)
            foreach (var (_, member) in any.Ports)
                if (member.Admits(source)) return true;
        return state.Sources.TryGetValue(source, out var channel) && channel.Ports.Count > 0;
    }

    /// <summary>Whether a multicast router was heard on some port (it attracts all multicast, RFC 9251 §9.1.3).</summary>
    public bool HasRouterPort => _routerPorts.Count > 0;

    /// <summary>Groups never pruned by snooping: 224.0.0.0/24 and ff02::/16 (RFC 4541 §2.1.2, §3).</summary>
    public static bool IsAlwaysFlooded(InetAddress group) => group.IsLinkLocalMulticast;

    // ---- show ----------------------------------------------------------------------------------------

    public IReadOnlyList<MembershipSnapshot> Memberships(TimeSpan now)
    {
        var list = new List<MembershipSnapshot>();
        foreach (var key in SortedChannelKeys())
        {
            var channel = Find(key)!;
            foreach (var port in SortedPorts(channel))
            {
                var m = channel.Ports[port];
                var excluded = m.Excluded is { Count: > 0 } set ? set.Order().ToArray() : [];
                list.Add(new MembershipSnapshot(key.Group, key.Source, port, m.Version, key.Source is null ? FilterMode.Exclude : FilterMode.Include,
                    excluded, m.Expiry - now, m.LeavePending, !m.Direct));
            }
        }
        return list;
    }

    public IReadOnlyList<RouterPortSnapshot> RouterPorts(TimeSpan now) =>
        _routerPorts.OrderBy(p => p.Key).Select(p => new RouterPortSnapshot(p.Key, p.Value - now)).ToArray();

    // ---- membership state ----------------------------------------------------------------------------

    private void JoinSource(InetAddress group, InetAddress source, PortId port, MembershipVersion version, TimeSpan now, bool direct = true)
    {
        if (Find(ChannelKey.Any(group))?.Ports.TryGetValue(port, out var any) == true) any.Excluded?.Remove(source);
        Join(ChannelKey.Of(group, source), port, version, [], direct, now);
    }

    private void Join(ChannelKey key, PortId port, MembershipVersion version, IReadOnlyList<InetAddress> excluded, bool direct, TimeSpan now)
    {
        if (!_groups.TryGetValue(key.Group, out var state)) _groups[key.Group] = state = new GroupState();
        var channel = key.Source is { } source
            ? (state.Sources.TryGetValue(source, out var c) ? c : state.Sources[source] = new Channel())
            : state.Any ??= new Channel();
        if (!channel.Ports.TryGetValue(port, out var member)) channel.Ports[port] = member = new PortMembership();
        member.Version = version;
        member.Expiry = now + Options.GroupMembershipInterval;
        if (key.Source is null)
        {
            member.Excluded ??= [];
            member.Excluded.Clear();
            foreach (var s in excluded) member.Excluded.Add(s);
        }
        if (member.LeavePending) EndLeave(key, port, member);
        if (direct)
        {
            var flags = FlagsOf(version);
            if (!member.Direct || member.JoinSyncFlags != flags)
            {
                member.Direct = true;
                member.JoinSyncFlags = flags;
                _effects.Enqueue(new JoinSyncChanged(port, key.Group, key.Source, flags, true));
            }
        }
        UpdateInterest(key, channel);
    }

    private void StartLeave(ChannelKey key, PortId port, bool direct, TimeSpan now, TimeSpan? interval = null)
    {
        if (Find(key) is not { } channel || !channel.Ports.TryGetValue(port, out var member) || member.LeavePending) return;
        if (Options.ImmediateLeave && interval is null)
        {
            RemoveMembership(key, channel, port);
            return;
        }
        var step = interval ?? Options.LastMemberQueryInterval;
        int count = Options.LastMemberQueryCount;
        member.LeavePending = true;
        member.LeaveInterval = step;
        member.QueriesLeft = count - 1;
        member.NextQueryAt = count > 1 ? now + step : null;
        // RFC 3376 §6.6.3.1: the timer drops to the last member query time; a report in time restores it.
        var deadline = now + count * step;
        if (deadline < member.Expiry) member.Expiry = deadline;
        EmitGroupQuery(key, port, member);
        if (direct)
        {
            member.LeaveSyncActive = true;
            _effects.Enqueue(new LeaveSyncChanged(port, key.Group, key.Source, FlagsOf(member.Version), step, true));
        }
    }

    private void EndLeave(ChannelKey key, PortId port, PortMembership member)
    {
        member.LeavePending = false;
        member.NextQueryAt = null;
        member.QueriesLeft = 0;
        if (member.LeaveSyncActive)
        {
            member.LeaveSyncActive = false;
            _effects.Enqueue(new LeaveSyncChanged(port, key.Group, key.Source, FlagsOf(member.Version), member.LeaveInterval, false));
        }
    }

    private void RemoveMembership(ChannelKey key, Channel channel, PortId port)
    {
        var member = channel.Ports[port];
        channel.Ports.Remove(port);
        EndLeave(key, port, member);
        if (member.Direct) _effects.Enqueue(new JoinSyncChanged(port, key.Group, key.Source, member.JoinSyncFlags, false));
        UpdateInterest(key, channel);
        if (channel.Ports.Count > 0) return;
        var state = _groups[key.Group];
        if (key.Source is { } source) state.Sources.Remove(source);
        else state.Any = null;
        if (state.Any is null && state.Sources.Count == 0) _groups.Remove(key.Group);
    }

    private void UpdateInterest(ChannelKey key, Channel channel)
    {
        var flags = MulticastRouteFlags.None;
        foreach (var (_, member) in channel.Ports) flags |= FlagsOf(member.Version);
        bool present = channel.Ports.Count > 0;
        if (present && (!channel.Advertised || channel.AdvertisedFlags != flags))
        {
            channel.Advertised = true;
            channel.AdvertisedFlags = flags;
            _effects.Enqueue(new LocalInterestChanged(key.Group, key.Source, flags, true));
        }
        else if (!present && channel.Advertised)
        {
            channel.Advertised = false;
            _effects.Enqueue(new LocalInterestChanged(key.Group, key.Source, channel.AdvertisedFlags, false));
        }
    }

    private bool IsV1Member(ChannelKey key, PortId port) =>
        Find(key)?.Ports.TryGetValue(port, out var member) == true && member.Version == MembershipVersion.IgmpV1;

    private void EmitGroupQuery(ChannelKey key, PortId port, PortMembership member)
    {
        var family = key.Group.Family;
        IReadOnlyList<InetAddress> sources = key.Source is { } s ? [s] : [];
        _effects.Enqueue(new SendQuery(port, family, member.Version, OwnQuerierAddress(family), key.Group, sources, member.LeaveInterval));
    }

    // ---- querier -------------------------------------------------------------------------------------

    private void ArmQueriers(TimeSpan now)
    {
        foreach (var family in (ReadOnlySpan<IpFamily>)[IpFamily.V4, IpFamily.V6])
        {
            var querier = _queriers[(int)family];
            bool on = Options.Querier && OwnQuerierAddress(family) is not null;
            querier.Next = on ? now : null;
            querier.StartupLeft = on ? Options.StartupQueryCount : 0;
        }
    }

    /// <summary>General queries: the startup ones a quarter interval apart, then one per query interval (RFC 3376 §8.6–§8.7).</summary>
    private void RunQueriers(TimeSpan now)
    {
        foreach (var family in (ReadOnlySpan<IpFamily>)[IpFamily.V4, IpFamily.V6])
        {
            var querier = _queriers[(int)family];
            if (querier.Next is not { } at || at > now) continue;
            if (querier.OtherQuerierUntil is { } until && until > now)
            {
                querier.Next = until;
                continue;
            }
            querier.OtherQuerierUntil = null;
            var version = family == IpFamily.V4 ? Options.IgmpQueryVersion : Options.MldQueryVersion;
            _effects.Enqueue(new SendQuery(null, family, version, OwnQuerierAddress(family), null, [], Options.QueryResponseInterval));
            if (querier.StartupLeft > 0) querier.StartupLeft--;
            querier.Next = now + (querier.StartupLeft > 0 ? Options.StartupQueryInterval : Options.QueryInterval);
        }
    }

    private InetAddress? OwnQuerierAddress(IpFamily family) => family == IpFamily.V4 ? Options.QuerierAddressV4 : Options.QuerierAddressV6;

    // ---- helpers -------------------------------------------------------------------------------------

    private void Reschedule()
    {
        TimeSpan? next = null;
        foreach (var querier in _queriers) next = Timing.Deadline.Earliest(next, querier.Next);
        foreach (var (_, until) in _routerPorts) next = Timing.Deadline.Earliest(next, until);
        foreach (var (_, state) in _groups)
        {
            if (state.Any is { } any) next = any.Earliest(next);
            foreach (var (_, channel) in state.Sources) next = channel.Earliest(next);
        }
        _nextDeadline = next;
    }

    private Channel? Find(ChannelKey key)
    {
        if (!_groups.TryGetValue(key.Group, out var state)) return null;
        if (key.Source is not { } source) return state.Any;
        return state.Sources.TryGetValue(source, out var channel) ? channel : null;
    }

    private List<ChannelKey> SortedChannelKeys()
    {
        var keys = new List<ChannelKey>();
        foreach (var (group, state) in _groups)
        {
            if (state.Any is not null) keys.Add(ChannelKey.Any(group));
            foreach (var (source, _) in state.Sources) keys.Add(ChannelKey.Of(group, source));
        }
        keys.Sort();
        return keys;
    }

    private static List<PortId> SortedPorts(Channel channel)
    {
        var ports = new List<PortId>(channel.Ports.Keys);
        ports.Sort();
        return ports;
    }

    private static List<InetAddress> SortedSources(GroupState state)
    {
        var sources = new List<InetAddress>(state.Sources.Keys);
        sources.Sort();
        return sources;
    }

    private static List<InetAddress> SameFamilySources(IReadOnlyList<InetAddress> sources, IpFamily family)
    {
        var list = new List<InetAddress>(sources.Count);
        foreach (var source in sources)
            if (source.Family == family && !list.Contains(source)) list.Add(source);
        return list;
    }

    private static int AddOnce(Span<PortId> destination, int count, PortId port)
    {
        if (destination[..count].Contains(port)) return count;
        destination[count] = port;
        return count + 1;
    }

    /// <summary>RFC 9251 §9.1 version bits: IGMP v1/v2/v3 as such; MLDv1 and MLDv2 use the v1 and v2 bits.</summary>
    internal static MulticastRouteFlags FlagsOf(MembershipVersion version) => version switch
    {
        MembershipVersion.IgmpV1 or MembershipVersion.MldV1 => MulticastRouteFlags.IgmpV1,
        MembershipVersion.IgmpV2 or MembershipVersion.MldV2 => MulticastRouteFlags.IgmpV2,
        _ => MulticastRouteFlags.IgmpV3,
    };

    /// <summary>The highest version a synced route's flags name (RFC 9251 §9.1), read per family.</summary>
    internal static MembershipVersion VersionOf(MulticastRouteFlags flags, IpFamily family) => family == IpFamily.V6
        ? ((flags & MulticastRouteFlags.IgmpV2) != 0 ? MembershipVersion.MldV2 : MembershipVersion.MldV1)
        : (flags & MulticastRouteFlags.IgmpV3) != 0 ? MembershipVersion.IgmpV3
        : (flags & MulticastRouteFlags.IgmpV1) != 0 && (flags & MulticastRouteFlags.IgmpV2) == 0 ? MembershipVersion.IgmpV1
        : MembershipVersion.IgmpV2;

    private readonly record struct ChannelKey(InetAddress Group, InetAddress? Source) : IComparable<ChannelKey>
    {
        public static ChannelKey Any(InetAddress group) => new(group, null);

        public static ChannelKey Of(InetAddress group, InetAddress source) => new(group, source);

        public int CompareTo(ChannelKey other)
        {
            int byGroup = Group.CompareTo(other.Group);
            if (byGroup != 0) return byGroup;
            if (Source is not { } mine) return other.Source is null ? 0 : -1;
            return other.Source is { } theirs ? mine.CompareTo(theirs) : 1;
        }
    }

    private sealed class GroupState
    {
        public Channel? Any;
        public readonly Dictionary<InetAddress, Channel> Sources = new();
    }

    private sealed class Channel
    {
        public readonly Dictionary<PortId, PortMembership> Ports = new();
        public bool Advertised;
        public MulticastRouteFlags AdvertisedFlags;

        public TimeSpan? Earliest(TimeSpan? next)
        {
            foreach (var (_, member) in Ports)
                next = Timing.Deadline.Earliest(Timing.Deadline.Earliest(next, member.Expiry), member.NextQueryAt);
            return next;
        }
    }

    private sealed class PortMembership
    {
        public MembershipVersion Version;
        public TimeSpan Expiry;
        /// <summary>(*,G) only: sources this port's EXCLUDE state filters out.</summary>
        public HashSet<InetAddress>? Excluded;
        /// <summary>A report arrived on the port itself, so a join sync is out (RFC 9251 §9.2).</summary>
        public bool Direct;
        public MulticastRouteFlags JoinSyncFlags;
        public bool LeavePending;
        public bool LeaveSyncActive;
        public TimeSpan LeaveInterval;
        public int QueriesLeft;
        public TimeSpan? NextQueryAt;

        public bool Admits(InetAddress source) => Excluded is null || !Excluded.Contains(source);
    }

    private sealed class QuerierState
    {
        public TimeSpan? Next;
        public int StartupLeft;
        public TimeSpan? OtherQuerierUntil;
    }
}
