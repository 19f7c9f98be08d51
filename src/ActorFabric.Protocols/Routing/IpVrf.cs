using System.Net;
using ActorFabric.Protocols.Bgp.Rib;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Routing;

/// <summary>
/// One tenant IP-VRF on a VXLAN VTEP, sans-I/O: its route table (IRB subnets, local and remote host routes, type-5
/// prefixes, with ECMP across VTEPs), the type-5 routes it originates, the symmetric-IRB attributes of local MAC+IP
/// routes, and the forwarding decision for routed packets (RFC 9135 symmetric and asymmetric IRB, RFC 9136 type 5).
/// It has no timers; outputs are queued <see cref="IpVrfEffect"/>s. Not thread-safe: the hosting actor owns it.
/// </summary>
public sealed partial class IpVrf
{
    private readonly IpVrfOptions _options;
    private readonly RouteTargetSet _import;
    private readonly Dictionary<ushort, IrbInterfaceOptions> _irbByVlan = [];
    private readonly Dictionary<uint, IrbInterfaceOptions> _irbByVni = [];
    private readonly VrfRouteTable _table = new();
    private readonly Queue<IpVrfEffect> _effects = new();
    private readonly ExtendedCommunity[] _prefixCommunities;
    private readonly IrbRouteAttributes _irbAttributes;
    private readonly Dictionary<IpPrefix, IpPrefixRoute> _originated = [];
    private bool _started;

    public IpVrf(IpVrfOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.L3Vni is 0 or > 0xFF_FFFF) throw new ArgumentException("the L3 VNI is a non-zero 24-bit value", nameof(options));
        foreach (var irb in options.Irbs)
        {
            if (!_irbByVlan.TryAdd(irb.Vlan, irb)) throw new ArgumentException($"VLAN {irb.Vlan} has two IRB interfaces", nameof(options));
            if (irb.Vni == options.L3Vni || !_irbByVni.TryAdd(irb.Vni, irb)) throw new ArgumentException($"VNI {irb.Vni} is used twice", nameof(options));
        }
        if (options.PrefixModel == PrefixAdvertisementModel.GatewayIpOverlayIndex && options.OverlayGatewayIpv4 is null && options.OverlayGatewayIpv6 is null)
            throw new ArgumentException("the gateway-IP model needs this VTEP's own SBD address (RFC 9136 §4.4.2)", nameof(options));
        _options = options;
        _import = new RouteTargetSet(options.ImportRouteTargets);

        // RFC 9136 §4.4.1: interface-less type 5 carries the Router's MAC; §4.4.2 (GW IP) does not need it.
        // RFC 8365 §5.1.3: every route of a VXLAN VTEP carries the Encapsulation EC (tunnel type 8).
        var communities = new List<ExtendedCommunity>(options.ExportRouteTargets) { ExtendedCommunity.VxlanEncapsulation };
        if (options.PrefixModel == PrefixAdvertisementModel.InterfaceLess) communities.Add(ExtendedCommunity.RoutersMac(options.RouterMac));
        _prefixCommunities = [.. communities];
        // RFC 9135 §9.1.1: the MAC+IP route gains the IP-VRF RTs and exactly one Router's MAC EC.
        _irbAttributes = new IrbRouteAttributes(options.L3Vni, [.. options.ExportRouteTargets, ExtendedCommunity.RoutersMac(options.RouterMac)]);

