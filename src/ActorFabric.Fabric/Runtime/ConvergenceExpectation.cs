using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// The end state a converged fabric reaches, computed once from the topology: every configured session
/// established at both ends, every route each leaf should import, every flood list complete. Immutable, so every
/// device and the monitor may hold the same instance.
/// </summary>
internal sealed class ConvergenceExpectation
{
    private readonly Dictionary<uint, int> _leavesPerVni;

    public ConvergenceExpectation(FabricTopology topology, bool hostsAnnounced)
    {
        // Sessions: each configured session counts once per end (both ends must see Established).
        SessionsExpected = topology.BgpSessions.Length * 2;

        // Per leaf and VNI: one type-3 from every other leaf with the VNI (flood list), and (when hosts announce
        // themselves) a MAC-only and a MAC+IP type-2 per remote host of the VNI, and a MAC+IPv6 type-2 for a host with
        // an IPv6 address (it announces that one with an unsolicited Neighbor Advertisement).
        // A replicator also originates a Replicator-AR type-3 per VNI (RFC 9574 §4), imported by every other VTEP of it.
        var leavesPerVni = new Dictionary<uint, int>();
        var replicatorsPerVni = new Dictionary<uint, int>();
        var hostsPerVni = new Dictionary<uint, int>();
        foreach (var n in topology.Nodes)
        {
            if (!n.IsVtep) continue;
            foreach (var d in n.BroadcastDomains)
            {
                var vni = topology.BroadcastDomains[d].Vni;
                leavesPerVni[vni] = leavesPerVni.GetValueOrDefault(vni) + 1;
                if (n.ArRole == ArRole.Replicator) replicatorsPerVni[vni] = replicatorsPerVni.GetValueOrDefault(vni) + 1;
            }
        }
        foreach (var h in topology.Hosts) hostsPerVni[h.Vni] = hostsPerVni.GetValueOrDefault(h.Vni) + RoutesOf(h);
        // Per leaf, the VNIs of the multihomed hosts on its segments that another member is the host's leaf of.
        var segmentHostsOn = new Dictionary<int, List<(uint Vni, int Routes)>>();
        foreach (var h in topology.Hosts)
        {
            if (!h.IsMultihomed) continue;
            foreach (var m in topology.EthernetSegments[h.Segment].Members)
            {
                if (m.Leaf == h.Leaf) continue;
                if (!segmentHostsOn.TryGetValue(m.Leaf, out var list)) segmentHostsOn[m.Leaf] = list = [];
                list.Add((h.Vni, RoutesOf(h)));
            }
        }
        var gatewaysPerVni = CrbGatewayRoutes(topology);
        var overlayGateways = OverlayGatewayRoutes(topology);
        long routes = 0;
        int floodLists = 0;
        foreach (var n in topology.Nodes)
        {
            if (!n.IsVtep) continue;
            // Hosts whose routes this leaf does not import: its own, and those behind a segment it is a member of
            // (every member may advertise them; the MAC-VRF counts none of those records on a member).
            var local = new Dictionary<uint, int>();
            foreach (var h in topology.HostsOn(n.Index)) local[h.Vni] = local.GetValueOrDefault(h.Vni) + RoutesOf(h);
            if (segmentHostsOn.TryGetValue(n.Index, out var behindSegments))
                foreach (var (vni, count) in behindSegments) local[vni] = local.GetValueOrDefault(vni) + count;
            foreach (var d in n.BroadcastDomains)
            {
                var vni = topology.BroadcastDomains[d].Vni;
                int otherLeaves = leavesPerVni[vni] - 1;
                if (otherLeaves > 0) floodLists++;
                routes += otherLeaves + replicatorsPerVni.GetValueOrDefault(vni) - (n.ArRole == ArRole.Replicator ? 1 : 0);
                if (hostsAnnounced) routes += hostsPerVni.GetValueOrDefault(vni) - local.GetValueOrDefault(vni);
                if (gatewaysPerVni.TryGetValue(vni, out var gateway) && gateway.Nodes - (n.IsRoutingNode ? 1 : 0) > 0) routes += gateway.Routes;
                if (overlayGateways.TryGetValue(vni, out var owners)) routes += owners.Count - (owners.Contains(n.Index) ? 1 : 0);
            }
        }
        RoutesExpected = routes;
        _leavesPerVni = leavesPerVni;
        FloodListsExpected = floodLists;
    }

    /// <summary>
    /// CRB: per VNI with an IRB, how many routing nodes advertise its anycast gateway and how many MAC+IP routes each
    /// sends (one per gateway address family). Every other VTEP of the VNI imports them, and because they share the
    /// virtual gateway ESI the MAC-VRF counts one record per (MAC, IP) however many routing nodes sent it (as for a
    /// multihomed host): a VTEP counts them when at least one other routing node has the VNI.
    /// </summary>
    private static Dictionary<uint, (int Nodes, int Routes)> CrbGatewayRoutes(FabricTopology topology)
    {
        var result = new Dictionary<uint, (int, int)>();
        if (topology.Routing.Design != RoutingDesign.Crb) return result;
        foreach (var n in topology.Nodes)
        {
            if (!n.IsRoutingNode) continue;
            foreach (var d in n.BroadcastDomains)
            {
                var bd = topology.BroadcastDomains[d];
                if (bd.IpVrf < 0) continue;
                int families = (bd.Gateway != 0 ? 1 : 0) + (bd.Gateway6PrefixLength != 0 ? 1 : 0);
                if (families == 0) continue;
                var (nodes, _) = result.GetValueOrDefault(bd.Vni);
                result[bd.Vni] = (nodes + 1, families);
            }
        }
        return result;
    }

    /// <summary>
    /// The gateway-IP type 5 model: per VNI, the routing VTEPs whose overlay gateway MAC+IP route is in it (one per
    /// VRF they route), imported by every other VTEP of the VNI (OverlayGateway).
    /// </summary>
    private static Dictionary<uint, List<int>> OverlayGatewayRoutes(FabricTopology topology)
    {
        var result = new Dictionary<uint, List<int>>();
        if (!OverlayGateway.Enabled(topology)) return result;
        foreach (var vrf in topology.IpVrfs)
            foreach (int r in vrf.RoutingNodes)
            {
                var node = topology.Nodes[r];
                if (!node.IsVtep || OverlayGateway.Domain(topology, node, vrf) is not { } bd) continue;
                if (!result.TryGetValue(bd.Vni, out var owners)) result[bd.Vni] = owners = [];
                owners.Add(r);
            }
        return result;
    }

    /// <summary>Type-2 routes an announced host has: MAC-only, MAC+IPv4 and, with an IPv6 address, MAC+IPv6.</summary>
    private static int RoutesOf(in FabricHost host) => host.HasIpv6 ? 3 : 2;

    public int SessionsExpected { get; }

    public long RoutesExpected { get; }

    public int FloodListsExpected { get; }

    /// <summary>How many remote VTEPs a complete flood list for <paramref name="vni"/> holds.</summary>
    public int ExpectedFloodListSize(uint vni) => _leavesPerVni.TryGetValue(vni, out var n) ? n - 1 : 0;
}
