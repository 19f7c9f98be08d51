using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace ActorFabric.Fabric.Topology;

/// <summary>
/// Expands a <c>generate:</c> block into nodes, links, MAC-VRFs and hosts, deterministically:
/// spines <c>spine1..</c>, dedicated route reflectors <c>rr1..</c>, leaves <c>leaf1..</c>, border
/// leaves <c>border1..</c>, AR replicators <c>rep1..</c> (leaves with every VNI and no hosts); every leaf, border leaf,
/// reflector and replicator is linked to every spine.
/// Leaf i (0-based) carries the VNIs at positions (i·k + j) mod V for j &lt; k (a sliding window, so
/// each VNI lands on about L·k/V leaves); border leaves carry every VNI and no hosts. With <c>multihomed</c>, leaves
/// pair up (leaf1+leaf2, leaf3+leaf4, …) and each pair is one unit of the window, with one all-active segment per
/// pair and VNI carrying the pair's hosts of that VNI (an odd last leaf stays single-homed).
/// </summary>
internal static class FabricGenerator
{
    private static readonly string[] Keys =
    [
        "spines", "spine-route-reflectors", "route-reflectors", "leaves", "border-leaves", "vnis", "first-vni",
        "first-vlan", "vnis-per-leaf", "service", "hosts-per-vni-per-leaf", "link-latency", "multihomed",
        "replicators", "assisted-replication", "snooping", "l3", "vnis-per-vrf", "first-l3-vni",
    ];

    /// <summary>Generated tenant VRFs' L3 VNIs start here unless <c>first-l3-vni</c> says otherwise.</summary>
    public const uint DefaultFirstL3Vni = 50001;

    /// <summary>Each border leaf's external next hop: 203.0.113.0/24 (TEST-NET-3, RFC 5737), the border leaf's position + 1.</summary>
    private const uint ExternalNextHops = 0xCB00_7100;

    /// <summary>Ten times the largest bundled fabric (large-1000.yaml, 200,000 hosts); docs/topology.md.</summary>
    public const long MaxHosts = 2_000_000;

    public const long MaxLinks = 1_000_000;

    public readonly record struct Plan(
        int Spines, int SpineReflectors, int Reflectors, int Leaves, int BorderLeaves,
        int Vnis, uint FirstVni, int FirstVlan, int VnisPerLeaf, ServiceType Service, int HostsPerVniPerLeaf, TimeSpan? LinkLatency,
        bool Multihomed = false, int Replicators = 0, bool? AssistedReplication = null, bool? Snooping = null,
        int VnisPerVrf = 0, uint FirstL3Vni = DefaultFirstL3Vni);

