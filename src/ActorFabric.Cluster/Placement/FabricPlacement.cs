using System.Collections.Immutable;
using System.Globalization;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cluster.Placement;

/// <summary>
/// Where the entities of one emulated fabric live in the cluster: devices, hosts and fabric links grouped into
/// placement groups (Akka.Cluster.Sharding shards), and shards assigned to members. Immutable and deterministic:
/// every node of the cluster builds the same plan from the same topology.
/// <para>Grouping rule. Each route reflector is a shard of its own, so reflectors can sit on different members. The
/// other VTEPs are split by pod (<see cref="FabricPods"/>) and each pod into its share (by weight) of about √VTEPs
/// shards (8 to 48) of consecutive VTEPs of about equal weight; a VTEP's hosts are in its shard. A spine serving one pod of several goes
/// with that pod's first shard; spines shared by pods (and every spine of a one-pod fabric) form the <c>spines</c>
/// shard. A fabric link belongs to its lower-tier end (VTEP, then spine, then dedicated reflector; the lower node
/// index between equals), so a link cut by placement costs one crossing, towards the upper tier.</para>
/// <para>Weight of a shard: the sum over its devices, hosts and links of <see cref="PlacementWeight"/>.</para>
/// </summary>
public sealed class FabricPlacement
{
    /// <summary>
    /// Bounds on the shards holding VTEPs, about √VTEPs between them: bench-256 gets 16, large-1000 32. Enough that one
    /// shard is a small part of a member's share (so members balance), few enough that a shard is a real group; and at
    /// least 8 (or one per VTEP), since a small fabric cut into 2 shards cannot be spread evenly over 3 members.
    /// </summary>
    public const int MinVtepShards = 8;

    public const int MaxVtepShards = 48;

    /// <summary>A pod is placed whole when the least-loaded member then stays within this factor of the mean load.</summary>
    public const double PodFitSlack = 1.10;

    /// <summary>
    /// How far (as a share of the mean load) placing a shard with its links may lift the heaviest member: a light
    /// shard (spines, a reflector's links) then follows its links, a leaf shard (a tenth of a member) never does.
    /// </summary>
    public const double LinkAffinityTolerance = 0.01;

    public const string SharedSpinesShardId = "spines";

    private readonly int[] _shardOfDevice;
    private readonly int[] _shardOfHost;
    private readonly int[] _shardOfLink;
    private readonly int[][] _linksBetween;
    private readonly Dictionary<string, int> _shardById;
    private readonly Dictionary<string, int> _hostByName;

    private FabricPlacement(FabricTopology topology, ImmutableArray<PlacementShard> shards, int[] shardOfDevice, int[] shardOfHost, int[] shardOfLink, int podCount)
    {
        Topology = topology;
        Shards = shards;
        _shardOfDevice = shardOfDevice;
        _shardOfHost = shardOfHost;
        _shardOfLink = shardOfLink;
        _linksBetween = new int[shards.Length][];
        for (int s = 0; s < shards.Length; s++) _linksBetween[s] = new int[shards.Length];
        foreach (var l in topology.Links)
        {
            int a = shardOfDevice[l.A], b = shardOfDevice[l.B];
            if (a == b) continue;
            _linksBetween[a][b]++;
            _linksBetween[b][a]++;
        }
        PodCount = podCount;
        _shardById = new Dictionary<string, int>(shards.Length, StringComparer.Ordinal);
        for (int s = 0; s < shards.Length; s++) _shardById.Add(shards[s].Id, s);
        _hostByName = new Dictionary<string, int>(topology.Hosts.Length, StringComparer.Ordinal);
        foreach (var h in topology.Hosts) _hostByName.TryAdd(h.Name, h.Index);
        double total = 0;
        foreach (var s in shards) total += s.Weight;
        TotalWeight = total;
    }

    public FabricTopology Topology { get; }

    public ImmutableArray<PlacementShard> Shards { get; }

    public double TotalWeight { get; }

    public int PodCount { get; }

