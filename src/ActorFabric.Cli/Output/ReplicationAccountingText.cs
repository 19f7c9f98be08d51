using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Output;

/// <summary>
/// What a device did with BUM traffic: copies and fabric bytes, what it replicated for AR leaves as a replicator
/// (RFC 9574 §6), the copies it withheld from AR leaves that are no IGMP/MLD proxy, then per port and per multicast flow.
/// </summary>
public static class ReplicationAccountingText
{
    public static void Write(ReplicationAccounting report, TextWriter output)
    {
        output.WriteLine($"Device: {report.Device}");
        output.WriteLine($"  BUM copies: {report.BumCopies} into the fabric, {report.BumLocalCopies} to local ports");
        output.WriteLine($"  BUM fabric bytes: {report.BumFabricBytes}");
        output.WriteLine($"  Assisted replication: {report.AssistedReceived} received on the AR IP, {report.AssistedCopies} copies made");
        output.WriteLine($"  Not sent to AR leaves without IGMP/MLD snooping: {report.ArLeafWithoutSnoopingDrops}");
        if (report.Ports.Count > 0)
        {
            output.WriteLine("Ports:");
            var rows = new TextColumns("Port", "Far end", "Kind", ">BUM frames", ">BUM bytes");
            foreach (var p in report.Ports) rows.Add(p.Port, p.Link ?? "-", p.Fabric ? "fabric" : "access", p.BumFrames, p.BumBytes);
            rows.WriteTo(output, "  ");
        }
        if (report.Flows.Count > 0)
        {
            output.WriteLine("Flows:");
            var rows = new TextColumns(">VNI", "Source", "Group", ">Originated", ">Received", ">Local", ">Fabric", ">Replicated");
            foreach (var f in report.Flows) rows.Add(f.Vni, f.Source, f.Group, f.Originated, f.Received, f.LocalCopies, f.FabricCopies, f.Replicated);
            rows.WriteTo(output, "  ");
        }
    }
}
