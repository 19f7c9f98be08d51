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
    private readonly HashSet<EvpnRoute> _imported = [];
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
                    _bgp?.Originate(o.Route, o.Attributes, vrf.LocalVtep);
                    TouchBgp(now);
                    break;
                case Withdraw w:
                    _bgp?.WithdrawOriginated(w.Route);
                    TouchBgp(now);
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
        bool imported = false;
        if (change.NewBest is { } best)
        {
            foreach (var vrf in _vrfs)
                if (vrf.ApplyRemote(route, best.Attributes, best.NextHop, now)) imported = true;
        }
        else
        {
            foreach (var vrf in _vrfs) vrf.WithdrawRemote(route, now);
        }
        long delta = 0;
        if (imported) { if (_imported.Add(route)) delta = +1; }
        else if (_imported.Remove(route)) delta = -1;
        if (delta != 0)
        {
            _board.RoutesDelta(delta);
            if (route is InclusiveMulticastRoute) _setup.Gauges.Type3Routes += delta; else _setup.Gauges.Type2Routes += delta;
        }
        if (route is InclusiveMulticastRoute) _floodDirty = true;
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
