using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace ActorFabric.Fabric.Topology;

/// <summary>
/// A validated, fully expanded fabric: every default applied, every name resolved to an index.
/// Immutable; build it with <see cref="TopologyLoader"/>. Indices are stable and deterministic
/// (declaration order, generated items first), so they can key actor names and seeds.
/// </summary>
public sealed class FabricTopology
{
    private readonly Dictionary<string, int> _nodeByName;
    private readonly Dictionary<uint, int> _domainByVni;
    private readonly int[] _hostStart;
    private readonly ImmutableArray<int>[] _linksByNode;
    private readonly Lazy<ImmutableArray<BgpSessionDefinition>> _bgpSessions;

    internal FabricTopology(
        string name,
        string sourceFile,
        uint asn,
        FabricSettings settings,
        FabricNode[] nodes,
        FabricLink[] links,
        MacVrfDefinition[] macVrfs,
        BroadcastDomain[] broadcastDomains,
        FabricHost[] hostsGroupedByLeaf,
        FabricEthernetSegment[] ethernetSegments,
        SegmentLink[] segmentLinks,
        Func<BgpSessionDefinition[]> bgpSessions,
        long bgpSessionCount,
        MulticastSettings multicast,
        AssistedReplicationSettings? assistedReplication,
        RoutingSettings routing,
        IpVrfDefinition[] ipVrfs)
    {
        Routing = routing;
        IpVrfs = ImmutableCollectionsMarshal.AsImmutableArray(ipVrfs);
        Multicast = multicast;
        AssistedReplication = assistedReplication;
        _nodeByArIp = [];
        foreach (var n in nodes) if (n.ArIp != 0) _nodeByArIp.TryAdd(n.ArIp, n.Index);
        Name = name;
        SourceFile = sourceFile;
        Asn = asn;
        Settings = settings;
        Nodes = ImmutableCollectionsMarshal.AsImmutableArray(nodes);
        Links = ImmutableCollectionsMarshal.AsImmutableArray(links);
        MacVrfs = ImmutableCollectionsMarshal.AsImmutableArray(macVrfs);
        BroadcastDomains = ImmutableCollectionsMarshal.AsImmutableArray(broadcastDomains);
        Hosts = ImmutableCollectionsMarshal.AsImmutableArray(hostsGroupedByLeaf);
        EthernetSegments = ImmutableCollectionsMarshal.AsImmutableArray(ethernetSegments);
        _segmentByEsi = new Dictionary<Wire.Bgp.EthernetSegmentId, int>(ethernetSegments.Length);
        foreach (var es in ethernetSegments) _segmentByEsi.TryAdd(es.Esi, es.Index);
        var vnis = new SortedSet<uint>[ethernetSegments.Length];
        foreach (var h in hostsGroupedByLeaf)
            if (h.IsMultihomed && h.Vni != 0) (vnis[h.Segment] ??= []).Add(h.Vni);
        _segmentVnis = Array.ConvertAll(vnis, v => v is null ? [] : v.ToArray());
        SegmentLinks = ImmutableCollectionsMarshal.AsImmutableArray(segmentLinks);
        _segmentLinksByHost = GroupPositions(segmentLinks, l => l.Host, hostsGroupedByLeaf.Length);
        _segmentLinksByLeaf = GroupPositions(segmentLinks, l => l.Leaf, nodes.Length);
        _bgpSessions = new Lazy<ImmutableArray<BgpSessionDefinition>>(() => ImmutableCollectionsMarshal.AsImmutableArray(bgpSessions()), LazyThreadSafetyMode.ExecutionAndPublication);
        BgpSessionCount = bgpSessionCount;

        _nodeByName = new Dictionary<string, int>(nodes.Length, StringComparer.Ordinal);
        foreach (var n in nodes) _nodeByName.Add(n.Name, n.Index);
        _domainByVni = new Dictionary<uint, int>(broadcastDomains.Length);
        foreach (var d in broadcastDomains) _domainByVni.Add(d.Vni, d.Index);

        _hostStart = new int[nodes.Length + 1];
        foreach (var h in hostsGroupedByLeaf) _hostStart[h.Leaf + 1]++;
        for (int i = 0; i < nodes.Length; i++) _hostStart[i + 1] += _hostStart[i];

        var perNode = new List<int>[nodes.Length];
        for (int i = 0; i < nodes.Length; i++) perNode[i] = [];
        foreach (var l in links)
        {
            perNode[l.A].Add(l.Index);
            perNode[l.B].Add(l.Index);
        }
        _linksByNode = new ImmutableArray<int>[nodes.Length];
        for (int i = 0; i < nodes.Length; i++) _linksByNode[i] = [.. perNode[i]];
    }

