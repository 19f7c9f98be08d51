using System.Net;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Evpn.Multihoming;
using ActorFabric.Protocols.Multicast.Replication;
using ActorFabric.Protocols.Multicast.Snooping;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Evpn;

// BUM optimisation of a MAC-VRF: IGMP/MLD snooping per bridge domain and the EVPN routes it drives (SMET type 6, join
// and leave synch types 7/8, RFC 9251), the proxy flags on the IMET, SMET interest learnt from remote type-6 routes,
// and Assisted Replication (RFC 9574) with the replicator's second IMET route.
public sealed partial class MacVrf
{
    private readonly List<SnoopingInput> _membershipScratch = [];

    private void SetUpReplication(EvpnDomain d)
    {
        var bd = d.Bridge;
        if (_options.AssistedReplication.Role == AssistedReplicationRole.None) return;
        var ar = new AssistedReplication(_options.AssistedReplication, bd.Vni, _options.LocalVtep, bd.FloodList, bd.Interest)
        {
            SnoopingEnabled = _options.Snooping is { Enabled: true },
        };
        bd.Assisted = ar;
        bd.Replication = ar;
    }

    /// <summary>Creates the snooping machines (with the ports attached so far) once time is known.</summary>
    private void StartMulticast(TimeSpan now)
    {
        if (_options.Snooping is not { Enabled: true } snooping) return;
        foreach (var d in _domains)
        {
            var machine = new MulticastSnooping(snooping, now);
            foreach (var p in d.Bridge.Ports) machine.AddPort(p.Port);
            d.Bridge.Snooping = machine;
            DrainSnooping(d);
        }
    }

    /// <summary>IGMP proxy and MLD proxy flags (RFC 9251 §9.4) when this VTEP snoops the domain; 0 otherwise.</summary>
    private ushort ProxyFlags(EvpnDomain d) =>
        (ushort)((_options.Snooping is { Enabled: true } ? FloodListMember.MulticastFlagIgmpProxy | FloodListMember.MulticastFlagMldProxy : 0) |
            (Oism?.ImetFlags(d.Bridge) ?? 0)); // RFC 9625 §8: the OISM bits ride on the same EC

    private static ushort? MulticastFlagsOf(PathAttributes attributes)
    {
        foreach (var c in attributes.ExtendedCommunities)
            if (c.IsMulticastFlags) return (ushort)(c.Value48 >> 32);
        return null;
    }

    /// <summary>
    /// A replicator's Replicator-AR route (RFC 9574 §4): a second IMET whose originator and next hop are the AR IP,
    /// PMSI type 0x0A with T = AR-REPLICATOR, and the Multicast Flags EC with Extended-MH-AR in extended mode.
    /// </summary>
    private void OriginateReplicatorRoute(EvpnDomain d, ushort proxy)
    {
        var bd = d.Bridge;
        if (bd.Assisted is not { } ar || ar.AssistedReplicationPmsiTunnel(bd.Vni) is not { } pmsi) return;
        var arIp = _options.AssistedReplication.ReplicatorIp!;
        ushort flags = (ushort)(ar.ReplicatorRouteMulticastFlags | proxy);
        var attributes = new PathAttributes
        {
            Origin = Origin.Igp,
            AsPath = AsPath.Empty,
            ExtendedCommunities = flags == 0 ? _exportCommunities : [.. _exportCommunities, ExtendedCommunity.MulticastFlags(flags)],
            PmsiTunnel = pmsi,
        };
        var originate = new Originate(new InclusiveMulticastRoute(_options.RouteDistinguisher, bd.EthernetTag, arIp), attributes, arIp);
        if (d.ReplicatorRoute is { } existing && existing.Equals(originate)) return;
        d.ReplicatorRoute = originate;
        Emit(originate);
    }

    private void DrainReplicationEvents(EvpnDomain d)
    {
        if (d.Bridge.Assisted is not { } ar) return;
        while (ar.TryPollEvent(out var changed)) Emit(new ReplicatorChanged(changed));
    }

