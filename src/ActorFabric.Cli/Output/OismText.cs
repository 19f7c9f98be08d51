using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Output;

/// <summary>
/// <c>show evpn oism</c>: a device's Optimized Inter-Subnet Multicast state (RFC 9625), laid out like the Junos EVPN
/// views (an <c>Instance:</c> header per tenant IP-VRF, then indented tables): its OISM role and SBD, its own Multicast
/// Flags, the tenant's bridge domains here, the OISM PEs its SBD sees, the SBD-SMET routes, and per (S,G) where the
/// flow came in and which VNIs it was routed into.
/// </summary>
public static class OismText
{
    public static void Write(OismTable table, TextWriter output)
    {
        if (table.Tenants.Count == 0)
        {
            output.WriteLine($"OISM is not enabled on {table.Device}.");
            return;
        }
        foreach (var t in table.Tenants)
        {
            output.WriteLine($"Instance: {t.Vrf}");
            output.WriteLine($"  OISM role: {t.Role}");
            output.WriteLine($"  SBD: VLAN {t.SbdVlan}, VNI {t.SbdVni}");
            output.WriteLine($"  Multicast flags: {t.Flags}");
            if (t.ExternalSource is not null || t.ExternalGroups.Count > 0)
                output.WriteLine($"  External: source {t.ExternalSource ?? "-"}, groups {(t.ExternalGroups.Count == 0 ? "-" : string.Join(", ", t.ExternalGroups))}");

            output.WriteLine("  Bridge domains:");
            var domains = new TextColumns(["VLAN", "VNI", "Kind", "IRB MAC", ">Ports"]);
            foreach (var d in t.Domains) domains.Add(d.Vlan, d.Vni, d.Kind, d.IrbMac, d.LocalPorts);
            domains.WriteTo(output, "    ");

            output.WriteLine("  OISM PEs (SBD IMET routes):");
            if (t.Peers.Count == 0) output.WriteLine("    none");
            else
            {
                var peers = new TextColumns(["VTEP", "Device", "Flags", "OISM", "PEG"]);
                foreach (var p in t.Peers) peers.Add(p.Vtep, p.Device ?? "-", p.Flags, YesNo(p.Oism), YesNo(p.Gateway));
                peers.WriteTo(output, "    ");
            }

            output.WriteLine("  SBD-SMET routes:");
            if (t.SbdRoutes.Count == 0) output.WriteLine("    none");
            else
            {
                var routes = new TextColumns(["Group", "Source", "Originator", "Device", "Origin"]);
                foreach (var r in t.SbdRoutes) routes.Add(r.Group, r.Source, r.Originator, r.Device ?? "-", r.Local ? "local" : "remote");
                routes.WriteTo(output, "    ");
            }

            output.WriteLine("  Multicast flows:");
            if (t.Flows.Count == 0) output.WriteLine("    none");
            else
            {
                var flows = new TextColumns(["Group", "Source", ">In VNI", "Routed into", ">Frames", ">Routed", ">SBD copies", ">External"]);
                foreach (var f in t.Flows)
                    flows.Add(f.Group, f.Source, f.SourceVni, f.RoutedInto.Count == 0 ? "-" : string.Join(", ", f.RoutedInto), f.Frames, f.RoutedCopies,
                        f.SupplementaryCopies, f.ExternalCopies);
                flows.WriteTo(output, "    ");
            }

            if (t.ExternalReceived.Count > 0)
            {
                output.WriteLine("  Received by external receivers:");
                var received = new TextColumns(["Group", "Source", ">Stream", ">Packets", ">Duplicates", ">TTL"]);
                foreach (var r in t.ExternalReceived) received.Add(r.Group, r.Source, r.StreamId, r.Packets, r.Duplicates, r.LastTtl);
                received.WriteTo(output, "    ");
            }
        }
        output.WriteLine($"Routed copies: {table.RoutedCopies}, SBD copies: {table.SupplementaryCopies}, TTL expired: {table.TtlExpired}, external datagrams sent: {table.ExternalSent}");
        // RFC 9625 §2.2: routes with conflicting route targets were treated as withdrawn.
        if (table.MalformedRoutes > 0) output.WriteLine($"Malformed routes (treat-as-withdraw): {table.MalformedRoutes}, last: {table.LastMalformed}");
    }

    private static string YesNo(bool value) => value ? "yes" : "no";
}
