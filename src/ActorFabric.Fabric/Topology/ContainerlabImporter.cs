using YamlDotNet.RepresentationModel;

namespace ActorFabric.Fabric.Topology;

/// <summary>
/// Reads a containerlab <c>.clab.yml</c>: <c>topology.nodes</c> become switches or hosts and
/// <c>topology.links</c> become fabric links or host attachments. A node's role comes from its
/// <c>role</c> (or <c>actorfabric.role</c>) label, else <c>graph-icon: host|server</c>, else its name
/// (border*/bl*, spine*, leaf*, rr*, host*/client*/server*/srv*/h&lt;digit&gt;). Keys containerlab
/// knows and ActorFabric does not need (mgmt, kinds, binds, …) are ignored.
/// </summary>
internal static class ContainerlabImporter
{
    private static readonly string[] TopKeys = ["name", "topology"];
    private static readonly string[] TopologyKeys = ["nodes", "links"];
    private static readonly string[] NodeKeys = ["kind", "image", "labels"];
    private static readonly string[] LinkKeys = ["endpoints", "type"];
    private static readonly HashSet<string> SkippedKinds = new(StringComparer.Ordinal) { "bridge", "ovs-bridge", "ext-container" };
    private static readonly HashSet<string> SpecialEndpoints = new(StringComparer.Ordinal) { "host", "mgmt-net", "macvlan" };

    /// <summary>The MAC-VRF an imported lab gets when nothing else defines one: VLAN 100 ↔ VNI 10100 on every leaf.</summary>
    public const ushort DefaultVlan = 100;
    public const uint DefaultVni = 10100;

    /// <summary>Imports into <paramref name="into"/>; positions name <paramref name="labFile"/>.</summary>
    public static void Import(string text, string labFile, TopologyDraft into, bool defaultMacVrf)
    {
        var lab = new TopologyDraft(labFile);
        ImportInto(text, lab, defaultMacVrf);
        into.Errors.AddRange(lab.Errors);
        into.Nodes.AddRange(lab.Nodes);
        into.Links.AddRange(lab.Links);
        into.MacVrfs.AddRange(lab.MacVrfs);
        into.Hosts.AddRange(lab.Hosts);
        into.Name ??= lab.Name;
    }

    private static void ImportInto(string text, TopologyDraft lab, bool defaultMacVrf)
    {
        var root = TopologyYamlReader.LoadSingleDocument(lab, text);
        if (root is null) return;
        var top = YamlFields.Read(lab, root, "the containerlab file", TopKeys, ignoreUnknown: true);
        if (top is null) return;
        lab.Name = top.Scalar("name");
        if (!top.Has("topology"))
        {
            lab.Error(top.Mark, "not a containerlab file: no 'topology:' section");
            return;
        }
        var topo = top.Mapping("topology", "topology", TopologyKeys.Concat(["defaults", "kinds", "groups"]).ToArray());
        if (topo is null) return;

        var roles = new Dictionary<string, NodeRole>(StringComparer.Ordinal);
        var hostIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var skipped = new HashSet<string>(StringComparer.Ordinal);
        if (topo.Value("nodes") is YamlMappingNode nodes)
        {
            foreach (var (key, value) in nodes.Children)
            {
                var name = (key as YamlScalarNode)?.Value ?? "";
                var mark = YamlFields.MarkOf(lab, key);
                var f = value is YamlMappingNode ? YamlFields.Read(lab, value, $"clab node '{name}'", NodeKeys, ignoreUnknown: true) : null;
                var kind = f?.Scalar("kind");
                if (kind is not null && SkippedKinds.Contains(kind))
                {
                    skipped.Add(name);
                    continue;
                }
                Dictionary<string, string>? labels = f?.Value("labels") is { } l ? TopologyYamlReader.ReadLabels(lab, l, null) : null;
                if (!TryInferRole(name, labels, out var role))
                {
                    lab.Error(mark, $"cannot tell the role of clab node '{name}' from its name; add 'labels: {{role: leaf}}' (spine, leaf, border-leaf, route-reflector or host)");
                    continue;
                }
                roles[name] = role;
                if (role == NodeRole.Host)
                {
                    hostIndex[name] = lab.Hosts.Count;
                    lab.Hosts.Add(new HostDraft { Name = name, Mark = mark, Imported = true });
                    continue;
                }
                lab.Nodes.Add(new NodeDraft
                {
                    Name = name,
                    Mark = mark,
                    Role = role,
                    // Without dedicated reflectors the spines reflect (see docs/topology.md).
                    Kind = kind,
                    Image = f?.Scalar("image"),
                    Labels = labels,
                    Imported = true,
                });
            }
        }
        else if (topo.Has("nodes"))
        {
            topo.Error("nodes", "'nodes' must be a mapping of node names");
        }
        if (!roles.ContainsValue(NodeRole.RouteReflector))
            foreach (var n in lab.Nodes)
                if (n.Role == NodeRole.Spine) n.RouteReflector = true;

        if (topo.Sequence("links") is { } links)
        {
            foreach (var item in links)
            {
                var f = YamlFields.Read(lab, item, "a clab link", LinkKeys, ignoreUnknown: true);
                var endpoints = f?.Sequence("endpoints");
                if (endpoints is null) continue;
                if (endpoints.Children.Count != 2) continue; // single-ended links (host, mgmt-net, macvlan) are outside the fabric
                var a = ReadEndpoint(lab, endpoints.Children[0]);
                var b = ReadEndpoint(lab, endpoints.Children[1]);
                if (a is null || b is null) continue;
                if (SpecialEndpoints.Contains(a.Value.Node) || SpecialEndpoints.Contains(b.Value.Node)) continue;
                if (skipped.Contains(a.Value.Node) || skipped.Contains(b.Value.Node)) continue;

                bool aHost = hostIndex.TryGetValue(a.Value.Node, out var ha);
                bool bHost = hostIndex.TryGetValue(b.Value.Node, out var hb);
                if (aHost && bHost)
                {
                    lab.Error(a.Value.Mark, $"link between two hosts '{a.Value.Node}' and '{b.Value.Node}': hosts attach to leaves");
                    continue;
                }
                if (aHost || bHost)
                {
                    var (hostAt, sw) = aHost ? (ha, b.Value) : (hb, a.Value);
                    var h = lab.Hosts[hostAt];
                    if (h.Leaf is not null) continue; // dual-homed: first link wins until multihoming lands
                    h.Leaf = sw.Node;
                    h.Port = sw.Port;
                    h.Marks = new HostMarks { Leaf = sw.Mark, Port = sw.Mark, Vlan = h.Mark, Mac = h.Mark, Ip = h.Mark };
                    lab.Hosts[hostAt] = h;
                    continue;
                }
                lab.Links.Add(new LinkDraft { A = a.Value, B = b.Value, Mark = f!.Mark });
            }
        }
        for (int i = 0; i < lab.Hosts.Count; i++)
            if (lab.Hosts[i].Leaf is null)
                lab.Error(lab.Hosts[i].Mark, $"clab host '{lab.Hosts[i].Name}' is not linked to any leaf");

        if (defaultMacVrf && lab.Hosts.Count + lab.Nodes.Count > 0)
        {
            var mark = topo.Mark;
            var vrf = new MacVrfDraft { Name = "default", Mark = mark, Service = ServiceType.VlanBased };
            vrf.Domains.Add(new DomainDraft(DefaultVni, DefaultVlan, null, 0, mark, mark, mark));
            lab.MacVrfs.Add(vrf);
        }
    }

