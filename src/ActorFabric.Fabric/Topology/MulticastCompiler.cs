using System.Collections.Immutable;

namespace ActorFabric.Fabric.Topology;

/// <summary>The multicast part of one node: AR role, AR IP (0 when none) and effective snooping.</summary>
internal readonly record struct NodeMulticast(ArRole ArRole, uint ArIp, bool Snooping);

/// <summary>
/// Applies the defaults of the <c>multicast:</c> and <c>assisted-replication:</c> blocks to every node, hands out
/// AR IPs and resolves AR policies to replicators, checking what a file may get wrong (docs/topology.md).
/// </summary>
internal static class MulticastCompiler
{
    public static (MulticastSettings Multicast, AssistedReplicationSettings? Ar, NodeMulticast[] PerNode) Compile(
        TopologyDraft d, List<NodeDraft> nodes, uint[] loopbacks, uint[] vteps, BroadcastDomain[] domains)
    {
        var multicast = d.Multicast?.Settings ?? MulticastSettings.Default;
        if (d.Multicast is not { SnoopingGiven: true } && d.GeneratedSnooping is { } generated) multicast = multicast with { Snooping = generated };
        var ar = d.AssistedReplication;

        var perNode = new NodeMulticast[nodes.Count];
        for (int i = 0; i < nodes.Count; i++)
        {
            var n = nodes[i];
            var role = n.Role ?? NodeRole.Leaf;
            bool vtep = role.IsVtep();
            if (n.Snooping is { } snoops && !vtep)
                d.Error(snoops.Mark, $"'{n.Name}' is a {role.ToName()}; only leaves and border leaves snoop IGMP/MLD");
            var arRole = ArRole.None;
            bool refused = false;
            if (n.ArRole is ({ } given, var roleMark))
            {
                if (ar is null && given != ArRole.None)
                    refused = d.Refuse(roleMark, $"node '{n.Name}' is an AR {given.ToName()} but the topology has no 'assisted-replication:' block (add one; 'assisted-replication: {{}}' takes every default)");
                else if (!vtep && given != ArRole.None)
                    refused = d.Refuse(roleMark, $"'{n.Name}' is a {role.ToName()}; only leaves and border leaves (VTEPs) take an AR role (a replicator is a VTEP with a second loopback)");
                else arRole = given;
            }
            // With the block, a VTEP that says nothing is an AR leaf: the block is the fabric's opt-in, regular NVEs opt out.
            else if (ar is not null && vtep) arRole = ArRole.Leaf;
            if (n.ArIp is { } written && arRole != ArRole.Replicator && !refused)
                d.Error(written.Mark, $"'ar-ip' of '{n.Name}': only an AR replicator has an AR IP (give it 'assisted-replication: replicator')");
            perNode[i] = new NodeMulticast(arRole, 0, vtep && (n.Snooping?.Value ?? multicast.Snooping));
        }
        if (ar is null) return (multicast, null, perNode);

        AssignArIps(d, ar, nodes, loopbacks, vteps, perNode);
        var replicators = ImmutableArray.CreateBuilder<int>();
        var byArIp = new Dictionary<uint, int>();
        for (int i = 0; i < perNode.Length; i++)
            if (perNode[i].ArRole == ArRole.Replicator)
            {
                replicators.Add(i);
                if (perNode[i].ArIp != 0) byArIp.TryAdd(perNode[i].ArIp, i);
            }
        var policies = ResolvePolicies(d, ar, nodes, perNode, byArIp, domains);
        return (multicast, ar.Settings with { Replicators = replicators.ToImmutable(), Policies = policies }, perNode);
    }

    private static bool Refuse(this TopologyDraft d, SourceMark at, string message)
    {
        d.Error(at, message);
        return true;
    }