    private static TimeSpan? Earliest(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : (a < b ? a : b);

    private TimeSpan? MulticastTimeout()
    {
        TimeSpan? next = null;
        foreach (var bd in _bridges)
        {
            if (bd.Assisted is { } ar) next = Earliest(next, ar.PollTimeout());
            if (bd.Snooping is { } s) next = Earliest(next, s.PollTimeout());
        }
        return next;
    }

    private void HandleMulticastTimeout(TimeSpan now)
    {
        foreach (var d in _domains)
        {
            var bd = d.Bridge;
            if (bd.Assisted is { } ar && ar.PollTimeout() is { } due && due <= now)
            {
                ar.HandleTimeout(now);
                DrainReplicationEvents(d);
            }
            if (bd.Snooping is { } s && s.PollTimeout() is { } sdue && sdue <= now)
            {
                s.HandleTimeout(now);
                DrainSnooping(d);
            }
        }
    }

    // ---------------------------------------------------------------- multihoming peers

    /// <summary>
    /// The VTEPs that share an Ethernet segment of <paramref name="vni"/> with this one: an extended-mode AR leaf
    /// replicates to them itself, and falls back to ingress replication when one is a replicator.
    /// </summary>
    public void SetMultihomingPeers(uint vni, IEnumerable<IPAddress> peers)
    {
        if (_byVni.TryGetValue(vni, out var d) && d.Bridge.Assisted is { } ar)
        {
            ar.SetMultihomingPeers(peers);
            DrainReplicationEvents(d);
        }
    }

    /// <summary>Remote segments (from A-D per-ES routes) as VTEP sets per domain, for an extended-mode replicator's skip list.</summary>
    private void RefreshRemoteSegments()
    {
        foreach (var d in _domains)
        {
            if (d.Bridge.Assisted is not { } ar || _options.AssistedReplication.Role != AssistedReplicationRole.Replicator) continue;
            var sets = new List<IReadOnlyList<IPAddress>>();
            foreach (var esi in _remoteSegments.Segments) sets.Add(_remoteSegments.PerEsNextHops(esi));
            ar.SetRemoteSegments(sets);
        }
    }

    // ---------------------------------------------------------------- snooping

    /// <summary>
    /// An IGMP or MLD message from access port <paramref name="port"/> (<paramref name="message"/> is the IGMP message
    /// or the ICMPv6 MLD message, <paramref name="ipSource"/> the IP source as a number): snooped into the domain's
    /// membership state. Returns false when the domain does not snoop (the frame is then ordinary multicast) or the
    /// message is malformed (dropped, counted by the caller).
    /// </summary>
    public SnoopResult HandleMembership(PortId port, ushort vlan, bool ipv6, UInt128 ipSource, ReadOnlySpan<byte> message, TimeSpan now)
    {
        if (!_byVlan.TryGetValue(vlan, out var d) || d.Bridge.Snooping is not { } snooping) return SnoopResult.NotSnooped;
        _membershipScratch.Clear();
        var error = ipv6
            ? MembershipTranslator.TranslateMld(port, new Ipv6Address((ulong)(ipSource >> 64), (ulong)ipSource), message, _membershipScratch)
            : MembershipTranslator.TranslateIgmp(port, new Ipv4Address((uint)ipSource), message, _membershipScratch);
        if (error != MembershipTranslationError.None) return SnoopResult.Malformed;
        bool query = false;
        foreach (var input in _membershipScratch)
        {
            query |= input is QueryObservation;
            snooping.Handle(input, now);
        }
        DrainSnooping(d);
        return query ? SnoopResult.Query : SnoopResult.Report;
    }

    /// <summary>
    /// Local ports that receive multicast data for (<paramref name="source"/>, <paramref name="group"/>) in the domain
    /// (listeners plus router ports, RFC 4541 §2.1.2), the ingress port excluded and the egress filter (DF, local bias)
    /// applied. Without snooping, every port: the VLAN floods. Allocation-free.
    /// </summary>
    public static int CopyMulticastPorts(BridgeDomain bd, in ForwardingDecision decision, InetAddress group, InetAddress source, Span<PortId> destination)
    {
        if (bd.Snooping is not { } snooping) return bd.CopyFloodPorts(decision, destination);
        int n = snooping.CollectForwardingPorts(group, source, decision.IngressPort, destination);
        int kept = 0;
        for (int i = 0; i < n; i++)
        {
            var port = destination[i];
            if (!bd.TryGetPort(port, out var attached) || !bd.EgressFilter.Permits(bd.Vni, port, attached.Esi, decision.SourceVtep)) continue;
            destination[kept++] = port;
        }
        return kept;
    }

    private void DrainSnooping(EvpnDomain d)
    {
        var snooping = d.Bridge.Snooping!;
        while (snooping.TryPollEffect(out var effect))
        {
            switch (effect)
            {
                case LocalInterestChanged interest:
                    SyncSelectiveMulticast(d, interest);
                    break;
                case JoinSyncChanged join:
                    SyncJoin(d, join);
                    break;
                case LeaveSyncChanged leave:
                    SyncLeave(d, leave);
                    break;
                case SendQuery q:
                    Emit(new SendMembershipQuery(d.Bridge.Vlan, q));
                    break;
            }
        }
    }

    /// <summary>First local listener for (x,G) appears or the last goes: the SMET route follows (RFC 9251 §9.1).</summary>
    private void SyncSelectiveMulticast(EvpnDomain d, LocalInterestChanged change)
    {
        if (Oism is { } oism && oism.TakeLocalInterest(d.Bridge, change)) return;
        // Originator = the IMET's originating IP (RFC 9251 §9.1); key = everything but the flags.
        var route = new SelectiveMulticastRoute(_options.RouteDistinguisher, d.Bridge.EthernetTag, change.Source?.ToIPAddress(),
            change.Group.ToIPAddress(), _options.LocalVtep, change.Flags);
        SyncMulticastRoute(d, route, change.Present, SelectiveMulticastAttributes);
    }

    private PathAttributes? _multicastAttributes;

    private PathAttributes SelectiveMulticastAttributes => _multicastAttributes ??= new PathAttributes
    {
        Origin = Origin.Igp,
        AsPath = AsPath.Empty,
        ExtendedCommunities = _exportCommunities,
    };

    /// <summary>
    /// A report arrived here on a multihomed segment port (or its state ended): a type 7 tells the segment's other
    /// PEs to install the same state (RFC 9251 §9.2), carrying the ES-Import RT and the EVI-RT, no plain RT.
    /// </summary>
    private void SyncJoin(EvpnDomain d, JoinSyncChanged change)
    {
        if (!d.Bridge.TryGetPort(change.Port, out var attached) || attached.Esi.IsZero) return;
        var route = new MulticastMembershipReportSynchRoute(_options.RouteDistinguisher, attached.Esi, d.Bridge.EthernetTag,
            change.Source?.ToIPAddress(), change.Group.ToIPAddress(), _options.LocalVtep, change.Flags);
        SyncMulticastRoute(d, route, change.Present, SynchAttributes(attached.Esi));
    }

    /// <summary>A leave arrived here on a segment port: a type 8 makes the peers run the last-member procedure too (RFC 9251 §9.3).</summary>
    private void SyncLeave(EvpnDomain d, LeaveSyncChanged change)
    {
        if (!d.Bridge.TryGetPort(change.Port, out var attached) || attached.Esi.IsZero) return;
        // Maximum Response Time in the IGMP unit, tenths of a second (RFC 9251 §9.3), capped to the octet.
        byte maxResponse = (byte)Math.Clamp(change.MaxResponseTime.Ticks / TimeSpan.FromMilliseconds(100).Ticks, 1, 255);
        var route = new MulticastLeaveSynchRoute(_options.RouteDistinguisher, attached.Esi, d.Bridge.EthernetTag,
            change.Source?.ToIPAddress(), change.Group.ToIPAddress(), _options.LocalVtep, 0, maxResponse, change.Flags);
        SyncMulticastRoute(d, route, change.Present, SynchAttributes(attached.Esi));
    }

    private PathAttributes SynchAttributes(EthernetSegmentId esi)
    {
        var communities = new List<ExtendedCommunity> { EsImportRouteTarget.Derived(esi) };
        foreach (var rt in _options.ExportRouteTargets)
            if (rt.IsRouteTarget) communities.Add(ExtendedCommunity.EviRouteTarget(rt));
        communities.Add(ExtendedCommunity.VxlanEncapsulation);
        return new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.Empty, ExtendedCommunities = [.. communities] };
    }

