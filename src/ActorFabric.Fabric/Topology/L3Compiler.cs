using ActorFabric.Wire.Bgp;

namespace ActorFabric.Fabric.Topology;

/// <summary>The routing part of one node: CRB routing node or not, the IP-VRFs it routes, its external prefixes.</summary>
internal readonly record struct NodeRouting(bool IsRoutingNode, int[] RoutesVrfs, ExternalPrefix[] ExternalPrefixes)
{
    public static readonly NodeRouting None = new(false, [], []);
}

/// <summary>
/// Resolves the <c>ip-vrfs:</c> entries to MAC-VRFs and broadcast domains, gives every routed VLAN its anycast gateway,
/// decides which nodes route which VRF (ERB: the VTEPs carrying its VLANs; CRB: the routing nodes) and checks what a
/// file may get wrong (docs/topology.md § routing and IP-VRFs).
/// </summary>
internal static class L3Compiler
{
    public static (RoutingSettings Routing, IpVrfDefinition[] IpVrfs, NodeRouting[] PerNode) Compile(
        TopologyDraft d, uint fabricAsn, List<NodeDraft> nodes, Dictionary<string, int> nodeIndex,
        MacVrfDefinition[] macVrfs, BroadcastDomain[] domains, int[][] membership)
    {
        var routing = d.Routing?.Settings ?? RoutingSettings.Default;
        var (drafts, vrfMacVrfs) = ResolveVrfs(d, macVrfs, domains);
        var vrfByName = new Dictionary<string, int>(drafts.Count, StringComparer.Ordinal);
        for (int v = 0; v < drafts.Count; v++) vrfByName.Add(drafts[v].Name, v);

        // Every VLAN of a routed MAC-VRF gets its IRB: the written gateway, else the subnet's first address (kept free
        // of automatic host addresses). RFC 9135 §4.1: the same address on every routing node.
        var vrfDomains = new List<int>[drafts.Count];
        for (int v = 0; v < drafts.Count; v++)
        {
            vrfDomains[v] = [];
            foreach (int m in vrfMacVrfs[v])
                foreach (int bd in macVrfs[m].BroadcastDomains)
                {
                    ref var dom = ref domains[bd];
                    dom = dom with { IpVrf = v, Gateway = dom.Gateway != 0 ? dom.Gateway : dom.Subnet + 1 };
                    vrfDomains[v].Add(bd);
                }
            vrfDomains[v].Sort();
        }
        RefuseUnroutedGateways(d, vrfMacVrfs, macVrfs);

        var perNode = CompileNodes(d, routing, nodes, vrfByName, out var routingNodes);
        var routers = new SortedSet<int>[drafts.Count];
        for (int v = 0; v < drafts.Count; v++) routers[v] = [];
        for (int n = 0; n < nodes.Count; n++)
        {
            if (routing.Design == RoutingDesign.Erb)
                foreach (int bd in membership[n])
                    if (domains[bd].IpVrf >= 0) routers[domains[bd].IpVrf].Add(n);
            if (routing.Design == RoutingDesign.Crb && perNode[n].IsRoutingNode)
                foreach (var r in routers) r.Add(n);
            // A border leaf originates its external prefixes as type 5 routes of their VRF, so it routes that VRF.
            foreach (var p in perNode[n].ExternalPrefixes) routers[p.IpVrf].Add(n);
        }
        if (routing.Design == RoutingDesign.Crb) CarryRoutedVlans(perNode, vrfDomains, membership);
        if (routing.Design == RoutingDesign.Crb && drafts.Count > 0 && routingNodes == 0)
            d.Error(d.Routing?.DesignMark ?? drafts[0].Mark,
                "design crb needs at least one routing node: give a spine or border leaf 'routes: true' (it holds the IRB interfaces of every ip-vrf)");
        if (routing.Irb == IrbMode.Asymmetric && routing.Design == RoutingDesign.Erb)
            CheckAsymmetric(d, nodes, drafts, vrfDomains, routers, domains, membership);

        var vrfs = new IpVrfDefinition[drafts.Count];
        for (int v = 0; v < drafts.Count; v++)
        {
            var (import, export) = Targets(d, fabricAsn, drafts[v]);
            vrfs[v] = new IpVrfDefinition
            {
                Index = v,
                Name = drafts[v].Name,
                L3Vni = drafts[v].L3Vni,
                ImportTargets = import,
                ExportTargets = export,
                MacVrfs = vrfMacVrfs[v],
                BroadcastDomains = vrfDomains[v],
                RoutingNodes = [.. routers[v]],
            };
        }
        var perNodeVrfs = new List<int>[nodes.Count];
        for (int v = 0; v < drafts.Count; v++)
            foreach (int n in routers[v]) (perNodeVrfs[n] ??= []).Add(v);
        for (int n = 0; n < nodes.Count; n++)
            if (perNodeVrfs[n] is { } list) perNode[n] = perNode[n] with { RoutesVrfs = [.. list] };
        return (routing, vrfs, perNode);
    }

