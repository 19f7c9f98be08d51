using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Output;

/// <summary>
/// Shaped after Junos <c>show route table VRF.inet.0</c>: the header with destination and route counts, then per prefix
/// each protocol entry ([Direct/0], [Local/0], [Static/5], [EVPN/7] host routes, [EVPN/170] type 5; '*' on the active
/// one) and its next hops: the IRB interface, or the remote VTEP with VNI and router MAC (several lines: ECMP).
/// </summary>
public static class IpVrfRouteTableText
{
    public static void Write(IpVrfRouteTable table, TextWriter output)
    {
        RouteTableText.WriteHeader(table.Table, table.Routes.Select(r => (r.Prefix, r.Active)), output);
        string? previous = null;
        foreach (var r in table.Routes)
        {
            var head = r.Prefix == previous ? "" : r.Prefix;
            previous = r.Prefix;
            output.WriteLine($"{head,-18} {(r.Active ? "*" : " ")}[{r.Protocol}/{r.Preference}]");
            foreach (var hop in r.NextHops) output.WriteLine("                    " + NextHop(r, hop));
        }
    }

    private static string NextHop(IpVrfRouteEntry route, IpVrfNextHop hop)
    {
        var mark = route.Active ? ">" : " ";
        if (route.Protocol == "Local") return $"   Local via {hop.Interface}";
        if (hop.Interface is { } irb) return $"{mark}  via {irb}" + (hop.Mac is { } mac ? $", mac {mac}" : "");
        if (hop.Vtep is { } vtep)
        {
            var parts = new List<string> { $"{mark}  to {vtep}" + (hop.VtepDevice is { } d ? $" ({d})" : "") + " via vtep" };
            if (hop.Gateway is { } gw) parts.Add($"gateway {gw}");
            if (hop.Vni is { } vni) parts.Add($"vni {vni}");
            if (hop.RouterMac is { } rmac) parts.Add($"router-mac {rmac}");
            if (hop.Mac is { } mac) parts.Add($"mac {mac}");
            if (hop.Sequence is { } seq and > 0) parts.Add($"mac-mobility seq {seq}");
            return string.Join(", ", parts);
        }
        return hop.Gateway is { } next ? $"{mark}  to {next} (external)" : $"{mark}  external";
    }
}
