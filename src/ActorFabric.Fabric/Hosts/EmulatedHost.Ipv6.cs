using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.Hosts;

// The IPv6 side of the host (when it has an address): Neighbor Discovery (RFC 4861) to resolve on-link neighbours and
// the default router, an unsolicited Neighbor Advertisement on start so the leaf learns MAC+IPv6 at once, ICMPv6 echo
// (RFC 4443 §4) for pings in both directions.
public sealed partial class EmulatedHost
{
    private Dictionary<Ipv6Address, MacAddress>? _neighbors;
    private SortedDictionary<Ipv6Address, Resolution>? _resolving6;

    /// <summary>The host's global IPv6 address, or null when it has none.</summary>
    public Ipv6Address? Address6 => _options.Address6;

    public long NeighborAdvertisementsSent { get; private set; }

    public bool TryGetNeighbor(Ipv6Address address, out MacAddress mac)
    {
        mac = default;
        return _neighbors is not null && _neighbors.TryGetValue(address, out mac);
    }

    public IReadOnlyList<(Ipv6Address Address, MacAddress Mac)> NeighborCache()
    {
        var list = new List<(Ipv6Address, MacAddress)>(_neighbors?.Count ?? 0);
        if (_neighbors is not null)
            foreach (var (ip, mac) in _neighbors) list.Add((ip, mac));
        list.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return list;
    }

    private bool IsOnLink6(Ipv6Address destination, Ipv6Address own) =>
        _options.PrefixLength6 == 0 || (Ipv6Prefix(destination) == Ipv6Prefix(own));

    private (ulong, ulong) Ipv6Prefix(Ipv6Address address)
    {
        int length = _options.PrefixLength6;
        ulong highMask = length >= 64 ? ulong.MaxValue : length == 0 ? 0 : ulong.MaxValue << (64 - length);
        ulong lowMask = length <= 64 ? 0 : ulong.MaxValue << (128 - length);
        return (address.High & highMask, address.Low & lowMask);
    }

    /// <summary>
    /// An IPv6 frame for this host: ND (answers and learning) and ICMPv6 echo. False leaves the frame to the other
    /// handlers (MLD and multicast data, or ignored).
    /// </summary>
    private bool TryHandleIpv6(ReadOnlySpan<byte> packet, in EthernetHeader eth, TimeSpan now)
    {
        if (_options.Address6 is not { } own) return false;
        if (NeighborDiscoveryMessage.TryRead(packet, out var nd))
        {
            if (nd.IsSolicitation) return HandleSolicitation(nd, eth, own, now);
            // RFC 4861 §7.2.5: an advertisement updates an entry being resolved or already cached; it creates none.
            if (nd.Target == own || (!IsResolving6(nd.Target) && !(_neighbors?.ContainsKey(nd.Target) ?? false))) return true;
            Learn6(nd.Target, nd.LinkLayerAddress ?? eth.Source, now);
            return true;
        }
        if (Icmpv6Echo.TryRead(packet, out var ip, out var echo, out var data) != PacketError.None || ip.Destination != own) return false;
        if (echo.IsRequest)
        {
            // RFC 4443 §4.2: the reply carries the request's identifier, sequence and data, back to its source.
            Emit(new Icmpv6Echo(false, echo.Identifier, echo.Sequence).ToFrame(_options.Mac, eth.Source, own, ip.Source, data, _vlan));
            EchoRepliesSent++;
            return true;
        }
        MatchEchoReply(ip.Source, echo.Identifier, echo.Sequence, ip.HopLimit, now);
        return true;
    }

    private bool HandleSolicitation(in NeighborDiscoveryMessage ns, in EthernetHeader eth, Ipv6Address own, TimeSpan now)
    {
        if (ns.Target != own) return false;
        bool dad = ns.Source == default;
        // RFC 4861 §7.2.3: the solicitation's source and its link-layer address make (or refresh) a neighbour entry.
        if (!dad && ns.LinkLayerAddress is { } slla) Learn6(ns.Source, slla, now);
        // §7.2.4: solicited and override to the solicitor; a DAD probe (source ::) is answered to all-nodes, unsolicited.
        var destination = dad ? MldAddresses.AllNodes : ns.Source;
        var destinationMac = dad ? MacAddress.ForIpv6Multicast(MldAddresses.AllNodes) : ns.LinkLayerAddress ?? eth.Source;
        var reply = new byte[NeighborDiscoveryMessage.FrameLength + (_vlan.HasValue ? 4 : 0)];
        NeighborDiscoveryMessage.WriteAdvertisementFrame(reply, _options.Mac, destinationMac, own, destination, solicited: !dad, overrideFlag: true, _vlan);
        Emit(reply);
        NeighborAdvertisementsSent++;
        return true;
    }

