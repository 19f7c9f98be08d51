using ActorFabric.Wire.Hashing;
using ActorFabric.Wire.Packets;
using ActorFabric.Protocols.Timing;

namespace ActorFabric.Fabric.Hosts;

/// <summary>
/// A host's network stack on one port, sans-I/O: ARP (RFC 826) with a cache and resolution queue, gratuitous ARP on
/// start and after a move (RFC 5227 §3), ICMP echo replies and ping sessions (RFC 792) timed in emulated time, and
/// UDP flows (RFC 768), and multicast: IGMP/MLD group membership, streams to a group and per-stream receive counters
/// (EmulatedHost.Multicast.cs). Inputs are <see cref="HandleFrame"/> and <see cref="HandleTimeout"/> with the current time;
/// outputs are frames (<see cref="TryPollTransmit"/>), the next timer (<see cref="PollTimeout"/>) and events
/// (<see cref="TryPollEvent"/>). Deterministic: no clock, no randomness. Not thread-safe; the host actor owns it.
/// </summary>
public sealed partial class EmulatedHost
{
    private readonly EmulatedHostOptions _options;
    private readonly uint _mask;
    private readonly ushort _identifierBase;
    // Tables a host only needs once it talks (pings, flows, ARP for a destination) are created on first use:
    // a big fabric has ~100,000 hosts that mostly just announce themselves.
    private Dictionary<uint, MacAddress>? _arpCache;
    private SortedDictionary<uint, Resolution>? _resolving;
    private readonly Queue<byte[]> _transmits = new();
    private readonly Queue<HostEvent> _events = new();
    private List<PingSession>? _pings;
    private List<UdpFlow>? _flows;
    private SortedDictionary<ushort, UdpPortCounters>? _udpReceived;
    private VlanTag? _vlan;
    private int _nextPingId = 1, _nextFlowId = 1;

