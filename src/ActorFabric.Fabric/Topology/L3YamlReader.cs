using YamlDotNet.RepresentationModel;

namespace ActorFabric.Fabric.Topology;

/// <summary>
/// Reads the <c>routing:</c> and <c>ip-vrfs:</c> blocks, the anycast gateways of VLAN mappings and the per-node keys
/// that go with them (docs/topology.md § routing and IP-VRFs). Names (MAC-VRFs, VRFs) and roles are checked by
/// <see cref="L3Compiler"/>.
/// </summary>
internal static class L3YamlReader
{
    public static readonly string[] RoutingKeys = ["design", "irb", "type5", "vmto", "anycast-mac"];
    public static readonly string[] GatewayKeys = ["gateway", "gateway6"];
    public static readonly string[] NodeKeys = ["routes", "external-prefixes"];
    private static readonly string[] IpVrfKeys = ["name", "l3-vni", "route-targets", "mac-vrfs", OismYamlReader.Key];
    private static readonly string[] ExternalPrefixKeys = ["vrf", "prefix", "next-hop"];

    public static void ReadRouting(TopologyDraft draft, YamlFields f)
    {
        var r = new RoutingDraft { Mark = f.Mark, DesignMark = f.MarkOf("design") };
        var s = r.Settings;
        if (MulticastYamlReader.Choice(f, "design", RoutingChoiceNames.Designs) is { } design) s = s with { Design = (RoutingDesign)design };
        if (MulticastYamlReader.Choice(f, "irb", RoutingChoiceNames.IrbModes) is { } irb) s = s with { Irb = (IrbMode)irb };
        if (MulticastYamlReader.Choice(f, "type5", RoutingChoiceNames.PrefixModels) is { } type5) s = s with { PrefixRoutes = (PrefixRouteModel)type5 };
        if (f.Boolean("vmto") is { } vmto) s = s with { Vmto = vmto };
        if (f.Scalar("anycast-mac") is { } macText)
        {
            if (!AddressSyntax.TryParseMac(macText, out var mac))
                f.Error("anycast-mac", $"'anycast-mac' is not a MAC address (expected aa:bb:cc:dd:ee:ff): '{YamlFields.Clip(macText)}'");
            else if (AddressSyntax.IsMulticastMac(mac) || mac == 0)
                f.Error("anycast-mac", $"'anycast-mac' {macText} is not a unicast MAC; the gateway MAC sources routed frames (RFC 9135 §4.1 derives 00:00:5e:00:01:01)");
            else s = s with { AnycastMac = mac };
        }
        r.Settings = s;
        draft.Routing = r;
    }

    public static void ReadIpVrf(TopologyDraft draft, YamlNode item)
    {
        var f = YamlFields.Read(draft, item, "an ip-vrf", IpVrfKeys);
        if (f is null) return;
        var name = f.RequiredScalar("name");
        if (name is null) return;
        var vrf = new IpVrfDraft { Name = name, Mark = f.MarkOf("name") };
        if (!f.Has("l3-vni")) f.Error("name", $"ip-vrf '{name}' needs an 'l3-vni' (the VNI routed traffic and type 5 routes carry, RFC 9136 §4.4.1)");
        else if (f.Integer("l3-vni", 1, 0xFF_FFFF) is { } vni) { vrf.L3Vni = (uint)vni; vrf.L3VniMark = f.MarkOf("l3-vni"); }
        if (f.Value("route-targets") is { } rts) (vrf.Import, vrf.Export) = TopologyYamlReader.ReadTargets(draft, rts);
        if (f.Sequence("mac-vrfs") is { } macVrfs)
            foreach (var m in macVrfs)
            {
                if (m is YamlScalarNode { Value: { Length: > 0 } macVrf }) vrf.MacVrfs.Add((macVrf, YamlFields.MarkOf(draft, m)));
                else draft.Error(YamlFields.MarkOf(draft, m), "'mac-vrfs' lists mac-vrf names");
            }
        OismYamlReader.Read(draft, f, vrf);
        draft.IpVrfs.Add(vrf);
    }