    /// <summary>RFC 4861 §7.2.6: an unsolicited advertisement of our address to all-nodes, Override set.</summary>
    private void Announce6()
    {
        if (_options.Address6 is not { } own) return;
        var frame = new byte[NeighborDiscoveryMessage.FrameLength + (_vlan.HasValue ? 4 : 0)];
        NeighborDiscoveryMessage.WriteAdvertisementFrame(frame, _options.Mac, MacAddress.ForIpv6Multicast(MldAddresses.AllNodes), own, MldAddresses.AllNodes,
            solicited: false, overrideFlag: true, _vlan);
        Emit(frame);
    }

    private bool IsResolving6(Ipv6Address address) => _resolving6 is not null && _resolving6.ContainsKey(address);

    private Ipv6Address? NextHopOf6(Ipv6Address destination) =>
        _options.Address6 is { } own && IsOnLink6(destination, own) ? destination : _options.Gateway6;

    private void SendEcho6(PingSession session, ushort sequence, byte[] data, TimeSpan now)
    {
        var destination = session.Destination.Ipv6;
        if (_options.Address6 is not { } own)
        {
            _events.Enqueue(new NeighborResolutionFailed(destination, 1, now));
            return;
        }
        var frame = new Icmpv6Echo(true, session.Identifier, sequence).ToFrame(_options.Mac, MacAddress.Zero, own, destination, data, _vlan);
        if (SendIp6(destination, frame, now) is { } mac) session.FirstHopMac = mac;
    }

    /// <summary>
    /// The IPv6 counterpart of SendIp: at once when the next hop (the destination on-link, else the default router) is
    /// in the neighbour cache, else queued behind a Neighbor Solicitation to its solicited-node group (RFC 4861 §7.2.2).
    /// </summary>
    private MacAddress? SendIp6(Ipv6Address destination, byte[] frame, TimeSpan now)
    {
        if (NextHopOf6(destination) is not { } nextHop)
        {
            _events.Enqueue(new NeighborResolutionFailed(destination, 1, now)); // no route: nothing to resolve
            return null;
        }
        if (_neighbors is not null && _neighbors.TryGetValue(nextHop, out var mac))
        {
            mac.Write(frame);
            Emit(frame);
            return mac;
        }
        _resolving6 ??= [];
        if (!_resolving6.TryGetValue(nextHop, out var resolution))
        {
            resolution = new Resolution { NextRetry = now + _options.ArpRetryInterval, Attempts = 1 };
            _resolving6.Add(nextHop, resolution);
            Solicit(nextHop);
        }
        if (resolution.Queued.Count < _options.MaxQueuedPerNextHop) resolution.Queued.Add(frame);
        else resolution.Dropped++;
        return null;
    }

    private void Solicit(Ipv6Address target)
    {
        var frame = new byte[NeighborDiscoveryMessage.FrameLength + (_vlan.HasValue ? 4 : 0)];
        NeighborDiscoveryMessage.WriteSolicitationFrame(frame, _options.Mac, _options.Address6!.Value, target, _vlan);
        Emit(frame);
    }

    /// <summary>RFC 4861 §7.2.2: retransmit every RetransTimer, give up after MAX_MULTICAST_SOLICIT (here ArpAttempts).</summary>
    private void RetryResolutions6(TimeSpan now)
    {
        if (_resolving6 is null) return;
        if (Retry(_resolving6, Solicit, now) is not { } failed) return;
        foreach (var (ip, dropped) in failed) _events.Enqueue(new NeighborResolutionFailed(ip, dropped, now));
    }

    private TimeSpan? Resolution6Deadline()
    {
        TimeSpan? next = null;
        if (_resolving6 is not null)
            foreach (var r in _resolving6.Values) next = Protocols.Timing.Deadline.Earliest(next, r.NextRetry);
        return next;
    }

    private void Learn6(Ipv6Address ip, MacAddress mac, TimeSpan now)
    {
        _neighbors ??= [];
        bool changed = !_neighbors.TryGetValue(ip, out var old) || old != mac;
        _neighbors[ip] = mac;
        if (changed) _events.Enqueue(new NeighborResolved(ip, mac, now));
        if (_resolving6 is null || !_resolving6.Remove(ip, out var resolution)) return;
        foreach (var frame in resolution.Queued)
        {
            mac.Write(frame);
            Emit(frame);
        }
        if (_pings is null) return;
        foreach (var session in _pings)
            if (session.FirstHopMac is null && session.Destination.IsIpv6 && NextHopOf6(session.Destination.Ipv6) == ip) session.FirstHopMac = mac;
    }
}