    public static void ReadAndExpand(TopologyDraft draft, YamlNode node)
    {
        var f = YamlFields.Read(draft, node, "generate", Keys);
        if (f is null) return;
        int errors = draft.Errors.Count;
        int spines = (int)(f.Integer("spines", 0, 256) ?? 0);
        int spineRr = (int)(f.Integer("spine-route-reflectors", 0, 256) ?? 0);
        int rr = (int)(f.Integer("route-reflectors", 0, 64) ?? 0);
        int leaves = (int)(f.Integer("leaves", 0, 100_000) ?? 0);
        int borders = (int)(f.Integer("border-leaves", 0, 1024) ?? 0);
        int vnis = (int)(f.Integer("vnis", 0, 4094) ?? 0);
        uint firstVni = (uint)(f.Integer("first-vni", 1, 0xFF_FFFF) ?? 10000);
        int firstVlan = (int)(f.Integer("first-vlan", 1, 4094) ?? 100);
        int perLeaf = (int)(f.Integer("vnis-per-leaf", 0, 4094) ?? vnis);
        int hosts = (int)(f.Integer("hosts-per-vni-per-leaf", 0, 4096) ?? 0);
        var latency = f.Duration("link-latency", TimeSpan.Zero, LinkParameters.MaxLatency);
        bool multihomed = f.Boolean("multihomed") ?? false;
        int replicators = (int)(f.Integer("replicators", 0, 256) ?? 0);
        bool? assisted = f.Boolean("assisted-replication");
        bool? snooping = f.Boolean("snooping");
        bool l3 = f.Boolean("l3") ?? false;
        int perVrf = (int)(f.Integer("vnis-per-vrf", 1, 4094) ?? 20);
        uint firstL3Vni = (uint)(f.Integer("first-l3-vni", 1, 0xFF_FFFF) ?? DefaultFirstL3Vni);
        if (!l3 && (f.Has("vnis-per-vrf") || f.Has("first-l3-vni")))
            f.Error(f.Has("vnis-per-vrf") ? "vnis-per-vrf" : "first-l3-vni", "'vnis-per-vrf' and 'first-l3-vni' shape generated tenant VRFs: add 'l3: true'");
        var service = ServiceType.VlanBased;
        if (f.Scalar("service") is { } st && !ServiceTypeNames.TryParse(st, out service))
            f.Error("service", $"unknown service '{st}'{KeySuggestion.Hint(st, ServiceTypeNames.All)}");

        int vrfCount = l3 ? (vnis + perVrf - 1) / perVrf : 0;
        if (l3 && f.Has("service") && service == ServiceType.VlanAwareBundle)
            f.Error("service", "'l3' gives every tenant its own VLANs, so each needs its own MAC-VRFs: use service: vlan-based");
        if (firstL3Vni + (uint)vrfCount - 1 > 0xFF_FFFF) f.Error("first-l3-vni", $"{vrfCount} tenant VRFs from L3 VNI {firstL3Vni} run past VNI 16777215");
        if (spineRr > spines) f.Error("spine-route-reflectors", $"'spine-route-reflectors' {spineRr} is more than the {spines} spines");
        if (spines == 0 && leaves + borders + rr + replicators > 0) f.Error("spines", "a generated fabric needs at least one spine to link leaves to");
        if (perLeaf > vnis) f.Error("vnis-per-leaf", $"'vnis-per-leaf' {perLeaf} is more than the {vnis} VNIs");
        if (firstVlan + vnis - 1 > 4094) f.Error("vnis", $"{vnis} VNIs from VLAN {firstVlan} run past VLAN 4094; lower 'first-vlan' or 'vnis'");
        if (firstVni + (uint)vnis - 1 > 0xFF_FFFF) f.Error("vnis", $"{vnis} VNIs from {firstVni} run past VNI 16777215");
        // A few lines may ask for trillions of hosts: refuse a fabric beyond what a run can hold before building it.
        long hostCount = (long)leaves * perLeaf * hosts;
        long linkCount = (long)(leaves + borders + rr + replicators) * spines;
        if (hostCount > MaxHosts)
            f.Error("hosts-per-vni-per-leaf", string.Create(CultureInfo.InvariantCulture, $"this generates {hostCount:N0} hosts ({leaves} leaves x {perLeaf} VNIs x {hosts}); a generated fabric may have at most {MaxHosts:N0}"));
        if (linkCount > MaxLinks)
            f.Error("spines", string.Create(CultureInfo.InvariantCulture, $"this generates {linkCount:N0} links ({leaves + borders + rr + replicators} leaves, border leaves, reflectors and replicators x {spines} spines); a generated fabric may have at most {MaxLinks:N0}"));
        if (draft.Errors.Count > errors) return;

        Expand(draft, new Plan(spines, spineRr, rr, leaves, borders, vnis, firstVni, firstVlan, perLeaf, service, hosts, latency, multihomed, replicators, assisted, snooping,
            l3 ? perVrf : 0, firstL3Vni), f.Mark);
    }