    public string Name { get; }

    /// <summary>The file the topology was loaded from (for messages).</summary>
    public string SourceFile { get; }

    /// <summary>The fabric's iBGP AS (nodes may override it in <see cref="FabricNode.Asn"/>).</summary>
    public uint Asn { get; }

    public FabricSettings Settings { get; }

    /// <summary>IGMP/MLD snooping settings (<see cref="MulticastSettings.Default"/>, snooping off, without a <c>multicast:</c> block).</summary>
    public MulticastSettings Multicast { get; }

    /// <summary>Assisted Replication settings with policies resolved to replicators; null without an <c>assisted-replication:</c> block.</summary>
    public AssistedReplicationSettings? AssistedReplication { get; }

    /// <summary>Inter-subnet routing settings (<see cref="RoutingSettings.Default"/> without a <c>routing:</c> block).</summary>
    public RoutingSettings Routing { get; }

    /// <summary>The tenants' IP-VRFs (empty without <c>ip-vrfs:</c>: the fabric only bridges).</summary>
    public ImmutableArray<IpVrfDefinition> IpVrfs { get; }

    /// <summary>Node indices of the AR replicators, ascending (empty without AR).</summary>
    public ImmutableArray<int> Replicators => AssistedReplication?.Replicators ?? [];

    private readonly Dictionary<uint, int> _nodeByArIp;

    /// <summary>The replicator whose AR IP is <paramref name="arIp"/> (host order), or null.</summary>
    public FabricNode? NodeByArIp(uint arIp) => _nodeByArIp.TryGetValue(arIp, out var i) ? Nodes[i] : null;

    /// <summary>Switches and route reflectors; <c>Nodes[i].Index == i</c>.</summary>
    public ImmutableArray<FabricNode> Nodes { get; }

    public ImmutableArray<FabricLink> Links { get; }

    public ImmutableArray<MacVrfDefinition> MacVrfs { get; }

    /// <summary>Every VLAN ↔ VNI mapping of the fabric; each VNI and each VLAN appears once.</summary>
    public ImmutableArray<BroadcastDomain> BroadcastDomains { get; }

    /// <summary>All hosts, grouped by leaf (ascending leaf index, declaration order within a leaf); <c>Hosts[i].Index == i</c>.</summary>
    public ImmutableArray<FabricHost> Hosts { get; }

    /// <summary>Multihomed Ethernet segments (server LAGs across leaves), in declaration order.</summary>
    public ImmutableArray<FabricEthernetSegment> EthernetSegments { get; }

    /// <summary>The LAG links of multihomed hosts beyond each host's first, in host order then member order.</summary>
    public ImmutableArray<SegmentLink> SegmentLinks { get; }

    private readonly int[][] _segmentLinksByHost, _segmentLinksByLeaf;

    /// <summary>Positions in <see cref="SegmentLinks"/> of the LAG links of <paramref name="host"/> (member order).</summary>
    public IReadOnlyList<int> SegmentLinksOf(int host) => _segmentLinksByHost[host];

