using System.Globalization;
using System.Text.Json;
using ActorFabric.Fabric.Topology;
using ActorFabric.Wire.Bgp;

namespace ActorFabric.Cli.Output;

/// <summary>
/// The routing part of <c>actorfabric topology show</c>: the routing design, every IP-VRF (L3 VNI, route targets, VLANs,
/// routing nodes, external prefixes, OISM) and the hosts' IPv6 addresses, so a file can be checked before it runs.
/// The text says nothing for a bridging-only fabric; the JSON always carries the keys (empty lists).
/// </summary>
public static class TopologyRoutingSummary
{
    /// <summary>Hosts with IPv6 listed in the text; the rest are counted (the JSON lists every one).</summary>
    public const int TextHostLimit = 32;

    public static void WriteText(FabricTopology t, TextWriter output)
    {
        if (t.IpVrfs.Length > 0)
        {
            var r = t.Routing;
            // The routing: block only matters once the topology has ip-vrfs (docs/topology.md § routing).
            output.WriteLine($"routing          {r.Design.ToName()}, {r.Irb.ToName()} IRB, type 5 {r.PrefixRoutes.ToName()}, vmto {(r.Vmto ? "on" : "off")}, anycast MAC {AddressSyntax.FormatMac(r.AnycastMac)}");
            output.WriteLine($"ip-vrfs          {t.IpVrfs.Length}");
            foreach (var vrf in t.IpVrfs) WriteVrf(t, vrf, output);
        }
        int withIpv6 = 0;
        foreach (var h in t.Hosts) if (h.HasIpv6) withIpv6++;
        if (withIpv6 == 0) return;
        output.WriteLine($"hosts with IPv6  {withIpv6} of {t.Hosts.Length}");
        int listed = 0;
        var columns = new TextColumns("Host", "Leaf", ">VLAN", "IPv4", "IPv6");
        foreach (var h in t.Hosts)
        {
            if (!h.HasIpv6) continue;
            if (listed++ == TextHostLimit) break;
            columns.Add(h.Name, t.Nodes[h.Leaf].Name, h.Vlan, h.Ipv4Text, h.Ipv6Text);
        }
        columns.WriteTo(output, "  ");
        if (withIpv6 > TextHostLimit) output.WriteLine($"  ... {withIpv6 - TextHostLimit} more (--json lists every host)");
    }

    private static void WriteVrf(FabricTopology t, IpVrfDefinition vrf, TextWriter output)
    {
        var vlans = string.Join(" ", vrf.BroadcastDomains.Select(d => t.BroadcastDomains[d].Vlan.ToString(CultureInfo.InvariantCulture)));
        output.WriteLine($"  {vrf.Name}  L3 VNI {vrf.L3Vni}, VLANs {vlans}");
        output.WriteLine($"    import       {string.Join(" ", vrf.ImportTargets.Select(ExtendedCommunityText.JunosFormat))}");
        output.WriteLine($"    export       {string.Join(" ", vrf.ExportTargets.Select(ExtendedCommunityText.JunosFormat))}");
        output.WriteLine($"    routed at    {string.Join(" ", vrf.RoutingNodes.Select(n => t.Nodes[n].Name))}");
        foreach (var (node, prefix) in ExternalPrefixes(t, vrf))
            output.WriteLine($"    external     {node}: {prefix.Prefix} via {NextHop(prefix)}");
        if (vrf.Oism is { } oism)
        {
            var sbd = t.BroadcastDomains[oism.SupplementaryDomain];
            var pegs = oism.Gateways.Count == 0 ? "none" : string.Join(" ", oism.Gateways.Select(n => t.Nodes[n].Name));
            output.WriteLine($"    oism         SBD {t.MacVrfs[sbd.MacVrf].Name} (VLAN {sbd.Vlan}, VNI {sbd.Vni}), PEGs {pegs}");
            if (oism.ExternalSource != 0)
                output.WriteLine($"    external src {AddressSyntax.FormatIpv4(oism.ExternalSource)}");
            if (oism.ExternalGroups.Count > 0)
                output.WriteLine($"    external rx  {string.Join(" ", oism.ExternalGroups.Select(AddressSyntax.FormatIpv4))}");
        }
    }

