using ActorFabric.Protocols.Routing;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Fabric.Runtime.Devices;

// The routing query: what `show route table VRF.inet.0`, `show evpn ip-prefix-database` and `show evpn l3-context`
// print, read from the IP-VRFs (allocations are fine here).
internal sealed partial class SwitchActor
{
    private DeviceRoutingState RoutingStateNow()
    {
        var vrfs = new List<IpVrfState>(_ipVrfs.Count);
        foreach (var vrf in _ipVrfs)
        {
            var routes = new List<IpVrfRouteEntry>();
            var imported = new List<EvpnImportedPrefix>();
            foreach (var route in vrf.Routes.Snapshot())
            {
                AddEntries(route, routes);
                var best = route.BestPaths.ToArray();
                foreach (var path in route.Paths)
                    if (path is { Source: VrfRouteSource.RemotePrefix, Route: IpPrefixRoute r, Vtep: { } vtep })
                        imported.Add(new EvpnImportedPrefix(route.Prefix.ToString(), r.EthernetTag, r.Distinguisher.ToString(), vtep.ToString(),
                            NodeName(FabricAddressing.ToUInt(vtep)), r.Label, path.RouterMac.IsZero ? null : path.RouterMac.ToString(), r.Esi.ToString(),
                            IsZeroAddress(r.Gateway) ? null : r.Gateway.ToString(), Array.IndexOf(best, path) >= 0));
            }
            var exported = new List<EvpnExportedPrefix>();
            foreach (var r in vrf.OriginatedPrefixes)
                exported.Add(new EvpnExportedPrefix($"{r.Prefix}/{r.PrefixLength}", "Created", r.Distinguisher.ToString(), r.Label, r.Gateway.ToString()));
            exported.Sort((a, b) => string.CompareOrdinal(a.Prefix, b.Prefix));
            vrfs.Add(new IpVrfState(L3Context(vrf), routes, exported, imported));
        }
        return new DeviceRoutingState(_node.Name, vrfs, RoutingCountersNow());
    }

    private static EvpnL3Context L3Context(IpVrf vrf)
    {
        var o = vrf.Options;
        var interfaces = new List<string>(o.Irbs.Count);
        foreach (var irb in o.Irbs) interfaces.Add("irb." + irb.Vlan);
        return new EvpnL3Context(o.Name, "Configured", o.PrefixModel == PrefixAdvertisementModel.InterfaceLess ? "Direct" : "Gateway", "VXLAN", o.L3Vni,
            o.RouterMac.ToString(), o.RouteDistinguisher.ToString(), [.. o.ImportRouteTargets.Select(Wire.Bgp.ExtendedCommunityText.JunosFormat)], [.. o.ExportRouteTargets.Select(Wire.Bgp.ExtendedCommunityText.JunosFormat)], o.Mode == IrbMode.Symmetric ? "symmetric" : "asymmetric", o.AdvertiseHostRoutes,
            interfaces, RouteCounts(vrf));
    }

    /// <summary>Routes by the source of their active path, every source present (0 when none), in the enum's order.</summary>
    private static Dictionary<string, int> RouteCounts(IpVrf vrf)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in Enum.GetValues<VrfRouteSource>()) counts[SourceName(s)] = 0;
        foreach (var route in vrf.Routes.All)
            if (route.BestPaths.Length > 0) counts[SourceName(route.BestSource)]++;
        return counts;
    }

    /// <summary>One entry per source of the prefix: the best source's entry first (active, its ECMP set as next hops).</summary>
    private void AddEntries(VrfRoute route, List<IpVrfRouteEntry> into)
    {
        var best = route.BestPaths.ToArray();
        if (best.Length > 0) into.Add(Entry(route, route.BestSource, true, best));
        foreach (var source in Enum.GetValues<VrfRouteSource>())
        {
            var others = route.Paths.Where(p => p.Source == source && Array.IndexOf(best, p) < 0).ToArray();
            if (others.Length > 0) into.Add(Entry(route, source, false, others));
        }
    }

    private IpVrfRouteEntry Entry(VrfRoute route, VrfRouteSource source, bool active, VrfPath[] paths)
    {
        var (protocol, preference) = Protocol(source);
        var hops = new List<IpVrfNextHop>(paths.Length);
        foreach (var p in paths) hops.Add(NextHop(route.Prefix, p));
        return new IpVrfRouteEntry(route.Prefix.ToString(), protocol, preference, active, SourceName(source), hops);
    }

    private IpVrfNextHop NextHop(IpPrefix prefix, VrfPath p)
    {
        if (p.Vtep is { } vtep)
            return new IpVrfNextHop(null, p.HostMac.IsZero ? null : p.HostMac.ToString(), vtep.ToString(), NodeName(FabricAddressing.ToUInt(vtep)),
                p.L3Vni ?? p.Vni, p.RouterMac.IsZero ? null : p.RouterMac.ToString(), p.Gateway is { } gw ? gw.ToIPAddress().ToString() : null,
                p.Source == VrfRouteSource.RemoteHost ? p.Sequence : null);
        if (p.Source == VrfRouteSource.Static) return new IpVrfNextHop(null, null, null, null, null, null, ExternalNextHop(prefix), null);
        return new IpVrfNextHop("irb." + p.Vlan, p.HostMac.IsZero ? null : p.HostMac.ToString(), null, null, null, null, null, null);
    }

    /// <summary>The external router a border leaf's prefix leads to (the topology's next-hop).</summary>
    private string? ExternalNextHop(IpPrefix prefix)
    {
        foreach (var e in _node.ExternalPrefixes)
        {
            var p = e.Prefix;
            var candidate = p.IsIpv6 ? IpPrefix.Ipv6(Topology.AddressSyntax.ToIpv6(p.Address), p.Length) : IpPrefix.Ipv4(new Wire.Packets.Ipv4Address((uint)p.Address), p.Length);
            if (candidate.Network == prefix)
                return p.IsIpv6 ? Topology.AddressSyntax.ToIpv6(e.NextHop).ToIPAddress().ToString() : new Wire.Packets.Ipv4Address((uint)e.NextHop).ToIPAddress().ToString();
        }
        return null;
    }

    /// <summary>Junos names and preferences: Direct/Local 0, Static 5, EVPN host routes 7, EVPN type 5 170.</summary>
    private static (string Protocol, int Preference) Protocol(VrfRouteSource source) => source switch
    {
        VrfRouteSource.GatewayAddress => ("Local", 0),
        VrfRouteSource.Connected => ("Direct", 0),
        VrfRouteSource.Static => ("Static", 5),
        VrfRouteSource.LocalHost or VrfRouteSource.RemoteHost => ("EVPN", 7),
        _ => ("EVPN", 170),
    };

    /// <summary>The source in snake case: the <c>source</c> label of actorfabric_ipvrf_routes and the JSON value.</summary>
    internal static string SourceName(VrfRouteSource source) => source switch
    {
        VrfRouteSource.GatewayAddress => "gateway_address",
        VrfRouteSource.Connected => "connected",
        VrfRouteSource.LocalHost => "local_host",
        VrfRouteSource.Static => "static",
        VrfRouteSource.RemoteHost => "remote_host",
        _ => "remote_prefix",
    };

    private static bool IsZeroAddress(System.Net.IPAddress address) => address.Equals(System.Net.IPAddress.Any) || address.Equals(System.Net.IPAddress.IPv6Any);
}