    /// <summary>Positions in <see cref="SegmentLinks"/> of the LAG links ending on <paramref name="leaf"/>.</summary>
    public IReadOnlyList<int> SegmentLinksOnLeaf(int leaf) => _segmentLinksByLeaf[leaf];

    private static int[][] GroupPositions(SegmentLink[] links, Func<SegmentLink, int> key, int count)
    {
        var lists = new List<int>?[count];
        for (int e = 0; e < links.Length; e++) (lists[key(links[e])] ??= []).Add(e);
        return Array.ConvertAll(lists, l => l is null ? [] : l.ToArray());
    }

    private readonly Dictionary<Wire.Bgp.EthernetSegmentId, int> _segmentByEsi;
    private readonly uint[][] _segmentVnis;

    /// <summary>The segment with <paramref name="esi"/>, or null.</summary>
    public FabricEthernetSegment? EthernetSegmentOf(Wire.Bgp.EthernetSegmentId esi) =>
        _segmentByEsi.TryGetValue(esi, out int i) ? EthernetSegments[i] : null;

    /// <summary>The VNIs of the hosts on <paramref name="segment"/>, ascending (empty for a segment without hosts).</summary>
    public IReadOnlyList<uint> VnisOf(FabricEthernetSegment segment) => _segmentVnis[segment.Index];

    /// <summary>The segments with a member on <paramref name="leaf"/>.</summary>
    public IEnumerable<FabricEthernetSegment> EthernetSegmentsOn(int leaf)
    {
        foreach (var es in EthernetSegments)
            if (es.MemberOn(leaf) is not null) yield return es;
    }

    /// <summary>
    /// iBGP EVPN sessions, each listed once: every VTEP to every route reflector and the reflectors in a mesh, or a
    /// full mesh of VTEPs when there is none. Built on first use (a full mesh is quadratic in the leaves; loading and
    /// validating stay linear); <see cref="BgpSessionCount"/> counts them without building them.
    /// </summary>
    public ImmutableArray<BgpSessionDefinition> BgpSessions => _bgpSessions.Value;

    /// <summary>How many <see cref="BgpSessions"/> there are, computed without listing them.</summary>
    public long BgpSessionCount { get; }

    public FabricNode Node(string name) =>
        _nodeByName.TryGetValue(name, out var i) ? Nodes[i] : throw new KeyNotFoundException($"no node '{name}' in topology '{Name}'");

    public bool TryGetNode(string name, out FabricNode node)
    {
        if (_nodeByName.TryGetValue(name, out var i))
        {
            node = Nodes[i];
            return true;
        }
        node = null!;
        return false;
    }

    /// <summary>Hosts attached to one leaf, a slice of <see cref="Hosts"/>.</summary>
    public ReadOnlySpan<FabricHost> HostsOn(int nodeIndex) =>
        Hosts.AsSpan()[_hostStart[nodeIndex].._hostStart[nodeIndex + 1]];

    /// <summary>Indices into <see cref="Links"/> of the links touching a node.</summary>
    public ImmutableArray<int> LinksOf(int nodeIndex) => _linksByNode[nodeIndex];

    public bool TryGetBroadcastDomain(uint vni, out BroadcastDomain domain)
    {
        if (_domainByVni.TryGetValue(vni, out var i))
        {
            domain = BroadcastDomains[i];
            return true;
        }
        domain = default;
        return false;
    }

    public int CountNodes(NodeRole role)
    {
        int n = 0;
        foreach (var node in Nodes) if (node.Role == role) n++;
        return n;
    }

    public int RouteReflectorCount
    {
        get
        {
            int n = 0;
            foreach (var node in Nodes) if (node.IsRouteReflector) n++;
            return n;
        }
    }

    public override string ToString() =>
        $"{Name}: {Nodes.Length} nodes, {Links.Length} links, {MacVrfs.Length} MAC-VRFs, {BroadcastDomains.Length} VNIs, {Hosts.Length} hosts";
}
