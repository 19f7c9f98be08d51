using Akka.Actor;
using Akka.Event;
using ActorFabric.Fabric.DataPlane;
using ActorFabric.Fabric.Runtime.Messages;
using ActorFabric.Fabric.Topology;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Evpn;
using ActorFabric.Protocols.Multicast.Oism;
using ActorFabric.Protocols.Multicast.Snooping;
using ActorFabric.Protocols.Timing;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.Runtime.Devices;

// OISM (RFC 9625) on a leaf that routes a tenant with an `oism:` block: its local BDs of the tenant and the SBD become
// one OismTenant, which the MAC-VRFs hand their multicast interest and IMET flags to and the data plane asks where
// multicast goes; a PEG also emulates the external source and receivers behind it.
internal sealed partial class SwitchActor
{
    private readonly List<OismTenant> _oismTenants = [];
    // The RTs of the OISM tenants' BDs and SBDs here: which BD a received route belongs to (RFC 9625 §2.2).
    private OismRouteTargets? _oismRouteTargets;
    // By tenant: the SBD's MAC-VRF, which lets a route with a BD-RT go; absent when that MAC-VRF also holds a BD.
    private readonly Dictionary<string, MacVrf> _sbdVrfByTenant = [];

    private void BuildOism(SwitchDataPlane dataPlane)
    {
        _oismTenants.Clear();
        _oismRouteTargets = null;
        _sbdVrfByTenant.Clear();
        if (!_node.IsVtep || _topology.Routing.Design != RoutingDesign.Erb) return;
        foreach (int index in _node.RoutesVrfs)
        {
            var definition = _topology.IpVrfs[index];
            if (definition.Oism is not { } oism ||
                !TryLocalDomain(_topology.BroadcastDomains[oism.SupplementaryDomain].Vlan, out var sbdVrf, out var sbd)) continue;
            bool peg = oism.Gateways.Contains(_node.Index);
            var sbdMac = FabricAddressing.DeviceMac(_node.Index);
            var tenant = new OismTenant(new OismTenantOptions
            {
                Tenant = definition.Name,
                SbdIrbMac = sbdMac,
                PimEvpnGateway = peg,
                ExternalGroups = peg ? [.. oism.ExternalGroups.Select(g => InetAddress.FromIpv4(new Ipv4Address(g)))] : [],
            });
            var ipVrf = _ipVrfs.Find(v => v.Options.Name == definition.Name);
            foreach (int d in definition.BroadcastDomains)
            {
                var bd = _topology.BroadcastDomains[d];
                if (!Contains(_node.BroadcastDomains, d) || !TryLocalDomain(bd.Vlan, out var vrf, out var bridge)) continue;
                // What the IP-VRF routes into a VLAN leaves its IRB: the anycast gateway MAC (RFC 9135 §4.1).
                var irbMac = ipVrf is not null && ipVrf.TryGetIrb(bd.Vlan, out var irb) ? irb.VirtualMac : new MacAddress(_topology.Routing.AnycastMac);
                tenant.Attach(vrf, bridge, irbMac, supplementary: false);
                foreach (var rt in vrf.Options.ImportRouteTargets) (_oismRouteTargets ??= new()).AddRevenue(definition.Name, $"vlan {bd.Vlan}", rt);
            }
            tenant.Attach(sbdVrf, sbd, sbdMac, supplementary: true);
            if (!tenant.Revenue.Any(d => ReferenceEquals(d.Vrf, sbdVrf))) _sbdVrfByTenant[definition.Name] = sbdVrf;
            foreach (var rt in sbdVrf.Options.ImportRouteTargets) (_oismRouteTargets ??= new()).AddSupplementary(definition.Name, rt);
            dataPlane.AttachOism(tenant, peg ? oism.ExternalSource : 0);
            _oismTenants.Add(tenant);
        }
    }

    /// <summary>
    /// RFC 9625 §2.2 on a new best path: the route targets decide which BD it belongs to. A malformed route (two SBD-RTs,
    /// two BD-RTs, a BD-RT with another tenant's SBD-RT) is treated as withdrawn by every MAC-VRF (counted and logged);
    /// a route with a BD-RT does not go into the SBD even when it carries the SBD-RT too. Reorders the first
    /// <paramref name="forNew"/> candidates (those that import it) and returns how many still do.
    /// </summary>
    private int BindOismRoute(EvpnRoute route, PathAttributes attributes, int forNew)
    {
        if (_oismRouteTargets is not { } targets) return forNew;
        var binding = targets.Classify(route, attributes);
        switch (binding.Kind)
        {
            case OismRouteBindingKind.Malformed:
                _log ??= Context.GetLogger();
                _log.Warning("{0}: {1}", _node.Name, binding.Problem);
                return 0;
            case OismRouteBindingKind.Revenue:
                // The tenant's SBD MAC-VRF lets the route go (it stays among the candidates, to withdraw any earlier import).
                if (binding.Tenant is null || !_sbdVrfByTenant.TryGetValue(binding.Tenant, out var sbdVrf)) return forNew;
                int at = _candidates.IndexOf(sbdVrf);
                if (at < 0 || at >= forNew) return forNew;
                _candidates.RemoveAt(at);
                _candidates.Add(sbdVrf);
                return forNew - 1;
            default:
                return forNew;
        }
    }