    /// <summary>
    /// A CRB routing node (<c>routes: true</c> on a spine, leaf or border leaf) is a VTEP: the leaves bridge routed
    /// traffic to it over VXLAN (RFC 9135 §6), so a spine gets a VTEP address too (its loopback unless written).
    /// </summary>
    public static bool IsRoutingVtep(TopologyDraft d, NodeDraft n, NodeRole role) =>
        n.Routes is (true, _) && (d.Routing?.Settings ?? RoutingSettings.Default).Design == RoutingDesign.Crb && role != NodeRole.RouteReflector;

    /// <summary>
    /// CRB: a routing node holds the IRB of every VLAN of every IP-VRF, so it carries them all (MAC-VRF, IMET, flood
    /// lists) whatever the MAC-VRFs' <c>leaves</c> say.
    /// </summary>
    private static void CarryRoutedVlans(NodeRouting[] perNode, List<int>[] vrfDomains, int[][] membership)
    {
        for (int n = 0; n < perNode.Length; n++)
        {
            if (!perNode[n].IsRoutingNode) continue;
            var carried = new SortedSet<int>(membership[n]);
            foreach (var list in vrfDomains) carried.UnionWith(list);
            membership[n] = [.. carried];
        }
    }

    /// <summary>Accepted IP-VRFs (names unique) with their MAC-VRF indices; L3 VNIs checked against every other VNI.</summary>
    private static (List<IpVrfDraft> Accepted, List<int>[] MacVrfs) ResolveVrfs(TopologyDraft d, MacVrfDefinition[] macVrfs, BroadcastDomain[] domains)
    {
        var macVrfByName = new Dictionary<string, int>(macVrfs.Length, StringComparer.Ordinal);
        foreach (var m in macVrfs) macVrfByName.TryAdd(m.Name, m.Index);
        var l2Vnis = new Dictionary<uint, int>(domains.Length);
        foreach (var bd in domains) l2Vnis.TryAdd(bd.Vni, bd.Index);

        var accepted = new List<IpVrfDraft>(d.IpVrfs.Count);
        var names = new Dictionary<string, IpVrfDraft>(StringComparer.Ordinal);
        var l3Vnis = new Dictionary<uint, string>();
        var owner = new Dictionary<int, string>();
        var result = new List<List<int>>(d.IpVrfs.Count);
        foreach (var v in d.IpVrfs)
        {
            if (!names.TryAdd(v.Name, v))
            {
                d.Error(v.Mark, $"duplicate ip-vrf name '{v.Name}' (first defined at {names[v.Name].Mark.Line}:{names[v.Name].Mark.Column})");
                continue;
            }
            if (macVrfByName.ContainsKey(v.Name))
                d.Error(v.Mark, $"ip-vrf '{v.Name}' has the name of a mac-vrf (commands name both kinds of instance: rename one)");
            if (v.L3Vni != 0)
            {
                // RFC 9135 §5.1: Label2 (the L3 VNI) identifies the IP-VRF, Label1 the broadcast domain; a VNI that is both
                // cannot tell a routed packet from a bridged one.
                if (l2Vnis.TryGetValue(v.L3Vni, out var bd))
                    d.Error(v.L3VniMark, $"L3 VNI {v.L3Vni} of ip-vrf '{v.Name}' is already the VNI of VLAN {domains[bd].Vlan} in mac-vrf '{macVrfs[domains[bd].MacVrf].Name}'; an L3 VNI differs from every L2 VNI (RFC 9135 §5.1)");
                else if (!l3Vnis.TryAdd(v.L3Vni, v.Name))
                    d.Error(v.L3VniMark, $"L3 VNI {v.L3Vni} of ip-vrf '{v.Name}' is already the L3 VNI of ip-vrf '{l3Vnis[v.L3Vni]}'");
            }
            var members = new List<int>(v.MacVrfs.Count);
            foreach (var (name, mark) in v.MacVrfs)
            {
                if (!macVrfByName.TryGetValue(name, out var m))
                    d.Error(mark, $"ip-vrf '{v.Name}': unknown mac-vrf '{YamlFields.Clip(name)}'{KeySuggestion.Hint(name, macVrfByName.Keys)}");
                else if (!owner.TryAdd(m, v.Name))
                    d.Error(mark, owner[m] == v.Name
                        ? $"ip-vrf '{v.Name}' lists mac-vrf '{name}' twice"
                        : $"mac-vrf '{name}' is already in ip-vrf '{owner[m]}'; a VLAN routes in one IP-VRF");
                else members.Add(m);
            }
            accepted.Add(v);
            result.Add(members);
        }
        return (accepted, [.. result]);
    }

