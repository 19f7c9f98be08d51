using System.Net;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Evpn;
using ActorFabric.Protocols.Multicast.Replication;
using ActorFabric.Protocols.Multicast.Snooping;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Multicast.Oism;

/// <summary>
/// One tenant's Optimized Inter-Subnet Multicast state on one PE (RFC 9625), sans-I/O: the local revenue BDs and the
/// supplementary broadcast domain (SBD), the OISM flags of their IMET routes, the SBD-SMET routes that stand for every
/// local receiver whatever its BD (§2.5), and the forwarding decisions of the data plane: which PEs get a frame in its
/// source BD and which in the SBD (§2.3), which BD a received frame is in (the "apparent source BD", §2.4), and which
/// local BDs the IP-VRF routes it into. Not thread-safe: the hosting device owns it.
/// </summary>
public sealed class OismTenant
{
    private const int MaxCachedFlows = 4096;

    private sealed class Cached(long sbdFlood, long sbdInterest, long sourceFlood, FloodTarget[] targets)
    {
        public readonly long SbdFlood = sbdFlood, SbdInterest = sbdInterest, SourceFlood = sourceFlood;
        public readonly FloodTarget[] Targets = targets;
    }

    private readonly List<OismDomain> _revenue = [];
    // Local interest per (S,G): the BDs (by VNI) whose snooping wants it and their SMET flags; one SBD-SMET stands for all.
    private readonly Dictionary<(InetAddress? Source, InetAddress Group), Dictionary<uint, MulticastRouteFlags>> _localInterest = [];
    private readonly Dictionary<(uint Vni, MulticastFlow Flow, IPAddress? Except), Cached> _sbdCopies = [];

    public OismTenant(OismTenantOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
    }

    public OismTenantOptions Options { get; }

    /// <summary>The tenant's SBD on this PE; null until attached.</summary>
    public OismDomain? Supplementary { get; private set; }

    /// <summary>The tenant's ordinary BDs on this PE, in attachment order.</summary>
    public IReadOnlyList<OismDomain> Revenue => _revenue;

    /// <summary>SBD-SMET routes this PE asks for now (one per (S,G)), for show commands.</summary>
    public int SbdSelectiveRoutes => _localInterest.Count;

    /// <summary>
    /// Makes <paramref name="bd"/> of <paramref name="vrf"/> a BD of the tenant (the SBD when <paramref name="supplementary"/>);
    /// the MAC-VRF then hands its local interest and its IMET flags to this tenant. Before the MAC-VRF starts.
    /// </summary>
    public OismDomain Attach(MacVrf vrf, BridgeDomain bd, MacAddress irbMac, bool supplementary)
    {
        ArgumentNullException.ThrowIfNull(vrf);
        ArgumentNullException.ThrowIfNull(bd);
        var domain = new OismDomain(vrf, bd, irbMac, supplementary);
        if (supplementary)
        {
            if (Supplementary is not null) throw new InvalidOperationException($"tenant {Options.Tenant} already has an SBD");
            Supplementary = domain;
        }
        else _revenue.Add(domain);
        vrf.Oism = this;
        return domain;
    }

    /// <summary>The tenant's local BD (revenue or SBD) that carries <paramref name="vni"/>.</summary>
    public bool TryGetDomain(uint vni, out OismDomain domain)
    {
        if (Supplementary is { } s && s.Bridge.Vni == vni)
        {
            domain = s;
            return true;
        }
        foreach (var d in _revenue)
            if (d.Bridge.Vni == vni)
            {
                domain = d;
                return true;
            }
        domain = null!;
        return false;
    }

    /// <summary>
    /// The OISM bits of the Multicast Flags EC on the IMET route of <paramref name="bd"/> (RFC 9625 §8): OISM on every
    /// IMET of the tenant, SBD (and PEG on a gateway) on the SBD-IMET.
    /// </summary>
    public ushort ImetFlags(BridgeDomain bd)
    {
        if (Supplementary is not { } sbd || !ReferenceEquals(bd, sbd.Bridge)) return OismFlags.Supported;
        ushort flags = OismFlags.Supported | OismFlags.SupplementaryBroadcastDomain;
        if (Options.PimEvpnGateway) flags |= OismFlags.PimEvpnGateway;
        return flags;
    }

    /// <summary>
    /// Originates the interest of the receivers beyond a PEG: (*,G) SBD-SMET routes for the external groups, as if PIM
    /// joins had arrived on its external interface (RFC 9625 §5.1). Call once the SBD's MAC-VRF has started.
    /// </summary>
    public void Start()
    {
        if (Supplementary is not { } sbd || !Options.PimEvpnGateway) return;
        foreach (var group in Options.ExternalGroups)
            TakeLocalInterest(sbd.Bridge, new LocalInterestChanged(group, null, MulticastRouteFlags.IgmpV2, true));
    }