    public static FabricPlacement Build(FabricTopology t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var nodes = t.Nodes;
        var isReflector = new bool[nodes.Length];
        foreach (var n in nodes) isReflector[n.Index] = n.IsRouteReflector || n.Role == NodeRole.RouteReflector;
        var pods = FabricPods.Derive(t, isReflector);

        var ownerOfLink = new int[t.Links.Length];
        foreach (var l in t.Links) ownerOfLink[l.Index] = LowerTierEnd(t, l);
        var load = PlacementWeight.OfDevices(t, isReflector);
        foreach (var n in nodes) load[n.Index] += PlacementWeight.PerHost * t.HostsOn(n.Index).Length;
        foreach (int owner in ownerOfLink) load[owner] += PlacementWeight.PerLink;

        var groups = new List<(string Id, int Pod, bool Reflector, List<int> Devices)>();
        foreach (var n in nodes)
            if (isReflector[n.Index]) groups.Add(("rr-" + n.Name, -1, true, [n.Index]));

        GroupPods(t, pods, load, groups);

        var shared = new List<int>();
        foreach (var n in nodes)
            if (!n.IsVtep && !isReflector[n.Index] && pods.ExclusivePodOfSpine[n.Index] < 0) shared.Add(n.Index);
        if (shared.Count > 0) groups.Add((SharedSpinesShardId, -1, false, shared));

        var shardOfDevice = new int[nodes.Length];
        for (int s = 0; s < groups.Count; s++)
            foreach (int d in groups[s].Devices) shardOfDevice[d] = s;
        var shardOfHost = new int[t.Hosts.Length];
        foreach (var h in t.Hosts) shardOfHost[h.Index] = shardOfDevice[h.Leaf];
        var shardOfLink = new int[t.Links.Length];
        var linksOfShard = new List<int>[groups.Count];
        for (int s = 0; s < groups.Count; s++) linksOfShard[s] = [];
        for (int l = 0; l < ownerOfLink.Length; l++)
        {
            shardOfLink[l] = shardOfDevice[ownerOfLink[l]];
            linksOfShard[shardOfLink[l]].Add(l);
        }

        var shards = ImmutableArray.CreateBuilder<PlacementShard>(groups.Count);
        for (int s = 0; s < groups.Count; s++)
        {
            var (id, pod, reflector, devices) = groups[s];
            devices.Sort();
            var hosts = ImmutableArray.CreateBuilder<int>();
            double weight = 0;
            foreach (int d in devices)
            {
                weight += load[d];
                foreach (var h in t.HostsOn(d)) hosts.Add(h.Index);
            }
            shards.Add(new PlacementShard(id, weight, reflector, [.. devices], hosts.DrainToImmutable(), [.. linksOfShard[s]]) { Pod = pod });
        }
        return new FabricPlacement(t, shards.MoveToImmutable(), shardOfDevice, shardOfHost, shardOfLink, pods.Count);
    }

    public int ShardOfDevice(int node) => _shardOfDevice[node];

    public int ShardOfHost(int host) => _shardOfHost[host];

    public int ShardOfLink(int link) => _shardOfLink[link];

    /// <summary>Index into <see cref="Shards"/> of an entity's shard, by <see cref="FabricEntityId"/>.</summary>
    /// <exception cref="ArgumentException">The id names no device, host or link of this fabric.</exception>
    public int ShardIndexOf(string entityId)
    {
        ArgumentNullException.ThrowIfNull(entityId);
        if (FabricEntityId.TryParse(entityId, out var kind, out var key))
        {
            if (kind == FabricEntityKind.Device && Topology.TryGetNode(key, out var node)) return _shardOfDevice[node.Index];
            if (kind == FabricEntityKind.Host && _hostByName.TryGetValue(key, out int host)) return _shardOfHost[host];
            if (kind == FabricEntityKind.Link)
            {
                int link = int.Parse(key, CultureInfo.InvariantCulture); // TryParse checked the spelling
                if (link < _shardOfLink.Length) return _shardOfLink[link];
                // A multihomed host's further LAG links sit with their leaf (the host sits with its first member's).
                int lag = link - _shardOfLink.Length - Topology.Hosts.Length;
                if (lag >= 0 && lag < Topology.SegmentLinks.Length) return _shardOfDevice[Topology.SegmentLinks[lag].Leaf];
            }
        }
        throw new ArgumentException(
            $"'{entityId}' is no entity of fabric '{Topology.Name}' (expected d:DEVICE, h:HOST or l:LINK-INDEX below {_shardOfLink.Length})",
            nameof(entityId));
    }