    /// <summary>A gateway on a VLAN no IP-VRF routes would answer for nothing: refused, once per MAC-VRF.</summary>
    private static void RefuseUnroutedGateways(TopologyDraft d, List<int>[] vrfMacVrfs, MacVrfDefinition[] macVrfs)
    {
        var routed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var list in vrfMacVrfs) foreach (int m in list) routed.Add(macVrfs[m].Name);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in d.MacVrfs)
        {
            if (routed.Contains(m.Name) || !seen.Add(m.Name)) continue;
            foreach (var dd in m.Domains)
                if (dd.Gateway != 0 || dd.Gateway6 is not null)
                {
                    d.Error(dd.Gateway != 0 ? dd.GatewayMark : dd.Gateway6Mark,
                        $"mac-vrf '{m.Name}' has a gateway but no ip-vrf routes it: list it in an ip-vrf's 'mac-vrfs' (or drop the gateway)");
                    break;
                }
        }
    }

    private static NodeRouting[] CompileNodes(TopologyDraft d, RoutingSettings routing, List<NodeDraft> nodes, Dictionary<string, int> vrfByName, out int routingNodes)
    {
        routingNodes = 0;
        var perNode = new NodeRouting[nodes.Count];
        for (int i = 0; i < nodes.Count; i++)
        {
            var n = nodes[i];
            var role = n.Role ?? NodeRole.Leaf;
            bool routes = false;
            if (n.Routes is ({ } given, var mark))
            {
                if (given && routing.Design == RoutingDesign.Erb)
                    d.Error(mark, $"'routes' of '{n.Name}' picks a CRB routing node, but the design is erb (every leaf routes its own VLANs); set routing.design: crb or drop 'routes'");
                else if (given && role == NodeRole.RouteReflector)
                    d.Error(mark, $"'{n.Name}' is a route reflector; a routing node is a spine, leaf or border leaf (it terminates VXLAN for the IRB interfaces)");
                else routes = given;
            }
            if (routes) routingNodes++;
            var prefixes = new List<ExternalPrefix>();
            if (n.ExternalPrefixes is { Count: > 0 } written)
            {
                if (role != NodeRole.BorderLeaf)
                    d.Error(written[0].VrfMark, $"'{n.Name}' is a {role.ToName()}; only border leaves have 'external-prefixes' (routes learned outside the fabric)");
                else
                {
                    var seen = new HashSet<(int, AddressPrefix)>();
                    foreach (var p in written)
                    {
                        if (!vrfByName.TryGetValue(p.Vrf, out var vrf))
                            d.Error(p.VrfMark, $"external prefix {p.Prefix} of '{n.Name}': unknown ip-vrf '{YamlFields.Clip(p.Vrf)}'{KeySuggestion.Hint(p.Vrf, vrfByName.Keys)}");
                        else if (!seen.Add((vrf, p.Prefix)))
                            d.Error(p.PrefixMark, $"'{n.Name}' lists external prefix {p.Prefix} in ip-vrf '{p.Vrf}' twice");
                        else prefixes.Add(new ExternalPrefix(vrf, p.Prefix, p.NextHop));
                    }
                }
            }
            perNode[i] = routes || prefixes.Count > 0 ? new NodeRouting(routes, [], [.. prefixes]) : NodeRouting.None;
        }
        return perNode;
    }

    /// <summary>
    /// RFC 9135 §4.2, §6: with asymmetric IRB the ingress VTEP routes straight into the destination VLAN and bridges
    /// over its L2 VNI, so every VTEP routing a VRF carries every VLAN of it. One error per VRF, at its first offender.
    /// </summary>
    private static void CheckAsymmetric(TopologyDraft d, List<NodeDraft> nodes, List<IpVrfDraft> drafts, List<int>[] vrfDomains,
        SortedSet<int>[] routers, BroadcastDomain[] domains, int[][] membership)
    {
        for (int v = 0; v < drafts.Count; v++)
            foreach (int n in routers[v])
            {
                int at = vrfDomains[v].FindIndex(bd => Array.BinarySearch(membership[n], bd) < 0);
                if (at < 0) continue;
                int missing = vrfDomains[v][at];
                d.Error(nodes[n].Mark,
                    $"asymmetric IRB: '{nodes[n].Name}' routes ip-vrf '{drafts[v].Name}' but does not carry its VNI {domains[missing].Vni} (RFC 9135 §4.2: every routing VTEP has every VLAN of the tenant); add the VLAN to the leaf or use irb: symmetric");
                break;
            }
    }

    private static (IReadOnlyList<ExtendedCommunity>, IReadOnlyList<ExtendedCommunity>) Targets(TopologyDraft d, uint fabricAsn, IpVrfDraft v)
    {
        if (v.Import is not null && v.Export is not null) return (v.Import, v.Export);
        ExtendedCommunity auto = default;
        if (v.L3Vni != 0)
        {
            if (fabricAsn > ushort.MaxValue)
                d.Error(v.Mark, $"ip-vrf '{v.Name}': route targets cannot be auto-derived from the 4-octet AS {fabricAsn} (RFC 8365 §5.1.2.1); give 'route-targets'");
            else
                auto = d.Settings.RouteTargetDerivation.RouteTargetFor((ushort)fabricAsn, v.L3Vni);
        }
        return (v.Import ?? [auto], v.Export ?? [auto]);
    }
}
