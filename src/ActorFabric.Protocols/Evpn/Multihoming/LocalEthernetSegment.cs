using System.Net;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Timing;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Protocols.Evpn.Multihoming;

/// <summary>
/// One Ethernet segment this leaf is attached to, sans-I/O: it advertises the segment (type-4 ES route and
/// per-ES type-1 A-D route), learns the other PEs of the segment from their ES routes, and elects the DF per
/// Ethernet tag (RFC 7432 §8.5, RFC 8584 §2.1). The host feeds link state and the peers' ES routes with the
/// current time, drains <see cref="TryPollEffect"/> (<see cref="Originate"/>/<see cref="Withdraw"/> for BGP,
/// <see cref="DfChanged"/> for the data plane) and arms its timer from <see cref="PollTimeout"/>.
/// Per-EVI A-D routes belong to the MAC-VRFs, not here.
/// </summary>
public sealed class LocalEthernetSegment
{
    private enum Timer { PeeringWait }

    private readonly LocalEthernetSegmentOptions _options;
    private readonly Queue<MacVrfEffect> _effects = new();
    private readonly TimerTable<Timer> _timers = new();
    /// <summary>Peers by originator: the DF Election EC of their ES route (null: none or several) and their candidate.</summary>
    private readonly SortedDictionary<IPAddress, (ExtendedCommunity? Ec, DfCandidate Candidate)> _peers = new(VtepAddressOrder.Instance);
    private readonly SortedDictionary<uint, DfOutcome> _outcomes = [];
    private readonly ExtendedCommunity _localDfEc;
    private uint[] _tags;

    public LocalEthernetSegment(LocalEthernetSegmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _tags = [.. options.EthernetTags.Distinct().Order()];
        _localDfEc = DfElectionCommunity.ForLocal(options.Algorithm, options.Preference, options.DontPreempt);
        var esImport = options.EsImportRouteTarget ?? EsImportRouteTarget.For(options.Esi)!.Value;
        EsRoute = new EthernetSegmentRoute(options.EsRouteDistinguisher, options.Esi, options.LocalOriginator);
        // RFC 7432 §8.1.1: the ES route carries the ES-Import RT and not the EVIs' RTs; RFC 8584 §2.2: it
        // SHOULD carry a DF Election EC; RFC 8365 §5.1.3: every EVPN route carries the encapsulation EC.
        EsRouteAttributes = new PathAttributes { ExtendedCommunities = [esImport, _localDfEc, ExtendedCommunity.VxlanEncapsulation] };
        // RFC 7432 §8.2.1: tag MAX-ET, label 0 (VXLAN has no ESI label: local bias, RFC 8365 §8.3.1), the ESI
        // Label EC with the single-active flag, and the RTs of every EVI on the segment.
        PerEsRoute = new EthernetAutoDiscoveryRoute(options.EsRouteDistinguisher, options.Esi, EthernetAutoDiscoveryRoute.MaxEthernetTag, 0);
        PerEsRouteAttributes = new PathAttributes
        {
            ExtendedCommunities =
            [
                .. options.PerEsRouteTargets,
                ExtendedCommunity.EsiLabel(options.Mode == EthernetSegmentMode.SingleActive, 0),
                ExtendedCommunity.VxlanEncapsulation,
            ],
        };
    }

    public EthernetSegmentId Esi => _options.Esi;
    public EthernetSegmentMode Mode => _options.Mode;
    public LocalEthernetSegmentOptions Options => _options;
    public DfElectionState State { get; private set; } = DfElectionState.Init;
    public bool IsLinkUp => State != DfElectionState.Init;

    /// <summary>The algorithm and capabilities in force after the last election (modulo before any).</summary>
    public DfAgreement Agreement { get; private set; } = DfAgreement.Default;

    /// <summary>The Ethernet tags the DF is elected for, ascending.</summary>
    public IReadOnlyList<uint> EthernetTags => _tags;

    /// <summary>The other PEs of the segment (originators of its ES routes), ascending: local bias filters on them (RFC 8365 §8.3.1).</summary>
    public IReadOnlyCollection<IPAddress> Peers => _peers.Keys;

    /// <summary>True when <paramref name="vtep"/> is another PE of this segment.</summary>
    public bool IsPeer(IPAddress vtep) => _peers.ContainsKey(vtep);

    public EthernetSegmentRoute EsRoute { get; }
    public PathAttributes EsRouteAttributes { get; }
    public EthernetAutoDiscoveryRoute PerEsRoute { get; }
    public PathAttributes PerEsRouteAttributes { get; }

    /// <summary>True once elected DF for <paramref name="ethernetTag"/> while the link is up.</summary>
    public bool IsDesignatedForwarder(uint ethernetTag) =>
        _outcomes.TryGetValue(ethernetTag, out var o) && _options.LocalOriginator.Equals(o.Df);

    /// <summary>The last election's result for a tag (DF and backup DF, any PE), or none before it ran.</summary>
    public DfOutcome Outcome(uint ethernetTag) => _outcomes.GetValueOrDefault(ethernetTag, DfOutcome.None);

    public TimeSpan? PollTimeout() => _timers.Next();

