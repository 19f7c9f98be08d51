using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Output;

/// <summary>Shaped after Junos <c>show evpn database</c>: per VNI and MAC the active source (access port or remote VTEP) and its IP addresses.</summary>
public static class EvpnDatabaseText
{
    public static void Write(EvpnDatabase db, TextWriter output)
    {
        output.WriteLine("Instance: default-switch");
        var rows = new TextColumns("VLAN", "DomainId", "MAC address", "Active source", ">Seq", "IP address", "Flags");
        foreach (var e in db.Entries)
            rows.Add("", e.Vni, e.Mac, e.ActiveSource, e.Sequence, string.Join(" ", e.IpAddresses), e.Duplicate ? "duplicate" : "");
        rows.WriteTo(output);
    }
}