    public static void Expand(TopologyDraft draft, Plan p, SourceMark mark)
    {
        var spineNames = Names("spine", p.Spines);
        var rrNames = Names("rr", p.Reflectors);
        var leafNames = Names("leaf", p.Leaves);
        var borderNames = Names("border", p.BorderLeaves);
        var replicatorNames = Names("rep", p.Replicators);

        for (int s = 0; s < p.Spines; s++)
            draft.Nodes.Add(new NodeDraft { Name = spineNames[s], Mark = mark, Role = NodeRole.Spine, RouteReflector = s < p.SpineReflectors });
        foreach (var n in rrNames) draft.Nodes.Add(new NodeDraft { Name = n, Mark = mark, Role = NodeRole.RouteReflector, RouteReflector = true });
        // AR: true makes every generated leaf an AR leaf, false a regular NVE; unset leaves the block's default.
        (ArRole, SourceMark)? leafAr = p.AssistedReplication switch { true => (ArRole.Leaf, mark), false => (ArRole.None, mark), null => null };
        foreach (var n in leafNames) draft.Nodes.Add(new NodeDraft { Name = n, Mark = mark, Role = NodeRole.Leaf, ArRole = leafAr });
        foreach (var n in borderNames) draft.Nodes.Add(new NodeDraft { Name = n, Mark = mark, Role = NodeRole.BorderLeaf });
        foreach (var n in replicatorNames) draft.Nodes.Add(new NodeDraft { Name = n, Mark = mark, Role = NodeRole.Leaf, ArRole = (ArRole.Replicator, mark) });
        // Replicators or AR leaves need the block: the generator brings one with every default when the file has none.
        if ((p.Replicators > 0 || p.AssistedReplication == true) && draft.AssistedReplication is null) draft.AssistedReplication = new ArDraft { Mark = mark };
        if (p.Snooping is { } snooping) draft.GeneratedSnooping = snooping;

        // Full mesh to the spines; the spine's port number is the attached device's position.
        int spinePort = 1;
        foreach (var group in (string[][])[leafNames, borderNames, rrNames, replicatorNames])
            foreach (var name in group)
            {
                for (int s = 0; s < p.Spines; s++)
                    draft.Links.Add(new LinkDraft
                    {
                        A = new EndpointDraft(name, PortNames.Eth(s + 1), mark),
                        B = new EndpointDraft(spineNames[s], PortNames.Eth(spinePort), mark),
                        Mark = mark,
                        Latency = p.LinkLatency,
                    });
                spinePort++;
            }

        if (p.Vnis == 0) return;
        var domainLeaves = new List<(string, SourceMark)>[p.Vnis];
        for (int v = 0; v < p.Vnis; v++) domainLeaves[v] = new List<(string, SourceMark)>(p.Leaves * p.VnisPerLeaf / p.Vnis + p.BorderLeaves + p.Replicators + 1);
        for (int i = 0; i < p.Leaves; i++)
            for (int j = 0; j < p.VnisPerLeaf; j++)
                domainLeaves[VniPosition(p, i, j)].Add((leafNames[i], mark));
        for (int v = 0; v < p.Vnis; v++)
        {
            foreach (var b in borderNames) domainLeaves[v].Add((b, mark));
            // A replicator carries every VLAN of the fabric (the document: it needs the VLANs to install multicast state).
            foreach (var r in replicatorNames) domainLeaves[v].Add((r, mark));
        }

        MacVrfDraft? bundle = null;
        if (p.Service == ServiceType.VlanAwareBundle)
        {
            bundle = new MacVrfDraft { Name = "bundle", Mark = mark, Service = ServiceType.VlanAwareBundle, Leaves = [] };
            draft.MacVrfs.Add(bundle);
        }
        for (int v = 0; v < p.Vnis; v++)
        {
            uint vni = p.FirstVni + (uint)v;
            var domain = new DomainDraft(vni, (ushort)(p.FirstVlan + v), null, 0, mark, mark, mark) { Leaves = domainLeaves[v] };
            if (bundle is not null)
            {
                bundle.Domains.Add(domain);
                continue;
            }
            var vrf = new MacVrfDraft { Name = "vni" + vni.ToString(CultureInfo.InvariantCulture), Mark = mark, Service = ServiceType.VlanBased };
            vrf.Domains.Add(domain);
            draft.MacVrfs.Add(vrf);
        }

        if (p.VnisPerVrf > 0) AddTenants(draft, p, borderNames, mark);

        if (p.HostsPerVniPerLeaf == 0) return;
        draft.Hosts.Capacity = draft.Hosts.Count + p.Leaves * p.VnisPerLeaf * p.HostsPerVniPerLeaf;
        for (int i = 0; i < p.Leaves; i++)
        {
            if (p.Multihomed && InPair(p, i))
            {
                if (i % 2 == 0) AddSegmentHosts(draft, p, leafNames, i, mark);
                continue;
            }
            int port = p.Spines + 1;
            string prefix = HostPrefix(i);
            for (int j = 0; j < p.VnisPerLeaf; j++)
            {
                int v = VniPosition(p, i, j);
                uint vni = p.FirstVni + (uint)v;
                string vniPrefix = prefix + vni.ToString(CultureInfo.InvariantCulture) + "-";
                for (int k = 0; k < p.HostsPerVniPerLeaf; k++)
                    draft.Hosts.Add(new HostDraft
                    {
                        Name = vniPrefix + (k + 1).ToString(CultureInfo.InvariantCulture),
                        Leaf = leafNames[i],
                        Port = PortNames.Eth(port++),
                        Vlan = (ushort)(p.FirstVlan + v),
                        Vni = vni,
                        Mark = mark,
                    });
            }
        }
    }

