using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Output;

/// <summary>Shaped after Junos <c>show evpn instance esi-info</c>: per segment its link, mode, election state, peers and the DF of each VNI.</summary>
public static class EthernetSegmentText
{
    public static void Write(EthernetSegmentTable table, TextWriter output)
    {
        if (table.Segments.Count == 0)
        {
            output.WriteLine($"{table.Device} has no link of a multihomed Ethernet segment.");
            return;
        }
        foreach (var s in table.Segments)
        {
            output.WriteLine($"ESI: {s.Esi} ({s.Name})");
            output.WriteLine($"  Interface: {s.Port} ({(s.LinkUp ? "up" : "down")})   Mode: {s.Mode}   DF algorithm: {s.DfAlgorithm}   State: {s.State}   DF changes: {s.DfChanges}");
            output.WriteLine($"  Peers: {(s.Peers.Count == 0 ? "none" : string.Join(", ", s.Peers))}");
            var rows = new TextColumns("  VNI", "Designated forwarder", "Backup DF", "Local role");
            foreach (var d in s.DesignatedForwarders)
                rows.Add("  " + d.Vni, d.Df ?? "-", d.BackupDf ?? "-", d.Df is null ? "-" : d.Local ? "DF" : "non-DF");
            rows.WriteTo(output);
        }
    }
}
