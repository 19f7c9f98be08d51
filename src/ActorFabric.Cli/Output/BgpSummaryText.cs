using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Output;

/// <summary>A device's sessions shaped after Junos <c>show bgp summary</c>: table totals, then one line per peer with the per-table counts under it.</summary>
public static class BgpSummaryText
{
    public static void Write(BgpSummary s, TextWriter output)
    {
        int down = s.Peers.Count - s.Established;
        long received = 0, active = 0;
        foreach (var p in s.Peers)
        {
            received += p.RoutesReceived;
            active += p.RoutesActive;
        }
        output.WriteLine($"{s.Device}: local AS {s.LocalAs}, router ID {s.RouterId}");
        output.WriteLine($"Groups: 1 Peers: {s.Peers.Count} Down peers: {down}");
        var tables = new TextColumns("Table", ">Tot Paths", ">Act Paths", ">Suppressed", ">History", ">Damp State", ">Pending");
        tables.Add("bgp.evpn.0", received, active, 0, 0, 0, 0);
        tables.WriteTo(output);
        var peers = new TextColumns("Peer", "Device", ">AS", ">InPkt", ">OutPkt", ">OutQ", ">Flaps", ">Last Up/Dwn", "State|#Active/Received/Accepted/Damped", "BFD");
        foreach (var p in s.Peers)
        {
            var state = p.State == "Established"
                ? $"Establ bgp.evpn.0: {p.RoutesActive}/{p.RoutesReceived}/{p.RoutesReceived}/0"
                : p.State;
            peers.Add(p.Peer, p.PeerDevice ?? "-", p.PeerAs, p.MessagesReceived, p.MessagesSent, 0, p.Flaps, DurationText.Clock(p.LastChange), state, p.BfdState ?? "-");
        }
        peers.WriteTo(output);
    }
}
