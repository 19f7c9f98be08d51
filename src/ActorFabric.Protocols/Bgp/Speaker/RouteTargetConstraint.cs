using System.Net;
using ActorFabric.Protocols.Bgp.Rib;
using ActorFabric.Protocols.Bgp.Session;
using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Bgp.Speaker;

/// <summary>What a change of a peer's export filter means for one route (RFC 4684 §4).</summary>
internal enum RouteTargetExportChange : byte
{
    None,
    Announce,
    Withdraw,
}

/// <summary>
/// Route Target Constraint (RFC 4684) for one <see cref="BgpSpeaker"/>: the memberships we announce (the default
/// membership for a speaker that imports everything, such as a route reflector), each peer's RT-membership
/// tables, the memberships passed on between peers, which EVPN routes a peer may receive, and what to announce
/// or withdraw when a peer's memberships change. It decides; the speaker sends the messages it returns and moves
/// peers between update groups. Peers are kept in the speaker's peer order, which decides which of several
/// announcements of one membership is passed on.
/// </summary>
internal sealed class RouteTargetConstraint
{
    /// <summary>At most 13 octets each: 200 keep an UPDATE well under 4096 octets with any sane attributes.</summary>
    internal const int MembershipsPerUpdate = 200;

    private readonly BgpSpeakerConfig _config;
    private readonly BgpPathSource _localSource;
    private readonly ExportPolicy _policy;
    private readonly AttributeInterner _interner;
    private readonly PathAttributes _localAttributes;
    private readonly IPAddress _localNextHop;
    private readonly List<RouteTargetPeer> _peers = [];
    private RouteTargetMembership[] _local;
    private bool _membershipsDirty; // a peer's received memberships or ours changed: re-sync what each peer was sent
    private bool _filtersDirty;     // a peer's received memberships changed: re-filter its EVPN export