    /// <summary>
    /// <c>l3: true</c>: tenant t (from 1) is the IP-VRF <c>tenant&lt;t&gt;</c> routing the MAC-VRFs of VNI positions
    /// [(t-1)·n, t·n) (n = <c>vnis-per-vrf</c>), L3 VNI <c>first-l3-vni</c> + t - 1, automatic route targets; each VLAN's
    /// gateway is its subnet's first address. Every border leaf learns a default route in every tenant VRF from the
    /// external next hop 203.0.113.&lt;border&gt; (RFC 5737 documentation addresses).
    /// </summary>
    private static void AddTenants(TopologyDraft draft, Plan p, string[] borderNames, SourceMark mark)
    {
        int tenants = (p.Vnis + p.VnisPerVrf - 1) / p.VnisPerVrf;
        AddressPrefix.TryParse("0.0.0.0/0", out var defaultRoute);
        var names = new string[tenants];
        for (int t = 0; t < tenants; t++)
        {
            var vrf = new IpVrfDraft { Name = "tenant" + (t + 1).ToString(CultureInfo.InvariantCulture), Mark = mark, L3Vni = p.FirstL3Vni + (uint)t, L3VniMark = mark };
            for (int v = t * p.VnisPerVrf; v < Math.Min(p.Vnis, (t + 1) * p.VnisPerVrf); v++)
                vrf.MacVrfs.Add(("vni" + (p.FirstVni + (uint)v).ToString(CultureInfo.InvariantCulture), mark));
            draft.IpVrfs.Add(vrf);
            names[t] = vrf.Name;
        }
        // Expand added the border leaves one after the other.
        int first = borderNames.Length > 0 ? draft.Nodes.FindIndex(n => n.Name == borderNames[0]) : 0;
        for (int b = 0; b < borderNames.Length; b++)
        {
            var border = draft.Nodes[first + b];
            border.ExternalPrefixes = [];
            for (int t = 0; t < tenants; t++)
                border.ExternalPrefixes.Add(new ExternalPrefixDraft(names[t], mark, defaultRoute, mark, ExternalNextHops + (uint)(b + 1)));
        }
    }

    /// <summary>
    /// The pair of leaves <paramref name="first"/> and <paramref name="first"/> + 1: one all-active segment per VNI of
    /// the pair, named <c>es&lt;leaf&gt;-&lt;vni&gt;</c>, with an automatic ESI (type 3 from the first member's MAC, RFC 7432
    /// §5) and the hosts both leaves would carry single-homed (<c>h&lt;leaf&gt;-&lt;vni&gt;-&lt;n&gt;</c>, the first leaf's
    /// first), so the fabric keeps its MAC count. A segment's hosts take a block of ports on both leaves: the
    /// members' port is the block's first, the next hosts the free ports after it.
    /// </summary>
    private static void AddSegmentHosts(TopologyDraft draft, Plan p, string[] leafNames, int first, SourceMark mark)
    {
        int hostsPerSegment = 2 * p.HostsPerVniPerLeaf;
        for (int j = 0; j < p.VnisPerLeaf; j++)
        {
            int v = VniPosition(p, first, j);
            uint vni = p.FirstVni + (uint)v;
            string vniText = vni.ToString(CultureInfo.InvariantCulture);
            string name = "es" + (first + 1).ToString(CultureInfo.InvariantCulture) + "-" + vniText;
            string port = PortNames.Eth(p.Spines + 1 + j * hostsPerSegment);
            var segment = new SegmentDraft { Name = name, Mark = mark, Mode = "all-active", EsiMark = mark, ModeMark = mark, AlgorithmMark = mark };
            segment.Members.Add((leafNames[first], port, null, mark));
            segment.Members.Add((leafNames[first + 1], port, null, mark));
            draft.Segments.Add(segment);
            for (int side = 0; side < 2; side++)
            {
                string vniPrefix = HostPrefix(first + side) + vniText + "-";
                for (int k = 0; k < p.HostsPerVniPerLeaf; k++)
                    draft.Hosts.Add(new HostDraft
                    {
                        Name = vniPrefix + (k + 1).ToString(CultureInfo.InvariantCulture),
                        Segment = name,
                        SegmentMark = mark,
                        Vlan = (ushort)(p.FirstVlan + v),
                        Vni = vni,
                        Mark = mark,
                    });
            }
        }
    }

    /// <summary>
    /// Position of the j-th VNI of leaf <paramref name="leaf"/>: (u·k + j) mod V where u is the leaf's unit of the
    /// sliding window: the leaf itself, or with <c>multihomed</c> its pair (both leaves of a pair carry the same
    /// VNIs; an odd last leaf is a unit of its own), so every VNI still lands on about L·k/V leaves.
    /// </summary>
    private static int VniPosition(Plan p, int leaf, int j)
    {
        int unit = p.Multihomed ? leaf / 2 : leaf;
        return (int)(((long)unit * p.VnisPerLeaf + j) % p.Vnis);
    }

    /// <summary>Whether <paramref name="leaf"/> has a partner (every leaf but an odd last one).</summary>
    private static bool InPair(Plan p, int leaf) => (leaf | 1) < p.Leaves;

    private static string HostPrefix(int leaf) => "h" + (leaf + 1).ToString(CultureInfo.InvariantCulture) + "-";

    private static string[] Names(string prefix, int count)
    {
        var names = new string[count];
        for (int i = 0; i < count; i++) names[i] = prefix + (i + 1).ToString(CultureInfo.InvariantCulture);
        return names;
    }
}