    public bool TryPollEffect(out MacVrfEffect effect) => _effects.TryDequeue(out effect!);

    /// <summary>The segment's link came up: advertise it and wait for the peers before electing (RFC 7432 §8.5 steps 1–2).</summary>
    public void LinkUp(TimeSpan now)
    {
        if (IsLinkUp) return;
        _effects.Enqueue(new Originate(EsRoute, EsRouteAttributes));
        _effects.Enqueue(new Originate(PerEsRoute, PerEsRouteAttributes));
        State = DfElectionState.DfWait;
        _timers.Set(Timer.PeeringWait, now + _options.PeeringTimer);
    }

    /// <summary>
    /// The segment's link went down: withdraw the ES and per-ES routes (the per-ES withdrawal is what lets
    /// remote PEs mass-withdraw, RFC 7432 §8.2) and give up every DF role. Known peers are kept for the next up.
    /// </summary>
    public void LinkDown(TimeSpan now)
    {
        if (!IsLinkUp) return;
        _timers.Stop(Timer.PeeringWait);
        _effects.Enqueue(new Withdraw(PerEsRoute));
        _effects.Enqueue(new Withdraw(EsRoute));
        foreach (var tag in _tags)
            if (IsDesignatedForwarder(tag)) _effects.Enqueue(new DfChanged(Esi, tag, false));
        _outcomes.Clear();
        State = DfElectionState.Init;
    }

    /// <summary>
    /// Another PE's ES route was installed or replaced. Routes for other segments and our own (reflected back)
    /// are ignored; returns whether the peer set or a peer's DF parameters changed.
    /// </summary>
    public bool ApplyPeerEsRoute(EthernetSegmentRoute route, PathAttributes attributes, TimeSpan now)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(attributes);
        if (route.Esi != Esi || route.OriginatorIp.Equals(_options.LocalOriginator)) return false;
        var ec = DfElectionCommunity.Single(attributes);
        var candidate = ec is { } c
            ? new DfCandidate(route.OriginatorIp, DfElectionCommunity.Preference(c), (DfElectionCommunity.Capabilities(c) & DfCapabilities.DontPreempt) != 0)
            : new DfCandidate(route.OriginatorIp);
        if (_peers.TryGetValue(route.OriginatorIp, out var known) && known.Ec == ec && known.Candidate == candidate) return false;
        _peers[route.OriginatorIp] = (ec, candidate);
        ElectAgainIfDone();
        return true;
    }

    /// <summary>Another PE's ES route went away (its link or the PE failed): it leaves the election at once.</summary>
    public bool WithdrawPeerEsRoute(EthernetSegmentRoute route, TimeSpan now)
    {
        ArgumentNullException.ThrowIfNull(route);
        if (route.Esi != Esi || !_peers.Remove(route.OriginatorIp)) return false;
        ElectAgainIfDone();
        return true;
    }

    /// <summary>The VLANs/VNIs on the segment changed (RFC 8584 §2.1 VLAN_CHANGE): elect for the new set.</summary>
    public void SetEthernetTags(IEnumerable<uint> ethernetTags, TimeSpan now)
    {
        ArgumentNullException.ThrowIfNull(ethernetTags);
        uint[] tags = [.. ethernetTags.Distinct().Order()];
        if (tags.AsSpan().SequenceEqual(_tags)) return;
        foreach (var removed in _tags.Except(tags))
        {
            if (IsDesignatedForwarder(removed)) _effects.Enqueue(new DfChanged(Esi, removed, false));
            _outcomes.Remove(removed);
        }
        _tags = tags;
        ElectAgainIfDone();
    }

    /// <summary>At the peering timer's expiry, elect for every tag (RFC 7432 §8.5 step 3).</summary>
    public void HandleTimeout(TimeSpan now)
    {
        if (_timers.TryExpire(Timer.PeeringWait, now)) Elect();
    }

    /// <summary>RFC 8584 §2.1: RCVD_ES, LOST_ES and VLAN_CHANGE in DF_DONE go to DF_CALC with no new wait.</summary>
    private void ElectAgainIfDone()
    {
        if (State == DfElectionState.DfDone) Elect();
    }

    private void Elect()
    {
        State = DfElectionState.DfCalc;
        var ecs = new List<ExtendedCommunity?>(_peers.Count + 1) { _localDfEc };
        var candidates = new List<DfCandidate>(_peers.Count + 1)
        {
            new(_options.LocalOriginator, _options.Preference, _options.DontPreempt && DfElectionCommunity.IsPreference(_options.Algorithm)),
        };
        foreach (var (ec, candidate) in _peers.Values)
        {
            ecs.Add(ec);
            candidates.Add(candidate);
        }
        Agreement = DfElectionNegotiation.Agree(ecs);
        foreach (var tag in _tags)
        {
            var wasDf = IsDesignatedForwarder(tag);
            _outcomes[tag] = DesignatedForwarderElection.Elect(Agreement.Algorithm, Esi, tag, candidates);
            var isDf = IsDesignatedForwarder(tag);
            if (isDf != wasDf) _effects.Enqueue(new DfChanged(Esi, tag, isDf));
        }
        State = DfElectionState.DfDone;
    }
}