    public RouteTargetConstraint(BgpSpeakerConfig config, BgpPathSource localSource, ExportPolicy policy, AttributeInterner interner)
    {
        _config = config;
        _localSource = localSource;
        _policy = policy;
        _interner = interner;
        _local = LocalMembershipsOf(config, config.ImportFilter);
        _localAttributes = new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.Empty, LocalPref = BestPathSelector.DefaultLocalPref };
        var id = config.RouterId;
        _localNextHop = new IPAddress([(byte)(id >> 24), (byte)(id >> 16), (byte)(id >> 8), (byte)id]);
    }

    /// <summary>The memberships we announce (see <see cref="BgpSpeakerConfig.RouteTargetMemberships"/>).</summary>
    public IReadOnlyList<RouteTargetMembership> LocalMemberships => _local;

    /// <summary>Memberships or export filters changed since they were last synchronised.</summary>
    public bool HasPendingChanges => _membershipsDirty || _filtersDirty;

    public void AddPeer(RouteTargetPeer peer) => _peers.Add(peer);

    /// <summary>Forget a peer; <see cref="Reset"/> it first so that what it announced is withdrawn from the others.</summary>
    public void RemovePeer(RouteTargetPeer peer) => _peers.Remove(peer);

    /// <summary>
    /// The import route targets changed. Without explicit memberships ours follow them, and every peer gets the
    /// difference on the next <see cref="SyncMemberships"/> (RFC 4684 §4).
    /// </summary>
    public void SetImportFilter(RouteTargetSet? importFilter)
    {
        var memberships = LocalMembershipsOf(_config, importFilter);
        if (memberships.AsSpan().SequenceEqual(_local)) return;
        _local = memberships;
        _membershipsDirty = true;
    }

    private static RouteTargetMembership[] LocalMembershipsOf(BgpSpeakerConfig config, RouteTargetSet? importFilter)
    {
        if (!config.RouteTargetConstraint) return [];
        var targets = config.RouteTargetMemberships ?? importFilter?.ToArray();
        if (targets is null) return [RouteTargetMembership.Default]; // RFC 4684 §4: "send me everything"
        var list = new List<RouteTargetMembership>(targets.Length);
        foreach (var rt in targets)
        {
            var m = RouteTargetMembership.For(config.LocalAs, rt);
            if (!list.Contains(m)) list.Add(m);
        }
        return [.. list];
    }

    /// <summary>Whether a session that negotiated <paramref name="families"/> runs RTC: both sides offered it and we enable it.</summary>
    public bool Negotiated(BgpFamily[] families) =>
        _config.RouteTargetConstraint && Array.IndexOf(families, BgpFamily.RouteTargetConstraint) >= 0;

    /// <summary>
    /// The session came up with RTC (RFC 4684 §6): our memberships go first, then our RTC End-of-RIB; EVPN routes
    /// wait for the peer's RTC End-of-RIB (or the <see cref="BgpSpeakerConfig.RouteTargetEndOfRibWait"/> deadline)
    /// so that its table is filtered from the start instead of sent whole and then withdrawn.
    /// </summary>
    public void Start(RouteTargetPeer peer, TimeSpan now, List<UpdateMessage> output)
    {
        peer.Active = true;
        peer.AwaitingEndOfRib = true;
        peer.EndOfRibDeadline = now + _config.RouteTargetEndOfRibWait;
        SyncMemberships(peer, output);
        output.Add(UpdateMessage.EndOfRib(BgpConstants.AfiIpv4, BgpConstants.SafiRouteTargetConstraint));
    }

    /// <summary>The peer's memberships are complete (its RTC End-of-RIB, or the wait ran out): stop waiting.</summary>
    public void EndWait(RouteTargetPeer peer)
    {
        peer.AwaitingEndOfRib = false;
        peer.EndOfRibDeadline = null;
    }

    /// <summary>Build the peer's first export filter from what it announced so far.</summary>
    public RouteTargetFilter? BuildExportFilter(RouteTargetPeer peer)
    {
        peer.ExportFilter = RouteTargetFilter.From(peer.Received.Keys);
        peer.Changed = false;
        return peer.ExportFilter;
    }

    /// <summary>Forget the RTC state of a session that ended or is starting over.</summary>
    public void Reset(RouteTargetPeer peer)
    {
        if (peer.Received.Count != 0) _membershipsDirty = true;
        peer.Received.Clear();
        peer.Sent.Clear();
        peer.Changed = false;
        peer.ExportFilter = null;
        peer.AwaitingEndOfRib = false;
        peer.EndOfRibDeadline = null;
        peer.Active = false;
    }

    /// <summary>The RTC part of an UPDATE from an RTC peer: memberships withdrawn and announced.</summary>
    public void HandleUpdate(RouteTargetPeer peer, BgpUpdateReceived received)
    {
        var update = received.Update;
        bool changed = false;
        if (update.MpUnreach is { } unreach && MultiprotocolNlriCodec.IsRouteTargetConstraint(unreach.Afi, unreach.Safi))
            foreach (var m in unreach.RouteTargetMemberships) changed |= peer.Received.Remove(m);
        if (update.MpReach is { } reach && MultiprotocolNlriCodec.IsRouteTargetConstraint(reach.Afi, reach.Safi))
        {
            var attributes = _interner.Intern(update.Attributes);
            // RFC 7606 §2 treat-as-withdraw, and the RFC 4456 §8 / AS loop checks, apply to this family too.
            bool drop = received.TreatAsWithdraw || _policy.IsLooped(attributes, _config.RouterId, peer.Source.IsExternal);
            foreach (var m in reach.RouteTargetMemberships)
            {
                if (drop) changed |= peer.Received.Remove(m);
                else
                {
                    peer.Received[m] = (attributes, reach.NextHop);
                    changed = true;
                }
            }
        }
        if (!changed) return;
        peer.Changed = true;
        _filtersDirty = true;
        _membershipsDirty = true;
    }

    /// <summary>True once after any peer's memberships (or ours) changed: every RTC peer is then due a <see cref="SyncMemberships"/>.</summary>
    public bool TakeMembershipChanges()
    {
        bool dirty = _membershipsDirty;
        _membershipsDirty = false;
        return dirty;
    }

    /// <summary>
    /// Bring the memberships we announced to <paramref name="peer"/> up to date: ours, and — unless ours is the
    /// default, which covers every other — those learned from other peers that <see cref="ExportPolicy"/> lets
    /// us pass on (a reflector reflects its clients' memberships like any route, RFC 4684 §3.2 with RFC 4456 §6).
    /// Among several peers announcing the same membership the first in peer order is passed on. Withdrawals
    /// come first, then announcements grouped by (attributes, next hop) in first-seen order.
    /// </summary>
    public void SyncMemberships(RouteTargetPeer peer, List<UpdateMessage> output)
    {
        var role = peer.Role;
        var desired = new Dictionary<RouteTargetMembership, (PathAttributes Attributes, IPAddress NextHop)>();
        foreach (var m in _local)
            desired[m] = (_policy.Transform(_localAttributes, _localSource, role), _localNextHop);
        bool localDefault = _local.Length == 1 && _local[0].IsDefault;
        if (!localDefault)
        {
            foreach (var other in _peers)
            {
                if (ReferenceEquals(other, peer) || other.Received.Count == 0) continue;
                foreach (var (m, (attributes, nextHop)) in other.Received)
                {
                    if (desired.ContainsKey(m) || !_policy.ShouldAdvertise(attributes, other.Source, role)) continue;
                    desired[m] = (_policy.Transform(attributes, other.Source, role), nextHop);
                }
            }
        }
        var withdrawn = new List<RouteTargetMembership>();
        foreach (var m in peer.Sent.Keys) if (!desired.ContainsKey(m)) withdrawn.Add(m);
        foreach (var m in withdrawn) peer.Sent.Remove(m);
        for (int i = 0; i < withdrawn.Count; i += MembershipsPerUpdate)
            output.Add(new UpdateMessage { MpUnreach = new MpUnreachNlri(BgpConstants.AfiIpv4, BgpConstants.SafiRouteTargetConstraint, [])
                { RouteTargetMemberships = withdrawn.GetRange(i, Math.Min(MembershipsPerUpdate, withdrawn.Count - i)).ToArray() } });
        var batches = new List<(PathAttributes Attributes, IPAddress NextHop, List<RouteTargetMembership> Members)>();
        foreach (var (m, (attributes, nextHop)) in desired)
        {
            if (peer.Sent.TryGetValue(m, out var sent) && sent.Equals(attributes)) continue;
            peer.Sent[m] = attributes;
            int b = batches.FindIndex(x => x.Attributes.Equals(attributes) && x.NextHop.Equals(nextHop));
            if (b < 0) { b = batches.Count; batches.Add((attributes, nextHop, [])); }
            batches[b].Members.Add(m);
        }
        foreach (var (attributes, nextHop, members) in batches)
            for (int i = 0; i < members.Count; i += MembershipsPerUpdate)
                output.Add(new UpdateMessage
                {
                    Attributes = attributes,
                    MpReach = new MpReachNlri(BgpConstants.AfiIpv4, BgpConstants.SafiRouteTargetConstraint, nextHop, [])
                        { RouteTargetMemberships = members.GetRange(i, Math.Min(MembershipsPerUpdate, members.Count - i)).ToArray() },
                });
    }

    /// <summary>
    /// The peer asked for our memberships again (RFC 2918 §4, subtype 0 only): every one is re-announced, then
    /// End-of-RIB. False when the peer does not run RTC or asked for an enhanced-refresh marker.
    /// </summary>
    public bool Refresh(RouteTargetPeer peer, byte subtype, List<UpdateMessage> output)
    {
        if (!peer.Active || subtype != 0) return false;
        peer.Sent.Clear();
        SyncMemberships(peer, output);
        output.Add(UpdateMessage.EndOfRib(BgpConstants.AfiIpv4, BgpConstants.SafiRouteTargetConstraint));
        return true;
    }

    /// <summary>True once after any peer's received memberships changed: its export filter may be due a change.</summary>
    public bool TakeFilterChanges()
    {
        bool dirty = _filtersDirty;
        _filtersDirty = false;
        return dirty;
    }

    /// <summary>
    /// When the peer's memberships changed since its export filter was built and the new filter differs, installs
    /// the new one and returns true with the <paramref name="old"/> one; the caller then sends the difference
    /// (<see cref="ExportChange"/>). Only for peers that already export (not waiting for their End-of-RIB).
    /// </summary>
    public bool TryTakeFilterChange(RouteTargetPeer peer, out RouteTargetFilter? old)
    {
        old = peer.ExportFilter;
        if (!peer.Changed) return false;
        peer.Changed = false;
        var filter = RouteTargetFilter.From(peer.Received.Keys);
        if (Equals(filter, old)) return false;
        peer.ExportFilter = filter;
        return true;
    }

    /// <summary>May a route with these attributes go to a peer whose export follows <paramref name="filter"/> (RFC 4684 §4)?</summary>
    public static bool Admits(RouteTargetFilter? filter, PathAttributes attributes) => filter is null || filter.Matches(attributes);

    /// <summary>What a peer that was sent routes under <paramref name="old"/> must now be told about a route (RFC 4684 §4).</summary>
    public static RouteTargetExportChange ExportChange(RouteTargetFilter? old, RouteTargetFilter? current, PathAttributes attributes)
    {
        bool was = Admits(old, attributes);
        bool now = Admits(current, attributes);
        return now == was ? RouteTargetExportChange.None : now ? RouteTargetExportChange.Announce : RouteTargetExportChange.Withdraw;
    }
}
