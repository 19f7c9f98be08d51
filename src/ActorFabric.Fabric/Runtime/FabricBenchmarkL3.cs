using System.Diagnostics;
using System.Globalization;
using ActorFabric.Fabric.Topology;
using YamlDotNet.RepresentationModel;

namespace ActorFabric.Fabric.Runtime;

// bench fabric --l3 (issue 14): the bridging fabric of a generate: block, then the same shape with tenant IP-VRFs
// routing at every leaf (ERB, symmetric IRB, ingress VMTO: every leaf of a tenant installs every host route of it).
public static partial class FabricBenchmark
{
    /// <summary>Tenant size of the routed benchmark: a VRF per 20 VNIs.</summary>
    public const int DefaultVnisPerVrf = 20;

    /// <summary>
    /// The YAML text of <paramref name="yaml"/> (a fabric with a <c>generate:</c> block) routed: <c>l3: true</c> with
    /// <paramref name="vnisPerVrf"/> VNIs per tenant VRF, and a <c>routing:</c> block for edge-routed bridging with
    /// symmetric IRB and VMTO on (RFC 9135 §5: MAC+IP routes carry Label2 = L3 VNI and the Router's MAC, so every leaf
    /// of the tenant installs a /32 for every host of it), named <paramref name="name"/>.
    /// </summary>
    public static string L3Variant(string yaml, string name, int vnisPerVrf = DefaultVnisPerVrf)
    {
        var (stream, root, generate) = LoadGenerated(yaml, name, "routed");
        generate.Children[new YamlScalarNode("l3")] = new YamlScalarNode("true");
        generate.Children[new YamlScalarNode("vnis-per-vrf")] = new YamlScalarNode(vnisPerVrf.ToString(CultureInfo.InvariantCulture));
        root.Children[new YamlScalarNode("routing")] = new YamlMappingNode
        {
            { "design", "erb" },
            { "irb", "symmetric" },
            { "vmto", "true" },
        };
        return Save(stream);
    }

    /// <summary>
    /// Host routes the running fabric should hold once converged: every VTEP that routes a VRF installs, in its
    /// IP-VRF, a route for every host address (IPv4 and IPv6) in that VRF's VLANs that it carries (local, or remote bridged in
    /// the L2 VNI: RFC 9135 §6), and with symmetric IRB and VMTO on also for the VLANs it does not carry (§5: Label2
    /// and the Router's MAC make the route usable over the L3 VNI). Modelled for edge-routed bridging only: -1 (not
    /// known) for CRB, whose routing nodes and leaves install host routes by other rules.
    /// </summary>
    public static long ExpectedHostRoutes(FabricTopology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        if (topology.IpVrfs.IsEmpty) return 0;
        if (topology.Routing.Design != RoutingDesign.Erb) return -1;
        bool everyHost = topology.Routing.Vmto && topology.Routing.Irb == IrbMode.Symmetric;
        // Host addresses per broadcast domain, once: a /32 per IPv4 address, a /128 per IPv6 one.
        var hostsPerDomain = new long[topology.BroadcastDomains.Length];
        foreach (var h in topology.Hosts) hostsPerDomain[h.BroadcastDomain] += (h.Ipv4 != 0 ? 1 : 0) + (h.HasIpv6 ? 1 : 0);
        long expected = 0;
        foreach (var n in topology.Nodes)
        {
            if (!n.IsVtep) continue;
            foreach (int v in n.RoutesVrfs)
                foreach (int d in topology.IpVrfs[v].BroadcastDomains)
                    if (everyHost || n.BroadcastDomains.Contains(d)) expected += hostsPerDomain[d];
        }
        return expected;
    }

    /// <summary>
    /// Both runs of <c>bench fabric --l3 --in-process</c> in this process, one after the other: <paramref
    /// name="topologyPath"/> as it is, then <see cref="L3Variant"/> of it. Memory is released between the runs and the
    /// peak working set restarted (Linux), so each peak is its own run's.
    /// </summary>
    public static (FabricBenchmarkFigures L2, FabricBenchmarkFigures L3) RunL3InProcess(string topologyPath, int vnisPerVrf = DefaultVnisPerVrf,
        TimeSpan? emulatedTimeout = null, int seed = 1, TimeSpan? wallLimit = null, IProgress<ConvergenceProgress>? progress = null)
    {
        var l2 = Run(topologyPath, emulatedTimeout, seed, wallLimit, progress);
        var variant = L3Variant(File.ReadAllText(topologyPath), l2.Topology + "-l3", vnisPerVrf);
        RestartPeakMemory();
        var wall = Stopwatch.StartNew();
        var l3Topology = TopologyLoader.Parse(variant, Path.GetFileNameWithoutExtension(topologyPath) + "-l3.yaml");
        var l3 = Converge(l3Topology, wall.Elapsed.TotalSeconds, emulatedTimeout, seed, wallLimit, progress, null);
        return (l2, l3);
    }
}