    private void SyncMulticastRoute(EvpnDomain d, EvpnRoute route, bool present, PathAttributes attributes)
    {
        if (present)
        {
            var originate = new Originate(route, attributes);
            if (d.MulticastRoutes.TryGetValue(route, out var existing) && existing.Equals(originate)) return;
            d.MulticastRoutes[route] = originate;
            Emit(originate);
        }
        else if (d.MulticastRoutes.Remove(route))
        {
            Emit(new Withdraw(route));
        }
    }

    /// <summary>
    /// A type 7 or 8 from a peer of one of this VTEP's segments (imported by its ES-Import RT, mapped to this MAC-VRF by
    /// its EVI-RT): the state goes onto every local port of that segment in the domain as if the report (or leave) had
    /// come there (RFC 9251 §9.2, §9.3). A withdrawn type 7 runs the last-member procedure: a listener still there
    /// answers the query and keeps its state. Returns whether a local port of the segment took it.
    /// </summary>
    public bool ApplySynch(EvpnRoute route, bool withdrawn, TimeSpan now)
    {
        if (route.Rd == _options.RouteDistinguisher || !TryMapDomain(route, out var d) || d.Bridge.Snooping is not { } snooping) return false;
        var (esi, group, source) = route switch
        {
            MulticastMembershipReportSynchRoute j => (j.Esi, j.Group, j.Source),
            MulticastLeaveSynchRoute l => (l.Esi, l.Group, l.Source),
            _ => (default, null!, null),
        };
        if (group is null || esi.IsZero) return false;
        var g = InetAddress.FromIPAddress(group);
        InetAddress? s = source is null ? null : InetAddress.FromIPAddress(source);
        bool taken = false;
        foreach (var p in d.Bridge.Ports)
        {
            if (p.Esi != esi) continue;
            taken = true;
            switch (route)
            {
                case MulticastMembershipReportSynchRoute j when !withdrawn:
                    snooping.HandleRemoteJoin(p.Port, g, s, j.Flags, now);
                    break;
                case MulticastMembershipReportSynchRoute:
                    snooping.HandleRemoteLeave(p.Port, g, s, snooping.Options.LastMemberQueryInterval, now);
                    break;
                case MulticastLeaveSynchRoute l when !withdrawn:
                    snooping.HandleRemoteLeave(p.Port, g, s, TimeSpan.FromMilliseconds(100 * Math.Max((int)l.MaxResponseTime, 1)), now);
                    break;
            }
        }
        DrainSnooping(d);
        return taken;
    }

    /// <summary>Snooping state of every domain (for `show evpn igmp-snooping`); allocates.</summary>
    public IReadOnlyList<(BridgeDomain Domain, IReadOnlyList<MembershipSnapshot> Memberships)> SnoopingState(TimeSpan now)
    {
        var list = new List<(BridgeDomain, IReadOnlyList<MembershipSnapshot>)>();
        foreach (var bd in _bridges)
            if (bd.Snooping is { } s) list.Add((bd, s.Memberships(now)));
        return list;
    }
}

/// <summary>What snooping made of an IGMP/MLD message from an access port.</summary>
public enum SnoopResult : byte
{
    /// <summary>The domain does not snoop: forward the frame as ordinary multicast.</summary>
    NotSnooped,
    /// <summary>A report or leave: state updated; forwarded to router ports only (RFC 4541 §2.1.1), never into the core (the SMET carries it).</summary>
    Report,
    /// <summary>A query from a local router: that port is now a router port; the query floods to the domain's local ports.</summary>
    Query,
    /// <summary>Malformed: dropped.</summary>
    Malformed,
}
