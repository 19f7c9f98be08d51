using System.Globalization;
using ActorFabric.Wire.Bgp;

namespace ActorFabric.Fabric.Topology;

/// <summary>
/// Turns a <see cref="TopologyDraft"/> into a <see cref="FabricTopology"/>: applies defaults (loopbacks,
/// router ids, EVIs, RDs, RTs, ports, MACs, IPs), resolves names to indices and checks every
/// cross-reference. All problems are collected; any problem means no topology.
/// </summary>
internal static class TopologyCompiler
{
    public const uint DefaultAsn = 65000;

    /// <summary>Auto host MACs are locally administered unicast 02:af:xx:xx:xx:xx, numbered by host position.</summary>
    public const ulong AutoMacBase = 0x02AF_0000_0000UL;

    public static FabricTopology? Compile(TopologyDraft d)
    {
        var s = d.Settings;
        uint fabricAsn = d.Asn ?? DefaultAsn;

        var nodes = CompileNodes(d, fabricAsn, out var nodeIndex, out var nodeDrafts, out var loopbacks, out var vteps);
        var (vrfs, domains, membership) = CompileMacVrfs(d, fabricAsn, nodeIndex, nodeDrafts);
        var (multicast, ar, nodeMulticast) = MulticastCompiler.Compile(d, nodeDrafts, loopbacks, vteps, domains);
        var (routing, ipVrfs, nodeRouting) = L3Compiler.Compile(d, fabricAsn, nodeDrafts, nodeIndex, vrfs, domains, membership);
        var ports = new PortTable(d, nodeDrafts);
        var links = CompileLinks(d, nodeIndex, nodeDrafts, ports, s);
        var segments = CompileSegments(d, nodeIndex, nodeDrafts);
        var hosts = CompileHosts(d, nodeIndex, nodeDrafts, membership, domains, vrfs, ports, segments, out var lagPorts);
        OismCompiler.Compile(d, routing, ipVrfs, vrfs, domains, membership, nodeDrafts, nodeIndex, nodeMulticast, hosts);

        if (d.Errors.Count > 0) return null;

        var fabricNodes = new FabricNode[nodes.Length];
        for (int i = 0; i < nodes.Length; i++) fabricNodes[i] = nodes[i](membership[i], nodeMulticast[i], nodeRouting[i]);
        // Sessions are built when first used: a full mesh is quadratic, and validating a topology must stay linear.
        var grouped = GroupByLeaf(hosts, fabricNodes.Length, out var positionOf);
        var segmentLinks = new SegmentLink[lagPorts.Count];
        for (int e = 0; e < segmentLinks.Length; e++)
        {
            var (host, member, leaf, port) = lagPorts[e];
            segmentLinks[e] = new SegmentLink(links.Length + hosts.Length + e, positionOf[host], member, leaf, port);
        }
        return new FabricTopology(d.Name ?? "fabric", d.File, fabricAsn, s, fabricNodes, links, vrfs, domains, grouped, segments, segmentLinks,
            () => CompileSessions(fabricNodes), CountSessions(fabricNodes), multicast, ar, routing, ipVrfs);
    }