    /// <summary><c>"leaf1:e1-1"</c> or <c>{node: leaf1, interface: e1-1}</c>.</summary>
    private static EndpointDraft? ReadEndpoint(TopologyDraft lab, YamlNode node)
    {
        if (node is YamlMappingNode)
        {
            var f = YamlFields.Read(lab, node, "a clab endpoint", ["node", "interface", "mac"], ignoreUnknown: true);
            var name = f?.RequiredScalar("node");
            if (name is null) return null;
            return new EndpointDraft(name, f!.Scalar("interface"), f.Mark);
        }
        return TopologyYamlReader.ReadEndpoint(lab, node);
    }

    public static bool TryInferRole(string name, IReadOnlyDictionary<string, string>? labels, out NodeRole role)
    {
        if (labels is not null)
        {
            foreach (var key in (string[])["actorfabric.role", "role"])
                if (labels.TryGetValue(key, out var value) && TryRoleWord(value.ToLowerInvariant(), out role))
                    return true;
            if (labels.TryGetValue("graph-icon", out var icon) && icon is "host" or "server" or "client")
            {
                role = NodeRole.Host;
                return true;
            }
        }
        return TryRoleFromName(name.ToLowerInvariant(), out role);
    }

    private static bool TryRoleWord(string word, out NodeRole role)
    {
        if (NodeRoleNames.TryParse(word, out role)) return true;
        switch (word)
        {
            case "border" or "borderleaf" or "border_leaf" or "bl": role = NodeRole.BorderLeaf; return true;
            case "superspine" or "super-spine": role = NodeRole.Spine; return true;
            case "routereflector" or "route_reflector": role = NodeRole.RouteReflector; return true;
            case "server" or "client" or "vm": role = NodeRole.Host; return true;
            default: return false;
        }
    }

    private static bool TryRoleFromName(string name, out NodeRole role)
    {
        role = default;
        // Strip a site prefix such as "dc1-" so "dc1-leaf3" reads as "leaf3".
        int dash = name.LastIndexOf('-');
        var word = dash >= 0 && dash < name.Length - 1 && !char.IsAsciiDigit(name[dash + 1]) ? name[(dash + 1)..] : name;
        if (name.Contains("border", StringComparison.Ordinal) || StartsWithThenDigit(word, "bl")) role = NodeRole.BorderLeaf;
        else if (word.Contains("spine", StringComparison.Ordinal)) role = NodeRole.Spine;
        else if (word.StartsWith("leaf", StringComparison.Ordinal)) role = NodeRole.Leaf;
        else if (StartsWithThenDigit(word, "rr") || word.StartsWith("route-reflector", StringComparison.Ordinal)) role = NodeRole.RouteReflector;
        else if (word.StartsWith("host", StringComparison.Ordinal) || word.StartsWith("client", StringComparison.Ordinal)
                 || word.StartsWith("server", StringComparison.Ordinal) || StartsWithThenDigit(word, "srv") || StartsWithThenDigit(word, "h"))
            role = NodeRole.Host;
        else return false;
        return true;
    }

    private static bool StartsWithThenDigit(string word, string prefix) =>
        word.Length > prefix.Length && word.StartsWith(prefix, StringComparison.Ordinal) && char.IsAsciiDigit(word[prefix.Length]);
}
