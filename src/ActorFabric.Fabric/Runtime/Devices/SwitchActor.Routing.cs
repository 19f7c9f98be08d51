using ActorFabric.Fabric.Topology;
using ActorFabric.Protocols.Bgp.Rib;
using ActorFabric.Protocols.Routing;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;
using TopologyIrbMode = ActorFabric.Fabric.Topology.IrbMode;
using VrfIrbMode = ActorFabric.Protocols.Routing.IrbMode;

namespace ActorFabric.Fabric.Runtime.Devices;

// The IP-VRFs of a VTEP that routes (an ERB leaf, a CRB routing node, a border leaf): built from the topology, fed with the MAC-VRFs' local
// MAC+IP bindings and with BGP's best type 2 and type 5 routes; their type 5 originations go to BGP. These routes are
// not counted by the convergence expectation (it counts what the MAC-VRFs import), so convergence means the same as
// in a bridging-only fabric; routing state follows within the same BGP round.
internal sealed partial class SwitchActor
{
    private readonly List<IpVrf> _ipVrfs = [];
    // L2 VNI of an IRB domain → its IP-VRF and VLAN: where a local MAC+IP binding of that VNI goes.
    private readonly Dictionary<uint, (IpVrf Vrf, ushort Vlan)> _ipVrfByVni = [];

    private void BuildIpVrfs()
    {
        _ipVrfs.Clear();
        _ipVrfByVni.Clear();
        _ipVrfHostRoutes = 0;
        _setup.Gauges.IpVrfRoutes = _setup.Gauges.IpVrfHostRoutes = 0;
        _pendingGatewayRoutes.Clear();
        if (!_node.IsVtep) return;
        foreach (int index in _node.RoutesVrfs)
        {
            var definition = _topology.IpVrfs[index];
            var irbs = IrbsOf(definition);
            var vrf = new IpVrf(IpVrfOptionsOf(definition, irbs, StaticPrefixesOf(index)));
            _ipVrfs.Add(vrf);
            foreach (var irb in irbs) _ipVrfByVni[irb.Vni] = (vrf, irb.Vlan);
        }
        QueueGatewayRoutes();
        QueueOverlayGatewayRoutes();
    }

    /// <summary>
    /// The IRB interfaces of <paramref name="definition"/> here: one per VLAN of the VRF this VTEP carries (an ERB
    /// leaf; a CRB routing node, which carries them all; a border leaf routing its external prefixes). In CRB only the
    /// routing nodes advertise the gateway (SwitchActor.Crb.cs), so the leaves send routed traffic to them alone.
    /// </summary>
    private List<IrbInterfaceOptions> IrbsOf(IpVrfDefinition definition)
    {
        var irbs = new List<IrbInterfaceOptions>();
        foreach (int d in definition.BroadcastDomains)
        {
            if (!Contains(_node.BroadcastDomains, d)) continue;
            var bd = _topology.BroadcastDomains[d];
            if (bd.Gateway == 0 && bd.Gateway6PrefixLength == 0) continue;
            // RFC 9135 §4.1 option 1: every routing node uses the same anycast gateway addresses and virtual MAC.
            irbs.Add(new IrbInterfaceOptions(bd.Vlan, bd.Vni, new MacAddress(_topology.Routing.AnycastMac))
            {
                GatewayIpv4 = bd.Gateway != 0 ? IpPrefix.Ipv4(new Ipv4Address(bd.Gateway), bd.PrefixLength) : null,
                GatewayIpv6 = bd.Gateway6PrefixLength != 0
                    ? IpPrefix.Ipv6(AddressSyntax.ToIpv6(bd.Gateway6), bd.Gateway6PrefixLength)
                    : null,
            });
        }
        return irbs;
    }

    /// <summary>A border leaf's external prefixes of IP-VRF <paramref name="index"/>, installed and advertised as static prefixes.</summary>
    private List<IpPrefix> StaticPrefixesOf(int index)
    {
        var statics = new List<IpPrefix>();
        foreach (var external in _node.ExternalPrefixes)
        {
            if (external.IpVrf != index) continue;
            var p = external.Prefix;
            statics.Add(p.IsIpv6
                ? IpPrefix.Ipv6(AddressSyntax.ToIpv6(p.Address), p.Length)
                : IpPrefix.Ipv4(new Ipv4Address((uint)p.Address), p.Length));
        }
        return statics;
    }

