using System.Net;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Protocols.Routing;

// The gateway-IP overlay index on reception (RFC 9136 §3.2, §4.4.2): a type 5 whose GW IP is set is usable only once
// that address resolves recursively to a type 2 MAC+IP route (the advertising VTEP's IRB on a domain this VRF has an
// IRB in: its MAC is the inner DMAC, its Label1 the VNI). Until then the prefix is not installed; when the resolving
// MAC+IP route goes, so does every prefix that depends on it, and it comes back with it.
public sealed partial class IpVrf
{
    // GW IP (as a host prefix) → every gateway-IP type-5 path received through it, installed or waiting.
    private readonly Dictionary<IpPrefix, List<(IpPrefix Prefix, VrfPath Path)>> _overlayDependents = [];
    private bool _resolvingOverlay;

    /// <summary>Type-5 routes received with a GW IP overlay index that does not resolve yet (not installed).</summary>
    public int UnresolvedOverlayPrefixes
    {
        get
        {
            int n = 0;
            foreach (var (gateway, dependents) in _overlayDependents)
                if (!ResolvesOverlay(gateway)) n += dependents.Count;
            return n;
        }
    }

    /// <summary>Records a gateway-IP path and installs it when its GW IP resolves; true when installed.</summary>
    private bool ApplyOverlayPath(IpPrefix prefix, VrfPath path)
    {
        var gateway = path.Gateway!.Value;
        if (!_overlayDependents.TryGetValue(gateway, out var list)) _overlayDependents[gateway] = list = [];
        list.Add((prefix, path));
        return PlaceOverlayPath(prefix, path, ResolvesOverlay(gateway));
    }

    /// <summary>Forgets the gateway-IP path of <paramref name="route"/> from <paramref name="nextHop"/> (withdrawn or replaced).</summary>
    private void ForgetOverlayPath(EvpnRoute route, IPAddress nextHop)
    {
        foreach (var (gateway, list) in _overlayDependents)
        {
            int i = list.FindIndex(d => SameRemote(d.Path, route, nextHop));
            if (i < 0) continue;
            list.RemoveAt(i);
            if (list.Count == 0) _overlayDependents.Remove(gateway);
            return;
        }
    }

    /// <summary>Installs (resolved) or removes (unresolved) one gateway-IP path; true when it is installed now.</summary>
    private bool PlaceOverlayPath(IpPrefix prefix, VrfPath path, bool resolved)
    {
        var route = path.Route!;
        var vtep = path.Vtep!;
        bool present = _table.TryGet(prefix, out var existing) && existing.IndexOfRemote(route, vtep) >= 0;
        if (resolved) Change(prefix, r => r.Set(r.IndexOfRemote(route, vtep), path));
        else if (present) Change(prefix, r => r.RemoveAt(r.IndexOfRemote(route, vtep)));
        return resolved;
    }

    /// <summary>RFC 9136 §3.2: the GW IP resolves to a remote MAC+IP route in one of this VRF's IRB domains.</summary>
    private bool ResolvesOverlay(IpPrefix gateway) =>
        _table.TryGet(gateway, out var host) && host.BestSource == VrfRouteSource.RemoteHost && _irbByVni.ContainsKey(host.BestPaths[0].Vni);

    /// <summary>A host route changed: the gateway-IP prefixes that resolve through it follow it in or out.</summary>
    private void OverlayHostChanged(IpPrefix host)
    {
        if (_resolvingOverlay || !_overlayDependents.TryGetValue(host, out var list)) return;
        _resolvingOverlay = true;
        try
        {
            bool resolved = ResolvesOverlay(host);
            foreach (var (prefix, path) in list.ToArray()) PlaceOverlayPath(prefix, path, resolved);
        }
        finally
        {
            _resolvingOverlay = false;
        }
    }
}