    /// <summary>
    /// Snooping of a tenant BD found the first local receiver of (S,G) or lost the last: the SMET goes into the SBD,
    /// with the SBD's route targets and Ethernet tag, and stands for every local BD that wants (S,G) (RFC 9625 §2.5: an
    /// OISM PE's SMET routes are SBD-SMET routes, so PEs learn receivers in BDs they do not have). Returns false when
    /// the tenant has no SBD here (the MAC-VRF then originates the ordinary SMET).
    /// </summary>
    public bool TakeLocalInterest(BridgeDomain from, LocalInterestChanged change)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(change);
        if (Supplementary is not { } sbd) return false;
        var key = (change.Source, change.Group);
        if (!_localInterest.TryGetValue(key, out var byVni))
        {
            if (!change.Present) return true;
            _localInterest[key] = byVni = [];
        }
        if (change.Present) byVni[from.Vni] = change.Flags;
        else byVni.Remove(from.Vni);
        var flags = MulticastRouteFlags.None;
        foreach (var f in byVni.Values) flags |= f;
        if (byVni.Count == 0) _localInterest.Remove(key);
        sbd.Vrf.SyncSbdSelectiveMulticast(sbd.Bridge, change.Source, change.Group, flags, byVni.Count > 0);
        return true;
    }

    /// <summary>
    /// A remote SBD-SMET route was imported into (or withdrawn from) the SBD: the (S,G) state it carries is installed on
    /// every local revenue BD too (seed 004: OISM devices derive their states from type 6 routes on the SBD and the
    /// revenue VLANs), so SMET-pruned replication in a revenue BD, an AR leaf's and an AR replicator's, follows it.
    /// </summary>
    public void OnSupplementaryInterest(BridgeDomain bd, SelectiveMulticastRoute route, bool present)
    {
        ArgumentNullException.ThrowIfNull(route);
        if (Supplementary is not { } sbd || !ReferenceEquals(bd, sbd.Bridge)) return;
        foreach (var d in _revenue)
        {
            if (present) d.Bridge.Interest.Apply(route, route.OriginatorIp);
            else d.Bridge.Interest.Withdraw(route);
        }
    }

    /// <summary>
    /// The copies of a (S,G) frame from source BD <paramref name="source"/> that go in the SBD: one per PE that wants
    /// the flow (its SBD-SMET, or no IGMP/MLD proxy flag: every flow, RFC 9251 §9.4) but has no IMET route in the source
    /// BD, so is not attached to it; that PE's apparent source BD is the SBD (RFC 9625 §2.4), where the frame is
    /// distributed as if from a local port of the SBD (§2.3). <paramref name="except"/> (the ingress PE, at a replicator)
    /// is left out. Sorted by VTEP; cached per flow until a flood list or the SBD interest changes.
    /// </summary>
    public ReadOnlySpan<FloodTarget> SupplementaryTargets(BridgeDomain source, in MulticastFlow flow, IPAddress? except = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (Supplementary is not { } s || ReferenceEquals(source, s.Bridge) || flow.IsLinkLocal) return [];
        var sbd = s.Bridge;
        var key = (source.Vni, flow, except);
        if (_sbdCopies.TryGetValue(key, out var c) && c.SbdFlood == sbd.FloodList.Version && c.SbdInterest == sbd.Interest.Version &&
            c.SourceFlood == source.FloodList.Version)
            return c.Targets;
        if (_sbdCopies.Count >= MaxCachedFlows) _sbdCopies.Clear();
        var list = new List<FloodTarget>();
        foreach (var m in sbd.FloodList.Members)
        {
            if (!m.WantsIngressReplicated(BumTrafficKind.Multicast) || m.Vtep.Equals(except)) continue;
            if (list.Count > 0 && list[^1].Vtep.Equals(m.Vtep)) continue;
            if (IsAttached(source.FloodList, m.Vtep) || !sbd.Interest.Receives(m, flow)) continue;
            list.Add(new FloodTarget(m.Vtep, m.Vni));
        }
        c = new Cached(sbd.FloodList.Version, sbd.Interest.Version, source.FloodList.Version, [.. list]);
        _sbdCopies[key] = c;
        return c.Targets;
    }

    /// <summary>Whether receivers beyond this PEG joined the flow's group (only a PEG has external receivers).</summary>
    public bool WantsExternally(in MulticastFlow flow)
    {
        if (!Options.PimEvpnGateway) return false;
        foreach (var g in Options.ExternalGroups)
            if (g.Family == (flow.IsIpv6 ? IpFamily.V6 : IpFamily.V4) && ((UInt128)g.High << 64 | g.Low) == flow.Group) return true;
        return false;
    }

    private static bool IsAttached(FloodList floodList, IPAddress vtep)
    {
        foreach (var m in floodList.Members)
            if (m.IsIngressReplication && m.Vtep.Equals(vtep)) return true;
        return false;
    }
}