    /// <summary>
    /// RFC 9574 §4: a replicator's AR IP MUST differ from its IR IP; here it also differs from every loopback and VTEP
    /// address of the fabric and from the other AR IPs, so an outer destination names one device and one role.
    /// </summary>
    private static void AssignArIps(TopologyDraft d, ArDraft ar, List<NodeDraft> nodes, uint[] loopbacks, uint[] vteps, NodeMulticast[] perNode)
    {
        var used = new Dictionary<uint, string>();
        for (int i = 0; i < nodes.Count; i++)
        {
            if (loopbacks[i] != 0) used.TryAdd(loopbacks[i], $"the loopback of '{nodes[i].Name}'");
            if (vteps[i] != 0) used.TryAdd(vteps[i], $"the VTEP address of '{nodes[i].Name}'");
        }
        for (int i = 0; i < nodes.Count; i++)
        {
            var n = nodes[i];
            if (perNode[i].ArRole != ArRole.Replicator || n.ArIp is not (var ip, var ipMark)) continue;
            if (ip == 0) d.Error(ipMark, $"AR IP of '{n.Name}' cannot be 0.0.0.0");
            else if (used.TryGetValue(ip, out var owner))
                d.Error(ipMark, $"AR IP {AddressSyntax.FormatIpv4(ip)} of '{n.Name}' is already {owner} (RFC 9574 §4: the AR IP differs from every IR IP)");
            else
            {
                used.Add(ip, $"the AR IP of '{n.Name}'");
                perNode[i] = perNode[i] with { ArIp = ip };
            }
        }
        // Automatic AR IPs: the pool's addresses in order (.1 first), skipping every address in use.
        ulong poolSize = 1UL << (32 - ar.PoolPrefixLength);
        ulong next = 1;
        int needed = 0, missing = 0, firstMissing = -1;
        for (int i = 0; i < nodes.Count; i++)
        {
            if (perNode[i].ArRole != ArRole.Replicator || nodes[i].ArIp is not null) continue;
            needed++;
            while (next < poolSize - 1 && used.ContainsKey(ar.Pool + (uint)next)) next++;
            if (next >= poolSize - 1)
            {
                if (missing++ == 0) firstMissing = i;
                continue;
            }
            uint ip = ar.Pool + (uint)next++;
            used.Add(ip, $"the AR IP of '{nodes[i].Name}'");
            perNode[i] = perNode[i] with { ArIp = ip };
        }
        if (missing > 0)
            d.Error(nodes[firstMissing].Mark,
                $"AR IP pool {AddressSyntax.FormatIpv4Prefix(ar.Pool, ar.PoolPrefixLength)} is exhausted: {needed} replicators need an automatic AR IP and {missing} of them (from '{nodes[firstMissing].Name}' on) got none; widen assisted-replication.ar-ip-pool");
    }

    private static ImmutableArray<ArPolicy> ResolvePolicies(
        TopologyDraft d, ArDraft ar, List<NodeDraft> nodes, NodeMulticast[] perNode, Dictionary<uint, int> byArIp, BroadcastDomain[] domains)
    {
        var names = new Dictionary<string, SourceMark>(StringComparer.Ordinal);
        var vnis = new HashSet<uint>();
        foreach (var bd in domains) vnis.Add(bd.Vni);
        var nodeByName = new Dictionary<string, int>(nodes.Count, StringComparer.Ordinal);
        for (int i = 0; i < nodes.Count; i++) nodeByName.TryAdd(nodes[i].Name, i);
        var replicatorNames = new List<string>();
        foreach (var (name, i) in nodeByName) if (perNode[i].ArRole == ArRole.Replicator) replicatorNames.Add(name);

        var result = ImmutableArray.CreateBuilder<ArPolicy>(ar.Policies.Count);
        foreach (var p in ar.Policies)
        {
            if (!names.TryAdd(p.Name, p.Mark))
            {
                d.Error(p.Mark, $"duplicate AR policy name '{p.Name}' (first defined at {names[p.Name].Line}:{names[p.Name].Column})");
                continue;
            }
            if (p.Vni != 0 && !vnis.Contains(p.Vni))
                d.Error(p.VniMark, $"AR policy '{p.Name}': VNI {p.Vni} is not mapped by any mac-vrf");
            int replicator = p.Replicator is null ? -1 : Resolve(p.Replicator, p.ReplicatorMark);
            int fallback = p.Fallback is null ? -1 : Resolve(p.Fallback, p.FallbackMark);
            if (fallback >= 0 && fallback == replicator)
                d.Error(p.FallbackMark, $"AR policy '{p.Name}': the fallback is the preferred replicator '{nodes[replicator].Name}' itself");
            if (replicator < 0) continue;
            result.Add(new ArPolicy
            {
                Name = p.Name,
                Group = p.Group,
                Vni = p.Vni,
                Source = p.Source,
                Replicator = replicator,
                ReplicatorIp = perNode[replicator].ArIp,
                Fallback = fallback,
                FallbackIp = fallback >= 0 ? perNode[fallback].ArIp : 0,
                Strict = p.Strict,
            });

            // A replicator by node name or by AR IP (the document's policies name AR IPs).
            int Resolve(string text, SourceMark at)
            {
                if (AddressSyntax.TryParseIpv4(text, out var ip))
                {
                    if (byArIp.TryGetValue(ip, out var byIp)) return byIp;
                    d.Error(at, $"AR policy '{p.Name}': no replicator has the AR IP {text}");
                    return -1;
                }
                if (!nodeByName.TryGetValue(text, out var i))
                {
                    d.Error(at, $"AR policy '{p.Name}': unknown replicator '{YamlFields.Clip(text)}'{KeySuggestion.Hint(text, replicatorNames)}");
                    return -1;
                }
                if (perNode[i].ArRole != ArRole.Replicator)
                {
                    d.Error(at, $"AR policy '{p.Name}': '{text}' is not a replicator (its AR role is {perNode[i].ArRole.ToName()})");
                    return -1;
                }
                return i;
            }
        }
        return result.ToImmutable();
    }
}
