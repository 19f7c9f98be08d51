using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Output;

/// <summary>Shaped after Junos <c>show ethernet-switching table</c>: per VLAN and MAC the flags, the logical interface and, for remote MACs, the VTEP.</summary>
public static class FdbText
{
    public static void Write(FdbTable fdb, TextWriter output)
    {
        int learned = 0;
        foreach (var e in fdb.Entries) if (e.Kind == "Learned") learned++;
        output.WriteLine("MAC flags (S - static MAC, D - dynamic MAC, L - locally learned, R - remote PE MAC)");
        output.WriteLine();
        output.WriteLine($"Ethernet switching table : {fdb.Entries.Count} entries, {learned} learned");
        output.WriteLine("Routing instance : default-switch");
        var rows = new TextColumns("Vlan", ">VNI", "MAC address", "MAC flags", "Logical interface", "Active source");
        foreach (var e in fdb.Entries)
        {
            var (flags, ifl) = e.Kind switch
            {
                "Learned" => ("DL", e.Port ?? ""),
                "Static" => ("S", e.Port ?? ""),
                _ => ("DR", $"vtep.{e.Vtep}"),
            };
            rows.Add($"v{e.Vlan}", e.Vni, e.Mac, flags, ifl, e.Vtep ?? "");
        }
        rows.WriteTo(output, "   ");
    }
}
