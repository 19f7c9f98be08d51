namespace ActorFabric.Fabric.Topology;

/// <summary>
/// Resolves the <c>oism:</c> blocks of the ip-vrfs (docs/topology.md § OISM) and checks what RFC 9625 needs: an SBD
/// of its own on every PE that routes the tenant, no hosts in it, PEGs that are border leaves routing the tenant,
/// and IGMP/MLD snooping on those PEs (OISM signals receivers with SMET routes, RFC 9625 §2.5).
/// </summary>
internal static class OismCompiler
{
    public static void Compile(TopologyDraft d, RoutingSettings routing, IpVrfDefinition[] ipVrfs, MacVrfDefinition[] macVrfs,
        BroadcastDomain[] domains, int[][] membership, List<NodeDraft> nodes, Dictionary<string, int> nodeIndex,
        NodeMulticast[] nodeMulticast, FabricHost[] hosts)
    {
        var macVrfByName = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var m in macVrfs) macVrfByName.TryAdd(m.Name, m.Index);
        var routedMacVrfs = new Dictionary<int, string>();
        foreach (var v in ipVrfs) foreach (int m in v.MacVrfs) routedMacVrfs.TryAdd(m, v.Name);
        var sbdOwners = new Dictionary<int, string>();
        foreach (var vrf in ipVrfs)
        {
            var draft = d.IpVrfs.Find(v => v.Name == vrf.Name);
            if (draft?.Oism is not { } o || o.Sbd is null) continue;
            if (routing.Design != RoutingDesign.Erb)
            {
                d.Error(o.Mark, $"ip-vrf '{vrf.Name}': oism needs routing.design erb (every leaf routes multicast into its own VLANs, RFC 9625 §1.1)");
                continue;
            }
            if (!macVrfByName.TryGetValue(o.Sbd, out var sbdVrf))
            {
                d.Error(o.SbdMark, $"ip-vrf '{vrf.Name}': unknown mac-vrf '{YamlFields.Clip(o.Sbd)}' for the SBD{KeySuggestion.Hint(o.Sbd, macVrfByName.Keys)}");
                continue;
            }
            if (routedMacVrfs.TryGetValue(sbdVrf, out var routedBy))
            {
                d.Error(o.SbdMark, $"mac-vrf '{o.Sbd}' is in ip-vrf '{routedBy}''s mac-vrfs; the SBD is a broadcast domain of its own, not one of the tenant's subnets (RFC 9625 §1.1)");
                continue;
            }
            if (!sbdOwners.TryAdd(sbdVrf, vrf.Name))
            {
                d.Error(o.SbdMark, $"mac-vrf '{o.Sbd}' is already the SBD of ip-vrf '{sbdOwners[sbdVrf]}'; every tenant has its own SBD (RFC 9625 §1.1)");
                continue;
            }
            if (macVrfs[sbdVrf].BroadcastDomains.Count != 1)
            {
                d.Error(o.SbdMark, $"the SBD mac-vrf '{o.Sbd}' has {macVrfs[sbdVrf].BroadcastDomains.Count} VLANs; an SBD is one broadcast domain (one VLAN and VNI)");
                continue;
            }
            int sbd = macVrfs[sbdVrf].BroadcastDomains[0];
            if (!CheckPes(d, o, vrf, domains[sbd], sbd, membership, nodes, nodeMulticast, hosts)) continue;
            var gateways = ResolveGateways(d, o, vrf, nodes, nodeIndex);
            if (gateways is null) continue;
            if ((o.ExternalSource != 0 || o.ExternalGroups.Count > 0) && gateways.Count == 0)
            {
                d.Error(o.ExternalSource != 0 ? o.ExternalSourceMark : o.ExternalGroups[0].Mark,
                    $"ip-vrf '{vrf.Name}': an external source or external groups sit behind a PEG; list one in 'pegs'");
                continue;
            }
            vrf.Oism = new OismDefinition
            {
                SupplementaryDomain = sbd,
                Gateways = gateways,
                ExternalSource = o.ExternalSource,
                ExternalGroups = [.. o.ExternalGroups.Select(g => g.Group).Distinct()],
            };
        }
    }

    /// <summary>Every PE of the tenant carries the SBD and snoops; no host sits in the SBD.</summary>
    private static bool CheckPes(TopologyDraft d, OismDraft o, IpVrfDefinition vrf, BroadcastDomain sbd, int sbdIndex, int[][] membership,
        List<NodeDraft> nodes, NodeMulticast[] nodeMulticast, FabricHost[] hosts)
    {
        foreach (int n in vrf.RoutingNodes)
        {
            if (Array.BinarySearch(membership[n], sbdIndex) < 0)
            {
                d.Error(o.SbdMark, $"ip-vrf '{vrf.Name}': '{nodes[n].Name}' routes the tenant but does not carry the SBD (VLAN {sbd.Vlan}, VNI {sbd.Vni}); every OISM PE of a tenant has its SBD (RFC 9625 §1.1): add it to the mac-vrf's leaves");
                return false;
            }
            if (!nodeMulticast[n].Snooping)
            {
                d.Error(o.Mark, $"ip-vrf '{vrf.Name}': '{nodes[n].Name}' does not snoop IGMP/MLD; OISM learns receivers from SMET routes (RFC 9625 §2.5): set multicast.snooping: true");
                return false;
            }
        }
        foreach (var h in hosts)
            if (h.BroadcastDomain == sbdIndex)
            {
                d.Error(o.SbdMark, $"host '{h.Name}' is in VLAN {sbd.Vlan}, the SBD of ip-vrf '{vrf.Name}'; the SBD has no hosts (it stands in for the tenant's other BDs, RFC 9625 §1.1)");
                return false;
            }
        return true;
    }

    private static List<int>? ResolveGateways(TopologyDraft d, OismDraft o, IpVrfDefinition vrf, List<NodeDraft> nodes, Dictionary<string, int> nodeIndex)
    {
        var gateways = new SortedSet<int>();
        foreach (var (name, mark) in o.Gateways)
        {
            if (!nodeIndex.TryGetValue(name, out var n))
            {
                d.Error(mark, $"ip-vrf '{vrf.Name}': unknown PEG '{YamlFields.Clip(name)}'{KeySuggestion.Hint(name, nodeIndex.Keys)}");
                return null;
            }
            var role = nodes[n].Role ?? NodeRole.Leaf;
            if (role != NodeRole.BorderLeaf)
            {
                d.Error(mark, $"PEG '{name}' is a {role.ToName()}; a PIM/EVPN gateway is a border leaf (it has the external interface, RFC 9625 §5.1)");
                return null;
            }
            if (!vrf.RoutingNodes.Contains(n))
            {
                d.Error(mark, $"PEG '{name}' does not route ip-vrf '{vrf.Name}': give it one of the tenant's VLANs (or an external prefix in the VRF)");
                return null;
            }
            gateways.Add(n);
        }
        return [.. gateways];
    }
}
