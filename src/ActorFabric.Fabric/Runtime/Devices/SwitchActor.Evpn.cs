using System.Net;
using ActorFabric.Protocols.Bgp.Rib;
using ActorFabric.Protocols.Evpn;
using ActorFabric.Wire.Bgp.Evpn;
using EvpnMacVrf = ActorFabric.Protocols.Evpn.MacVrf;

namespace ActorFabric.Fabric.Runtime.Devices;

// The MAC-VRFs of a leaf: local effects become BGP originations; best-path changes become imports; progress
// towards convergence is reported to the board as deltas.
internal sealed partial class SwitchActor
{
    // Imported routes over all MAC-VRFs, for the board (the MAC-VRFs hold the routes themselves).
    private long _importedRoutes;
    private readonly List<DuplicateMacDetected> _duplicates = [];
    private bool[] _floodComplete = [];
    private bool _floodDirty;

    private void DrainVrf(EvpnMacVrf vrf, TimeSpan now)
    {
        while (vrf.TryPollEffect(out var effect))
        {
            switch (effect)
            {
                case Originate o:
                    _bgp?.Originate(o.Route, o.Attributes, vrf.LocalVtep, now);
                    break;
                case Withdraw w:
                    _bgp?.WithdrawOriginated(w.Route, now);
                    break;
                case DuplicateMacDetected d:
                    _duplicates.Add(d);
                    break;
            }
        }
    }

    private void ApplyBestPath(LocRibChange change, TimeSpan now)
    {
        var route = change.Key;
        // Only the MAC-VRFs importing one of the route's targets can take it (a leaf has one MAC-VRF per VNI when
        // VLAN-based, so asking all of them would cost ~20 lookups per route). Those of the old best path get
        // the withdrawal when the new one no longer qualifies.
        _candidates.Clear();
        if (change.NewBest is { } best) AddCandidates(best.Attributes);
        int forNew = _candidates.Count;
        if (change.OldBest is { } old) AddCandidates(old.Attributes);
        long delta = 0;
        for (int i = 0; i < _candidates.Count; i++)
        {
            var vrf = _candidates[i];
            int before = vrf.RemoteRouteCount;
            if (i < forNew) vrf.ApplyRemote(route, change.NewBest!.Attributes, change.NewBest.NextHop, now);
            else vrf.WithdrawRemote(route, now);
            delta += vrf.RemoteRouteCount - before;
        }
        if (delta != 0)
        {
            _importedRoutes += delta;
            _board.RoutesDelta(delta);
            if (route is InclusiveMulticastRoute) _setup.Gauges.Type3Routes += delta; else _setup.Gauges.Type2Routes += delta;
        }
        if (route is InclusiveMulticastRoute) _floodDirty = true;
    }

    private readonly List<EvpnMacVrf> _candidates = [];

    private readonly Dictionary<ulong, List<EvpnMacVrf>> _vrfsByImportTarget = [];

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
                bool complete = expected > 0 && bd.FloodList.Count == expected;
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
