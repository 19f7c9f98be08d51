using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Output;

/// <summary>A leaf's MACs shaped after FRR <c>show evpn mac vni N</c> (and <c>vni all</c>: one block per VNI).</summary>
public static class EvpnMacText
{
    public static void Write(EvpnMacTable table, TextWriter output)
    {
        var vnis = new SortedSet<uint>();
        foreach (var e in table.Entries) vnis.Add(e.Vni);
        if (table.Vni is { } only)
        {
            vnis.Clear();
            vnis.Add(only);
        }
        if (vnis.Count == 0) output.WriteLine($"{table.Device}: no EVPN MACs");
        bool first = true;
        foreach (var vni in vnis)
        {
            if (!first) output.WriteLine();
            first = false;
            var rows = new TextColumns("MAC", "Type", "Intf/Remote VTEP", "IP", ">Seq", "Flags");
            foreach (var e in table.Entries)
            {
                if (e.Vni != vni) continue;
                rows.Add(e.Mac, e.Kind, e.Kind == "local" ? e.Interface : e.RemoteVtep, e.Ip ?? "", e.Sequence, Flags(e));
            }
            if (table.Vni is null) output.WriteLine($"VNI {vni} #MACs (local and remote) {rows.Count}");
            else output.WriteLine($"Number of MACs (local and remote) known for this VNI: {rows.Count}");
            rows.WriteTo(output);
        }
    }

    /// <summary>Duplicate (RFC 7432 §15.1), sticky (§15.2), and sticky-conflict when this leaf raised that alert for the MAC (the count is in --json).</summary>
    private static string Flags(EvpnMacEntry e)
    {
        var flags = new List<string>(3);
        if (e.Duplicate) flags.Add("duplicate");
        if (e.Sticky) flags.Add("sticky");
        if (e.StickyConflicts > 0) flags.Add("sticky-conflict");
        return string.Join(' ', flags);
    }
}
