using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ActorFabric.Fabric.Topology;
using YamlDotNet.RepresentationModel;

namespace ActorFabric.Fabric.Runtime;

// bench bum (issue 12): the cost of one multicast stream per VNI with ingress replication, Assisted Replication
// (RFC 9574) and Assisted Replication with IGMP/MLD snooping and SMET (RFC 9251), on variants of one generated fabric.
public static partial class FabricBenchmark
{
    /// <summary>One leaf in this many has interested hosts in the <c>ar_smet</c> mode (every 10th: 10%).</summary>
    public const int InterestedLeafStep = 10;

    /// <summary>Emulated time after convergence: past the 3 s AR activation delay (RFC 9574 §5.2) with margin.</summary>
    public static readonly TimeSpan BumSettleTime = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Emulated time after the joins: a host repeats its report 1 s after the first (RFC 3376 §8.11 robustness), and
    /// the SMET routes the reports cause cross the reflectors in a few 5 ms BGP update delays.
    /// </summary>
    public static readonly TimeSpan JoinSettleTime = TimeSpan.FromSeconds(2);

    /// <summary>Rate of every stream, packets per second of emulated time.</summary>
    public const int BumStreamRate = 100;

    /// <summary>
    /// Runs three variants of <paramref name="topologyPath"/> (a fabric with a <c>generate:</c> block and replicators)
    /// in virtual time: <c>ir</c> (leaves are regular NVEs, snooping off), <c>ar</c> (AR leaves, snooping off) and
    /// <c>ar_smet</c> (AR leaves, snooping on). In each, once converged and past the AR activation delay, the hosts of
    /// every 10th leaf join their VNI's group, then one host per VNI (on another leaf) sends <paramref name="packets"/>
    /// datagrams of <paramref name="payloadSize"/> octets to it. Memory is released between the variants.
    /// </summary>
    public static FabricBenchmarkBumFigures RunBum(string topologyPath, int packets = 10, int payloadSize = 256, TimeSpan? emulatedTimeout = null,
        int seed = 1, TimeSpan? wallLimit = null, IProgress<ConvergenceProgress>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(packets);
        var yaml = File.ReadAllText(topologyPath);
        string fileName = Path.GetFileNameWithoutExtension(topologyPath);
        var modes = new FabricBenchmarkBumMode[3];
        FabricTopology? arTopology = null;
        foreach (var (i, mode, assisted, snooping) in new[] { (0, "ir", false, false), (1, "ar", true, false), (2, "ar_smet", true, true) })
        {
            if (i > 0) RestartPeakMemory();
            var wall = Stopwatch.StartNew();
            var topology = TopologyLoader.Parse(BumVariant(yaml, assisted, snooping), $"{fileName}-{mode}.yaml");
            if (assisted && topology.Replicators.IsEmpty)
                throw new ArgumentException($"topology '{topology.Name}' has no AR replicator (add 'replicators:' to its 'generate:' block)", nameof(topologyPath));
            if (assisted) arTopology = topology;
            FabricBenchmarkBumMode? measured = null;
            var figures = Converge(topology, 0, emulatedTimeout, seed, wallLimit, progress,
                async runtime => measured = await MeasureBumAsync(runtime, mode, packets, payloadSize).ConfigureAwait(false));
            wall.Stop();
            modes[i] = (measured ?? NotMeasured(mode, topology)) with
            {
                Topology = topology.Name,
                Converged = figures.Converged,
                WallSeconds = wall.Elapsed.TotalSeconds,
                ConvergeEmulatedSeconds = figures.ConvergeEmulatedSeconds,
            };
        }
        var t = arTopology!;
        int replicators = t.Replicators.Length;
        int leaves = t.Nodes.Count(n => n.IsVtep) - replicators;
        return new FabricBenchmarkBumFigures(t.Name, leaves, replicators, packets, payloadSize, modes[0], modes[1], modes[2]);
    }

