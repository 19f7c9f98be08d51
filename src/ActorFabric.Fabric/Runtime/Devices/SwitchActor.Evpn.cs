using System.Net;
using System.Runtime.InteropServices;
using Akka.Actor;
using ActorFabric.Protocols.Bgp.Rib;
using ActorFabric.Protocols.Evpn;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Fabric.Runtime.Devices;

// The MAC-VRFs of a leaf: local effects become BGP originations; best-path changes become imports; progress
// towards convergence is reported to the board as deltas.
internal sealed partial class SwitchActor
{
    // Imported routes over all MAC-VRFs, for the board (the MAC-VRFs hold the routes themselves).
    private long _importedRoutes;
    // Sticky-MAC conflicts raised per (VNI, MAC) since the device was created (RFC 7432 §15.2 alert): `show evpn mac` flags them.
    private readonly Dictionary<(uint Vni, ulong Mac), int> _stickyConflicts = [];
    private bool[] _floodComplete = [];
    private bool _floodDirty;

    private void DrainVrf(MacVrf vrf, TimeSpan now)
    {
        while (vrf.TryPollEffect(out var effect))
        {
            switch (effect)
            {
                case Originate o:
                {
                    var (route, attributes) = ApplyLocalBinding(o.Route, o.Attributes);
                    _bgp?.Originate(route, attributes, o.NextHop ?? vrf.LocalVtep, now);
                    if (_setup.ReportMobility && o.Route is MacIpAdvertisementRoute { Ip: null } m) ReportSequence(m, o.Attributes);
                    break;
                }
                case Withdraw w:
                    ForgetLocalBinding(w.Route);
                    _bgp?.WithdrawOriginated(w.Route, now);
                    break;
                case DuplicateMacDetected d:
                    if (_setup.ReportMobility) Context.Parent.Tell(new MacMobilityFact(d.Vni, d.Mac.Value, Sequence(d.Vni, d.Mac), true));
                    break;
                case DuplicateMacCleared c:
                    if (_setup.ReportMobility) Context.Parent.Tell(new MacMobilityFact(c.Vni, c.Mac.Value, Sequence(c.Vni, c.Mac), false));
                    break;
                case SendMembershipQuery q:
                    _dataPlane?.SendMembershipQuery(q.Vlan, q.Query, this);
                    break;
                case ReplicatorChanged r:
                    OnReplicatorChanged(r);
                    break;
                case StickyMacConflict s:
                    CollectionsMarshal.GetValueRefOrAddDefault(_stickyConflicts, (s.Vni, s.Mac.Value), out _)++;
                    _setup.Gauges.StickyMacConflicts++;
                    break;
            }
        }
    }

    /// <summary>The MACs the topology configures static on this leaf's access ports (RFC 7432 §15.2), on the MAC-VRF of the port's VLAN.</summary>
    private void ConfigureStaticMacs(TimeSpan now)
    {
        foreach (var (port, mac) in _staticMacs)
            if (_accessPorts.TryGetValue(port, out var vlan))
                foreach (var vrf in _vrfs)
                    if (vrf.AddStaticMac(vlan, new Wire.Packets.MacAddress(mac), new Protocols.Bridging.PortId(port), now)) break;
    }

    // The sequence last reported per (VNI, MAC): the journal hears only changes.
    private Dictionary<(uint, ulong), uint>? _reportedSequences;

    /// <summary>A local MAC's advertisement went out: tell the journal its mobility sequence if it changed (VNI = label 1, RFC 8365 §5.1.3).</summary>
    private void ReportSequence(MacIpAdvertisementRoute route, Wire.Bgp.PathAttributes attributes)
    {
        var (sequence, _) = MacMobility.Read(attributes);
        var key = (route.Label1, route.Mac.Value);
        _reportedSequences ??= [];
        if (_reportedSequences.TryGetValue(key, out var last) ? last == sequence : sequence == 0) return;
        _reportedSequences[key] = sequence;
        Context.Parent.Tell(new MacMobilityFact(route.Label1, route.Mac.Value, sequence, false));
    }