    private IpVrfOptions IpVrfOptionsOf(IpVrfDefinition definition, List<IrbInterfaceOptions> irbs, List<IpPrefix> statics)
    {
        var routing = _topology.Routing;
        return new IpVrfOptions
        {
            Name = definition.Name,
            // Type 1 RD router-id:L3-VNI (RFC 7432 §7.9 style); unique per VRF on this device.
            RouteDistinguisher = RouteDistinguisher.FromIpv4(_node.RouterId, (ushort)definition.L3Vni),
            LocalVtep = FabricAddressing.ToIp(_node.Vtep),
            ImportRouteTargets = definition.ImportTargets,
            ExportRouteTargets = definition.ExportTargets,
            L3Vni = definition.L3Vni,
            // The device's system MAC: the Router's MAC EC and the inner source MAC on the L3 VNI (RFC 9135 §8.1).
            RouterMac = FabricAddressing.DeviceMac(_node.Index),
            Irbs = irbs,
            Mode = routing.Irb == TopologyIrbMode.Asymmetric ? VrfIrbMode.Asymmetric : VrfIrbMode.Symmetric,
            // Ingress VMTO (routing.vmto): with it, local MAC+IP routes carry Label2 = L3 VNI and the Router's MAC
            // (RFC 9135 §5.1) so remote leaves install /32 host routes and reach a moved VM at its new leaf; without
            // it a leaf lacking the VLAN routes by the subnet's type 5 (RFC 9136 §4.4.1) to any leaf of the subnet,
            // which bridges on (asymmetric host path, §6) or gleans (§5.3): the trombone after a move.
            AdvertiseHostRoutes = routing.Vmto,
            StaticPrefixes = statics,
            // RFC 9136 §4.4.2 when asked for and this VTEP has an IRB to hold its own gateway address; else §4.4.1.
            PrefixModel = OverlayGatewayOf(definition) is null ? PrefixAdvertisementModel.InterfaceLess : PrefixAdvertisementModel.GatewayIpOverlayIndex,
            OverlayGatewayIpv4 = OverlayGatewayOf(definition) is { } overlay ? new Ipv4Address(overlay.Address) : null,
        };
    }


    /// <summary>The route targets the IP-VRFs import: BGP must accept (and RT constraint must ask for) their routes.</summary>
    private void AddIpVrfImportTargets(List<ExtendedCommunity> targets)
    {
        foreach (var vrf in _ipVrfs) targets.AddRange(vrf.Options.ImportRouteTargets);
    }

    /// <summary>
    /// A local MAC+IP binding is about to be advertised: the IP-VRF learns the host route, and in symmetric IRB the
    /// route gains Label2 = L3 VNI, the IP-VRF's RTs and the Router's MAC EC (RFC 9135 §5.1, §9.1.1).
    /// </summary>
    private (EvpnRoute Route, PathAttributes Attributes) ApplyLocalBinding(EvpnRoute route, PathAttributes attributes)
    {
        if (route is not MacIpAdvertisementRoute { Ip: { } ip } macIp || !_ipVrfByVni.TryGetValue(macIp.Label1, out var irb)) return (route, attributes);
        irb.Vrf.LearnLocalHost(irb.Vlan, macIp.Mac, ip);
        if (!irb.Vrf.TryGetMacIpRouteAttributes(irb.Vlan, out var extra)) return (route, attributes);
        return (macIp with { Label2 = extra.Label2 },
            attributes with { ExtendedCommunities = [.. attributes.ExtendedCommunities, .. extra.ExtendedCommunities] });
    }

    /// <summary>A local MAC+IP advertisement is withdrawn (aged out, moved away): so is the host route.</summary>
    private void ForgetLocalBinding(EvpnRoute route)
    {
        if (route is MacIpAdvertisementRoute { Ip: { } ip } macIp && _ipVrfByVni.TryGetValue(macIp.Label1, out var irb))
            irb.Vrf.ForgetLocalHost(ip);
    }

    /// <summary>BGP's best path of a type 2 MAC+IP or type 5 route changed: every IP-VRF decides whether it imports it.</summary>
    private void ApplyRoutedBestPath(LocRibChange change)
    {
        if (_ipVrfs.Count == 0 || change.Key is not (MacIpAdvertisementRoute { Ip: not null } or IpPrefixRoute)) return;
        foreach (var vrf in _ipVrfs)
        {
            // A path from another VTEP replaces the old one: the old VTEP's path goes first.
            if (change.OldBest is { } old && (change.NewBest is not { } next || !old.NextHop.Equals(next.NextHop)))
                vrf.WithdrawRemote(old.Route, old.NextHop);
            if (change.NewBest is { } best) vrf.ApplyRemote(best.Route, best.Attributes, best.NextHop);
        }
    }

    // Host routes whose best path is a host (the HostRouteChanged effects added up), for the gauges.
    private long _ipVrfHostRoutes;

    /// <summary>
    /// Type 5 originations and withdrawals of the IP-VRFs go to BGP with this VTEP as next hop; host route changes
    /// only count (the data plane reads the tables themselves).
    /// </summary>
    private bool DrainIpVrfs(TimeSpan now)
    {
        if (_ipVrfs.Count == 0) return DrainGatewayRoutes(now);
        bool any = false;
        long routes = 0;
        foreach (var vrf in _ipVrfs)
        {
            while (vrf.TryPollEffect(out var effect))
            {
                // A host route change asks nothing of the other machines: no second round of the pump for it.
                if (effect is not HostRouteChanged) any = true;
                switch (effect)
                {
                    case OriginatePrefix o:
                        _bgp?.Originate(o.Route, o.Attributes, vrf.Options.LocalVtep, now);
                        break;
                    case WithdrawPrefix w:
                        _bgp?.WithdrawOriginated(w.Route, now);
                        break;
                    case HostRouteChanged h:
                        _ipVrfHostRoutes += (h.Current is null ? 0 : 1) - (h.Previous is null ? 0 : 1);
                        break;
                }
            }
            routes += vrf.Routes.Count;
        }
        _setup.Gauges.IpVrfRoutes = routes;
        _setup.Gauges.IpVrfHostRoutes = _ipVrfHostRoutes;
        return DrainGatewayRoutes(now) || any;
    }
}
