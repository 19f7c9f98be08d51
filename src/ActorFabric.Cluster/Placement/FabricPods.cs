using System.Globalization;
using System.Text;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cluster.Placement;

/// <summary>
/// The pods of a fabric: VTEPs that uplink to the same set of switches form one pod (in a Clos fabric, the leaves
/// under one set of pod spines), unless a VTEP carries a <c>pod</c> label, which then names its pod. Topology files
/// and the generator name no pods, so the link graph is the usual source; a generated fabric links every leaf to
/// every spine and is one pod. Route reflectors are left out: each is placed on its own.
/// </summary>
internal sealed class FabricPods
{
    public const string PodLabel = "pod";

    private FabricPods(int[] podOfNode, int[][] vteps, int[] exclusivePodOfSpine)
    {
        PodOfNode = podOfNode;
        Vteps = vteps;
        ExclusivePodOfSpine = exclusivePodOfSpine;
    }

    /// <summary>Pod of each VTEP, -1 for every other node.</summary>
    public int[] PodOfNode { get; }

    /// <summary>Each pod's VTEPs in ascending node index; pods are numbered by their lowest VTEP.</summary>
    public int[][] Vteps { get; }

    /// <summary>
    /// For a spine (neither VTEP nor reflector): the one pod it serves when the fabric has several pods, else -1
    /// (it serves several pods, all of them, or none, like a super-spine).
    /// </summary>
    public int[] ExclusivePodOfSpine { get; }

    public int Count => Vteps.Length;

    public static FabricPods Derive(FabricTopology t, bool[] isReflector)
    {
        var nodes = t.Nodes;
        var podOfNode = new int[nodes.Length];
        Array.Fill(podOfNode, -1);
        var podByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var members = new List<List<int>>();
        var key = new StringBuilder();
        var uplinks = new List<int>();
        foreach (var n in nodes)
        {
            if (!n.IsVtep || isReflector[n.Index]) continue;
            key.Clear();
            if (n.Labels.TryGetValue(PodLabel, out var label))
                key.Append("label:").Append(label);
            else
            {
                uplinks.Clear();
                foreach (int l in t.LinksOf(n.Index))
                {
                    int peer = t.Links[l].Peer(n.Index);
                    if (!nodes[peer].IsVtep) uplinks.Add(peer);
                }
                uplinks.Sort();
                key.Append("uplinks:");
                int last = -1;
                foreach (int u in uplinks)
                {
                    if (u == last) continue; // parallel links to one spine
                    key.Append(u.ToString(CultureInfo.InvariantCulture)).Append(',');
                    last = u;
                }
            }
            var k = key.ToString();
            if (!podByKey.TryGetValue(k, out int pod))
            {
                pod = members.Count;
                podByKey.Add(k, pod);
                members.Add([]);
            }
            podOfNode[n.Index] = pod;
            members[pod].Add(n.Index);
        }

        var exclusive = new int[nodes.Length];
        Array.Fill(exclusive, -1);
        if (members.Count > 1)
        {
            foreach (var n in nodes)
            {
                if (n.IsVtep || isReflector[n.Index]) continue;
                int served = -1;
                foreach (int l in t.LinksOf(n.Index))
                {
                    int pod = podOfNode[t.Links[l].Peer(n.Index)];
                    if (pod < 0) continue;
                    if (served == -1) served = pod;
                    else if (served != pod) { served = -2; break; }
                }
                exclusive[n.Index] = served >= 0 ? served : -1;
            }
        }

        var vteps = new int[members.Count][];
        for (int p = 0; p < vteps.Length; p++) vteps[p] = [.. members[p]];
        return new FabricPods(podOfNode, vteps, exclusive);
    }
}