    private ILoggingAdapter? _log;

    private bool TryLocalDomain(ushort vlan, out MacVrf vrf, out BridgeDomain bd)
    {
        foreach (var v in _vrfs)
            if (v.TryGetDomainByVlan(vlan, out bd))
            {
                vrf = v;
                return true;
            }
        (vrf, bd) = (null!, null!);
        return false;
    }

    /// <summary>
    /// A timed external stream under way: who asked, what (the group parsed once), the next sequence number and when it
    /// is due, datagrams sent, when the first left. The device tick sends them (NextExternalDeadline), no timers of their own.
    /// </summary>
    private sealed class ExternalStream(IActorRef asker, OismExternalStream stream, Ipv4Address group, TimeSpan start, int sent)
    {
        public IActorRef Asker { get; } = asker;
        public OismExternalStream Stream { get; } = stream;
        public Ipv4Address Group { get; } = group;
        public TimeSpan Start { get; } = start;
        public int Next = 1;
        public TimeSpan Due = start + stream.Interval;
        public int Sent = sent;
        public bool Done => Next >= Stream.Count;
    }

    private List<ExternalStream>? _externalStreams;

    /// <summary>
    /// The external source behind this PEG starts sending: all datagrams at once without an interval, else the first
    /// now and one every interval of emulated time (like a host's stream), the asker answered after the last.
    /// </summary>
    private void OnExternalStream(OismExternalStream m)
    {
        var start = Now;
        bool parsed = Ipv4Address.TryParse(m.Group, out var group);
        int sent = parsed ? SendExternal(m, group, 0, m.Interval == TimeSpan.Zero ? m.Count : 1) : 0;
        if (m.Interval == TimeSpan.Zero || sent == 0 || m.Count == 1)
        {
            Pump();
            Sender.Tell(new OismExternalSent(sent, start));
            return;
        }
        (_externalStreams ??= []).Add(new ExternalStream(Sender, m, group, start, sent));
        Pump();
    }

    /// <summary>Sends the datagrams of timed external streams that are due; a device that was stopped ends them.</summary>
    private void TickExternalStreams(TimeSpan now)
    {
        if (_externalStreams is not { Count: > 0 } streams) return;
        foreach (var s in streams)
        {
            if (_stopped) s.Next = s.Stream.Count;
            while (s.Due <= now && !s.Done)
            {
                s.Sent += SendExternal(s.Stream, s.Group, s.Next, 1);
                s.Next++;
                // Due at start + next × interval: counted from the start, so the stream does not drift.
                s.Due = s.Start + s.Next * s.Stream.Interval;
            }
            if (s.Done) s.Asker.Tell(new OismExternalSent(s.Sent, s.Start));
        }
        streams.RemoveAll(static s => s.Done);
    }

    private TimeSpan? NextExternalDeadline()
    {
        if (_externalStreams is not { Count: > 0 } streams) return null;
        TimeSpan? next = null;
        foreach (var s in streams) next = Deadline.Earliest(next, s.Due);
        return next;
    }

    private int SendExternal(OismExternalStream m, Ipv4Address group, int first, int count)
    {
        if (_stopped || _dataPlane is null) return 0;
        return _dataPlane.InjectExternalMulticast(m.Vrf, group, count, m.PayloadSize, m.Ttl, m.StreamId, Now, this, (uint)first, new Ipv4Address(m.Source));
    }

    // ------------------------------------------------------------------ /metrics (actorfabric_oism_*)

    private OismGauges? _oismGauges;
    // What the data planes before this one (replaced by restarts) counted: added when the device stops.
    private (long Routed, long Sbd, long Received, long Sent, long Expired) _oismBase;

    /// <summary>A data plane's OISM counters, in <see cref="_oismBase"/>'s order.</summary>
    private static (long Routed, long Sbd, long Received, long Sent, long Expired) OismCounted(SwitchDataPlane? dp)
    {
        if (dp is null) return default;
        var (routed, sbd, expired, sent) = dp.OismCounters;
        return (routed, sbd, dp.OismExternalReceived, sent, expired);
    }

    /// <summary>Adds a stopping data plane's OISM counters to the base, so that they never go down over restarts.</summary>
    private void KeepOismCounts(SwitchDataPlane old)
    {
        var c = OismCounted(old);
        _oismBase = (_oismBase.Routed + c.Routed, _oismBase.Sbd + c.Sbd, _oismBase.Received + c.Received, _oismBase.Sent + c.Sent, _oismBase.Expired + c.Expired);
    }

