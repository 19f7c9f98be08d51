using System.Globalization;
using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Output;

/// <summary>
/// Shaped after Junos <c>show evpn l3-context</c> (one row per IP-VRF: type, advertisement, encapsulation, L3 VNI,
/// router MAC), then what <c>extensive</c> adds per context (RD, route targets, IRB interfaces, routes by source), then
/// the device's routing counters.
/// </summary>
public static class EvpnL3ContextText
{
    public static void Write(EvpnL3ContextTable t, TextWriter output)
    {
        if (t.Contexts.Count == 0)
        {
            output.WriteLine($"{t.Device} has no L3 context (IP-VRF)");
            return;
        }
        var rows = new TextColumns("L3 context", "Type", "Adv", "Encap", ">VNI/Label", "Router MAC/GW intf");
        foreach (var c in t.Contexts) rows.Add(c.Name, c.Type == "Configured" ? "Cfg" : c.Type, c.Advertisement, c.Encapsulation, c.L3Vni, c.RouterMac);
        rows.WriteTo(output);
        foreach (var c in t.Contexts)
        {
            output.WriteLine();
            output.WriteLine($"L3 context: {c.Name} ({c.Type})");
            output.WriteLine($"  Route distinguisher: {c.RouteDistinguisher}");
            output.WriteLine($"  Import targets: {string.Join(" ", c.ImportTargets)}");
            output.WriteLine($"  Export targets: {string.Join(" ", c.ExportTargets)}");
            output.WriteLine($"  IRB: {c.IrbMode}, host routes {(c.HostRoutes ? "advertised (ingress VMTO)" : "not advertised")}");
            output.WriteLine($"  Interfaces: {(c.Interfaces.Count == 0 ? "-" : string.Join(", ", c.Interfaces))}");
            int total = c.Routes.Values.Sum();
            output.WriteLine($"  Routes: {total} ({string.Join(", ", c.Routes.Where(r => r.Value > 0).Select(r => $"{r.Key} {r.Value}"))})");
        }
        var k = t.Counters;
        output.WriteLine();
        output.WriteLine($"Routing counters of {t.Device}:");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Routed packets: {k.RoutedPackets}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Gateway ARP replies: {k.GatewayArpReplies}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Glean requests: {k.GleanRequests}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Gateway neighbor advertisements: {k.GatewayNeighborAdvertisements}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Glean solicitations: {k.GleanSolicitations}"));
        output.WriteLine("  Drops: " + (k.Drops.Count == 0 ? "0" : string.Join(", ", k.Drops.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Key} {d.Value}")))));
    }
}
