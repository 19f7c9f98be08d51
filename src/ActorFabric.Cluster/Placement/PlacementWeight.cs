using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cluster.Placement;

/// <summary>
/// How much of the fabric's work an entity is expected to be, in units of one actor or one table entry:
/// <list type="bullet">
/// <item>every device, host and fabric link: 1 (one actor each);</item>
/// <item>a VTEP also holds, for each broadcast domain it carries, one MAC/IP route per host of the domain
/// fabric-wide (type 2, RFC 7432 §7.2) and one inclusive multicast route per VTEP of the domain (type 3, §7.3);</item>
/// <item>a route reflector holds those routes of every domain (it reflects all of them, RFC 4456);</item>
/// <item>a spine that does not reflect carries only the underlay: 1.</item>
/// </list>
/// Routes dominate: a leaf of bench-256 weighs 1 + 400 hosts + 10,752 routes. The count is of routes a device
/// keeps (imported), not of those it is sent; without route-target constraint (RFC 4684) a leaf also receives and
/// drops the rest, which this leaves out.
/// </summary>
internal static class PlacementWeight
{
    public const double PerDevice = 1;
    public const double PerHost = 1;
    public const double PerLink = 1;
    public const double PerRoute = 1;

    /// <summary>Weight of each node (device) itself, hosts and links not included.</summary>
    public static double[] OfDevices(FabricTopology t, bool[] isReflector)
    {
        var domainRoutes = new long[t.BroadcastDomains.Length];
        foreach (var h in t.Hosts) domainRoutes[h.BroadcastDomain]++;
        foreach (var n in t.Nodes)
            if (n.IsVtep)
                foreach (int d in n.BroadcastDomains) domainRoutes[d]++;
        long allRoutes = 0;
        foreach (long r in domainRoutes) allRoutes += r;

        var weights = new double[t.Nodes.Length];
        foreach (var n in t.Nodes)
        {
            long routes = 0;
            if (isReflector[n.Index]) routes = allRoutes;
            else if (n.IsVtep)
                foreach (int d in n.BroadcastDomains) routes += domainRoutes[d];
            weights[n.Index] = PerDevice + PerRoute * routes;
        }
        return weights;
    }
}
