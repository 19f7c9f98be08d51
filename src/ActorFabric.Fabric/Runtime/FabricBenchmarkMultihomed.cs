using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ActorFabric.Fabric.Runtime.Devices;
using ActorFabric.Fabric.Topology;
using YamlDotNet.RepresentationModel;

namespace ActorFabric.Fabric.Runtime;

// bench fabric --multihomed (issue 11): the single-homed fabric, then the same fabric with every host dual-homed
// (generate: multihomed: true), then one segment link failure and the mass withdrawal it causes.
public static partial class FabricBenchmark
{
    /// <summary>Emulated time left before a failure: past the DF peering timer (3 s default, RFC 7432 §8.5), so elections are over and the fabric is quiet.</summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Poll step of the failover measurement: well below the 5 ms BGP update delay each reflector hop adds, so the
    /// emulated figure is exact to this step.
    /// </summary>
    public static readonly TimeSpan FailoverStep = TimeSpan.FromMilliseconds(0.5);

    /// <summary>Emulated window after the failover (and its length before it, for the background count) in which UPDATEs are counted.</summary>
    public static readonly TimeSpan UpdateWindow = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Runs <paramref name="topologyPath"/> (a fabric with a <c>generate:</c> block) as it is, then its multihomed
    /// variant with one segment link failure, then the variant with 2 hosts per segment and the same failure.
    /// Memory is released between runs and the peak working set restarted (Linux), so each peak is its own run's.
    /// </summary>
    public static FabricBenchmarkMultihomedFigures RunMultihomed(string topologyPath, TimeSpan? emulatedTimeout = null, int seed = 1,
        TimeSpan? wallLimit = null, IProgress<ConvergenceProgress>? progress = null)
    {
        var single = Run(topologyPath, emulatedTimeout, seed, wallLimit, progress);
        var yaml = File.ReadAllText(topologyPath);
        string fileName = Path.GetFileNameWithoutExtension(topologyPath);

        RestartPeakMemory();
        var wall = Stopwatch.StartNew();
        var mhTopology = TopologyLoader.Parse(MultihomedVariant(yaml, single.Topology + "-mh"), fileName + "-mh.yaml");
        FabricBenchmarkFailover? failover = null;
        var mh = Converge(mhTopology, wall.Elapsed.TotalSeconds, emulatedTimeout, seed, wallLimit, progress,
            async runtime => failover = await MeasureSegmentFailoverAsync(runtime, mhTopology).ConfigureAwait(false));

        RestartPeakMemory();
        var smallTopology = TopologyLoader.Parse(MultihomedVariant(yaml, single.Topology + "-mh-2", hostsPerVniPerLeaf: 1), fileName + "-mh-2.yaml");
        FabricBenchmarkFailover? smallFailover = null;
        Converge(smallTopology, 0, emulatedTimeout, seed, wallLimit, null,
            async runtime => smallFailover = await MeasureSegmentFailoverAsync(runtime, smallTopology).ConfigureAwait(false));

        return new FabricBenchmarkMultihomedFigures(single, mh, failover ?? NotRun(mhTopology), smallFailover ?? NotRun(smallTopology));
    }

    /// <summary>
    /// The YAML text of <paramref name="yaml"/> with <c>multihomed: true</c> in its <c>generate:</c> block, named
    /// <paramref name="name"/>, and optionally another <c>hosts-per-vni-per-leaf</c> (1 gives 2 hosts per segment).
    /// </summary>
    public static string MultihomedVariant(string yaml, string name, int? hostsPerVniPerLeaf = null)
    {
        var (stream, _, generate) = LoadGenerated(yaml, name, "multihomed");
        generate.Children[new YamlScalarNode("multihomed")] = new YamlScalarNode("true");
        if (hostsPerVniPerLeaf is { } hosts)
            generate.Children[new YamlScalarNode("hosts-per-vni-per-leaf")] = new YamlScalarNode(hosts.ToString(CultureInfo.InvariantCulture));
        return Save(stream);
    }

