using ActorFabric.Wire.Bgp;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ActorFabric.Fabric.Topology;

/// <summary>Reads an ActorFabric topology file (see docs/topology.md) into a <see cref="TopologyDraft"/>.</summary>
internal static class TopologyYamlReader
{
    private static readonly string[] TopKeys = ["name", "asn", "settings", "containerlab", "generate", "nodes", "links", "mac-vrfs", "ethernet-segments", "hosts", "multicast", "assisted-replication", "routing", "ip-vrfs"];
    private static readonly string[] SettingsKeys =
    [
        "bgp-hold-time", "bgp-keepalive", "bfd-interval", "bfd-multiplier", "mac-aging", "duplicate-mac-moves",
        "duplicate-mac-window", "link-latency", "route-target-derivation", "route-target-constraint", "loopback-pool", "host-pool", "host-prefix-length",
    ];
    private static readonly string[] NodeKeys = ["name", "role", "route-reflector", "loopback", "router-id", "vtep", "asn", "ports", "labels", "kind", "image", "assisted-replication", "ar-ip", "snooping", .. L3YamlReader.NodeKeys];
    private static readonly string[] LinkKeys = ["endpoints", "latency", "loss", "state"];
    private static readonly string[] MacVrfKeys = ["name", "service", "evi", "rd", "route-targets", "vlans", "vlan", "vni", "subnet", "leaves", .. L3YamlReader.GatewayKeys];
    private static readonly string[] DomainKeys = ["vlan", "vni", "subnet", .. L3YamlReader.GatewayKeys];
    private static readonly string[] TargetKeys = ["import", "export"];
    private static readonly string[] HostKeys = ["name", "leaf", "port", "segment", "vlan", "vni", "mac", "ip", "ipv6", "static-mac"];
    private static readonly string[] SegmentKeys = ["name", "esi", "mode", "df-algorithm", "members", "system-mac", "lacp-port-key", "local-discriminator"];
    private static readonly string[] MemberKeys = ["leaf", "port", "preference"];

    public static TopologyDraft Read(string text, string file)
    {
        var draft = new TopologyDraft(file);
        var root = LoadSingleDocument(draft, text);
        if (root is null) return draft;
        var top = YamlFields.Read(draft, root, "the topology", TopKeys);
        if (top is null) return draft;

        draft.Name = top.Scalar("name") ?? Path.GetFileNameWithoutExtension(file);
        if (top.Integer("asn", 1, uint.MaxValue) is { } asn)
        {
            draft.Asn = (uint)asn;
            draft.AsnMark = top.MarkOf("asn");
        }
        if (top.Mapping("settings", "settings", SettingsKeys) is { } settings) draft.Settings = ReadSettings(draft, settings);

        if (top.Scalar("containerlab") is { } labPath)
        {
            var resolved = Path.IsPathRooted(labPath) ? labPath : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".", labPath);
            if (!File.Exists(resolved))
                top.Error("containerlab", $"containerlab file '{labPath}' not found");
            else if (new FileInfo(resolved).Length is var length && length > TopologyLoader.MaxFileBytes)
                draft.Errors.Add(TopologyLoader.TooLarge(labPath, length));
            else
                ContainerlabImporter.Import(File.ReadAllText(resolved), labPath, draft, defaultMacVrf: !top.Has("mac-vrfs") && !top.Has("generate"));
        }

        if (top.Mapping("multicast", "multicast", MulticastYamlReader.MulticastKeys) is { } multicast) MulticastYamlReader.ReadMulticast(draft, multicast);
        if (top.Mapping("assisted-replication", "assisted-replication", MulticastYamlReader.ArKeys) is { } ar) MulticastYamlReader.ReadAssistedReplication(draft, ar);
        if (top.Mapping("routing", "routing", L3YamlReader.RoutingKeys) is { } routing) L3YamlReader.ReadRouting(draft, routing);
        if (top.Value("generate") is { } generate) FabricGenerator.ReadAndExpand(draft, generate);