    public EmulatedHost(EmulatedHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.PrefixLength is < 0 or > 32) throw new ArgumentOutOfRangeException(nameof(options), "prefix length is 0..32");
        if (options.PrefixLength6 is < 0 or > 128) throw new ArgumentOutOfRangeException(nameof(options), "IPv6 prefix length is 0..128");
        if (options.ArpAttempts < 1) throw new ArgumentOutOfRangeException(nameof(options), "at least one ARP attempt");
        _options = options;
        _mask = options.PrefixLength == 0 ? 0u : uint.MaxValue << (32 - options.PrefixLength);
        _vlan = options.VlanTag is { } vid ? new VlanTag(vid) : null;
        // Echo identifiers differ between hosts (as PIDs do) yet are reproducible: a stable hash of the name.
        _identifierBase = (ushort)Fnv1a.Hash32(options.Name);
    }

    public EmulatedHostOptions Options => _options;
    public string Name => _options.Name;
    public MacAddress Mac => _options.Mac;
    public Ipv4Address Address => _options.Address;
    /// <summary>The 802.1Q tag the host currently uses (null = untagged).</summary>
    public VlanTag? Vlan => _vlan;
    public bool Started { get; private set; }

    public long FramesSent { get; private set; }
    public long FramesReceived { get; private set; }
    public long ArpRepliesSent { get; private set; }
    public long EchoRepliesSent { get; private set; }
    /// <summary>Frames received that were not for this host (other unicast MAC, wrong VLAN, malformed).</summary>
    public long FramesIgnored { get; private set; }

    /// <summary>Ping sessions still running (finished ones are dropped; keep the returned <see cref="PingSession"/>).</summary>
    public IReadOnlyList<PingSession> PingSessions => (IReadOnlyList<PingSession>?)_pings ?? [];
    /// <summary>UDP flows still sending.</summary>
    public IReadOnlyList<UdpFlow> UdpFlows => (IReadOnlyList<UdpFlow>?)_flows ?? [];

    // ------------------------------------------------------------------ outputs

    public int PendingTransmits => _transmits.Count;

    /// <summary>The next frame to put on the wire (owned by the caller).</summary>
    public bool TryPollTransmit(out byte[] frame) => _transmits.TryDequeue(out frame!);

    public bool TryPollEvent(out HostEvent hostEvent) => _events.TryDequeue(out hostEvent!);

    /// <summary>When <see cref="HandleTimeout"/> next has work (ARP retry, ping send/timeout, UDP send); null when idle.</summary>
    public TimeSpan? PollTimeout()
    {
        TimeSpan? next = null;
        if (_resolving is not null)
            foreach (var r in _resolving.Values) next = Deadline.Earliest(next, r.NextRetry);
        if (_pings is not null)
            foreach (var p in _pings) next = Deadline.Earliest(next, p.NextDeadline);
        if (_flows is not null)
            foreach (var f in _flows)
                if (!f.IsComplete) next = Deadline.Earliest(next, f.NextSendAt);
        next = Deadline.Earliest(next, Resolution6Deadline());
        return Deadline.Earliest(next, MulticastDeadline());
    }

    public void HandleTimeout(TimeSpan now)
    {
        RetryResolutions(now);
        RetryResolutions6(now);
        if (_pings is not null)
            foreach (var session in _pings) RunPing(session, now);
        if (_flows is not null)
            foreach (var flow in _flows) RunFlow(flow, now);
        RunMulticastTimers(now);
        ForgetFinished();
    }

    // Finished sessions and flows leave the host's lists (their objects stay valid for whoever holds them),
    // so timers and reply matching only ever look at running ones.
    private void ForgetFinished()
    {
        _pings?.RemoveAll(static p => p.IsComplete);
        _flows?.RemoveAll(static f => f.IsComplete);
    }

    // ------------------------------------------------------------------ commands

    /// <summary>
    /// Brings the interface up: a gratuitous ARP (and an unsolicited Neighbor Advertisement for an IPv6 address)
    /// announces the host so its leaf learns MAC and MAC+IP.
    /// </summary>
    public void Start(TimeSpan now)
    {
        Started = true;
        Announce();
    }

    /// <summary>Sends a gratuitous ARP again (after the runtime moved the attachment: VM move).</summary>
    public void Reannounce(TimeSpan now) => Announce();

    /// <summary>The host was moved to a port with another tagging (null = untagged); re-announces itself.</summary>
    public void MoveTo(ushort? vlanTag, TimeSpan now)
    {
        _vlan = vlanTag is { } vid ? new VlanTag(vid) : null;
        Announce();
    }

    /// <summary>
    /// Starts a ping: <paramref name="count"/> echo requests <paramref name="interval"/> apart, the first at
    /// <paramref name="now"/> (after ARP or ND if needed; the wait counts in the first round trip, as with a real ping).
    /// An IPv6 destination sends ICMPv6 echoes (RFC 4443 §4.1) from <see cref="EmulatedHostOptions.Address6"/>.
    /// </summary>
    public PingSession Ping(HostAddress destination, int count, TimeSpan interval, int payloadSize, TimeSpan now, TimeSpan? timeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegative(payloadSize);
        // 1500-octet MTU less the IPv4 (20) or IPv6 (40) header and the 8-octet echo header.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadSize, destination.IsIpv6 ? 1452 : 1472);
        int id = _nextPingId++;
        var session = new PingSession(id, (ushort)(_identifierBase + id), destination, count, interval, payloadSize, timeout ?? _options.PingTimeout, now);
        (_pings ??= []).Add(session);
        RunPing(session, now);
        ForgetFinished();
        return session;
    }

    /// <summary>Starts a UDP flow of <paramref name="count"/> datagrams of <paramref name="payloadSize"/> octets, <paramref name="interval"/> apart.</summary>
    public UdpFlow StartUdpFlow(Ipv4Address destination, ushort destinationPort, ushort sourcePort, int count, TimeSpan interval, int payloadSize, TimeSpan now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegative(payloadSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadSize, 1472);
        var flow = new UdpFlow(_nextFlowId++, destination, destinationPort, sourcePort, count, interval, payloadSize, now);
        (_flows ??= []).Add(flow);
        RunFlow(flow, now);
        ForgetFinished();
        return flow;
    }

    public bool TryGetArpEntry(Ipv4Address address, out MacAddress mac)
    {
        mac = default;
        return _arpCache is not null && _arpCache.TryGetValue(address.Value, out mac);
    }

    public IReadOnlyList<(Ipv4Address Address, MacAddress Mac)> ArpCache()
    {
        var list = new List<(Ipv4Address, MacAddress)>(_arpCache?.Count ?? 0);
        if (_arpCache is not null)
            foreach (var (ip, mac) in _arpCache) list.Add((new Ipv4Address(ip), mac));
        list.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return list;
    }

    public UdpPortCounters UdpReceived(ushort port) => _udpReceived is not null && _udpReceived.TryGetValue(port, out var c) ? c : new UdpPortCounters(port, 0, 0);

    public IReadOnlyList<UdpPortCounters> UdpReceivedByPort() => _udpReceived is null ? [] : [.. _udpReceived.Values];

    // ------------------------------------------------------------------ input

    /// <summary>A frame arrived on the host's port.</summary>
    public void HandleFrame(ReadOnlySpan<byte> frame, TimeSpan now)
    {
        if (EthernetHeader.TryRead(frame, out var eth) != PacketError.None || !VlanMatches(eth.Vlan) ||
            (eth.Destination != _options.Mac && !eth.Destination.IsMulticast))
        {
            FramesIgnored++;
            return;
        }
        // IPv6 unicast or to a solicited-node group: Neighbor Discovery and ICMPv6 echo when the host has an address.
        if (eth.EtherType == EtherType.Ipv6 && TryHandleIpv6(frame[eth.Length..], eth, now))
        {
            FramesReceived++;
            ForgetFinished();
            return;
        }
        var summary = FrameSummary.Parse(frame, out var udpPayload);
        if (eth.Destination.IsMulticast && !eth.Destination.IsBroadcast)
        {
            // Group MACs: IGMP/MLD and multicast data count as received; anything else (ND for others, …) stays ignored.
            if (HandleMulticast(summary, frame, udpPayload, now)) FramesReceived++;
            else FramesIgnored++;
            return;
        }
        FramesReceived++;
        if (summary.IsArp) HandleArp(summary, now);
        else if (summary.Error != PacketError.None || !summary.IsIpv4 || summary.IpDestination != _options.Address) FramesIgnored++;
        else if (summary.IsIcmpEcho) HandleEcho(summary, frame, now);
        else if (summary.IsUdp) HandleUdp(summary, frame);
        else FramesIgnored++;
        ForgetFinished();
    }

    private void HandleArp(in FrameSummary arp, TimeSpan now)
    {
        var senderIp = arp.ArpSenderIp;
        bool forUs = arp.ArpTargetIp == _options.Address;
        // RFC 826 merge: refresh a known sender; add it when the packet is addressed to us.
        if (senderIp != Ipv4Address.Any && senderIp != _options.Address && (forUs || (_arpCache is not null && _arpCache.ContainsKey(senderIp.Value))))
            Learn(senderIp, arp.ArpSenderMac, now);
        if (arp.ArpOperation == ArpOperation.Request && forUs && senderIp != _options.Address)
        {
            Emit(FrameBuilder.ArpReply(_options.Mac, _options.Address, arp.ArpSenderMac, senderIp, _vlan));
            ArpRepliesSent++;
        }
    }

    private void HandleEcho(in FrameSummary echo, ReadOnlySpan<byte> frame, TimeSpan now)
    {
        if (echo.IcmpType == IcmpType.EchoRequest)
        {
            var reply = new byte[frame.Length];
            if (FrameBuilder.TryWriteIcmpEchoReplyTo(frame, reply, out int written) != PacketError.None) return;
            Emit(written == reply.Length ? reply : reply[..written]);
            EchoRepliesSent++;
            return;
        }
        MatchEchoReply(echo.IpSource, echo.IcmpIdentifier, echo.IcmpSequence, echo.Ttl, now);
    }

    /// <summary>An echo reply (ICMP or ICMPv6) for one of our sessions: matched by identifier and source address.</summary>
    private void MatchEchoReply(HostAddress from, ushort identifier, ushort sequence, byte ttl, TimeSpan now)
    {
        if (_pings is null) return;
        foreach (var session in _pings)
        {
            if (session.Identifier != identifier || session.Destination != from) continue;
            if (!session.Outstanding.Remove(sequence, out var sentAt)) return; // duplicate or late reply
            var rtt = now - sentAt;
            session.Answered[sequence] = rtt;
            _events.Enqueue(new PingReply(session.Id, sequence, from, rtt, ttl, now));
            if (session.IsComplete) _events.Enqueue(new PingCompleted(session.Id, session.Result, now));
            return;
        }
    }

    private void HandleUdp(in FrameSummary udp, ReadOnlySpan<byte> frame)
    {
        // Payload octets = UDP length − 8, read from the header itself (the frame may carry Ethernet padding).
        int ipOffset = udp.Vlan.HasValue ? EthernetHeader.TaggedLength : EthernetHeader.UntaggedLength;
        long bytes = 0;
        if (Ipv4Header.TryRead(frame[ipOffset..], out _, out var l4) == PacketError.None &&
            UdpHeader.TryRead(l4, out var header, out _) == PacketError.None)
            bytes = header.Length - UdpHeader.HeaderLength;
        var c = UdpReceived(udp.DestinationPort);
        (_udpReceived ??= [])[udp.DestinationPort] = c with { Datagrams = c.Datagrams + 1, Bytes = c.Bytes + bytes };
    }

    // ------------------------------------------------------------------ ping and flows

    private void RunPing(PingSession session, TimeSpan now)
    {
        bool wasComplete = session.IsComplete;
        // Timeouts first, so an echo whose deadline equals the next send time is counted lost before the send.
        List<ushort>? expired = null;
        foreach (var (sequence, sentAt) in session.Outstanding)
            if (sentAt + session.Timeout <= now) (expired ??= []).Add(sequence);
        if (expired is not null)
        {
            foreach (var sequence in expired)
            {
                session.Outstanding.Remove(sequence);
                session.Lost.Add(sequence);
                _events.Enqueue(new PingTimeout(session.Id, sequence, now));
            }
        }
        while (session.NextSequence < session.Count && session.NextSendAt <= now)
        {
            ushort sequence = session.NextSequence++;
            var sentAt = session.NextSendAt;
            session.NextSendAt += session.Interval;
            session.Outstanding[sequence] = sentAt;
            var data = Pattern(session.PayloadSize, sequence);
            if (session.Destination.IsIpv6)
            {
                SendEcho6(session, sequence, data, now);
                continue;
            }
            var frame = FrameBuilder.IcmpEchoRequest(_options.Mac, MacAddress.Zero, _options.Address, session.Destination.Ipv4,
                session.Identifier, sequence, data, _vlan);
            var firstHop = SendIp(session.Destination.Ipv4, frame, now);
            if (firstHop is { } mac) session.FirstHopMac = mac;
        }
        if (!wasComplete && session.IsComplete && session.Outstanding.Count == 0 && expired is not null)
            _events.Enqueue(new PingCompleted(session.Id, session.Result, now));
    }

    private void RunFlow(UdpFlow flow, TimeSpan now)
    {
        while (!flow.IsComplete && flow.NextSendAt <= now)
        {
            flow.NextSendAt += flow.Interval;
            var frame = FrameBuilder.UdpDatagram(_options.Mac, MacAddress.Zero, _options.Address, flow.Destination,
                flow.SourcePort, flow.DestinationPort, Pattern(flow.PayloadSize, (ushort)flow.Sent), _vlan);
            flow.Sent++;
            SendIp(flow.Destination, frame, now);
            if (flow.IsComplete) _events.Enqueue(new UdpFlowCompleted(flow.Id, flow.Sent, now));
        }
    }

    private static byte[] Pattern(int size, ushort salt)
    {
        var data = new byte[size];
        for (int i = 0; i < size; i++) data[i] = (byte)(i + salt);
        return data;
    }

    // ------------------------------------------------------------------ ARP resolution

    /// <summary>
    /// Sends an IPv4 frame whose destination MAC is still to be filled in: at once when the next hop is in the
    /// cache, else queued behind an ARP request. Returns the next hop's MAC when known now.
    /// </summary>
    private MacAddress? SendIp(Ipv4Address destination, byte[] frame, TimeSpan now)
    {
        Ipv4Address nextHop;
        if ((destination.Value & _mask) == (_options.Address.Value & _mask)) nextHop = destination;
        else if (_options.Gateway is { } gateway) nextHop = gateway;
        else
        {
            _events.Enqueue(new ArpResolutionFailed(destination, 1, now)); // no route: nothing to resolve
            return null;
        }
        if (_arpCache is not null && _arpCache.TryGetValue(nextHop.Value, out var mac))
        {
            mac.Write(frame);
            Emit(frame);
            return mac;
        }
        _resolving ??= [];
        if (!_resolving.TryGetValue(nextHop.Value, out var resolution))
        {
            resolution = new Resolution { NextRetry = now + _options.ArpRetryInterval, Attempts = 1 };
            _resolving.Add(nextHop.Value, resolution);
            Emit(FrameBuilder.ArpRequest(_options.Mac, _options.Address, nextHop, _vlan));
        }
        if (resolution.Queued.Count < _options.MaxQueuedPerNextHop) resolution.Queued.Add(frame);
        else resolution.Dropped++;
        return null;
    }

    private void RetryResolutions(TimeSpan now)
    {
        if (_resolving is null) return; // most hosts never resolve anything: no delegate for them
        if (Retry(_resolving, ip => Emit(FrameBuilder.ArpRequest(_options.Mac, _options.Address, new Ipv4Address(ip), _vlan)), now) is not { } failed) return;
        foreach (var (ip, dropped) in failed) _events.Enqueue(new ArpResolutionFailed(new Ipv4Address(ip), dropped, now));
    }

    /// <summary>
    /// Resends the request of every due resolution (ARP or ND, <paramref name="resend"/>), <see cref="EmulatedHostOptions.ArpRetryInterval"/>
    /// apart; after <see cref="EmulatedHostOptions.ArpAttempts"/> it gives up: returns those addresses with the packets dropped.
    /// </summary>
    private List<(TKey Address, int Dropped)>? Retry<TKey>(SortedDictionary<TKey, Resolution>? table, Action<TKey> resend, TimeSpan now) where TKey : notnull
    {
        if (table is null) return null;
        List<TKey>? failed = null;
        foreach (var (ip, resolution) in table)
        {
            if (resolution.NextRetry > now) continue;
            if (resolution.Attempts >= _options.ArpAttempts)
            {
                (failed ??= []).Add(ip);
                continue;
            }
            resolution.Attempts++;
            resolution.NextRetry = now + _options.ArpRetryInterval;
            resend(ip);
        }
        if (failed is null) return null;
        var dropped = new List<(TKey, int)>(failed.Count);
        foreach (var ip in failed)
        {
            table.Remove(ip, out var resolution);
            dropped.Add((ip, resolution!.Queued.Count + resolution.Dropped));
        }
        return dropped;
    }

    private void Learn(Ipv4Address ip, MacAddress mac, TimeSpan now)
    {
        _arpCache ??= [];
        bool changed = !_arpCache.TryGetValue(ip.Value, out var old) || old != mac;
        _arpCache[ip.Value] = mac;
        if (changed) _events.Enqueue(new ArpResolved(ip, mac, now));
        if (_resolving is null || !_resolving.Remove(ip.Value, out var resolution)) return;
        foreach (var frame in resolution.Queued)
        {
            mac.Write(frame);
            Emit(frame);
        }
        if (_pings is null) return;
        foreach (var session in _pings)
        {
            if (session.FirstHopMac is null && !session.Destination.IsIpv6 && NextHopOf(session.Destination.Ipv4) == ip) session.FirstHopMac = mac;
        }
    }

    private Ipv4Address? NextHopOf(Ipv4Address destination) =>
        (destination.Value & _mask) == (_options.Address.Value & _mask) ? destination : _options.Gateway;

    private void Announce()
    {
        Emit(FrameBuilder.GratuitousArp(_options.Mac, _options.Address, _vlan));
        Announce6();
    }

    private bool VlanMatches(VlanTag? tag) => _vlan is { } mine ? tag is { } t && t.VlanId == mine.VlanId : tag is null || tag.Value.VlanId == 0;

    private void Emit(byte[] frame)
    {
        FramesSent++;
        _transmits.Enqueue(frame);
    }


    private sealed class Resolution
    {
        public TimeSpan NextRetry;
        public int Attempts;
        public int Dropped;
        public readonly List<byte[]> Queued = [];
    }
}