    /// <summary>The shard id of an entity, as Akka.Cluster.Sharding's shard extractor returns it.</summary>
    /// <exception cref="ArgumentException">The id names no device, host or link of this fabric.</exception>
    public string ShardOf(string entityId) => Shards[ShardIndexOf(entityId)].Id;

    public bool TryGetShardIndex(string shardId, out int index) => _shardById.TryGetValue(shardId, out index);

    /// <summary>
    /// Shard index → member index (0..<paramref name="members"/>-1). Reflector shards go round-robin first, so with
    /// at least as many members as reflectors no two share a member. Then units, largest first: a pod goes whole to the
    /// least-loaded member if that member then stays within <see cref="PodFitSlack"/> of the mean load; otherwise its
    /// shards, like every shard outside a pod, go one by one to the member holding most of their links among those it
    /// can join while the heaviest member's load rises by at most <see cref="LinkAffinityTolerance"/> of the mean, or
    /// else to the least-loaded member (ties to the lighter, then lower, member). So a light shard (spines) follows its
    /// links at almost no cost in balance, and no member ends much above max(<see cref="PodFitSlack"/>·mean,
    /// mean + largest shard) when reflectors ≤ members.
    /// </summary>
    public int[] Assign(int members)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        var member = new int[Shards.Length];
        Array.Fill(member, -1);
        var load = new double[members];
        int next = 0;
        for (int s = 0; s < Shards.Length; s++)
        {
            if (!Shards[s].HoldsRouteReflector) continue;
            member[s] = next % members;
            load[member[s]] += Shards[s].Weight;
            next++;
        }

