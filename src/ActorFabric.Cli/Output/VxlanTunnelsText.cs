using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Output;

/// <summary>Shaped after Junos <c>show ethernet-switching vxlan-tunnel-end-point remote</c>: the source VTEP, then each remote VTEP with its VNIs.</summary>
public static class VxlanTunnelsText
{
    public static void Write(VxlanTunnelTable t, TextWriter output)
    {
        var source = new TextColumns("Logical System Name", "SVTEP-IP", "IFL", "Device");
        source.Add("<default>", t.SourceVtep, "lo0.0", t.Device);
        source.WriteTo(output);
        foreach (var tunnel in t.Tunnels)
        {
            var remote = new TextColumns("RVTEP-IP", "Device", ">MACs", "RVTEP-Mode");
            remote.Add(tunnel.RemoteVtep, tunnel.RemoteDevice ?? "-", tunnel.Macs, "RNVE");
            remote.WriteTo(output, " ");
            var vnis = new TextColumns("VNID", "MC-Group-IP");
            foreach (var vni in tunnel.Vnis) vnis.Add(vni, "0.0.0.0");
            vnis.WriteTo(output, "    ");
        }
        if (t.Tunnels.Count == 0) output.WriteLine(" no remote VTEPs");
    }
}