        foreach (var irb in options.Irbs)
        {
            if (irb.GatewayIpv4 is { } v4) InstallConnected(irb, v4);
            if (irb.GatewayIpv6 is { } v6) InstallConnected(irb, v6);
        }
        foreach (var prefix in options.StaticPrefixes) SetLocal(prefix.Network, new VrfPath { Source = VrfRouteSource.Static });
    }

    public IpVrfOptions Options => _options;
    public string Name => _options.Name;
    public uint L3Vni => _options.L3Vni;
    public VrfRouteTable Routes => _table;
    /// <summary>The type-5 routes this VRF originates now (for show commands).</summary>
    public IReadOnlyCollection<IpPrefixRoute> OriginatedPrefixes => _originated.Values;
    /// <summary>Bumped by every route change: readers that summarise the table recount only when it moved.</summary>
    public long Version { get; private set; }

    // ---------------------------------------------------------------- effects

    public int PendingEffects => _effects.Count;
    public bool TryPollEffect(out IpVrfEffect effect) => _effects.TryDequeue(out effect!);

    public int DrainEffects(ICollection<IpVrfEffect> into)
    {
        int n = 0;
        while (_effects.TryDequeue(out var e)) { into.Add(e); n++; }
        return n;
    }

    // ---------------------------------------------------------------- configuration

    /// <summary>
    /// Originates a type-5 route for every IRB subnet (RFC 9135 §5.3: a leaf without the subnet can then route to a
    /// leaf that has it, which gleans silent hosts) and every static prefix.
    /// </summary>
    public void Start()
    {
        _started = true;
        foreach (var irb in _options.Irbs)
        {
            if (irb.GatewayIpv4 is { } v4) OriginateType5(v4.Network);
            if (irb.GatewayIpv6 is { } v6) OriginateType5(v6.Network);
        }
        foreach (var route in _table.Snapshot())
            foreach (var p in route.Paths)
                if (p.Source == VrfRouteSource.Static) OriginateType5(route.Prefix);
    }

    /// <summary>Withdraws every type-5 route this VRF originated (VRF removed or VTEP shutting down).</summary>
    public void Stop()
    {
        _started = false;
        foreach (var route in SortedOriginated()) _effects.Enqueue(new WithdrawPrefix(route));
        _originated.Clear();
    }

    /// <summary>Adds an external/static prefix (a border leaf's route): installed locally and advertised as type 5.</summary>
    public bool AddStaticPrefix(IpPrefix prefix)
    {
        var network = prefix.Network;
        if (!SetLocal(network, new VrfPath { Source = VrfRouteSource.Static })) return false;
        if (_started) OriginateType5(network);
        return true;
    }

    public bool RemoveStaticPrefix(IpPrefix prefix)
    {
        var network = prefix.Network;
        if (!RemoveLocal(network, VrfRouteSource.Static)) return false;
        if (_originated.Remove(network, out var route)) _effects.Enqueue(new WithdrawPrefix(route));
        return true;
    }

    // ---------------------------------------------------------------- local hosts (from the MAC-VRF's MAC+IP learning)

    /// <summary>The IRB interface of <paramref name="vlan"/>, if this VRF routes it (one lookup, for per-frame use).</summary>
    public bool TryGetIrb(ushort vlan, out IrbInterfaceOptions irb) => _irbByVlan.TryGetValue(vlan, out irb!);

    /// <summary>A host's IP → MAC binding was learned on a local port of <paramref name="vlan"/>: a local /32 or /128.</summary>
    public bool LearnLocalHost(ushort vlan, MacAddress mac, IPAddress ip)
    {
        ArgumentNullException.ThrowIfNull(ip);
        if (!_irbByVlan.ContainsKey(vlan)) return false;
        var host = IpPrefix.Host(ip);
        return SetLocal(host, new VrfPath { Source = VrfRouteSource.LocalHost, Vlan = vlan, HostMac = mac });
    }

    /// <summary>The binding aged out, moved away or was withdrawn by the MAC-VRF.</summary>
    public bool ForgetLocalHost(IPAddress ip)
    {
        ArgumentNullException.ThrowIfNull(ip);
        return RemoveLocal(IpPrefix.Host(ip), VrfRouteSource.LocalHost);
    }

    /// <summary>
    /// Label2 and the extra communities for a MAC+IP route of a host in <paramref name="vlan"/> (RFC 9135 §5.1,
    /// §9.1.1). False (add nothing: Label1 only, asymmetric style) when the VLAN has no IRB here, the VRF runs
    /// asymmetric IRB, or host routes are not advertised (ingress VMTO off).
    /// </summary>
    public bool TryGetMacIpRouteAttributes(ushort vlan, out IrbRouteAttributes attributes)
    {
        attributes = _irbAttributes;
        return _irbByVlan.ContainsKey(vlan) && _options.Mode == IrbMode.Symmetric && _options.AdvertiseHostRoutes;
    }

    // ---------------------------------------------------------------- remote routes

    /// <summary>
    /// A type-2 MAC+IP or type-5 route was received (best path of the BGP speaker, next hop reachable). Returns
    /// true when it is installed; an unusable route removes what an earlier version of it installed
    /// (treat-as-withdraw, RFC 9136 §3.1, RFC 9135 §9.1.1).
    /// </summary>
    public bool ApplyRemote(EvpnRoute route, PathAttributes attributes, IPAddress nextHop)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentNullException.ThrowIfNull(nextHop);
        if (nextHop.Equals(_options.LocalVtep)) return false;
        var path = route switch
        {
            MacIpAdvertisementRoute mac => HostPath(mac, attributes, nextHop),
            IpPrefixRoute prefix => PrefixPath(prefix, attributes, nextHop),
            _ => null,
        };
        var target = route switch
        {
            MacIpAdvertisementRoute { Ip: { } ip } => IpPrefix.Host(ip),
            IpPrefixRoute p => IpPrefix.FromIPAddress(p.Prefix, p.PrefixLength).Network,
            _ => (IpPrefix?)null,
        };
        if (target is not { } key) return false;
        if (path is null)
        {
            WithdrawRemote(route, nextHop);
            return false;
        }
        // The same route key may come back with or without a GW IP (the key ignores it): its old gateway-IP record goes.
        if (route is IpPrefixRoute && _overlayDependents.Count > 0) ForgetOverlayPath(route, nextHop);
        // A GW IP overlay index is installed only once it resolves (IpVrf.GatewayIp.cs).
        if (path.Gateway is not null) return ApplyOverlayPath(key, path);
        // Once per type 2/5 best-path change (millions in a large routed fabric): no delegates, no closures.
        var entry = _table.GetOrAdd(key);
        var before = LocationOf(entry);
        entry.Set(entry.IndexOfRemote(route, nextHop), path);
        Changed(entry, before);
        return true;
    }

    /// <summary>A type-2 or type-5 route from <paramref name="nextHop"/> was withdrawn (matched by route key).</summary>
    public bool WithdrawRemote(EvpnRoute route, IPAddress nextHop)
    {
        ArgumentNullException.ThrowIfNull(route);
        IpPrefix? target = route switch
        {
            MacIpAdvertisementRoute { Ip: { } ip } => IpPrefix.Host(ip),
            IpPrefixRoute p => IpPrefix.FromIPAddress(p.Prefix, p.PrefixLength).Network,
            _ => null,
        };
        if (route is IpPrefixRoute && _overlayDependents.Count > 0) ForgetOverlayPath(route, nextHop);
        if (target is not { } key || !_table.TryGet(key, out var existing)) return false;
        int index = existing.IndexOfRemote(route, nextHop);
        if (index < 0) return false;
        var before = LocationOf(existing);
        existing.RemoveAt(index);
        Changed(existing, before);
        return true;
    }

    private VrfPath? HostPath(MacIpAdvertisementRoute route, PathAttributes attributes, IPAddress nextHop)
    {
        if (route.Ip is null) return null; // MAC-only routes are the MAC-VRF's alone
        var routerMac = RouterMacOf(attributes);
        uint sequence = 0;
        foreach (var c in attributes.ExtendedCommunities) if (c.IsMacMobility) sequence = c.MacMobilitySequence;
        // RFC 9135 §4.2: symmetric when Label2 is set and the route carries the IP-VRF RT; §5.4 global VNI: Label2 must
        // be our L3 VNI; VXLAN needs the Router's MAC for the inner DMAC (§8.1). An asymmetric-only VRF ignores Label2.
        bool symmetric = _options.Mode == IrbMode.Symmetric && route.Label2 is { } label2 && label2 == _options.L3Vni
            && !routerMac.IsZero && _import.MatchesAny(attributes);
        // Asymmetric: route at ingress, bridge in the host's L2 VNI, which needs our IRB in that bridge domain (§6).
        bool asymmetric = _irbByVni.ContainsKey(route.Label1);
        if (!symmetric && !asymmetric) return null;
        return new VrfPath
        {
            Source = VrfRouteSource.RemoteHost, Vtep = nextHop, Vni = route.Label1, L3Vni = symmetric ? _options.L3Vni : null,
            RouterMac = routerMac, HostMac = route.Mac, Sequence = sequence, Route = route,
        };
    }

    private VrfPath? PrefixPath(IpPrefixRoute route, PathAttributes attributes, IPAddress nextHop)
    {
        if (!_import.MatchesAny(attributes)) return null;
        bool hasGateway = !route.Gateway.Equals(IPAddress.Any) && !route.Gateway.Equals(IPAddress.IPv6Any);
        // RFC 9136 §3.1: ESI and GW IP both set → treat-as-withdraw. An ESI overlay index (§3.2 Table 1, row 1) needs
        // the A-D per EVI route of that ESI; this VRF does not resolve it, so such a route is not used.
        if (!route.Esi.IsZero) return null;
        if (hasGateway)
            return new VrfPath
            {
                Source = VrfRouteSource.RemotePrefix, Vtep = nextHop, Vni = route.Label,
                Gateway = IpPrefix.Host(route.Gateway), Route = route,
            };
        var routerMac = RouterMacOf(attributes);
        // Label 0 with no overlay index → treat-as-withdraw (§3.1); label 0 + Router's MAC is a MAC overlay index
        // (needs a type-2 of that MAC), and a label without Router's MAC leaves VXLAN no inner DMAC: neither is used.
        // Interface-less (§4.4.1) in global VNI mode: the label is the VRF's L3 VNI.
        if (route.Label == 0 || routerMac.IsZero || route.Label != _options.L3Vni) return null;
        return new VrfPath
        {
            Source = VrfRouteSource.RemotePrefix, Vtep = nextHop, Vni = route.Label, L3Vni = route.Label,
            RouterMac = routerMac, Route = route,
        };
    }

    private static MacAddress RouterMacOf(PathAttributes attributes)
    {
        foreach (var c in attributes.ExtendedCommunities) if (c.IsRoutersMac) return new MacAddress(c.Value48);
        return default;
    }

    private static bool SameRemote(VrfPath path, EvpnRoute route, IPAddress nextHop) =>
        path.Route is { } r && path.Vtep is { } vtep && vtep.Equals(nextHop) && EvpnRouteKeyComparer.Instance.Equals(r, route);

    // ---------------------------------------------------------------- forwarding (allocation-free)

    /// <summary>The routing decision for an IPv4 packet that arrived on <paramref name="ingressVni"/> (an IRB's L2 VNI, or the L3 VNI from the fabric).</summary>
    public IpForwardingDecision Forward(Ipv4Address destination, uint ingressVni, uint flowHash) =>
        _table.TryLookup(destination, out var route) ? Decide(route, ingressVni, flowHash) : Miss(ingressVni);

    /// <summary>The routing decision for an IPv6 packet; see <see cref="Forward(Ipv4Address, uint, uint)"/>.</summary>
    public IpForwardingDecision Forward(Ipv6Address destination, uint ingressVni, uint flowHash) =>
        _table.TryLookup(destination, out var route) ? Decide(route, ingressVni, flowHash) : Miss(ingressVni);

    private IpForwardingDecision Miss(uint ingressVni) =>
        IpForwardingDecision.Dropped(IsVrfVni(ingressVni) ? IpDropReason.NoRoute : IpDropReason.NotInVrf);

    private bool IsVrfVni(uint vni) => vni == _options.L3Vni || _irbByVni.ContainsKey(vni);

    private IpForwardingDecision Decide(VrfRoute route, uint ingressVni, uint flowHash)
    {
        if (!IsVrfVni(ingressVni)) return IpForwardingDecision.Dropped(IpDropReason.NotInVrf);
        var path = route.PathFor(flowHash);
        var decision = Decide(route, path);
        // Arrived over the L3 VNI: the egress VTEP routes into its own bridge domains only (RFC 9135 §5.5).
        if (ingressVni == _options.L3Vni && decision.Action == IpForwardingAction.RouteSymmetric)
            return IpForwardingDecision.Dropped(IpDropReason.FabricLoop, route);
        return decision;
    }

    private IpForwardingDecision Decide(VrfRoute route, VrfPath path)
    {
        switch (path.Source)
        {
            case VrfRouteSource.GatewayAddress:
                return Local(IpForwardingAction.DeliverToRouter, route, path.Vlan, _irbByVlan[path.Vlan].VirtualMac);
            case VrfRouteSource.Connected:
                return Local(IpForwardingAction.ResolveLocal, route, path.Vlan, default);
            case VrfRouteSource.LocalHost:
                return Local(IpForwardingAction.DeliverLocal, route, path.Vlan, path.HostMac);
            case VrfRouteSource.Static:
                return new(IpForwardingAction.DeliverExternal, 0, 0, null, default, default, route, IpDropReason.None);
            case VrfRouteSource.RemotePrefix when path.Gateway is { } gateway:
                // RFC 9136 §3.2: the GW IP is resolved recursively to the MAC+IP route of that address.
                if (!_table.TryGet(gateway, out var gatewayRoute) || gatewayRoute.BestSource != VrfRouteSource.RemoteHost)
                    return IpForwardingDecision.Dropped(IpDropReason.UnresolvedOverlayIndex, route);
                var resolved = gatewayRoute.BestPaths[0];
                return _irbByVni.ContainsKey(resolved.Vni)
                    ? Asymmetric(route, resolved)
                    : IpForwardingDecision.Dropped(IpDropReason.UnresolvedOverlayIndex, route);
            default:
                return path.L3Vni is { } l3
                    // RFC 9135 §5.4: VNI = L3 VNI, inner DMAC = egress Router's MAC, inner SMAC = our Router's MAC.
                    ? new(IpForwardingAction.RouteSymmetric, 0, l3, path.Vtep, path.RouterMac, _options.RouterMac, route, IpDropReason.None)
                    : Asymmetric(route, path);
        }
    }

    private IpForwardingDecision Local(IpForwardingAction action, VrfRoute route, ushort vlan, MacAddress destination)
    {
        var irb = _irbByVlan[vlan];
        // RFC 9135 §5.5 / §4.1: frames routed towards hosts leave with the IRB's anycast MAC as source.
        return new(action, vlan, irb.Vni, null, destination, irb.VirtualMac, route, IpDropReason.None);
    }

    private IpForwardingDecision Asymmetric(VrfRoute route, VrfPath host)
    {
        // RFC 9135 §6: rewrite SMAC = gateway MAC, DMAC = host MAC, bridge in the host's L2 VNI to its VTEP.
        var irb = _irbByVni[host.Vni];
        return new(IpForwardingAction.RouteAsymmetric, irb.Vlan, host.Vni, host.Vtep, host.HostMac, irb.VirtualMac, route, IpDropReason.None);
    }

    // ---------------------------------------------------------------- gateway ARP / ND

    /// <summary>
    /// Is <paramref name="target"/> the anycast gateway IPv4 address of the IRB in <paramref name="vlan"/>? Then the
    /// leaf answers the ARP itself with the virtual MAC (RFC 9135 §4.1), as sender hardware and Ethernet source.
    /// </summary>
    public bool TryAnswerGatewayArp(ushort vlan, Ipv4Address target, out MacAddress virtualMac)
    {
        virtualMac = default;
        if (!_irbByVlan.TryGetValue(vlan, out var irb) || irb.GatewayIpv4 is not { } gw || gw.Ipv4Address != target) return false;
        virtualMac = irb.VirtualMac;
        return true;
    }

    /// <summary>The Neighbor Solicitation counterpart of <see cref="TryAnswerGatewayArp"/> for the IRB's IPv6 gateway.</summary>
    public bool TryAnswerGatewayNeighborSolicitation(ushort vlan, Ipv6Address target, out MacAddress virtualMac)
    {
        virtualMac = default;
        if (!_irbByVlan.TryGetValue(vlan, out var irb) || irb.GatewayIpv6 is not { } gw || gw.Ipv6Address != target) return false;
        virtualMac = irb.VirtualMac;
        return true;
    }

    // ---------------------------------------------------------------- internals

    private void InstallConnected(IrbInterfaceOptions irb, IpPrefix gateway)
    {
        SetLocal(gateway.Network, new VrfPath { Source = VrfRouteSource.Connected, Vlan = irb.Vlan });
        SetLocal(gateway.WithLength(gateway.MaxLength), new VrfPath { Source = VrfRouteSource.GatewayAddress, Vlan = irb.Vlan });
    }

    /// <summary>Installs or replaces the local path of <paramref name="path"/>'s source; false when it was already there.</summary>
    private bool SetLocal(IpPrefix prefix, VrfPath path)
    {
        if (_table.TryGet(prefix, out var existing))
        {
            int index = existing.IndexOf(p => p.Source == path.Source && !p.IsRemote);
            if (index >= 0 && existing.Paths[index] == path) return false;
        }
        Change(prefix, r => r.Set(r.IndexOf(p => p.Source == path.Source && !p.IsRemote), path));
        return true;
    }

    private bool RemoveLocal(IpPrefix prefix, VrfRouteSource source)
    {
        if (!_table.TryGet(prefix, out var existing)) return false;
        int index = existing.IndexOf(p => p.Source == source && !p.IsRemote);
        if (index < 0) return false;
        Change(prefix, r => r.RemoveAt(index));
        return true;
    }

    /// <summary>Applies one change to a prefix's route and reports a host route whose best location changed.</summary>
    private void Change(IpPrefix prefix, Action<VrfRoute> change)
    {
        var route = _table.GetOrAdd(prefix);
        var before = LocationOf(route);
        change(route);
        Changed(route, before);
    }

    /// <summary>After a change to <paramref name="route"/>: drops it when it has no path left, reports a host route that moved.</summary>
    private void Changed(VrfRoute route, HostLocation? before)
    {
        Version++; // every change, local or remote: the route gauges recount only when it moved
        var after = LocationOf(route);
        _table.RemoveIfEmpty(route);
        if (before != after) _effects.Enqueue(new HostRouteChanged(route.Prefix, before, after));
        if (route.Prefix.IsHost && _overlayDependents.Count > 0) OverlayHostChanged(route.Prefix);
    }

    private static HostLocation? LocationOf(VrfRoute route)
    {
        if (!route.Prefix.IsHost || route.BestPaths.Length == 0) return null;
        var best = route.BestPaths[0];
        if (best.Source is not (VrfRouteSource.LocalHost or VrfRouteSource.RemoteHost)) return null;
        return new HostLocation(best.Source, best.Vlan, best.HostMac, best.Vtep, best.Sequence);
    }

    private void OriginateType5(IpPrefix network)
    {
        // RFC 9136 §3.1: ESI 0, Ethernet Tag 0; GW IP 0 of the prefix's family unless it is the overlay index.
        IPAddress gateway = network.ZeroAddress();
        uint label = _options.L3Vni;
        if (_options.PrefixModel == PrefixAdvertisementModel.GatewayIpOverlayIndex)
        {
            IPAddress? own = network.IsIpv6 ? _options.OverlayGatewayIpv6?.ToIPAddress() : _options.OverlayGatewayIpv4?.ToIPAddress();
            // §4.4.2: GW IP = our SBD address, resolved by the receiver; the label is not used and is sent as 0.
            if (own is not null) { gateway = own; label = 0; }
        }
        var route = new IpPrefixRoute(_options.RouteDistinguisher, EthernetSegmentId.Zero, 0, network.Length, network.ToIPAddress(), gateway, label);
        var attributes = new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.Empty, ExtendedCommunities = _prefixCommunities };
        _originated[network] = route;
        _effects.Enqueue(new OriginatePrefix(route, attributes));
    }

    private List<IpPrefixRoute> SortedOriginated()
    {
        var list = new List<IpPrefixRoute>(_originated.Values);
        list.Sort((a, b) => string.CompareOrdinal($"{a.Prefix}/{a.PrefixLength}", $"{b.Prefix}/{b.PrefixLength}"));
        return list;
    }
}