    public static void ReadNodeKeys(TopologyDraft draft, YamlFields f, NodeDraft node)
    {
        if (f.Boolean("routes") is { } routes) node.Routes = (routes, f.MarkOf("routes"));
        if (f.Sequence("external-prefixes") is not { } prefixes) return;
        node.ExternalPrefixes ??= [];
        foreach (var item in prefixes)
        {
            var pf = YamlFields.Read(draft, item, "an external prefix", ExternalPrefixKeys);
            if (pf is null) continue;
            var vrf = pf.RequiredScalar("vrf");
            var prefixText = pf.RequiredScalar("prefix");
            var nextHopText = pf.RequiredScalar("next-hop");
            if (vrf is null || prefixText is null || nextHopText is null) continue;
            if (!AddressPrefix.TryParse(prefixText, out var prefix))
            {
                pf.Error("prefix", $"'prefix' is not an IPv4 or IPv6 prefix: '{YamlFields.Clip(prefixText)}'");
                continue;
            }
            // A default route covers the multicast block too; only a prefix inside it is no unicast route.
            if (prefix.IsMulticast)
            {
                pf.Error("prefix", $"external prefix {prefix} of '{node.Name}' is a multicast prefix (224.0.0.0/4 or ff00::/8); a route is a unicast prefix");
                continue;
            }
            if (nextHopText.Contains('/') || !AddressPrefix.TryParse(nextHopText, out var nextHop))
            {
                pf.Error("next-hop", $"'next-hop' is not an IPv4 or IPv6 address: '{YamlFields.Clip(nextHopText)}'");
                continue;
            }
            if (nextHop.IsIpv6 != prefix.IsIpv6)
            {
                pf.Error("next-hop", $"next hop {nextHopText} and prefix {prefix} of '{node.Name}' are of different address families");
                continue;
            }
            node.ExternalPrefixes.Add(new ExternalPrefixDraft(vrf, pf.MarkOf("vrf"), prefix, pf.MarkOf("prefix"), nextHop.Address));
        }
    }

    /// <summary>
    /// The anycast gateway of one VLAN mapping (RFC 9135 §4.1: the same IP on every routing node). <c>gateway</c> is a
    /// host address of the subnet written with the subnet's length, or bare when the mapping has a <c>subnet</c>; without
    /// a <c>subnet</c> it gives the subnet. <c>gateway6</c> is an IPv6 address with its prefix length.
    /// </summary>
    public static (uint V4, (UInt128 Address, int Length)? V6) ReadGateways(YamlFields f, ref (uint Address, int PrefixLength)? subnet)
    {
        uint v4 = 0;
        if (f.Ipv4Prefix("gateway", prefixOptional: true) is { } gw)
        {
            var text = f.Scalar("gateway")!;
            bool written = text.Contains('/');
            int length = written ? gw.PrefixLength : subnet?.PrefixLength ?? -1;
            uint mask = AddressSyntax.PrefixMask(Math.Max(length, 0));
            if (length < 0)
                f.Error("gateway", $"'gateway' {text} needs the subnet's prefix length (a.b.c.d/len) when the VLAN has no 'subnet'");
            else if (subnet is { } sn && written && gw.PrefixLength != sn.PrefixLength)
                f.Error("gateway", $"'gateway' {text} and 'subnet' {AddressSyntax.FormatIpv4Prefix(sn.Address, sn.PrefixLength)} have different prefix lengths");
            else if (subnet is { } inside && (gw.Address & mask) != (inside.Address & mask))
                f.Error("gateway", $"'gateway' {AddressSyntax.FormatIpv4(gw.Address)} is outside the subnet {AddressSyntax.FormatIpv4Prefix(inside.Address & mask, length)}");
            else if (length > 30)
                f.Error("gateway", $"'gateway' {text} leaves no room for hosts (use /30 or shorter)");
            else if ((gw.Address & ~mask) == 0 || (gw.Address & ~mask) == ~mask)
                f.Error("gateway", $"'gateway' {AddressSyntax.FormatIpv4(gw.Address)} is the {((gw.Address & ~mask) == 0 ? "network" : "broadcast")} address of {AddressSyntax.FormatIpv4Prefix(gw.Address & mask, length)}; the gateway is a host address (e.g. .1)");
            else
            {
                v4 = gw.Address;
                subnet ??= (gw.Address & mask, length);
            }
        }
        (UInt128, int)? v6 = null;
        if (f.Scalar("gateway6") is { } text6)
        {
            int slash = text6.IndexOf('/');
            if (slash < 0 || !AddressPrefix.TryParse(text6, out var p6) || !p6.IsIpv6 || !AddressPrefix.TryParse(text6[..slash], out var host6))
                f.Error("gateway6", $"'gateway6' is not an IPv6 address with its prefix length (2001:db8::1/64): '{YamlFields.Clip(text6)}'");
            else if (p6.Length > 127 || p6.Length < 8)
                f.Error("gateway6", $"'gateway6' /{p6.Length} is not a subnet (use /8../127)");
            else if (!host6.IsUnicast)
                f.Error("gateway6", $"'gateway6' {text6} is a multicast address; the gateway is a unicast address");
            else if (host6.Address == p6.Address)
                f.Error("gateway6", $"'gateway6' {text6} is the subnet-router anycast address (interface identifier zero, RFC 4291 §2.6.1); give the gateway a host address (e.g. ::1)");
            else v6 = (host6.Address, p6.Length);
        }
        return (v4, v6);
    }
}