    /// <summary>
    /// The YAML text of <paramref name="yaml"/> with <c>assisted-replication</c> and <c>snooping</c> set in its
    /// <c>generate:</c> block (and snooping in its <c>multicast:</c> block when it has one, which would win). Without
    /// AR the generated leaves are regular NVEs: they ignore the replicators' AR routes and replicate ingress-style to
    /// every VTEP, replicators included, which then have no AR traffic to replicate and no host to forward to.
    /// </summary>
    public static string BumVariant(string yaml, bool assistedReplication, bool snooping)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("generate"), out var node) || node is not YamlMappingNode generate)
            throw new ArgumentException("the BUM benchmark needs a topology with a 'generate:' block", nameof(yaml));
        string Flag(bool value) => value ? "true" : "false";
        generate.Children[new YamlScalarNode("assisted-replication")] = new YamlScalarNode(Flag(assistedReplication));
        generate.Children[new YamlScalarNode("snooping")] = new YamlScalarNode(Flag(snooping));
        if (root.Children.TryGetValue(new YamlScalarNode("multicast"), out var m) && m is YamlMappingNode multicast)
            multicast.Children[new YamlScalarNode("snooping")] = new YamlScalarNode(Flag(snooping));
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        stream.Save(text, assignAnchors: false);
        return text.ToString();
    }

    /// <summary>
    /// On a converged fabric: settles past the AR activation delay, lets the hosts of every 10th leaf join their VNI's
    /// group (239.x.y.1, one per VNI), counts the fabric's BUM bytes in a quiet window as long as the streams, then
    /// sends one stream per VNI from a host on a leaf that is not interested, one after the other, and reads what
    /// every device replicated and every host received.
    /// </summary>
    public static async Task<FabricBenchmarkBumMode> MeasureBumAsync(FabricRuntime runtime, string mode, int packets = 10, int payloadSize = 256)
    {
        var topology = runtime.Topology;
        var plan = BumPlan.Of(topology);
        await runtime.AdvanceAsync(BumSettleTime).ConfigureAwait(false);
        foreach (var (host, domain) in plan.Joins)
            await runtime.JoinGroupAsync(topology.Hosts[host].Name, plan.Groups[domain]).ConfigureAwait(false);
        await runtime.AdvanceAsync(JoinSettleTime).ConfigureAwait(false);

        var window = TimeSpan.FromTicks(plan.Sources.Count * ((packets - 1) * TimeSpan.TicksPerSecond / BumStreamRate + TimeSpan.TicksPerSecond));
        long quietStart = await FabricBumBytesAsync(runtime).ConfigureAwait(false);
        await runtime.AdvanceAsync(window).ConfigureAwait(false);
        long before = await FabricBumBytesAsync(runtime).ConfigureAwait(false);
        foreach (var (host, domain) in plan.Sources)
            await runtime.StartMulticastStreamAsync(topology.Hosts[host].Name, plan.Groups[domain], BumStreamRate, payloadSize, packets).ConfigureAwait(false);
        long after = await FabricBumBytesAsync(runtime).ConfigureAwait(false);

        // Copies per device for the stream groups only: the per-flow counters hold nothing else of these groups.
        var streamGroups = plan.Sources.Select(s => plan.Groups[s.Domain]).ToHashSet(StringComparer.Ordinal);
        long fabricCopies = 0, replicatorCopies = 0, busiestCopies = 0;
        string? busiest = null;
        foreach (var n in topology.Nodes)
        {
            if (!n.IsVtep) continue;
            var report = await runtime.ReplicationAsync(n.Name).ConfigureAwait(false);
            long copies = report.Flows.Where(f => streamGroups.Contains(f.Group)).Sum(static f => f.FabricCopies);
            fabricCopies += copies;
            if (n.ArRole == ArRole.Replicator) replicatorCopies += copies;
            else if (copies > busiestCopies) (busiest, busiestCopies) = (n.Name, copies);
        }

        var joinedByDomain = plan.Joins.GroupBy(j => j.Domain).ToDictionary(g => g.Key, g => g.Count());
        long delivered = 0, expected = 0, unsolicited = 0, duplicates = 0;
        var receivers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, domain) in plan.Sources)
        {
            expected += (long)joinedByDomain.GetValueOrDefault(domain) * packets;
            var group = await runtime.MulticastReceiversAsync(plan.Groups[domain]).ConfigureAwait(false);
            foreach (var r in group.Receivers)
            {
                if (r.Packets > 0) receivers.Add(r.Host);
                if (r.Joined) delivered += r.Packets; else unsolicited += r.Packets;
                duplicates += r.Duplicates;
            }
        }
        return new FabricBenchmarkBumMode(mode, topology.Name, true, (double)busiestCopies / packets, busiest, busiestCopies,
            after - before, before - quietStart, fabricCopies, replicatorCopies, plan.Sources.Count, (long)plan.Sources.Count * packets,
            plan.InterestedLeaves, plan.Joins.Count, receivers.Count, delivered, expected, unsolicited, duplicates, 0, runtime.Now.TotalSeconds, 0);
    }

    /// <summary>BUM bytes every device (spines included: VXLAN BUM in transit) has sent on its fabric ports so far.</summary>
    private static async Task<long> FabricBumBytesAsync(FabricRuntime runtime)
    {
        long sum = 0;
        foreach (var n in runtime.Topology.Nodes) sum += (await runtime.ReplicationAsync(n.Name).ConfigureAwait(false)).BumFabricBytes;
        return sum;
    }

    private static FabricBenchmarkBumMode NotMeasured(string mode, FabricTopology topology) =>
        new(mode, topology.Name, false, 0, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>
    /// Who joins and who sends, the same in every mode: leaves are the VTEPs that are not replicators, in topology
    /// order; the interested ones are every 10th (the 1st, 11th, …); in each of their VNIs their first host joins. Each
    /// VNI's source is its first host on a leaf that is neither interested nor already a source.
    /// </summary>
    private sealed record BumPlan(string[] Groups, List<(int Host, int Domain)> Joins, List<(int Host, int Domain)> Sources, int InterestedLeaves)
    {
        public static BumPlan Of(FabricTopology topology)
        {
            var leaves = topology.Nodes.Where(n => n.IsVtep && n.ArRole != ArRole.Replicator).Select(n => n.Index).ToList();
            var interested = new HashSet<int>();
            for (int i = 0; i < leaves.Count; i += InterestedLeafStep) interested.Add(leaves[i]);
            var groups = new string[topology.BroadcastDomains.Length];
            // 239.0.0.0/8 is administratively scoped (RFC 2365 §6); one group per VNI: 239.1.0.1, 239.1.1.1, …
            for (int d = 0; d < groups.Length; d++) groups[d] = $"239.{1 + d / 256}.{d % 256}.1";

            var joins = new List<(int, int)>();
            var joined = new HashSet<(int Leaf, int Domain)>();
            var sources = new List<(int, int)>();
            var sourceLeaves = new HashSet<int>();
            var hasSource = new bool[groups.Length];
            foreach (var h in topology.Hosts)
            {
                if (interested.Contains(h.Leaf))
                {
                    if (joined.Add((h.Leaf, h.BroadcastDomain))) joins.Add((h.Index, h.BroadcastDomain));
                }
                else if (!hasSource[h.BroadcastDomain] && !h.IsMultihomed && sourceLeaves.Add(h.Leaf))
                {
                    hasSource[h.BroadcastDomain] = true;
                    sources.Add((h.Index, h.BroadcastDomain));
                }
            }
            return new BumPlan(groups, joins, sources, interested.Count);
        }
    }

    /// <summary>Writes the BUM figures as properties of the current JSON object: one object per mode (<c>ir</c>, <c>ar</c>, <c>ar_smet</c>).</summary>
    public static void WriteJson(FabricBenchmarkBumFigures f, Utf8JsonWriter w)
    {
        w.WriteString("topology", f.Topology);
        w.WriteNumber("leaves", f.Leaves);
        w.WriteNumber("replicators", f.Replicators);
        w.WriteNumber("packets_per_stream", f.PacketsPerStream);
        w.WriteNumber("payload_bytes", f.PayloadSize);
        foreach (var m in f.Modes)
        {
            w.WriteStartObject(m.Mode);
            w.WriteNumber("busiest_leaf_copies", Math.Round(m.BusiestLeafCopies, 3));
            w.WriteNumber("fabric_bytes", m.FabricBytes);
            w.WriteString("busiest_leaf", m.BusiestLeaf);
            w.WriteNumber("busiest_leaf_copies_total", m.BusiestLeafCopiesTotal);
            w.WriteNumber("background_fabric_bytes", m.BackgroundFabricBytes);
            w.WriteNumber("fabric_copies", m.FabricCopies);
            w.WriteNumber("replicator_copies", m.ReplicatorCopies);
            w.WriteNumber("streams", m.Streams);
            w.WriteNumber("packets", m.Packets);
            w.WriteNumber("interested_leaves", m.InterestedLeaves);
            w.WriteNumber("joined_hosts", m.JoinedHosts);
            w.WriteNumber("receivers", m.Receivers);
            w.WriteNumber("delivered", m.Delivered);
            w.WriteNumber("delivered_expected", m.DeliveredExpected);
            w.WriteNumber("unsolicited", m.Unsolicited);
            w.WriteNumber("duplicates", m.Duplicates);
            w.WriteBoolean("converged", m.Converged);
            w.WriteNumber("wall_s", Math.Round(m.WallSeconds, 3));
            w.WriteNumber("emulated_s", Math.Round(m.EmulatedSeconds, 6));
            w.WriteNumber("converge_emulated_s", Math.Round(m.ConvergeEmulatedSeconds, 6));
            w.WriteEndObject();
        }
        w.WriteNumber("smet_bytes_ratio", Math.Round(f.SmetBytesRatio, 4));
        w.WriteBoolean("delivered", f.Delivered);
    }
}