        // Side-file entries refine imported items by name: look them up in a table, not by scanning every
        // node per entry (quadratic in a large file).
        var importedNodes = new Dictionary<string, NodeDraft>(StringComparer.Ordinal);
        foreach (var n in draft.Nodes) if (n.Imported) importedNodes.TryAdd(n.Name, n);
        var importedHosts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < draft.Hosts.Count; i++)
            if (draft.Hosts[i] is { Imported: true, Name: { } hostName }) importedHosts.TryAdd(hostName, i);

        if (top.Sequence("nodes") is { } nodes)
            foreach (var item in nodes) ReadNode(draft, item, importedNodes);
        if (top.Sequence("links") is { } links)
            foreach (var item in links) ReadLink(draft, item);
        if (top.Sequence("mac-vrfs") is { } vrfs)
            foreach (var item in vrfs) ReadMacVrf(draft, item);
        if (top.Sequence("ip-vrfs") is { } ipVrfs)
            foreach (var item in ipVrfs) L3YamlReader.ReadIpVrf(draft, item);
        if (top.Sequence("ethernet-segments") is { } segments)
            foreach (var item in segments) ReadSegment(draft, item);
        if (top.Sequence("hosts") is { } hosts)
            foreach (var item in hosts) ReadHost(draft, item, importedHosts);
        return draft;
    }

    /// <summary>Parses YAML text; a syntax error (or a duplicate key) becomes one error at its position.</summary>
    internal static YamlNode? LoadSingleDocument(TopologyDraft draft, string text)
    {
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(text));
        try
        {
            stream.Load(parser);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // Both come out of YamlDotNet on malformed input (found by the loader fuzz test).
            // The scanner can fail without a position; the last event read is the nearest place.
            var at = parser.Current?.End ?? Mark.Empty;
            draft.Error(new SourceMark(draft.File, Math.Max(1, (int)at.Line), Math.Max(1, (int)at.Column)), $"YAML syntax: {e.Message} (near here)");
            return null;
        }
        catch (YamlException e)
        {
            var message = (e.InnerException?.Message ?? e.Message).Replace("\n", " ", StringComparison.Ordinal);
            // YamlDotNet prefixes positions itself; keep only the problem.
            int paren = message.IndexOf("): ", StringComparison.Ordinal);
            if (message.StartsWith('(') && paren > 0) message = message[(paren + 3)..];
            draft.Error(new SourceMark(draft.File, (int)e.Start.Line, (int)e.Start.Column), $"YAML syntax: {message}");
            return null;
        }
        if (stream.Documents.Count == 0)
        {
            draft.Error(new SourceMark(draft.File, 1, 1), "the file is empty");
            return null;
        }
        return stream.Documents[0].RootNode;
    }

    private static FabricSettings ReadSettings(TopologyDraft draft, YamlFields f)
    {
        var s = FabricSettings.Default;
        var hour = TimeSpan.FromHours(1);
        if (f.Duration("bgp-hold-time", TimeSpan.Zero, TimeSpan.FromSeconds(65535)) is { } hold)
        {
            // RFC 4271 §4.2: zero (no keepalives) or at least three seconds.
            if (hold != TimeSpan.Zero && hold < TimeSpan.FromSeconds(3)) f.Error("bgp-hold-time", "'bgp-hold-time' must be 0 or at least 3s (RFC 4271 §4.2)");
            else s = s with { BgpHoldTime = hold };
        }
        if (f.Duration("bgp-keepalive", TimeSpan.Zero, TimeSpan.FromSeconds(21845)) is { } ka) s = s with { BgpKeepalive = ka };
        if (s.BgpHoldTime != TimeSpan.Zero && s.BgpKeepalive >= s.BgpHoldTime)
            f.Error("bgp-keepalive", $"'bgp-keepalive' {DurationSyntax.Format(s.BgpKeepalive)} must be shorter than the hold time {DurationSyntax.Format(s.BgpHoldTime)}");
        if (f.Duration("bfd-interval", TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(60)) is { } bfd) s = s with { BfdInterval = bfd };
        if (f.Integer("bfd-multiplier", 1, 255) is { } mult) s = s with { BfdMultiplier = (int)mult };
        if (f.Duration("mac-aging", TimeSpan.Zero, TimeSpan.FromDays(1)) is { } aging) s = s with { MacAging = aging };
        if (f.Integer("duplicate-mac-moves", 1, 1000) is { } moves) s = s with { DuplicateMacMoves = (int)moves };
        if (f.Duration("duplicate-mac-window", TimeSpan.FromSeconds(1), hour) is { } window) s = s with { DuplicateMacWindow = window };
        if (f.Duration("link-latency", TimeSpan.Zero, LinkParameters.MaxLatency) is { } latency) s = s with { DefaultLinkLatency = latency };
        if (f.Scalar("route-target-derivation") is { } derivation)
        {
            switch (derivation)
            {
                case "rfc8365": s = s with { RouteTargetDerivation = RouteTargetDerivation.Rfc8365 }; break;
                case "as-vni": s = s with { RouteTargetDerivation = RouteTargetDerivation.AsVni }; break;
                default: f.Error("route-target-derivation", $"'route-target-derivation' must be rfc8365 or as-vni, not '{derivation}'"); break;
            }
        }
        if (f.Boolean("route-target-constraint") is { } rtc) s = s with { RouteTargetConstraint = rtc };
        if (f.Ipv4Prefix("loopback-pool", prefixOptional: false) is { } lp) s = s with { LoopbackPool = lp.Address & AddressSyntax.PrefixMask(lp.PrefixLength), LoopbackPoolPrefixLength = lp.PrefixLength };
        if (f.Ipv4Prefix("host-pool", prefixOptional: false) is { } hp) s = s with { HostPool = hp.Address & AddressSyntax.PrefixMask(hp.PrefixLength), HostPoolPrefixLength = hp.PrefixLength };
        if (f.Integer("host-prefix-length", 8, 30) is { } hpl)
        {
            if (hpl < s.HostPoolPrefixLength) f.Error("host-prefix-length", $"'host-prefix-length' /{hpl} is larger than the host pool /{s.HostPoolPrefixLength}");
            else s = s with { HostPrefixLength = (int)hpl };
        }
        _ = draft;
        return s;
    }

    private static void ReadNode(TopologyDraft draft, YamlNode item, Dictionary<string, NodeDraft> imported)
    {
        var f = YamlFields.Read(draft, item, "a node", NodeKeys);
        if (f is null) return;
        var name = f.RequiredScalar("name");
        if (name is null) return;

        var node = imported.GetValueOrDefault(name);
        if (node is null)
        {
            node = new NodeDraft { Name = name, Mark = f.MarkOf("name") };
            draft.Nodes.Add(node);
            if (!f.Has("role")) f.Error("name", $"node '{name}' needs a 'role' ({string.Join(", ", NodeRoleNames.All[..4])})");
        }
        if (f.Scalar("role") is { } roleText)
        {
            if (!NodeRoleNames.TryParse(roleText, out var role))
                f.Error("role", $"unknown role '{roleText}' for node '{name}'{KeySuggestion.Hint(roleText, NodeRoleNames.All)}; roles: {string.Join(", ", NodeRoleNames.All[..4])}");
            else if (role == NodeRole.Host)
                f.Error("role", $"node '{name}': hosts are listed under 'hosts:' with their leaf and port, not under 'nodes:'");
            else
                node.Role = role;
        }
        if (f.Boolean("route-reflector") is { } rr) node.RouteReflector = rr;
        if (f.HostAddress("loopback") is { } lo) { node.Loopback = lo; node.LoopbackMark = f.MarkOf("loopback"); }
        if (f.Ipv4("router-id") is { } rid) { node.RouterId = rid; node.RouterIdMark = f.MarkOf("router-id"); }
        if (f.Ipv4("vtep") is { } vtep) { node.Vtep = vtep; node.VtepMark = f.MarkOf("vtep"); }
        if (f.Integer("asn", 1, uint.MaxValue) is { } asn) node.Asn = (uint)asn;
        if (f.Integer("ports", 1, 4096) is { } ports) node.Ports = (int)ports;
        if (f.Scalar("kind") is { } kind) node.Kind = kind;
        if (f.Scalar("image") is { } image) node.Image = image;
        if (f.Value("labels") is { } labels) node.Labels = ReadLabels(draft, labels, node.Labels);
        MulticastYamlReader.ReadNodeKeys(f, node);
        L3YamlReader.ReadNodeKeys(draft, f, node);
    }

    internal static Dictionary<string, string>? ReadLabels(TopologyDraft draft, YamlNode node, Dictionary<string, string>? into)
    {
        if (node is not YamlMappingNode map)
        {
            draft.Error(YamlFields.MarkOf(draft, node), "'labels' must be a mapping of names to values");
            return into;
        }
        into ??= new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in map.Children)
            if (k is YamlScalarNode ks && v is YamlScalarNode vs)
                into[ks.Value ?? ""] = vs.Value ?? "";
        return into;
    }

    private static void ReadLink(TopologyDraft draft, YamlNode item)
    {
        var f = YamlFields.Read(draft, item, "a link", LinkKeys);
        if (f is null) return;
        if (!f.Has("endpoints"))
        {
            draft.Error(f.Mark, "a link needs 'endpoints: [node:port, node:port]'");
            return;
        }
        var seq = f.Sequence("endpoints");
        if (seq is null) return;
        if (seq.Children.Count != 2)
        {
            f.Error("endpoints", $"a link has exactly 2 endpoints, not {seq.Children.Count}");
            return;
        }
        var a = ReadEndpoint(draft, seq.Children[0]);
        var b = ReadEndpoint(draft, seq.Children[1]);
        if (a is null || b is null) return;
        var link = new LinkDraft { A = a.Value, B = b.Value, Mark = f.Mark };
        link.Latency = f.Duration("latency", TimeSpan.Zero, LinkParameters.MaxLatency);
        if (f.Fraction("loss") is { } loss) link.Loss = loss;
        if (f.Scalar("state") is { } state)
        {
            if (state == "up") link.State = LinkState.Up;
            else if (state == "down") link.State = LinkState.Down;
            else f.Error("state", $"'state' must be up or down, not '{state}'");
        }
        draft.Links.Add(link);
    }

    /// <summary><c>node:port</c> or <c>node</c> (port assigned automatically).</summary>
    internal static EndpointDraft? ReadEndpoint(TopologyDraft draft, YamlNode node)
    {
        var mark = YamlFields.MarkOf(draft, node);
        if (node is not YamlScalarNode { Value: { Length: > 0 } text })
        {
            draft.Error(mark, "a link endpoint must be written 'node:port'");
            return null;
        }
        int colon = text.IndexOf(':');
        if (colon < 0) return new EndpointDraft(text, null, mark);
        if (colon == 0 || colon == text.Length - 1)
        {
            draft.Error(mark, $"bad link endpoint '{text}' (expected node:port)");
            return null;
        }
        return new EndpointDraft(text[..colon], text[(colon + 1)..], mark);
    }

    private static void ReadMacVrf(TopologyDraft draft, YamlNode item)
    {
        var f = YamlFields.Read(draft, item, "a mac-vrf", MacVrfKeys);
        if (f is null) return;
        var name = f.RequiredScalar("name");
        if (name is null) return;
        var vrf = new MacVrfDraft { Name = name, Mark = f.MarkOf("name") };
        if (f.Scalar("service") is { } service)
        {
            if (ServiceTypeNames.TryParse(service, out var st)) vrf.Service = st;
            else f.Error("service", $"unknown service '{service}'{KeySuggestion.Hint(service, ServiceTypeNames.All)}; services: {string.Join(", ", ServiceTypeNames.All)}");
        }
        if (f.Integer("evi", 1, ushort.MaxValue) is { } evi) { vrf.Evi = (ushort)evi; vrf.EviMark = f.MarkOf("evi"); }
        if (f.Scalar("rd") is { } rd && rd != "auto")
        {
            if (RouteDistinguisher.TryParse(rd, out var parsed)) vrf.Rd = parsed;
            else f.Error("rd", $"bad route distinguisher '{rd}' (expected 10.0.0.1:100, 65000:100 or auto)");
        }
        if (f.Value("route-targets") is { } rts) (vrf.Import, vrf.Export) = ReadTargets(draft, rts);

        bool inline = f.Has("vlan") || f.Has("vni");
        if (inline)
        {
            if (f.Has("vlans")) f.Error("vlans", "give either 'vlan'/'vni' or a 'vlans' list, not both");
            else if (ReadDomain(draft, f) is { } d) vrf.Domains.Add(d);
        }
        else if (f.Sequence("vlans") is { } vlans)
        {
            foreach (var v in vlans)
                if (YamlFields.Read(draft, v, "a vlans entry", DomainKeys) is { } df && ReadDomain(draft, df) is { } d)
                    vrf.Domains.Add(d);
        }
        else if (!f.Has("vlans"))
        {
            f.Error("name", $"mac-vrf '{name}' maps no VLAN to a VNI (give 'vlan' and 'vni', or 'vlans')");
        }
        if (vrf.Service == ServiceType.VlanBased && vrf.Domains.Count > 1)
            f.Error("vlans", $"mac-vrf '{name}' is vlan-based, so it holds one VLAN; use service: vlan-aware-bundle for {vrf.Domains.Count}");

        if (f.Sequence("leaves") is { } leaves)
        {
            vrf.Leaves = [];
            foreach (var l in leaves)
            {
                if (l is YamlScalarNode { Value: { Length: > 0 } leaf }) vrf.Leaves.Add((leaf, YamlFields.MarkOf(draft, l)));
                else draft.Error(YamlFields.MarkOf(draft, l), "'leaves' lists node names");
            }
        }
        draft.MacVrfs.Add(vrf);
    }

    private static DomainDraft? ReadDomain(TopologyDraft draft, YamlFields f)
    {
        var vlan = f.Has("vlan") ? f.Integer("vlan", 1, 4094) : null;
        var vni = f.Has("vni") ? f.Integer("vni", 1, 0xFF_FFFF) : null;
        if (!f.Has("vlan")) draft.Error(f.Mark, "a VLAN ↔ VNI mapping needs 'vlan'");
        if (!f.Has("vni")) draft.Error(f.Mark, "a VLAN ↔ VNI mapping needs 'vni'");
        var subnet = f.Ipv4Prefix("subnet", prefixOptional: false);
        if (subnet is { } s && s.PrefixLength > 30)
        {
            f.Error("subnet", $"subnet /{s.PrefixLength} has no room for hosts (use /30 or shorter)");
            subnet = null;
        }
        // A gateway written with its length gives the subnet when the mapping has none.
        var (gateway, gateway6) = L3YamlReader.ReadGateways(f, ref subnet);
        if (vlan is null || vni is null) return null;
        return new DomainDraft((uint)vni, (ushort)vlan,
            subnet is { } sn ? sn.Address & AddressSyntax.PrefixMask(sn.PrefixLength) : null,
            subnet?.PrefixLength ?? 0, f.MarkOf("vni"), f.MarkOf("vlan"), f.Has("subnet") ? f.MarkOf("subnet") : f.MarkOf("gateway"))
        {
            Gateway = gateway,
            GatewayMark = f.MarkOf("gateway"),
            Gateway6 = gateway6,
            Gateway6Mark = f.MarkOf("gateway6"),
        };
    }

    /// <summary>A <c>route-targets</c> value (of a mac-vrf or an ip-vrf): import and export, null where auto.</summary>
    internal static (List<ExtendedCommunity>? Import, List<ExtendedCommunity>? Export) ReadTargets(TopologyDraft draft, YamlNode node)
    {
        switch (node)
        {
            case YamlScalarNode { Value: "auto" }:
                return (null, null);
            case YamlScalarNode s:
                var single = ReadTargetList(draft, new YamlSequenceNode(s));
                return (single, single);
            case YamlSequenceNode seq:
                var both = ReadTargetList(draft, seq);
                return (both, both);
            case YamlMappingNode:
                var f = YamlFields.Read(draft, node, "route-targets", TargetKeys);
                return (f?.Value("import") is { } imp ? ReadTargetList(draft, imp) : null,
                    f?.Value("export") is { } exp ? ReadTargetList(draft, exp) : null);
            default:
                return (null, null);
        }
    }

    private static List<ExtendedCommunity> ReadTargetList(TopologyDraft draft, YamlNode node)
    {
        var list = new List<ExtendedCommunity>();
        var items = node is YamlSequenceNode seq ? seq.Children : (IList<YamlNode>)[node];
        foreach (var item in items)
        {
            var mark = YamlFields.MarkOf(draft, item);
            if (item is YamlScalarNode { Value: { } text } && ExtendedCommunityText.TryParseRouteTarget(text, out var rt, out _)) list.Add(rt);
            else draft.Error(mark, $"bad route target '{(item as YamlScalarNode)?.Value}' (expected 65000:100, 10.0.0.1:100 or auto)");
        }
        return list;
    }

    private static void ReadHost(TopologyDraft draft, YamlNode item, Dictionary<string, int> imported)
    {
        var f = YamlFields.Read(draft, item, "a host", HostKeys);
        if (f is null) return;
        var name = f.Scalar("name");
        int existing = name is not null && imported.TryGetValue(name, out var at) ? at : -1;
        var host = existing >= 0 ? draft.Hosts[existing] : new HostDraft { Name = name, Mark = f.Mark };
        var marks = host.Marks ?? new HostMarks { Leaf = host.Mark, Port = host.Mark, Vlan = host.Mark, Mac = host.Mark, Ip = host.Mark };
        host.Marks = marks;

        if (f.Scalar("segment") is { } segment)
        {
            host.Segment = segment;
            host.SegmentMark = f.MarkOf("segment");
            if (f.Has("leaf") || f.Has("port"))
                f.Error("segment", $"host '{name ?? "(unnamed)"}': a host on an Ethernet segment is attached through the segment's members; drop 'leaf' and 'port'");
        }
        else if (f.Scalar("leaf") is { } leaf) { host.Leaf = leaf; marks.Leaf = f.MarkOf("leaf"); }
        else if (existing < 0 && !f.Has("leaf")) f.Error("name", $"host '{name ?? "(unnamed)"}' needs a 'leaf' (or a 'segment') to attach to");
        if (f.Scalar("port") is { } port) { host.Port = port; marks.Port = f.MarkOf("port"); }
        if (f.Integer("vlan", 1, 4094) is { } vlan) { host.Vlan = (ushort)vlan; marks.Vlan = f.MarkOf("vlan"); }
        if (f.Integer("vni", 1, 0xFF_FFFF) is { } vni) { host.Vni = (uint)vni; if (!f.Has("vlan")) marks.Vlan = f.MarkOf("vni"); }
        if (f.Value("mac") is YamlScalarNode { Value: "auto" }) { }
        else if (f.Mac("mac") is { } mac) { host.Mac = mac; host.HasMac = true; marks.Mac = f.MarkOf("mac"); }
        if (f.Value("ip") is YamlScalarNode { Value: "auto" }) { }
        else if (f.Ipv4Prefix("ip", prefixOptional: true) is { } ip)
        {
            host.Ip = ip.Address;
            host.PrefixLength = (byte)(((YamlScalarNode)f.Value("ip")!).Value!.Contains('/') ? ip.PrefixLength : 0);
            host.HasIp = true;
            marks.Ip = f.MarkOf("ip");
        }
        if (f.Value("ipv6") is YamlScalarNode { Value: "auto" }) { }
        else if (f.Scalar("ipv6") is { } text6)
        {
            if (AddressSyntax.TryParseIpv6(text6, out var ip6, out int length6))
            {
                host.Ip6 = ip6;
                host.Ip6PrefixLength = length6;
                host.HasIp6 = true;
                marks.Ip6 = f.MarkOf("ipv6");
            }
            else f.Error("ipv6", $"'ipv6' is not an IPv6 address (2001:db8:100::10, optionally with the VLAN's prefix length): '{YamlFields.Clip(text6)}'");
        }
        if (f.Boolean("static-mac") is { } pinned) host.StaticMac = pinned;
        if (existing >= 0) draft.Hosts[existing] = host;
        else draft.Hosts.Add(host);
    }

    private static void ReadSegment(TopologyDraft draft, YamlNode item)
    {
        var f = YamlFields.Read(draft, item, "an Ethernet segment", SegmentKeys);
        if (f is null) return;
        var segment = new SegmentDraft { Name = f.Scalar("name"), Mark = f.Mark };
        if (segment.Name is null) f.Error("name", "an Ethernet segment needs a 'name'");
        if (f.Scalar("esi") is { } esi) { segment.Esi = esi; segment.EsiMark = f.MarkOf("esi"); }
        if (f.Scalar("mode") is { } mode) { segment.Mode = mode; segment.ModeMark = f.MarkOf("mode"); }
        if (f.Scalar("df-algorithm") is { } algorithm) { segment.Algorithm = algorithm; segment.AlgorithmMark = f.MarkOf("df-algorithm"); }
        segment.SystemMac = f.Mac("system-mac");
        if (f.Integer("lacp-port-key", 0, ushort.MaxValue) is { } key) segment.LacpPortKey = (ushort)key;
        if (f.Integer("local-discriminator", 0, 0xFF_FFFF) is { } discriminator) segment.LocalDiscriminator = (uint)discriminator;
        if (f.Sequence("members") is { } members)
            foreach (var m in members)
            {
                var mf = YamlFields.Read(draft, m, "an Ethernet segment member", MemberKeys);
                if (mf is null) continue;
                var leaf = mf.Scalar("leaf");
                var port = mf.Scalar("port");
                if (leaf is null) mf.Error("leaf", $"a member of Ethernet segment '{segment.Name}' needs a 'leaf'");
                if (port is null) mf.Error("port", $"a member of Ethernet segment '{segment.Name}' needs a 'port'");
                var preference = mf.Integer("preference", 0, ushort.MaxValue) is { } p ? (ushort?)p : null;
                segment.Members.Add((leaf, port, preference, mf.Mark));
            }
        else f.Error("name", $"Ethernet segment '{segment.Name}' needs 'members' (leaf and port of each link of the LAG)");
        draft.Segments.Add(segment);
    }
}
