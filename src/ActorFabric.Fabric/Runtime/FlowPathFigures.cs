using ActorFabric.Fabric.Topology;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// Routing figures of one traced flow (the path of a ping's first echo request):
/// <list type="bullet">
/// <item><b>Routed hops</b>: devices that routed the packet (an IP-VRF lookup with TTL decrement): 1 when the ingress
/// leaf delivers it locally or bridges it into the destination's VNI (asymmetric IRB, RFC 9135 §6), 2 for symmetric IRB
/// (ingress and egress leaf, §5), more when the packet is routed again on the way.</item>
/// <item><b>Stops</b>: the VTEPs (leaves, border leaves) on the path, and in a centrally-routed design the nodes that
/// route; the spines in between only carry the underlay packet. Consecutive hops on one device count once.</item>
/// <item><b>Fabric crossings</b>: stops − 1, the overlay legs from VTEP to VTEP.</item>
/// <item><b>Trombone hops</b>: fabric crossings beyond the direct path. The direct path crosses the fabric once, from
/// the source host's leaf to the destination host's leaf (zero times when both hang off one leaf), plus once more
/// through a central gateway that routed it in a centrally-routed design. Every other stop in between is a VTEP the
/// packet detoured through — typically the leaf a VM moved away from, which still attracts the subnet's traffic
/// without ingress VMTO (the trombone of the seeds) — and counts one.</item>
/// </list>
/// A ping to an address (an anycast gateway, an address behind a border leaf) is traced there and back, so its path ends
/// at the source host again: the figures count the echo request only, up to the first device that answers for the
/// address (the host that has it, a node routing the gateway's or gateway6's VLAN, or the border leaf whose external prefix holds it).
/// </summary>
public static class FlowPathFigures
{
    /// <summary><paramref name="result"/> with <see cref="PingResult.RoutedHops"/>, fabric crossings and trombone hops filled in.</summary>
    public static PingResult Of(PingResult result, FabricTopology topology) => Of(result, topology, out _);

    /// <param name="detours">The stops counted as trombone hops, in path order.</param>
    public static PingResult Of(PingResult result, FabricTopology topology, out IReadOnlyList<string> detours)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(topology);
        int routed = 0;
        var stops = new List<PathHop>();
        foreach (var hop in RequestHops(result, topology))
        {
            if (hop.Routed) routed++;
            if (!IsStop(topology, hop.Device)) continue;
            if (stops.Count > 0 && stops[^1].Device == hop.Device)
            {
                if (hop.Routed) stops[^1] = hop;
                continue;
            }
            stops.Add(hop);
        }
        var extra = new List<string>();
        bool gatewaySeen = false;
        for (int i = 1; i < stops.Count - 1; i++)
        {
            // One central gateway that routed the packet is part of the direct path of a CRB design.
            if (!gatewaySeen && stops[i].Routed && IsCentralGateway(topology, stops[i].Device)) { gatewaySeen = true; continue; }
            extra.Add(stops[i].Device);
        }
        detours = extra;
        return result with { RoutedHops = routed, FabricCrossings = Math.Max(0, stops.Count - 1), TromboneHops = extra.Count };
    }

    /// <summary>The hops of the echo request: the whole path to a host, or up to the device that answers for an address.</summary>
    private static IEnumerable<PathHop> RequestHops(PingResult result, FabricTopology topology)
    {
        var path = result.Path;
        bool roundTrip = path.Count > 1 && path[^1].Device == result.Source && !topology.Hosts.Any(h => h.Name == result.Destination);
        if (!roundTrip) return path;
        bool isIpv4 = Ipv4Address.TryParse(result.DestinationIp, out var v4);
        if (!isIpv4 && !(result.DestinationIp.Contains(':') && AddressSyntax.TryParseIpv6(result.DestinationIp, out _, out _))) return path;
        for (int i = 1; i < path.Count - 1; i++)
            if (isIpv4 ? AnswersFor(topology, path[i].Device, v4) : AnswersFor6(topology, path[i].Device, result.DestinationIp)) return path.Take(i + 1);
        return path;
    }

    /// <summary>
    /// Whether <paramref name="device"/> answers an echo request for <paramref name="address"/>: its anycast gateway in a
    /// VLAN it routes (RFC 9135 §4.1), or an external prefix it originates (the external router behind it answers).
    /// </summary>
    private static bool AnswersFor(FabricTopology topology, string device, Ipv4Address address)
    {
        foreach (var host in topology.Hosts)
            if (host.Name == device) return host.Ipv4 == address.Value;
        if (!topology.TryGetNode(device, out var node)) return false;
        foreach (var external in node.ExternalPrefixes)
            if (external.Prefix.Contains(address)) return true;
        return RoutesGateway(topology, node, d => topology.BroadcastDomains[d].Gateway == address.Value);
    }

    /// <summary>The IPv6 counterpart of <see cref="AnswersFor"/>: the gateway6 address of a VLAN it routes (no external IPv6 prefixes).</summary>
    private static bool AnswersFor6(FabricTopology topology, string device, string text)
    {
        AddressSyntax.TryParseIpv6(text, out var address, out _);
        foreach (var host in topology.Hosts)
            if (host.Name == device) return host.HasIpv6 && host.Ipv6 == address;
        return topology.TryGetNode(device, out var node) &&
            RoutesGateway(topology, node, d => topology.BroadcastDomains[d].Gateway6PrefixLength > 0 && topology.BroadcastDomains[d].Gateway6 == address);
    }

    private static bool RoutesGateway(FabricTopology topology, FabricNode node, Func<int, bool> isGateway)
    {
        foreach (int v in node.RoutesVrfs)
            foreach (int d in topology.IpVrfs[v].BroadcastDomains)
                if (isGateway(d) && node.BroadcastDomains.Contains(d)) return true;
        return false;
    }

    private static bool IsStop(FabricTopology topology, string device) =>
        topology.TryGetNode(device, out var node) && (node.IsVtep || IsCentralGateway(topology, device));

    private static bool IsCentralGateway(FabricTopology topology, string device) =>
        topology.Routing.Design == RoutingDesign.Crb && topology.TryGetNode(device, out var node) && (node.IsRoutingNode || node.RoutesVrfs.Count > 0);
}