    /// <summary>Publishes the OISM counters of a device with an OISM tenant; counters never go down over restarts.</summary>
    private void PublishOismGauges()
    {
        if (_oismGauges is null)
        {
            if (_oismTenants.Count == 0) return;
            _oismGauges = new OismGauges();
            Volatile.Write(ref _setup.Gauges.Oism, _oismGauges);
        }
        var now = OismCounted(_dataPlane);
        var g = _oismGauges;
        g.RoutedCopies = _oismBase.Routed + now.Routed;
        g.SbdCopies = _oismBase.Sbd + now.Sbd;
        g.ExternalReceived = _oismBase.Received + now.Received;
        g.ExternalSent = _oismBase.Sent + now.Sent;
        g.TtlExpired = _oismBase.Expired + now.Expired;
    }

    // ------------------------------------------------------------------ show evpn oism

    private OismTable OismNow()
    {
        var tenants = new List<OismTenantState>();
        var dp = _dataPlane;
        // A stopped device has lost its protocol state (device-stop): no tenant to show until it starts again.
        foreach (var t in _stopped ? [] : _oismTenants)
        {
            var sbd = t.Supplementary!.Bridge;
            var definition = _topology.IpVrfs.First(v => v.Name == t.Options.Tenant);
            var domains = new List<OismBridgeDomain>();
            foreach (var d in t.Revenue) domains.Add(new OismBridgeDomain(d.Bridge.Vlan, d.Bridge.Vni, "revenue", d.IrbMac.ToString(), d.Bridge.PortCount));
            domains.Add(new OismBridgeDomain(sbd.Vlan, sbd.Vni, "SBD", t.Supplementary.IrbMac.ToString(), sbd.PortCount));
            var peers = new List<OismPeer>();
            foreach (var m in sbd.FloodList.Members)
            {
                if (!m.IsIngressReplication) continue;
                ushort flags = m.MulticastFlags ?? 0;
                peers.Add(new OismPeer(m.Vtep.ToString(), NameOf(m.Vtep), FlagNames(flags), (flags & OismFlags.Supported) != 0,
                    (flags & OismFlags.PimEvpnGateway) != 0));
            }
            var routes = new List<OismSbdRoute>();
            foreach (var o in t.Supplementary.Vrf.Advertisements())
                if (o.Route is SelectiveMulticastRoute s && s.EthernetTag == sbd.EthernetTag)
                    routes.Add(new OismSbdRoute(s.Group.ToString(), s.Source?.ToString() ?? "*", s.OriginatorIp.ToString(), _node.Name, true));
            foreach (var (s, vtep) in sbd.Interest.Routes())
                routes.Add(new OismSbdRoute(s.Group.ToString(), s.Source?.ToString() ?? "*", s.OriginatorIp.ToString(), NameOf(vtep), false));
            routes.Sort((a, b) => string.CompareOrdinal(a.Group + a.Source + a.Originator, b.Group + b.Source + b.Originator));
            string role = t.Options.PimEvpnGateway ? "Border leaf (PEG)" : "Server leaf";
            var ownFlags = t.ImetFlags(sbd) | (_node.Snooping ? FloodListMember.MulticastFlagIgmpProxy | FloodListMember.MulticastFlagMldProxy : 0);
            bool peg = t.Options.PimEvpnGateway;
            tenants.Add(new OismTenantState(t.Options.Tenant, role, sbd.Vlan, sbd.Vni, FlagNames((ushort)ownFlags), domains, peers, routes,
                dp is null ? [] : [.. dp.OismFlows().Where(f => f.Tenant == t.Options.Tenant)],
                peg && definition.Oism!.ExternalSource != 0 ? new Ipv4Address(definition.Oism.ExternalSource).ToString() : null,
                peg ? [.. definition.Oism!.ExternalGroups.Select(g => new Ipv4Address(g).ToString())] : [],
                dp is null ? [] : [.. dp.ExternalReceptions().Where(e => e.Tenant == t.Options.Tenant).Select(e => e.Reception)]));
        }
        var (routed, supplementary, expired, external) = dp?.OismCounters ?? default;
        return new OismTable(_node.Name, tenants, routed, supplementary, expired, external)
        {
            MalformedRoutes = _oismRouteTargets?.Malformed ?? 0,
            LastMalformed = _oismRouteTargets?.LastProblem,
        };
    }

    private static string FlagNames(ushort flags)
    {
        var names = ExtendedCommunityText.MulticastFlagNames(flags);
        return names.Length == 0 ? $"0x{flags:x4}" : $"0x{flags:x4} [{string.Join(',', names)}]";
    }
}
