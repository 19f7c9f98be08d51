using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Output;

/// <summary>
/// Shaped after Junos <c>show evpn ip-prefix-database</c>: per L3 context the IPv4 (then IPv6) prefixes exported as
/// type-5 routes with their status, and the imported ones with route distinguisher, VNI, router MAC and the next hop,
/// overlay gateway or ESI of each advertisement (RFC 9136 §3.1).
/// </summary>
public static class EvpnIpPrefixDatabaseText
{
    public static void Write(EvpnIpPrefixDatabase db, TextWriter output)
    {
        if (db.Contexts.Count == 0) output.WriteLine($"{db.Device} has no L3 context (IP-VRF)");
        bool first = true;
        foreach (var c in db.Contexts)
        {
            if (!first) output.WriteLine();
            first = false;
            output.WriteLine($"L3 context: {c.Vrf}");
            foreach (bool ipv6 in new[] { false, true })
            {
                var family = ipv6 ? "IPv6" : "IPv4";
                var exported = c.Exported.Where(e => e.Prefix.Contains(':') == ipv6).ToList();
                var imported = c.Imported.Where(i => i.Prefix.Contains(':') == ipv6).ToList();
                if (ipv6 && exported.Count == 0 && imported.Count == 0) continue;
                output.WriteLine();
                output.WriteLine($"{family}->EVPN Exported Prefixes");
                output.WriteLine();
                var ex = new TextColumns("Prefix", "EVPN route status");
                foreach (var e in exported) ex.Add(e.Prefix, e.Status);
                ex.WriteTo(output);
                output.WriteLine();
                output.WriteLine($"EVPN->{family} Imported Prefixes");
                output.WriteLine();
                WriteImported(imported, output);
            }
        }
    }

    private static void WriteImported(List<EvpnImportedPrefix> imported, TextWriter output)
    {
        output.WriteLine("Prefix                                       Etag");
        string? previous = null;
        var rows = new TextColumns("Route distinguisher", "VNI/Label", "Router MAC", "Nexthop/Overlay GW/ESI", "Device");
        foreach (var i in imported)
        {
            if (i.Prefix != previous)
            {
                Flush(rows, output);
                rows = new TextColumns("Route distinguisher", "VNI/Label", "Router MAC", "Nexthop/Overlay GW/ESI", "Device");
                output.WriteLine($"{i.Prefix,-44} {i.EthernetTag}");
                previous = i.Prefix;
            }
            var where = i.Gateway ?? (i.Esi != "00:00:00:00:00:00:00:00:00:00" ? i.Esi : i.Vtep);
            rows.Add((i.Active ? "*" : " ") + i.RouteDistinguisher, i.Label, i.RouterMac ?? "-", where, i.VtepDevice ?? "-");
        }
        Flush(rows, output);
    }

    private static void Flush(TextColumns rows, TextWriter output)
    {
        if (rows.Count > 0) rows.WriteTo(output, "  ");
    }
}
