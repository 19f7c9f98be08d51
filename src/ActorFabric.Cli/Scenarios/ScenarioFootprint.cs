using ActorFabric.Cli.Control;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cli.Scenarios;

/// <summary>
/// What a chaos action can disturb, at one instant: the EVPN paths in every leaf's and route reflector's
/// bgp.evpn.0 (prefix, next hop, peer learned from), where each leaf's FDB puts each MAC, and the established
/// BGP sessions. Two footprints give a timeline entry's <see cref="ScenarioChanges"/>. Above
/// <see cref="DetailLimit"/> devices only the convergence totals are compared (one query per device and action
/// would dominate a large run): then the figures are net changes and <c>fdb_moved</c> is null.
/// </summary>
internal sealed class ScenarioFootprint
{
    public const int DetailLimit = 128;

    private readonly HashSet<string>? _routes, _sessions;
    private readonly Dictionary<string, string>? _fdb;
    private readonly long _routeTotal, _sessionTotal;

    private ScenarioFootprint(HashSet<string>? routes, HashSet<string>? sessions, Dictionary<string, string>? fdb, long routeTotal, long sessionTotal)
    {
        (_routes, _sessions, _fdb, _routeTotal, _sessionTotal) = (routes, sessions, fdb, routeTotal, sessionTotal);
    }

    public static async Task<ScenarioFootprint> TakeAsync(IFabricControl fabric)
    {
        var progress = fabric.Progress;
        if (fabric.Topology.Nodes.Length > DetailLimit)
            return new ScenarioFootprint(null, null, null, progress.RoutesPresent, progress.SessionsEstablished);
        var routes = new HashSet<string>(StringComparer.Ordinal);
        var sessions = new HashSet<string>(StringComparer.Ordinal);
        var fdb = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in fabric.Topology.Nodes)
        {
            if (!node.IsVtep && !node.IsRouteReflector) continue; // a plain spine carries no EVPN
            foreach (var r in (await fabric.RouteTableAsync(node.Name, "bgp.evpn.0").ConfigureAwait(false)).Routes)
                routes.Add($"{node.Name}|{r.Prefix}|{r.NextHop}|{r.Source}");
            foreach (var p in (await fabric.BgpSummaryAsync(node.Name).ConfigureAwait(false)).Peers)
                if (p.State == "Established") sessions.Add($"{node.Name}|{p.Peer}");
            if (!node.IsVtep) continue;
            foreach (var e in (await fabric.FdbAsync(node.Name).ConfigureAwait(false)).Entries)
                fdb[$"{node.Name}|{e.Vni}|{e.Mac}"] = $"{e.Port}|{e.Vtep}";
        }
        return new ScenarioFootprint(routes, sessions, fdb, routes.Count, sessions.Count);
    }

    /// <summary>What changed from this footprint to <paramref name="after"/>.</summary>
    public ScenarioChanges To(ScenarioFootprint after)
    {
        if (_routes is null || after._routes is null)
            return new ScenarioChanges(Math.Max(0, _routeTotal - after._routeTotal), Math.Max(0, after._routeTotal - _routeTotal), null,
                Math.Max(0, _sessionTotal - after._sessionTotal));
        long moved = 0;
        foreach (var (key, where) in _fdb!)
            if (after._fdb!.TryGetValue(key, out var now) && now != where) moved++;
        return new ScenarioChanges(Missing(_routes, after._routes), Missing(after._routes, _routes), moved, Missing(_sessions!, after._sessions!));
    }

    private static long Missing(HashSet<string> from, HashSet<string> other)
    {
        long n = 0;
        foreach (var k in from) if (!other.Contains(k)) n++;
        return n;
    }
}