    public static void WriteJson(FabricTopology t, Utf8JsonWriter w)
    {
        var r = t.Routing;
        w.WriteStartObject("routing");
        w.WriteString("design", r.Design.ToName());
        w.WriteString("irb", r.Irb.ToName());
        w.WriteString("type5", r.PrefixRoutes.ToName());
        w.WriteBoolean("vmto", r.Vmto);
        w.WriteString("anycastMac", AddressSyntax.FormatMac(r.AnycastMac));
        w.WriteEndObject();

        w.WriteStartArray("ipVrfs");
        foreach (var vrf in t.IpVrfs)
        {
            w.WriteStartObject();
            w.WriteString("name", vrf.Name);
            w.WriteNumber("l3Vni", vrf.L3Vni);
            Strings(w, "importTargets", vrf.ImportTargets.Select(ExtendedCommunityText.JunosFormat));
            Strings(w, "exportTargets", vrf.ExportTargets.Select(ExtendedCommunityText.JunosFormat));
            Strings(w, "macVrfs", vrf.MacVrfs.Select(m => t.MacVrfs[m].Name));
            w.WriteStartArray("vlans");
            foreach (var d in vrf.BroadcastDomains) w.WriteNumberValue(t.BroadcastDomains[d].Vlan);
            w.WriteEndArray();
            Strings(w, "routingNodes", vrf.RoutingNodes.Select(n => t.Nodes[n].Name));
            w.WriteStartArray("externalPrefixes");
            foreach (var (node, prefix) in ExternalPrefixes(t, vrf))
            {
                w.WriteStartObject();
                w.WriteString("node", node);
                w.WriteString("prefix", prefix.Prefix.ToString());
                w.WriteString("nextHop", NextHop(prefix));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (vrf.Oism is { } oism)
            {
                var sbd = t.BroadcastDomains[oism.SupplementaryDomain];
                w.WriteStartObject("oism");
                w.WriteString("sbd", t.MacVrfs[sbd.MacVrf].Name);
                w.WriteNumber("sbdVlan", sbd.Vlan);
                w.WriteNumber("sbdVni", sbd.Vni);
                Strings(w, "pegs", oism.Gateways.Select(n => t.Nodes[n].Name));
                if (oism.ExternalSource != 0) w.WriteString("externalSource", AddressSyntax.FormatIpv4(oism.ExternalSource));
                else w.WriteNull("externalSource");
                Strings(w, "externalGroups", oism.ExternalGroups.Select(AddressSyntax.FormatIpv4));
                w.WriteEndObject();
            }
            else w.WriteNull("oism");
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("ipv6Hosts");
        foreach (var h in t.Hosts)
        {
            if (!h.HasIpv6) continue;
            w.WriteStartObject();
            w.WriteString("name", h.Name);
            w.WriteNumber("vlan", h.Vlan);
            w.WriteString("ipv4", h.Ipv4Text);
            w.WriteString("ipv6", h.Ipv6Text);
            w.WriteString("gateway6", AddressSyntax.FormatIpv6(h.Gateway6));
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static IEnumerable<(string Node, ExternalPrefix Prefix)> ExternalPrefixes(FabricTopology t, IpVrfDefinition vrf)
    {
        foreach (var node in t.Nodes)
            foreach (var p in node.ExternalPrefixes)
                if (p.IpVrf == vrf.Index) yield return (node.Name, p);
    }


    private static string NextHop(ExternalPrefix p) =>
        p.Prefix.IsIpv6 ? AddressSyntax.FormatIpv6(p.NextHop) : AddressSyntax.FormatIpv4((uint)p.NextHop);

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }
}
