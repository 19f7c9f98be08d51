using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Output;

/// <summary>
/// Shaped after Junos <c>show evpn igmp-snooping proxy [deterministic-ar]</c>: per instance and VNI the (S,G) the
/// device proxies, with its local listeners and the remote VTEPs whose SMET routes ask for it (RFC 9251 §8).
/// Counts by default; the ports and VTEPs themselves with <c>detail</c>.
/// </summary>
public static class SnoopingProxyText
{
    public static void Write(SnoopingProxyTable table, TextWriter output, bool deterministicAr, bool detail)
    {
        if (!table.Snooping && table.Entries.Count == 0)
        {
            output.WriteLine($"IGMP/MLD snooping is not enabled on {table.Device}.");
            return;
        }
        if (table.Entries.Count == 0)
        {
            output.WriteLine($"{table.Device} proxies no group.");
            return;
        }
        string[] headers = ["Group", "Source", detail ? "Local ports" : ">Local", detail ? "Remote VTEPs" : ">Remote"];
        if (detail) headers = [.. headers, "Version"];
        if (deterministicAr) headers = [.. headers, "Deterministic-AR(Mode/Preferred replicator/Fallback)"];
        foreach (var vni in table.Entries.GroupBy(e => (e.Instance, e.Vni)))
        {
            output.WriteLine($"Instance: {vni.Key.Instance}");
            output.WriteLine($"  VN Identifier: {vni.Key.Vni}");
            var rows = new TextColumns(headers);
            foreach (var e in vni)
            {
                object?[] cells = detail
                    ? [e.Group, e.Source, Joined(e.LocalPorts), Joined(e.RemoteVteps), e.Version]
                    : [e.Group, e.Source, e.LocalPorts.Count, e.RemoteVteps.Count];
                if (deterministicAr) cells = [.. cells, e.DeterministicAr ?? "N/A"];
                rows.Add(cells);
            }
            rows.WriteTo(output, "    ");
        }
    }

    private static string Joined(IReadOnlyList<string> items) => items.Count == 0 ? "-" : string.Join(", ", items);
}