        double mean = TotalWeight / members;
        foreach (var (weight, wholePod, shards) in Units())
        {
            int least = LeastLoaded(load);
            if (wholePod && load[least] + weight <= PodFitSlack * mean)
            {
                foreach (int s in shards) member[s] = least;
                load[least] += weight;
                continue;
            }
            foreach (int s in shards)
            {
                int m = MostLinkedWithinBalance(s, member, load, mean);
                member[s] = m;
                load[m] += Shards[s].Weight;
            }
        }
        return member;
    }

    /// <summary>Every shard but the reflectors', a pod's shards as one unit, heaviest unit first, and in a unit heaviest shard first.</summary>
    private List<(double Weight, bool WholePod, List<int> Shards)> Units()
    {
        var units = new List<(double Weight, bool WholePod, List<int> Shards)>();
        var unitOfPod = new int[PodCount];
        Array.Fill(unitOfPod, -1);
        for (int s = 0; s < Shards.Length; s++)
        {
            var shard = Shards[s];
            if (shard.HoldsRouteReflector) continue;
            if (shard.Pod < 0)
            {
                units.Add((shard.Weight, false, [s]));
                continue;
            }
            if (unitOfPod[shard.Pod] < 0)
            {
                unitOfPod[shard.Pod] = units.Count;
                units.Add((0, true, []));
            }
            var (weight, _, shards) = units[unitOfPod[shard.Pod]];
            shards.Add(s);
            units[unitOfPod[shard.Pod]] = (weight + shard.Weight, true, shards);
        }
        // Equal weights keep shard order, so the result never depends on sort stability.
        units.Sort((a, b) => a.Weight != b.Weight ? b.Weight.CompareTo(a.Weight) : a.Shards[0].CompareTo(b.Shards[0]));
        foreach (var (_, _, shards) in units)
            shards.Sort((a, b) => Shards[a].Weight != Shards[b].Weight ? Shards[b].Weight.CompareTo(Shards[a].Weight) : a.CompareTo(b));
        return units;
    }

    private int MostLinkedWithinBalance(int shard, int[] member, double[] load, double mean)
    {
        double max = load.Max() + LinkAffinityTolerance * mean, weight = Shards[shard].Weight;
        var links = new long[load.Length];
        for (int other = 0; other < member.Length; other++)
            if (member[other] >= 0) links[member[other]] += _linksBetween[shard][other];
        int best = -1;
        for (int m = 0; m < load.Length; m++)
        {
            if (load[m] + weight > max) continue;
            if (best < 0 || links[m] > links[best] || (links[m] == links[best] && load[m] < load[best])) best = m;
        }
        return best >= 0 ? best : LeastLoaded(load);
    }

    /// <summary>Total shard weight per member under an assignment from <see cref="Assign"/>.</summary>
    public double[] MemberWeights(int[] assignment, int members)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var load = new double[members];
        for (int s = 0; s < assignment.Length; s++) load[assignment[s]] += Shards[s].Weight;
        return load;
    }

    /// <summary>
    /// Fabric links and host links whose ends are on different members. A host lives where its shard is, and its shard
    /// is its leaf's, so the host follows <paramref name="memberOfDevice"/> of its leaf: only fabric links can be cut.
    /// </summary>
    public int LinkCut(Func<int, int> memberOfDevice)
    {
        ArgumentNullException.ThrowIfNull(memberOfDevice);
        var (fabric, hosts) = Cut(memberOfDevice, h => memberOfDevice(Topology.Hosts[h].Leaf));
        return fabric + hosts;
    }

    /// <summary><see cref="LinkCut"/> when shards sit where <see cref="Assign"/> puts them.</summary>
    public int LinkCutFor(int members)
    {
        var (fabric, hosts) = CutFor(members);
        return fabric + hosts;
    }

    /// <summary>Mean link cut when every device and every host is put on a member uniformly at random (seeded).</summary>
    public double RandomLinkCut(int members, int seed, int trials = 20)
    {
        var (fabric, hosts) = RandomCut(members, seed, trials);
        return fabric + hosts;
    }

    internal (int Fabric, int Hosts) CutFor(int members)
    {
        var assigned = Assign(members);
        return Cut(d => assigned[_shardOfDevice[d]], h => assigned[_shardOfHost[h]]);
    }

    internal (int Fabric, int Hosts) Cut(Func<int, int> memberOfDevice, Func<int, int> memberOfHost)
    {
        var device = new int[Topology.Nodes.Length];
        for (int d = 0; d < device.Length; d++) device[d] = memberOfDevice(d);
        int fabric = 0, hosts = 0;
        foreach (var l in Topology.Links)
            if (device[l.A] != device[l.B]) fabric++;
        foreach (var h in Topology.Hosts)
            if (memberOfHost(h.Index) != device[h.Leaf]) hosts++;
        return (fabric, hosts);
    }

    internal (double Fabric, double Hosts) RandomCut(int members, int seed, int trials)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        var random = new Random(seed);
        var device = new int[Topology.Nodes.Length];
        long fabric = 0, hosts = 0;
        for (int trial = 0; trial < trials; trial++)
        {
            for (int d = 0; d < device.Length; d++) device[d] = random.Next(members);
            foreach (var l in Topology.Links)
                if (device[l.A] != device[l.B]) fabric++;
            foreach (var h in Topology.Hosts)
                if (random.Next(members) != device[h.Leaf]) hosts++;
        }
        return ((double)fabric / trials, (double)hosts / trials);
    }

    /// <summary>
    /// Splits each pod into its share (by weight) of about √VTEPs shards of consecutive VTEPs; the pod's own
    /// spines join its first shard. Pods lighter than half a shard (irregular labs where VTEPs uplink to different
    /// switches) share shards whole, so the shard count stays near the target however many pods the link graph shows.
    /// </summary>
    private static void GroupPods(FabricTopology t, FabricPods pods, double[] load, List<(string Id, int Pod, bool Reflector, List<int> Devices)> groups)
    {
        int vtepCount = 0;
        foreach (var members in pods.Vteps) vtepCount += members.Length;
        int targetShards = Math.Clamp((int)Math.Round(Math.Sqrt(vtepCount), MidpointRounding.AwayFromZero), Math.Min(MinVtepShards, vtepCount), MaxVtepShards);
        var podWeight = new double[pods.Count];
        double allPodsWeight = 0;
        for (int p = 0; p < pods.Count; p++)
        {
            foreach (int v in pods.Vteps[p]) podWeight[p] += load[v];
            allPodsWeight += podWeight[p];
        }
        double shardTarget = allPodsWeight / targetShards;
        var spinesOfPod = new List<int>[pods.Count];
        for (int p = 0; p < pods.Count; p++) spinesOfPod[p] = [];
        foreach (var n in t.Nodes)
            if (pods.ExclusivePodOfSpine[n.Index] is int own and >= 0) spinesOfPod[own].Add(n.Index);

        var bundle = new List<int>();
        double bundleWeight = 0;
        int bundles = 0;
        for (int p = 0; p < pods.Count; p++)
        {
            if (pods.Count > 1 && podWeight[p] < shardTarget / 2)
            {
                if (bundle.Count > 0 && bundleWeight + podWeight[p] > shardTarget)
                {
                    groups.Add(("pods-" + (++bundles).ToString(CultureInfo.InvariantCulture), -1, false, bundle));
                    bundle = [];
                    bundleWeight = 0;
                }
                bundle.AddRange(pods.Vteps[p]);
                bundle.AddRange(spinesOfPod[p]);
                bundleWeight += podWeight[p];
                continue;
            }
            var vteps = pods.Vteps[p];
            int chunks = Math.Clamp((int)Math.Round(podWeight[p] / shardTarget, MidpointRounding.AwayFromZero), 1, vteps.Length);
            var split = SplitConsecutive(vteps, load, podWeight[p], chunks);
            split[0].AddRange(spinesOfPod[p]);
            for (int c = 0; c < split.Count; c++)
                groups.Add((string.Create(CultureInfo.InvariantCulture, $"pod{p + 1}-{c + 1}"), p, false, split[c]));
        }
        if (bundle.Count > 0) groups.Add(("pods-" + (++bundles).ToString(CultureInfo.InvariantCulture), -1, false, bundle));
    }

    private static int LowerTierEnd(FabricTopology t, FabricLink l)
    {
        int a = Tier(t.Nodes[l.A]), b = Tier(t.Nodes[l.B]);
        return a != b ? (a < b ? l.A : l.B) : Math.Min(l.A, l.B);
    }

    private static int Tier(FabricNode n) => n.IsVtep ? 0 : n.Role == NodeRole.RouteReflector ? 2 : 1;

    /// <summary>
    /// Splits VTEPs (in index order) into at most <paramref name="chunks"/> runs of about equal weight: a VTEP goes to
    /// the run its weight's midpoint falls in, so a VTEP heavier than a run (a border leaf importing every domain) gets
    /// a run of its own and no run is empty.
    /// </summary>
    private static List<List<int>> SplitConsecutive(int[] vteps, double[] load, double total, int chunks)
    {
        var runs = new List<List<int>>(chunks);
        double target = total / chunks, before = 0;
        int current = -1;
        foreach (int v in vteps)
        {
            int run = Math.Min(chunks - 1, (int)((before + load[v] / 2) / target));
            if (run != current || runs.Count == 0)
            {
                runs.Add([]);
                current = run;
            }
            runs[^1].Add(v);
            before += load[v];
        }
        return runs;
    }

    private static int LeastLoaded(double[] load)
    {
        int least = 0;
        for (int m = 1; m < load.Length; m++)
            if (load[m] < load[least]) least = m;
        return least;
    }
}
