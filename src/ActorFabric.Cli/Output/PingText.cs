using System.Globalization;
using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Output;

/// <summary>ping(8)-style output with emulated round-trip times, followed by the path the first echo request took.</summary>
public static class PingText
{
    public static void Write(PingResult p, TextWriter output)
    {
        output.WriteLine($"PING {p.Destination} ({p.DestinationIp}) from {p.Source}: {p.Sent} packets");
        foreach (var r in p.Replies)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"64 bytes from {p.DestinationIp}: icmp_seq={r.Sequence} ttl={r.Ttl} time={r.RoundTripMs:0.###} ms (emulated)"));
        output.WriteLine($"--- {p.Destination} ping statistics ---");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p.Sent} packets transmitted, {p.Received} received, {p.LossPercent:0.#}% packet loss"));
        if (p.Replies.Count > 0)
        {
            double min = double.MaxValue, max = 0, sum = 0;
            foreach (var r in p.Replies)
            {
                min = Math.Min(min, r.RoundTripMs);
                max = Math.Max(max, r.RoundTripMs);
                sum += r.RoundTripMs;
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rtt min/avg/max = {min:0.###}/{sum / p.Replies.Count:0.###}/{max:0.###} ms"));
        }
        if (p.Path.Count > 0) output.WriteLine("path: " + FormatPath(p.Path));
        // Only routed flows: a bridged ping's output stays as ping(8) prints it.
        if (p.RoutedHops > 0 || p.TromboneHops > 0)
            output.WriteLine($"routing: {p.RoutedHops} routed hop{(p.RoutedHops == 1 ? "" : "s")}, {p.FabricCrossings} fabric crossing{(p.FabricCrossings == 1 ? "" : "s")}, " +
                $"{p.TromboneHops} trombone hop{(p.TromboneHops == 1 ? "" : "s")}");
    }

    /// <summary><c>h1 -> leaf1 (eth3 -> eth1) -> spine1 (eth1 -> eth3) -> leaf3 (eth1 -> eth3) -> h5</c>.</summary>
    public static string FormatPath(IReadOnlyList<PathHop> path)
    {
        var parts = new List<string>(path.Count);
        foreach (var hop in path)
            parts.Add(hop.IngressPort is null && hop.EgressPort is null ? hop.Device
                : $"{hop.Device} ({hop.IngressPort ?? "-"} -> {hop.EgressPort ?? "-"}{(hop.Routed ? ", routed" : "")})");
        return string.Join(" -> ", parts);
    }
}