    private uint Sequence(uint vni, Wire.Packets.MacAddress mac) =>
        _reportedSequences is { } r && r.TryGetValue((vni, mac.Value), out var s) ? s : 0;

    private void ApplyBestPath(LocRibChange change, TimeSpan now)
    {
        if (ApplySegmentRoute(change, now))
        {
            RefreshMultihomingPeers();
            return;
        }
        if (ApplySynchRoute(change, now)) return;
        ApplyRoutedBestPath(change);
        var route = change.Key;
        // Only the MAC-VRFs importing one of the route's targets can take it (a leaf has one MAC-VRF per VNI when
        // VLAN-based, so asking all of them would cost ~20 lookups per route). Those of the old best path get
        // the withdrawal when the new one no longer qualifies.
        _candidates.Clear();
        if (change.NewBest is { } best) AddCandidates(best.Attributes);
        int forNew = _candidates.Count;
        if (change.NewBest is { } bound) forNew = BindOismRoute(route, bound.Attributes, forNew);
        if (change.OldBest is { } old) AddCandidates(old.Attributes);
        long delta = 0;
        for (int i = 0; i < _candidates.Count; i++)
        {
            var vrf = _candidates[i];
            int before = vrf.RemoteRouteCount;
            if (i < forNew) vrf.ApplyRemote(route, change.NewBest!.Attributes, change.NewBest.NextHop, now);
            else vrf.WithdrawRemote(route, now, change.OldBest?.NextHop);
            delta += vrf.RemoteRouteCount - before;
        }
        if (delta != 0)
        {
            _importedRoutes += delta;
            _board.RoutesDelta(delta);
            if (route is InclusiveMulticastRoute) _setup.Gauges.Type3Routes += delta; else if (route is MacIpAdvertisementRoute) _setup.Gauges.Type2Routes += delta;
        }
        if (route is InclusiveMulticastRoute) _floodDirty = true;
    }

    private readonly List<MacVrf> _candidates = [];

    private readonly Dictionary<ulong, List<MacVrf>> _vrfsByImportTarget = [];

    private void IndexImportTargets()
    {
        _vrfsByImportTarget.Clear();
        foreach (var vrf in _vrfs)
            foreach (var rt in vrf.Options.ImportRouteTargets)
            {
                if (!_vrfsByImportTarget.TryGetValue(rt.Value, out var list)) _vrfsByImportTarget[rt.Value] = list = [];
                if (!list.Contains(vrf)) list.Add(vrf);
            }
    }

    private void AddCandidates(Wire.Bgp.PathAttributes attributes)
    {
        foreach (var ec in attributes.ExtendedCommunities)
        {
            if (!ec.IsRouteTarget || !_vrfsByImportTarget.TryGetValue(ec.Value, out var vrfs)) continue;
            foreach (var vrf in vrfs)
                if (!_candidates.Contains(vrf)) _candidates.Add(vrf);
        }
    }

    private int CountDomains()
    {
        int n = 0;
        foreach (var vrf in _vrfs) n += vrf.BridgeDomains.Count;
        return n;
    }

    /// <summary>A flood list is complete when it holds every other leaf that carries the VNI.</summary>
    private void UpdateFloodLists()
    {
        _floodDirty = false;
        int i = 0;
        foreach (var vrf in _vrfs)
        {
            foreach (var bd in vrf.BridgeDomains)
            {
                int expected = _board.ExpectedFloodListSize(bd.Vni);
                bool complete = expected > 0 && bd.FloodList.IngressReplicationCount == expected;
                if (complete != _floodComplete[i])
                {
                    _floodComplete[i] = complete;
                    _board.FloodListsDelta(complete ? +1 : -1);
                }
                i++;
            }
        }
    }
}