    private static Func<int[], NodeMulticast, NodeRouting, FabricNode>[] CompileNodes(
        TopologyDraft d, uint fabricAsn, out Dictionary<string, int> index, out List<NodeDraft> accepted, out uint[] loopback, out uint[] vtepOf)
    {
        index = new Dictionary<string, int>(d.Nodes.Count, StringComparer.Ordinal);
        accepted = new List<NodeDraft>(d.Nodes.Count);
        foreach (var n in d.Nodes)
        {
            if (index.TryGetValue(n.Name, out var first))
            {
                d.Error(n.Mark, $"duplicate node name '{n.Name}' (first defined at {accepted[first].Mark.Line}:{accepted[first].Mark.Column})");
                continue;
            }
            index.Add(n.Name, accepted.Count);
            accepted.Add(n);
        }

        var s = d.Settings;
        var loopbacks = new Dictionary<uint, int>(accepted.Count);
        loopback = new uint[accepted.Count];
        vtepOf = new uint[accepted.Count];
        for (int i = 0; i < accepted.Count; i++)
        {
            var n = accepted[i];
            if (n.Loopback is not { } lo) continue;
            if (lo == 0) d.Error(n.LoopbackMark, $"loopback of '{n.Name}' cannot be 0.0.0.0");
            else if (loopbacks.TryGetValue(lo, out var other))
                d.Error(n.LoopbackMark, $"duplicate loopback {AddressSyntax.FormatIpv4(lo)}: '{n.Name}' and '{accepted[other].Name}' both use it");
            else loopbacks.Add(lo, i);
            loopback[i] = lo;
        }
        // Auto loopbacks: the pool's addresses in order (.1 first), skipping explicit ones. Running out is one
        // error that says how many were needed; the nodes left without one (loopback 0) get no further errors.
        ulong poolSize = 1UL << (32 - s.LoopbackPoolPrefixLength);
        ulong next = 1;
        int needed = 0, missing = 0, firstMissing = -1;
        for (int i = 0; i < accepted.Count; i++)
        {
            if (accepted[i].Loopback is not null) continue;
            needed++;
            while (next < poolSize - 1 && loopbacks.ContainsKey(s.LoopbackPool + (uint)next)) next++;
            if (next >= poolSize - 1)
            {
                if (missing++ == 0) firstMissing = i;
                continue;
            }
            loopback[i] = s.LoopbackPool + (uint)next;
            loopbacks.Add(loopback[i], i);
            next++;
        }
        if (missing > 0)
        {
            var pool = AddressSyntax.FormatIpv4Prefix(s.LoopbackPool, s.LoopbackPoolPrefixLength);
            d.Error(accepted[firstMissing].Mark,
                $"loopback pool {pool} is exhausted: {needed} nodes need an automatic loopback and {missing} of them (from '{accepted[firstMissing].Name}' on) got none; widen settings.loopback-pool");
        }

        var routerIds = new Dictionary<uint, int>(accepted.Count);
        var vteps = new Dictionary<uint, int>(accepted.Count);
        var result = new Func<int[], NodeMulticast, NodeRouting, FabricNode>[accepted.Count];
        for (int i = 0; i < accepted.Count; i++)
        {
            var n = accepted[i];
            var role = n.Role ?? NodeRole.Leaf;
            uint rid = n.RouterId ?? loopback[i];
            var ridMark = n.RouterId is not null ? n.RouterIdMark : n.Loopback is not null ? n.LoopbackMark : n.Mark;
            // 0 is a loopback already reported (0.0.0.0, or none left in the pool), or an explicit id refused here.
            if (n.RouterId == 0) d.Error(ridMark, $"router id of '{n.Name}' cannot be 0.0.0.0 (RFC 4271 §6.2)");
            else if (rid != 0 && !routerIds.TryAdd(rid, i))
                d.Error(ridMark, $"duplicate router id {AddressSyntax.FormatIpv4(rid)}: '{n.Name}' and '{accepted[routerIds[rid]].Name}' both use it");
            uint vtep = 0;
            if (role.IsVtep() || L3Compiler.IsRoutingVtep(d, n, role))
            {
                vtep = n.Vtep ?? loopback[i];
                if (n.Vtep == 0) d.Error(n.VtepMark, $"VTEP address of '{n.Name}' cannot be 0.0.0.0");
                else if (vtep != 0 && !vteps.TryAdd(vtep, i))
                    d.Error(n.Vtep is not null ? n.VtepMark : n.Mark, $"duplicate VTEP address {AddressSyntax.FormatIpv4(vtep)}: '{n.Name}' and '{accepted[vteps[vtep]].Name}' both use it");
            }
            else if (n.Vtep is not null)
            {
                d.Error(n.VtepMark, $"'{n.Name}' is a {role.ToName()}; only leaves and border leaves have a VTEP address");
            }
            if (role == NodeRole.RouteReflector && n.RouteReflector == false)
                d.Error(n.Mark, $"'{n.Name}' has role route-reflector but route-reflector: false");

            int idx = i;
            uint lo = loopback[i];
            vtepOf[i] = vtep;
            result[i] = (domains, multicast, routing) => new FabricNode
            {
                Index = idx,
                Name = n.Name,
                Role = role,
                IsRouteReflector = role == NodeRole.RouteReflector || n.RouteReflector == true,
                Loopback = lo,
                RouterId = rid,
                Vtep = vtep,
                Asn = n.Asn ?? fabricAsn,
                PortCount = n.Ports,
                Kind = n.Kind,
                Image = n.Image,
                Labels = (IReadOnlyDictionary<string, string>?)n.Labels ?? EmptyLabels,
                BroadcastDomains = domains,
                ArRole = multicast.ArRole,
                ArIp = multicast.ArIp,
                Snooping = multicast.Snooping,
                IsRoutingNode = routing.IsRoutingNode,
                RoutesVrfs = routing.RoutesVrfs,
                ExternalPrefixes = routing.ExternalPrefixes,
            };
        }
        return result;
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyLabels = new Dictionary<string, string>();

    private static (MacVrfDefinition[] Vrfs, BroadcastDomain[] Domains, int[][] Membership) CompileMacVrfs(
        TopologyDraft d, uint fabricAsn, Dictionary<string, int> nodeIndex, List<NodeDraft> nodes)
    {
        var s = d.Settings;
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        var accepted = new List<MacVrfDraft>(d.MacVrfs.Count);
        foreach (var v in d.MacVrfs)
        {
            if (!byName.TryAdd(v.Name, accepted.Count))
            {
                d.Error(v.Mark, $"duplicate mac-vrf name '{v.Name}'");
                continue;
            }
            accepted.Add(v);
        }

        var evis = new Dictionary<ushort, int>();
        foreach (var (v, i) in accepted.Select((v, i) => (v, i)))
            if (v.Evi is { } e && !evis.TryAdd(e, i))
                d.Error(v.EviMark, $"EVI {e} of mac-vrf '{v.Name}' is already used by mac-vrf '{accepted[evis[e]].Name}'");
        var evi = new ushort[accepted.Count];
        int nextEvi = 1;
        for (int i = 0; i < accepted.Count; i++)
        {
            if (accepted[i].Evi is { } e) { evi[i] = e; continue; }
            while (nextEvi <= ushort.MaxValue && evis.ContainsKey((ushort)nextEvi)) nextEvi++;
            if (nextEvi > ushort.MaxValue) { d.Error(accepted[i].Mark, "more than 65535 MAC-VRFs: no EVI left"); break; }
            evi[i] = (ushort)nextEvi;
            evis.Add((ushort)nextEvi, i);
        }

        var domains = new List<BroadcastDomain>();
        var domainOwnerMark = new List<SourceMark>();
        var byVni = new Dictionary<uint, int>();
        var byVlan = new Dictionary<ushort, int>();
        var members = new List<int>[nodes.Count];
        for (int i = 0; i < nodes.Count; i++) members[i] = [];
        var allVteps = new List<(string, SourceMark)>();
        foreach (var n in nodes) if ((n.Role ?? NodeRole.Leaf).IsVtep()) allVteps.Add((n.Name, n.Mark));

        int autoSubnet = 0, subnetsMissing = 0;
        SourceMark firstSubnetMissing = default;
        long subnetsInPool = 1L << (s.HostPrefixLength - s.HostPoolPrefixLength);
        var vrfs = new MacVrfDefinition[accepted.Count];
        for (int i = 0; i < accepted.Count; i++)
        {
            var v = accepted[i];
            var domainIndices = new List<int>(v.Domains.Count);
            foreach (var dd in v.Domains)
            {
                bool clash = false;
                if (byVni.TryGetValue(dd.Vni, out var otherV))
                {
                    var o = domains[otherV];
                    d.Error(dd.VniMark, $"VNI {dd.Vni} is mapped twice: already to VLAN {o.Vlan} in mac-vrf '{accepted[o.MacVrf].Name}' at line {domainOwnerMark[otherV].Line}");
                    clash = true;
                }
                if (byVlan.TryGetValue(dd.Vlan, out var otherL))
                {
                    var o = domains[otherL];
                    d.Error(dd.VlanMark, $"VLAN {dd.Vlan} is mapped twice: already to VNI {o.Vni} in mac-vrf '{accepted[o.MacVrf].Name}' at line {domainOwnerMark[otherL].Line}");
                    clash = true;
                }
                if (clash) continue;

                uint subnet;
                int prefix;
                if (dd.Subnet is { } sn)
                {
                    subnet = sn;
                    prefix = dd.PrefixLength;
                }
                else if (autoSubnet < subnetsInPool)
                {
                    prefix = s.HostPrefixLength;
                    subnet = s.HostPool + (uint)((long)autoSubnet++ << (32 - prefix));
                }
                else
                {
                    if (subnetsMissing++ == 0) firstSubnetMissing = dd.VniMark;
                    continue;
                }
                int index = domains.Count;
                domains.Add(new BroadcastDomain(index, dd.Vni, dd.Vlan, i, v.Service == ServiceType.VlanBased ? 0u : dd.Vni, subnet, prefix,
                    dd.Gateway, dd.Gateway6?.Address ?? default, dd.Gateway6?.Length ?? 0));
                domainOwnerMark.Add(dd.VniMark);
                byVni.Add(dd.Vni, index);
                byVlan.Add(dd.Vlan, index);
                domainIndices.Add(index);

                foreach (var (leaf, mark) in dd.Leaves ?? v.Leaves ?? allVteps)
                {
                    if (!nodeIndex.TryGetValue(leaf, out var ni))
                    {
                        d.Error(mark, $"unknown node '{leaf}' in the leaves of mac-vrf '{v.Name}'{KeySuggestion.Hint(leaf, nodeIndex.Keys)}");
                        continue;
                    }
                    var role = nodes[ni].Role ?? NodeRole.Leaf;
                    if (!role.IsVtep())
                    {
                        d.Error(mark, $"'{leaf}' is a {role.ToName()}; mac-vrf '{v.Name}' can only live on leaves and border leaves");
                        continue;
                    }
                    members[ni].Add(index);
                }
            }

            IReadOnlyList<ExtendedCommunity> import, export;
            if (v.Import is null || v.Export is null)
            {
                ExtendedCommunity auto = default;
                if (domainIndices.Count > 0)
                {
                    if (fabricAsn > ushort.MaxValue)
                        d.Error(v.Mark, $"mac-vrf '{v.Name}': route targets cannot be auto-derived from the 4-octet AS {fabricAsn} (RFC 8365 §5.1.2.1); give 'route-targets'");
                    else
                        auto = s.RouteTargetDerivation.RouteTargetFor((ushort)fabricAsn, domains[domainIndices[0]].Vni);
                }
                import = v.Import ?? [auto];
                export = v.Export ?? [auto];
            }
            else
            {
                import = v.Import;
                export = v.Export;
            }
            vrfs[i] = new MacVrfDefinition
            {
                Index = i,
                Name = v.Name,
                ServiceType = v.Service,
                Evi = evi[i],
                ConfiguredRouteDistinguisher = v.Rd,
                ImportTargets = import,
                ExportTargets = export,
                BroadcastDomains = domainIndices,
            };
        }

        if (subnetsMissing > 0)
            d.Error(firstSubnetMissing,
                $"host pool {AddressSyntax.FormatIpv4Prefix(s.HostPool, s.HostPoolPrefixLength)} is exhausted: it holds {subnetsInPool} /{s.HostPrefixLength} subnets but {autoSubnet + subnetsMissing} VNIs need one ({subnetsMissing} from here on got none); give them a 'subnet' or widen settings.host-pool");

        var membership = new int[nodes.Count][];
        for (int i = 0; i < nodes.Count; i++)
        {
            members[i].Sort();
            int w = 0;
            for (int r = 0; r < members[i].Count; r++)
                if (w == 0 || members[i][w - 1] != members[i][r]) members[i][w++] = members[i][r];
            membership[i] = members[i].GetRange(0, w).ToArray();
        }
        return (vrfs, domains.ToArray(), membership);
    }

    /// <summary>Which port of which node is taken, and by what; hands out free <c>ethN</c> names.</summary>
    private sealed class PortTable(TopologyDraft d, List<NodeDraft> nodes)
    {
        private readonly Dictionary<(int Node, string Port), SourceMark> _used = [];
        private readonly int[] _nextFree = new int[nodes.Count];

        public bool Claim(int node, string port, SourceMark at)
        {
            var n = nodes[node];
            if (n.Ports > 0 && PortNames.EthNumber(port) is var num && (num < 1 || num > n.Ports))
            {
                d.Error(at, $"'{n.Name}' has no port '{port}' (it has eth1..eth{n.Ports})");
                return false;
            }
            if (_used.TryGetValue((node, port), out var first))
            {
                d.Error(at, $"port {n.Name}:{port} is used twice (first at {first.File}:{first.Line}:{first.Column})");
                return false;
            }
            _used.Add((node, port), at);
            return true;
        }

        public string? ClaimFree(int node, SourceMark at)
        {
            var n = nodes[node];
            while (true)
            {
                int num = ++_nextFree[node];
                if (n.Ports > 0 && num > n.Ports)
                {
                    d.Error(at, $"'{n.Name}' has no free port left (it has eth1..eth{n.Ports})");
                    return null;
                }
                var name = PortNames.Eth(num);
                if (_used.TryAdd((node, name), at)) return name;
            }
        }
    }

    private static FabricLink[] CompileLinks(TopologyDraft d, Dictionary<string, int> nodeIndex, List<NodeDraft> nodes, PortTable ports, FabricSettings s)
    {
        HashSet<string>? hostNames = null;
        var resolved = new List<(LinkDraft Link, int A, int B)>(d.Links.Count);
        foreach (var l in d.Links)
        {
            int a = ResolveEndpoint(l.A), b = ResolveEndpoint(l.B);
            if (a < 0 || b < 0) continue;
            if (a == b)
            {
                d.Error(l.A.Mark, $"link from '{l.A.Node}' to itself");
                continue;
            }
            if (l.A.Port is { } pa) ports.Claim(a, pa, l.A.Mark);
            if (l.B.Port is { } pb) ports.Claim(b, pb, l.B.Mark);
            resolved.Add((l, a, b));
        }
        // Hosts' explicit ports are claimed before any automatic port is handed out.
        ClaimHostPorts(d, nodeIndex, ports);
        var links = new FabricLink[resolved.Count];
        for (int i = 0; i < resolved.Count; i++)
        {
            var (l, a, b) = resolved[i];
            var portA = l.A.Port ?? ports.ClaimFree(a, l.A.Mark) ?? "";
            var portB = l.B.Port ?? ports.ClaimFree(b, l.B.Mark) ?? "";
            links[i] = new FabricLink(i, a, portA, b, portB, l.Latency ?? s.DefaultLinkLatency, l.Loss, l.State);
        }
        return links;

        int ResolveEndpoint(EndpointDraft e)
        {
            if (nodeIndex.TryGetValue(e.Node, out var i)) return i;
            hostNames ??= d.Hosts.Where(h => h.Name is not null).Select(h => h.Name!).ToHashSet(StringComparer.Ordinal);
            if (hostNames.Contains(e.Node))
                d.Error(e.Mark, $"'{e.Node}' is a host; hosts are attached with 'leaf' and 'port' under 'hosts:', not with links");
            else
                d.Error(e.Mark, $"unknown node '{e.Node}' in link{KeySuggestion.Hint(e.Node, nodeIndex.Keys)}");
            return -1;
        }
    }

    private static void ClaimHostPorts(TopologyDraft d, Dictionary<string, int> nodeIndex, PortTable ports)
    {
        var hosts = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(d.Hosts);
        foreach (ref readonly var h in hosts)
            if (h.Port is { } port && h.Leaf is { } leaf && nodeIndex.TryGetValue(leaf, out var ni))
                ports.Claim(ni, port, h.PortMark);
        foreach (var segment in d.Segments)
            foreach (var m in segment.Members)
                if (m is { Leaf: { } leaf, Port: { } port } && nodeIndex.TryGetValue(leaf, out var ni))
                    ports.Claim(ni, port, m.Mark);
    }

    /// <summary>DF preference when a member gives none (RFC 9785 §3).</summary>
    public const ushort DefaultDfPreference = 32767;

    private static FabricEthernetSegment[] CompileSegments(TopologyDraft d, Dictionary<string, int> nodeIndex, List<NodeDraft> nodes)
    {
        var result = new List<FabricEthernetSegment>(d.Segments.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var esis = new Dictionary<Wire.Bgp.EthernetSegmentId, string>();
        foreach (var sd in d.Segments)
        {
            var name = sd.Name ?? "";
            if (sd.Name is not null && !names.Add(name)) d.Error(sd.Mark, $"duplicate Ethernet segment name '{name}'");
            else if (nodeIndex.ContainsKey(name) || d.Hosts.Exists(h => h.Name == name))
                d.Error(sd.Mark, $"Ethernet segment name '{name}' is also a node or host name (chaos commands name segments, devices and hosts alike)");
            var members = new List<EthernetSegmentMember>(sd.Members.Count);
            foreach (var m in sd.Members)
            {
                if (m.Leaf is not { } leafName || m.Port is not { } port) continue;
                if (!nodeIndex.TryGetValue(leafName, out var leaf))
                    d.Error(m.Mark, $"Ethernet segment '{name}': unknown node '{leafName}'{KeySuggestion.Hint(leafName, nodeIndex.Keys)}");
                else if (!(nodes[leaf].Role ?? NodeRole.Leaf).IsVtep())
                    d.Error(m.Mark, $"Ethernet segment '{name}': '{leafName}' is a {(nodes[leaf].Role ?? NodeRole.Leaf).ToName()}; segments end on leaves and border leaves");
                else if (members.Exists(x => x.Leaf == leaf))
                    d.Error(m.Mark, $"Ethernet segment '{name}': two members on '{leafName}' (a segment has one port per leaf; bundle local links in the server's LAG instead)");
                else members.Add(new EthernetSegmentMember(leaf, port, m.Preference ?? DefaultDfPreference));
            }
            var mode = ParseSegmentMode(d, sd);
            var algorithm = ParseDfAlgorithm(d, sd);
            if (algorithm is not (Protocols.Evpn.Multihoming.DfAlgorithm.HighestPreference or Protocols.Evpn.Multihoming.DfAlgorithm.LowestPreference)
                && sd.Members.Exists(m => m.Preference is not null))
                d.Error(sd.Members.Find(m => m.Preference is not null).Mark, $"Ethernet segment '{name}': 'preference' needs df-algorithm preference (or lowest-preference)");
            var esi = SegmentEsi(d, sd, members, result.Count);
            if (!esi.IsZero && esis.TryGetValue(esi, out var other))
                d.Error(sd.EsiMark.Line > 0 ? sd.EsiMark : sd.Mark, $"Ethernet segment '{name}' has the ESI {esi} of segment '{other}'");
            else if (!esi.IsZero) esis[esi] = name;
            result.Add(new FabricEthernetSegment(result.Count, name, esi, mode, algorithm, [.. members]));
        }
        return [.. result];
    }

    private static Protocols.Evpn.Multihoming.EthernetSegmentMode ParseSegmentMode(TopologyDraft d, SegmentDraft sd) => sd.Mode switch
    {
        null or "all-active" => Protocols.Evpn.Multihoming.EthernetSegmentMode.AllActive,
        "single-active" => Protocols.Evpn.Multihoming.EthernetSegmentMode.SingleActive,
        var other => Bad(d, sd.ModeMark, $"Ethernet segment '{sd.Name}': mode '{other}' is neither all-active nor single-active", Protocols.Evpn.Multihoming.EthernetSegmentMode.AllActive),
    };

    private static Protocols.Evpn.Multihoming.DfAlgorithm ParseDfAlgorithm(TopologyDraft d, SegmentDraft sd) => sd.Algorithm switch
    {
        null or "modulo" => Protocols.Evpn.Multihoming.DfAlgorithm.Modulo,
        "hrw" => Protocols.Evpn.Multihoming.DfAlgorithm.HighestRandomWeight,
        "preference" or "highest-preference" => Protocols.Evpn.Multihoming.DfAlgorithm.HighestPreference,
        "lowest-preference" => Protocols.Evpn.Multihoming.DfAlgorithm.LowestPreference,
        var other => Bad(d, sd.AlgorithmMark, $"Ethernet segment '{sd.Name}': df-algorithm '{other}' is not one of modulo, hrw, preference, lowest-preference", Protocols.Evpn.Multihoming.DfAlgorithm.Modulo),
    };

    private static T Bad<T>(TopologyDraft d, SourceMark at, string message, T fallback)
    {
        d.Error(at, message);
        return fallback;
    }

    /// <summary>
    /// The segment's ESI (RFC 7432 §5): ten octets as written (any type), or auto-derived — type 1 from the server's
    /// LACP system MAC and port key, type 3 (the default) from a system MAC (default: the first member leaf's) and a
    /// local discriminator (default: the segment's position, from 1). Every member advertises the same value.
    /// </summary>
    private static Wire.Bgp.EthernetSegmentId SegmentEsi(TopologyDraft d, SegmentDraft sd, List<EthernetSegmentMember> members, int position)
    {
        var at = sd.EsiMark.Line > 0 ? sd.EsiMark : sd.Mark;
        switch (sd.Esi)
        {
            case "auto-lacp":
                if (sd.SystemMac is not { } lacpMac || sd.LacpPortKey is not { } key)
                    return Bad(d, at, $"Ethernet segment '{sd.Name}': esi auto-lacp needs 'system-mac' (the server's LACP system MAC) and 'lacp-port-key'", default(Wire.Bgp.EthernetSegmentId));
                return Wire.Bgp.EthernetSegmentId.FromLacp(new Wire.Packets.MacAddress(lacpMac), key);
            case null or "auto-mac":
                ulong mac = sd.SystemMac ?? (members.Count > 0 ? Runtime.Devices.FabricAddressing.DeviceMac(members[0].Leaf).Value : 0);
                return Wire.Bgp.EthernetSegmentId.FromMac(new Wire.Packets.MacAddress(mac), sd.LocalDiscriminator ?? (uint)(position + 1));
            default:
                if (!Wire.Bgp.EthernetSegmentId.TryParse(sd.Esi, out var esi))
                    return Bad(d, at, $"Ethernet segment '{sd.Name}': '{sd.Esi}' is not an ESI (ten hex octets such as 00:11:22:33:44:55:66:77:88:99, auto-lacp or auto-mac)", default(Wire.Bgp.EthernetSegmentId));
                if (esi.IsZero || esi == Wire.Bgp.EthernetSegmentId.Max)
                    return Bad(d, at, $"Ethernet segment '{sd.Name}': ESI {esi} is reserved (all zero = single-homed, all 0xFF = MAX-ESI; RFC 7432 §5)", default(Wire.Bgp.EthernetSegmentId));
                if (esi.EsiType > 5)
                    return Bad(d, at, $"Ethernet segment '{sd.Name}': ESI type {esi.EsiType} is unknown (RFC 7432 §5 defines types 0 to 5)", default(Wire.Bgp.EthernetSegmentId));
                return esi;
        }
    }

    private static FabricHost[] CompileHosts(
        TopologyDraft d, Dictionary<string, int> nodeIndex, List<NodeDraft> nodes, int[][] membership,
        BroadcastDomain[] domains, MacVrfDefinition[] vrfs, PortTable ports, FabricEthernetSegment[] segments,
        out List<(int Host, int Member, int Leaf, string Port)> lagPorts)
    {
        lagPorts = [];
        var segmentByName = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var es in segments) segmentByName.TryAdd(es.Name, es.Index);
        var hostOnSegment = new Dictionary<int, string>();
        var hosts = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(d.Hosts);
        var result = new FabricHost[hosts.Length];
        var names = new Dictionary<string, int>(hosts.Length, StringComparer.Ordinal);
        var macs = new Dictionary<ulong, int>(hosts.Length);
        var ips = new Dictionary<ulong, int>(hosts.Length);
        var byVni = new Dictionary<uint, int>(domains.Length);
        var byVlan = new Dictionary<ushort, int>(domains.Length);
        foreach (var bd in domains) { byVni[bd.Vni] = bd.Index; byVlan[bd.Vlan] = bd.Index; }
        ushort? defaultVlan = domains.Length > 0 ? domains[0].Vlan : null;

        for (int i = 0; i < hosts.Length; i++)
        {
            ref readonly var h = ref hosts[i];
            var name = h.Name ?? "host" + (i + 1).ToString(CultureInfo.InvariantCulture);
            if (nodeIndex.ContainsKey(name)) d.Error(h.Mark, $"host name '{name}' is also a node name");
            else if (!names.TryAdd(name, i)) d.Error(h.Mark, $"duplicate host name '{name}'");

            int leaf = -1, segment = -1;
            if (h.Segment is { } segmentName)
            {
                if (!segmentByName.TryGetValue(segmentName, out segment))
                {
                    d.Error(h.SegmentMark, $"host '{name}' is attached to unknown Ethernet segment '{segmentName}'{KeySuggestion.Hint(segmentName, segmentByName.Keys)}");
                    segment = -1;
                }
                else if (segments[segment].Members.IsEmpty) segment = -1;
                else leaf = segments[segment].Members[0].Leaf;
            }
            else if (h.Leaf is { } leafName)
            {
                if (!nodeIndex.TryGetValue(leafName, out var li))
                    d.Error(h.LeafMark, $"host '{name}' is attached to unknown node '{leafName}'{KeySuggestion.Hint(leafName, nodeIndex.Keys)}");
                else if (!(nodes[li].Role ?? NodeRole.Leaf).IsVtep())
                    d.Error(h.LeafMark, $"host '{name}' is attached to '{leafName}', a {(nodes[li].Role ?? NodeRole.Leaf).ToName()}; hosts attach to leaves and border leaves");
                else leaf = li;
            }

            int bd = -1;
            if (h.Vni != 0)
            {
                // TryGetValue leaves 0 behind on a miss: a real index only when the lookup succeeds.
                if (!byVni.TryGetValue(h.Vni, out bd))
                {
                    d.Error(h.VlanMark, $"host '{name}': VNI {h.Vni} is not mapped by any mac-vrf");
                    bd = -1;
                }
                else if (h.Vlan != 0 && domains[bd].Vlan != h.Vlan)
                {
                    d.Error(h.VlanMark, $"host '{name}': VLAN {h.Vlan} and VNI {h.Vni} disagree (VNI {h.Vni} is VLAN {domains[bd].Vlan})");
                    bd = -1;
                }
            }
            else if (h.Vlan != 0)
            {
                if (!byVlan.TryGetValue(h.Vlan, out bd))
                {
                    d.Error(h.VlanMark, $"host '{name}': VLAN {h.Vlan} is not mapped to a VNI by any mac-vrf");
                    bd = -1;
                }
            }
            else if (h.Imported && defaultVlan is { } dv)
            {
                bd = byVlan[dv];
            }
            else
            {
                d.Error(h.Mark, $"host '{name}' needs a 'vlan' (or 'vni')");
            }
            if (bd >= 0 && segment >= 0)
                foreach (var m in segments[segment].Members)
                    if (m.Leaf != leaf && Array.BinarySearch(membership[m.Leaf], bd) < 0)
                    {
                        d.Error(h.VlanMark, $"host '{name}': leaf '{nodes[m.Leaf].Name}' of Ethernet segment '{segments[segment].Name}' does not carry VNI {domains[bd].Vni}");
                        bd = -1;
                        break;
                    }
            if (bd >= 0 && leaf >= 0 && Array.BinarySearch(membership[leaf], bd) < 0)
            {
                d.Error(h.VlanMark, $"host '{name}': leaf '{nodes[leaf].Name}' does not carry VNI {domains[bd].Vni} (mac-vrf '{vrfs[domains[bd].MacVrf].Name}' is not on it)");
                bd = -1;
            }

            string port = "";
            if (segment >= 0)
            {
                // Several hosts on one segment are VMs behind one server's bond: each gets a link to every member leaf,
                // the first host on the member's port, the others on free ports of that leaf.
                bool first = hostOnSegment.TryAdd(segment, name);
                var members = segments[segment].Members;
                port = first ? members[0].Port : ports.ClaimFree(members[0].Leaf, h.Mark) ?? "";
                for (int k = 1; k < members.Length; k++)
                    lagPorts.Add((i, k, members[k].Leaf, first ? members[k].Port : ports.ClaimFree(members[k].Leaf, h.Mark) ?? ""));
            }
            else if (leaf >= 0) port = h.Port ?? ports.ClaimFree(leaf, h.Mark) ?? "";

            ulong mac = h.HasMac ? h.Mac : AutoMacBase + (ulong)(i + 1);
            if (!macs.TryAdd(mac, i))
                d.Error(h.MacMark, $"duplicate MAC {AddressSyntax.FormatMac(mac)}: host '{name}' and host '{hosts[macs[mac]].Name ?? "?"}'");

            uint ip = 0;
            byte prefix = 0;
            if (h.HasIp && bd >= 0)
            {
                ip = h.Ip;
                if (ip != 0 && ip == domains[bd].Gateway)
                    d.Error(h.IpMark, $"host '{name}': {AddressSyntax.FormatIpv4(ip)} is the anycast gateway of VNI {domains[bd].Vni}");
                prefix = h.PrefixLength != 0 ? h.PrefixLength : (byte)domains[bd].PrefixLength;
                if (!ips.TryAdd(((ulong)(uint)bd << 32) | ip, i))
                    d.Error(h.IpMark, $"duplicate IP {AddressSyntax.FormatIpv4(ip)} in VNI {domains[bd].Vni}: host '{name}' and host '{hosts[ips[((ulong)(uint)bd << 32) | ip]].Name ?? "?"}'");
            }
            result[i] = new FabricHost(i, name, leaf, port, bd, bd >= 0 ? domains[bd].Vlan : h.Vlan, bd >= 0 ? domains[bd].Vni : h.Vni, mac, ip, prefix, h.StaticMac, segment,
                bd >= 0 ? domains[bd].Gateway : 0);
        }

        // Auto IPs: the subnet's addresses from .2 (.1 is kept for an anycast gateway), skipping explicit ones.
        // A subnet running out is one error per subnet, at its first host left without an address.
        var nextOffset = new uint[domains.Length];
        var assigned = new int[domains.Length];
        var missing = new int[domains.Length];
        var firstMissing = new int[domains.Length];
        for (int i = 0; i < result.Length; i++)
        {
            ref var r = ref result[i];
            if (hosts[i].HasIp || r.BroadcastDomain < 0) continue;
            var dom = domains[r.BroadcastDomain];
            uint size = dom.PrefixLength == 0 ? uint.MaxValue : 1u << (32 - dom.PrefixLength);
            ref var offset = ref nextOffset[dom.Index];
            if (offset == 0) offset = 2;
            while (offset < size - 1 && (ips.ContainsKey(((ulong)(uint)dom.Index << 32) | (dom.Subnet + offset)) || dom.Subnet + offset == dom.Gateway)) offset++;
            if (offset >= size - 1)
            {
                if (missing[dom.Index]++ == 0) firstMissing[dom.Index] = i;
                continue;
            }
            r = r with { Ipv4 = dom.Subnet + offset, PrefixLength = (byte)dom.PrefixLength };
            assigned[dom.Index]++;
            offset++;
        }
        foreach (var dom in domains)
        {
            if (missing[dom.Index] == 0) continue;
            int first = firstMissing[dom.Index];
            d.Error(hosts[first].Mark,
                $"subnet {AddressSyntax.FormatIpv4Prefix(dom.Subnet, dom.PrefixLength)} of VNI {dom.Vni} is exhausted: {assigned[dom.Index] + missing[dom.Index]} hosts need an automatic address and {missing[dom.Index]} of them (from '{result[first].Name}' on) got none; give the VNI a wider 'subnet'");
        }
        HostIpv6Addressing.Assign(d, hosts, result, domains);
        return result;
    }

    /// <summary>Stable counting sort by leaf, renumbering <see cref="FabricHost.Index"/>.</summary>
    private static FabricHost[] GroupByLeaf(FabricHost[] hosts, int nodeCount, out int[] positionOf)
    {
        positionOf = new int[hosts.Length];
        var start = new int[nodeCount + 1];
        foreach (var h in hosts) start[h.Leaf + 1]++;
        for (int i = 0; i < nodeCount; i++) start[i + 1] += start[i];
        var grouped = new FabricHost[hosts.Length];
        foreach (var h in hosts)
        {
            int at = start[h.Leaf]++;
            positionOf[h.Index] = at;
            grouped[at] = h with { Index = at };
        }
        return grouped;
    }

    /// <summary>How many sessions <see cref="CompileSessions"/> makes, without making them.</summary>
    private static long CountSessions(FabricNode[] nodes)
    {
        long reflectors = 0, vteps = 0;
        foreach (var n in nodes)
        {
            if (n.IsRouteReflector) reflectors++;
            else if (n.IsVtep) vteps++;
        }
        return reflectors > 0 ? vteps * reflectors + reflectors * (reflectors - 1) / 2 : vteps * (vteps - 1) / 2;
    }

    private static BgpSessionDefinition[] CompileSessions(FabricNode[] nodes)
    {
        var reflectors = new List<int>();
        var vteps = new List<int>();
        foreach (var n in nodes)
        {
            if (n.IsRouteReflector) reflectors.Add(n.Index);
            else if (n.IsVtep) vteps.Add(n.Index);
        }
        var sessions = new List<BgpSessionDefinition>();
        if (reflectors.Count > 0)
        {
            foreach (var v in vteps)
                foreach (var r in reflectors) sessions.Add(new BgpSessionDefinition(v, r, BgpSessionKind.ClientToReflector));
            for (int i = 0; i < reflectors.Count; i++)
                for (int j = i + 1; j < reflectors.Count; j++) sessions.Add(new BgpSessionDefinition(reflectors[i], reflectors[j], BgpSessionKind.ReflectorMesh));
        }
        else
        {
            for (int i = 0; i < vteps.Count; i++)
                for (int j = i + 1; j < vteps.Count; j++) sessions.Add(new BgpSessionDefinition(vteps[i], vteps[j], BgpSessionKind.FullMesh));
        }
        return sessions.ToArray();
    }
}
