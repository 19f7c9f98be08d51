using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Output;

/// <summary>
/// Shaped after Junos <c>show route table bgp.evpn.0</c>: a header with destination and route counts, then per
/// prefix its protocol ([EVPN/170] for local, [BGP/170] for learned), local preference, the peer it came from,
/// and the protocol next hop.
/// </summary>
public static class RouteTableText
{
    public static void Write(RouteTable table, TextWriter output)
    {
        WriteHeader(table.Table, table.Routes.Select(r => (r.Prefix, r.Best)), output);
        // Junos lists the active path of a destination first; keep the table's order otherwise.
        var ordered = new List<RouteEntry>(table.Routes.Count);
        var byPrefix = new Dictionary<string, List<RouteEntry>>(StringComparer.Ordinal);
        foreach (var r in table.Routes)
        {
            if (!byPrefix.TryGetValue(r.Prefix, out var paths)) byPrefix[r.Prefix] = paths = [];
            paths.Add(r);
        }
        foreach (var r in table.Routes)
        {
            if (!byPrefix.Remove(r.Prefix, out var paths)) continue;
            foreach (var p in paths) if (p.Best) ordered.Add(p);
            foreach (var p in paths) if (!p.Best) ordered.Add(p);
        }
        string? previous = null;
        foreach (var r in ordered)
        {
            if (r.Prefix != previous) output.WriteLine($"{r.Prefix} {TypeName(r.RouteType)}");
            previous = r.Prefix;
            var mark = r.Best ? "*" : " ";
            if (r.Source == "local")
            {
                output.WriteLine($"                   {mark}[EVPN/170]");
                output.WriteLine("                      Indirect");
            }
            else
            {
                output.WriteLine($"                   {mark}[BGP/170] localpref {r.LocalPreference}, from {PeerAddress(r.Source)}");
                var reflected = r.OriginatorId is null ? "" : $", originator {r.OriginatorId}, cluster list {string.Join(" ", r.ClusterList)}";
                output.WriteLine($"                      AS path: I{reflected}");
                output.WriteLine($"                    > to {r.NextHop}");
            }
            var extras = new List<string>();
            if (r.RouteTargets.Count > 0) extras.Add(string.Join(" ", r.RouteTargets));
            if (r.Vni is { } vni) extras.Add($"vni {vni}");
            if (r.MobilitySequence is { } seq) extras.Add($"mac-mobility seq {seq}");
            if (extras.Count > 0) output.WriteLine($"                      Communities: {string.Join(", ", extras)}");
        }
    }

    /// <summary>The Junos table header: destinations (distinct prefixes), routes and active ones, then the legend.</summary>
    public static void WriteHeader(string table, IEnumerable<(string Prefix, bool Active)> routes, TextWriter output)
    {
        var destinations = new HashSet<string>(StringComparer.Ordinal);
        int count = 0, active = 0;
        foreach (var (prefix, isActive) in routes)
        {
            destinations.Add(prefix);
            count++;
            if (isActive) active++;
        }
        output.WriteLine($"{table}: {destinations.Count} destinations, {count} routes ({active} active, 0 holddown, 0 hidden)");
        output.WriteLine("+ = Active Route, - = Last Active, * = Both");
        output.WriteLine();
    }

    /// <summary>The peer's address: the runtime may prefix it with its session name ("peer#2 10.0.0.2").</summary>
    private static string PeerAddress(string source)
    {
        var space = source.LastIndexOf(' ');
        return space < 0 ? source : source[(space + 1)..];
    }

    /// <summary>RFC 7432 §7 route type names as Junos prints them.</summary>
    public static string TypeName(int type) => type switch
    {
        1 => "A-D",
        2 => "MAC/IP",
        3 => "IM",
        4 => "ES",
        5 => "IP-Prefix",
        6 => "SMET",
        7 => "Join-Synch",
        8 => "Leave-Synch",
        _ => $"type-{type}",
    };
}