    /// <summary>
    /// <paramref name="yaml"/> parsed for a variant named <paramref name="name"/>: its root and its <c>generate:</c>
    /// block, which the <paramref name="benchmark"/> benchmark needs (an <see cref="ArgumentException"/> without one).
    /// </summary>
    private static (YamlStream Stream, YamlMappingNode Root, YamlMappingNode Generate) LoadGenerated(string yaml, string name, string benchmark)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("generate"), out var node) || node is not YamlMappingNode generate)
            throw new ArgumentException($"the {benchmark} benchmark needs a topology with a 'generate:' block", nameof(yaml));
        root.Children[new YamlScalarNode("name")] = new YamlScalarNode(name);
        return (stream, root, generate);
    }

    private static string Save(YamlStream stream)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        stream.Save(text, assignAnchors: false);
        return text.ToString();
    }

    /// <summary>
    /// On a converged fabric with Ethernet segments: lets it settle, takes the link of the first segment with hosts
    /// down on its first member leaf and steps emulated time until every remote leaf of the segment's VNI (not a
    /// member, holding that leaf's per-ES A-D route before) has dropped the route: the remote side of mass
    /// withdrawal (RFC 7432 §8.2.1), after which no MAC of the segment is forwarded to that leaf. Counts the BGP
    /// UPDATEs every device sent because of it. Gives up after <paramref name="limit"/> of emulated time (default
    /// 10 s) or 5 min of wall time (the figures then say how many remote leaves were left).
    /// </summary>
    public static async Task<FabricBenchmarkFailover> MeasureSegmentFailoverAsync(FabricRuntime runtime, FabricTopology topology,
        TimeSpan? limit = null)
    {
        var segment = FirstSegmentWithHosts(topology, out int hosts, out int domain);
        var member = topology.Nodes[segment.Members[0].Leaf];
        string vtep = FabricAddressing.Dotted(member.Vtep);
        string esi = segment.Esi.ToString();

        await runtime.AdvanceAsync(SettleTime).ConfigureAwait(false);
        var pending = new List<string>();
        foreach (var n in topology.Nodes)
            if (n.IsVtep && segment.MemberOn(n.Index) is null && n.BroadcastDomains.Contains(domain)
                && await HoldsPerEsRouteAsync(runtime, n.Name, esi, vtep).ConfigureAwait(false))
                pending.Add(n.Name);
        int remote = pending.Count;

        long before = await UpdatesSentAsync(runtime, topology).ConfigureAwait(false);
        await runtime.AdvanceAsync(UpdateWindow).ConfigureAwait(false);
        long atFailure = await UpdatesSentAsync(runtime, topology).ConfigureAwait(false);

        // A route table is costly to read (tens of thousands of paths on a bench leaf), its BGP summary is not: a
        // remote leaf's table is read again only once the leaf has received BGP messages since the failure.
        var heard = new Dictionary<string, long>();
        foreach (var leaf in pending) heard[leaf] = await MessagesReceivedAsync(runtime, leaf).ConfigureAwait(false);
        var wall = Stopwatch.StartNew();
        await runtime.SegmentLinkDownAsync(segment.Name, member.Name).ConfigureAwait(false);
        wall.Stop();
        var emulated = TimeSpan.Zero;
        var cap = limit ?? TimeSpan.FromSeconds(10);
        var wallCap = Stopwatch.StartNew();
        while (pending.Count > 0 && emulated < cap && wallCap.Elapsed < TimeSpan.FromMinutes(5))
        {
            wall.Start();
            await runtime.AdvanceAsync(FailoverStep).ConfigureAwait(false);
            wall.Stop();
            emulated += FailoverStep;
            for (int i = pending.Count - 1; i >= 0; i--)
            {
                if (await MessagesReceivedAsync(runtime, pending[i]).ConfigureAwait(false) == heard[pending[i]]) continue;
                if (!await HoldsPerEsRouteAsync(runtime, pending[i], esi, vtep).ConfigureAwait(false)) pending.RemoveAt(i);
            }
        }
        await runtime.AdvanceAsync(UpdateWindow).ConfigureAwait(false);
        long after = await UpdatesSentAsync(runtime, topology).ConfigureAwait(false);
        return new FabricBenchmarkFailover(segment.Name, member.Name, hosts, remote, remote - pending.Count,
            emulated.TotalSeconds, wall.Elapsed.TotalSeconds, after - atFailure, atFailure - before);
    }

    private static FabricEthernetSegment FirstSegmentWithHosts(FabricTopology topology, out int hosts, out int domain)
    {
        foreach (var es in topology.EthernetSegments)
        {
            hosts = 0;
            domain = -1;
            foreach (var h in topology.Hosts)
                if (h.Segment == es.Index)
                {
                    hosts++;
                    domain = h.BroadcastDomain;
                }
            if (hosts > 0 && es.Members.Length > 1) return es;
        }
        throw new ArgumentException($"topology '{topology.Name}' has no Ethernet segment with hosts on two leaves", nameof(topology));
    }

    /// <summary>Whether <paramref name="device"/> has the per-ES A-D route (Ethernet tag MAX-ET, RFC 7432 §8.2.1) of <paramref name="esi"/> from <paramref name="vtep"/>.</summary>
    private static async Task<bool> HoldsPerEsRouteAsync(FabricRuntime runtime, string device, string esi, string vtep)
    {
        var table = await runtime.RouteTableAsync(device).ConfigureAwait(false);
        foreach (var r in table.Routes)
            if (r.RouteType == 1 && r.EthernetTag == uint.MaxValue && r.NextHop == vtep && r.Prefix.Contains(esi, StringComparison.Ordinal))
                return true;
        return false;
    }

    /// <summary>BGP UPDATE messages sent so far by every device to every peer (keepalives and other messages not counted).</summary>
    private static async Task<long> UpdatesSentAsync(FabricRuntime runtime, FabricTopology topology)
    {
        long sum = 0;
        foreach (var n in topology.Nodes)
            foreach (var p in (await runtime.BgpSummaryAsync(n.Name).ConfigureAwait(false)).Peers) sum += p.UpdatesSent;
        return sum;
    }

    private static async Task<long> MessagesReceivedAsync(FabricRuntime runtime, string device)
    {
        long sum = 0;
        foreach (var p in (await runtime.BgpSummaryAsync(device).ConfigureAwait(false)).Peers) sum += p.MessagesReceived;
        return sum;
    }

    private static FabricBenchmarkFailover NotRun(FabricTopology topology) =>
        new(topology.EthernetSegments.IsEmpty ? "-" : topology.EthernetSegments[0].Name, "-", 0, 0, 0, 0, 0, 0, 0);

    /// <summary>
    /// Frees the previous run's memory and, on Linux, restarts the process's peak resident set (writing 5 to
    /// /proc/self/clear_refs, proc(5)), so the next run's peak is its own; elsewhere the peak stays the process's.
    /// </summary>
    private static void RestartPeakMemory()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        try
        {
            if (OperatingSystem.IsLinux()) File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not permitted here: the peak then includes the earlier run's, an overestimate of the next one.
        }
    }

    /// <summary>Writes the multihomed figures as properties of the current JSON object (the single-homed ones under their usual keys).</summary>
    public static void WriteJson(FabricBenchmarkMultihomedFigures f, Utf8JsonWriter w)
    {
        WriteJson(f.SingleHomed, w);
        w.WriteString("mh_topology", f.Multihomed.Topology);
        w.WriteBoolean("mh_converged", f.Multihomed.Converged);
        w.WriteNumber("mh_converge_wall_s", Math.Round(f.Multihomed.ConvergeWallSeconds, 3));
        w.WriteNumber("mh_converge_emulated_s", Math.Round(f.Multihomed.ConvergeEmulatedSeconds, 6));
        w.WriteNumber("mh_peak_bytes", f.Multihomed.PeakBytes);
        w.WriteNumber("mh_messages", f.Multihomed.Messages);
        w.WriteNumber("mh_routes", f.Multihomed.Progress.RoutesPresent);
        w.WriteNumber("mh_routes_expected", f.Multihomed.Progress.RoutesExpected);
        w.WriteNumber("mh_wall_ratio", Math.Round(f.WallRatio, 3));
        w.WriteNumber("mh_memory_ratio", Math.Round(f.MemoryRatio, 3));
        w.WriteNumber("mh_target_ratio", FabricBenchmarkMultihomedFigures.TargetRatio);
        WriteFailover(f.Failover, "es_failover", w);
        WriteFailover(f.SmallSegmentFailover, "es_failover_small", w);
        w.WriteBoolean("es_failover_updates_independent_of_macs", f.UpdatesIndependentOfMacs);
    }

    private static void WriteFailover(FabricBenchmarkFailover f, string prefix, Utf8JsonWriter w)
    {
        w.WriteString(prefix + "_segment", f.Segment);
        w.WriteString(prefix + "_leaf", f.Leaf);
        w.WriteNumber(prefix + "_segment_hosts", f.SegmentHosts);
        w.WriteNumber(prefix + "_remote_leaves", f.RemoteLeaves);
        w.WriteNumber(prefix + "_remote_leaves_updated", f.RemoteLeavesUpdated);
        w.WriteNumber(prefix + "_emulated_s", Math.Round(f.EmulatedSeconds, 6));
        w.WriteNumber(prefix + "_wall_s", Math.Round(f.WallSeconds, 3));
        w.WriteNumber(prefix + "_updates", f.Updates);
        w.WriteNumber(prefix + "_background_updates", f.BackgroundUpdates);
    }
}
