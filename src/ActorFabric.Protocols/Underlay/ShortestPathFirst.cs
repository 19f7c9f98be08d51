using System.Numerics;
using ActorFabric.Wire.Underlay;

namespace ActorFabric.Protocols.Underlay;

/// <summary>
/// Dijkstra over a <see cref="LinkStateDatabase"/> with equal-cost multipath: each node carries a
/// bit set of the root's adjacencies that start a shortest path to it, OR-ed over equal-cost
/// parents. Links count only when both ends list each other (two-way check, as IS-IS
/// ISO 10589 §7.2.8 / RFC 1195). Scratch arrays are reused between runs; an unchanged result
/// returns the previous table without allocating.
/// </summary>
public sealed class ShortestPathFirst
{
    private long[] _distance = [];
    private bool[] _settled = [];
    private ulong[] _nextHopBits = [];
    private long[] _heapKey = new long[64];
    private int[] _heapNode = new int[64];
    private int _heapCount;
    private int _words;

    private readonly Dictionary<ulong, int> _routeSlotByPrefix = new();
    private UnderlayPrefix[] _routePrefix = new UnderlayPrefix[64];
    private long[] _routeMetric = new long[64];
    private bool[] _routeLocal = new bool[64];
    private ulong[] _routeBits = new ulong[64];
    private UnderlayNextHop[] _hopScratch = new UnderlayNextHop[8];

    /// <summary>Number of nodes reached in the last run (root included).</summary>
    public int ReachableCount { get; private set; }

    /// <summary>
    /// Computes routes from <paramref name="rootRouterId"/>. <paramref name="adjacencies"/> are the
    /// root's Up adjacencies; <paramref name="previous"/> is returned as-is when nothing changed
    /// (<paramref name="changed"/> false).
    /// </summary>
    public UnderlayRouteTable Compute(
        LinkStateDatabase database,
        uint rootRouterId,
        ReadOnlySpan<SpfRootAdjacency> adjacencies,
        UnderlayRouteTable previous,
        out bool changed)
    {
        int root = database.GetOrAddIndex(rootRouterId);
        int nodeCount = database.NodeCount;
        _words = Math.Max(1, (adjacencies.Length + 63) >> 6);
        Prepare(nodeCount);
        RunDijkstra(database, root, adjacencies);
        return BuildTable(database, root, adjacencies, previous, out changed);
    }

    private void Prepare(int nodeCount)
    {
        if (_distance.Length < nodeCount)
        {
            int size = Math.Max(nodeCount, _distance.Length * 2);
            _distance = new long[size];
            _settled = new bool[size];
        }
        if (_nextHopBits.Length < nodeCount * _words) _nextHopBits = new ulong[Math.Max(nodeCount * _words, _nextHopBits.Length * 2)];
        _distance.AsSpan(0, nodeCount).Fill(long.MaxValue);
        _settled.AsSpan(0, nodeCount).Clear();
        _nextHopBits.AsSpan(0, nodeCount * _words).Clear();
        _heapCount = 0;
    }

    private void RunDijkstra(LinkStateDatabase database, int root, ReadOnlySpan<SpfRootAdjacency> adjacencies)
    {
        int words = _words;
        _distance[root] = 0;
        _settled[root] = true;
        ReachableCount = 1;

        // The root's first hops come from its own adjacencies (one bit each), so parallel links
        // to one neighbor are separate ECMP members; the neighbor must still list us (two-way).
        for (int a = 0; a < adjacencies.Length; a++)
        {
            var adjacency = adjacencies[a];
            var neighbor = database.Find(adjacency.NeighborRouterId);
            if (neighbor is null || !neighbor.HasLsp || !Lists(neighbor, root)) continue;
            int v = neighbor.Index;
            long d = adjacency.Metric == 0 ? 1 : adjacency.Metric;
            var bits = _nextHopBits.AsSpan(v * words, words);
            if (d < _distance[v])
            {
                _distance[v] = d;
                bits.Clear();
                bits[a >> 6] |= 1UL << (a & 63);
                Push(d, v);
            }
            else if (d == _distance[v])
            {
                bits[a >> 6] |= 1UL << (a & 63);
            }
        }

        while (_heapCount > 0)
        {
            Pop(out long du, out int u);
            if (_settled[u] || du != _distance[u]) continue;
            _settled[u] = true;
            ReachableCount++;
            var node = database[u];
            if (node.Overload) continue; // reachable itself, but no transit through it
            var uBits = _nextHopBits.AsSpan(u * words, words);
            var neighborIndex = node.NeighborIndex;
            var neighborMetric = node.NeighborMetric;
            for (int i = 0; i < node.NeighborCount; i++)
            {
                int v = neighborIndex[i];
                if (_settled[v]) continue;
                var target = database[v];
                if (!target.HasLsp || !Lists(target, u)) continue;
                long d = du + neighborMetric[i];
                var vBits = _nextHopBits.AsSpan(v * words, words);
                if (d < _distance[v])
                {
                    _distance[v] = d;
                    uBits.CopyTo(vBits);
                    Push(d, v);
                }
                else if (d == _distance[v])
                {
                    for (int w = 0; w < words; w++) vBits[w] |= uBits[w];
                }
            }
        }
    }

    private static bool Lists(LinkStateDatabase.Node node, int neighborIndex) =>
        Array.BinarySearch(node.NeighborIndex, 0, node.NeighborCount, neighborIndex) >= 0;

    private UnderlayRouteTable BuildTable(
        LinkStateDatabase database,
        int root,
        ReadOnlySpan<SpfRootAdjacency> adjacencies,
        UnderlayRouteTable previous,
        out bool changed)
    {
        int words = _words;
        _routeSlotByPrefix.Clear();
        int slots = 0;
        int nodeCount = database.NodeCount;
        for (int v = 0; v < nodeCount; v++)
        {
            if (!_settled[v]) continue;
            var node = database[v];
            if (!node.HasLsp) continue;
            bool local = v == root;
            long metric = _distance[v];
            var bits = _nextHopBits.AsSpan(v * words, words);
            for (int p = 0; p < node.PrefixCount; p++)
            {
                var prefix = node.Prefixes[p];
                ulong key = UnderlayRouteTable.Key(prefix);
                if (_routeSlotByPrefix.TryGetValue(key, out int slot))
                {
                    // Several routers advertising one prefix (anycast): keep the cheapest, merge equal ones.
                    var slotBits = _routeBits.AsSpan(slot * words, words);
                    if (local && !_routeLocal[slot] || metric < _routeMetric[slot])
                    {
                        _routeMetric[slot] = metric;
                        _routeLocal[slot] = local;
                        bits.CopyTo(slotBits);
                    }
                    else if (metric == _routeMetric[slot] && !_routeLocal[slot])
                    {
                        for (int w = 0; w < words; w++) slotBits[w] |= bits[w];
                    }
                    continue;
                }
                slot = slots++;
                EnsureRouteSlots(slots, words);
                _routeSlotByPrefix.Add(key, slot);
                _routePrefix[slot] = new UnderlayPrefix(prefix.Address & prefix.Mask, prefix.Length);
                _routeMetric[slot] = metric;
                _routeLocal[slot] = local;
                bits.CopyTo(_routeBits.AsSpan(slot * words, words));
            }
        }

        // First pass: is anything different from the previous table?
        changed = slots != previous.Count;
        if (!changed)
        {
            for (int s = 0; s < slots; s++)
            {
                var hops = ExpandNextHops(s, adjacencies);
                if (!previous.TryGetRoute(_routePrefix[s], out var old) || !old.SameAs(_routeMetric[s], _routeLocal[s], hops))
                {
                    changed = true;
                    break;
                }
            }
            if (!changed) return previous;
        }

        var routes = new UnderlayRoute[slots];
        for (int s = 0; s < slots; s++)
        {
            var hops = ExpandNextHops(s, adjacencies);
            routes[s] = previous.TryGetRoute(_routePrefix[s], out var old) && old.SameAs(_routeMetric[s], _routeLocal[s], hops)
                ? old
                : new UnderlayRoute(_routePrefix[s], _routeLocal[s] ? 0 : _routeMetric[s], _routeLocal[s], _routeLocal[s] ? [] : hops.ToArray());
        }
        Array.Sort(routes, static (a, b) => a.Prefix.CompareTo(b.Prefix));
        return new UnderlayRouteTable(routes);
    }

    private ReadOnlySpan<UnderlayNextHop> ExpandNextHops(int slot, ReadOnlySpan<SpfRootAdjacency> adjacencies)
    {
        if (_routeLocal[slot]) return [];
        int words = _words;
        var bits = _routeBits.AsSpan(slot * words, words);
        int count = 0;
        for (int w = 0; w < words; w++) count += BitOperations.PopCount(bits[w]);
        if (_hopScratch.Length < count) _hopScratch = new UnderlayNextHop[Math.Max(count, _hopScratch.Length * 2)];
        int n = 0;
        for (int w = 0; w < words; w++)
        {
            ulong word = bits[w];
            while (word != 0)
            {
                int bit = BitOperations.TrailingZeroCount(word);
                word &= word - 1;
                var adjacency = adjacencies[(w << 6) + bit];
                _hopScratch[n++] = new UnderlayNextHop(adjacency.InterfaceId, adjacency.NeighborRouterId);
            }
        }
        var span = _hopScratch.AsSpan(0, n);
        span.Sort();
        return span;
    }

    private void EnsureRouteSlots(int slots, int words)
    {
        if (_routePrefix.Length < slots)
        {
            int size = Math.Max(slots, _routePrefix.Length * 2);
            Array.Resize(ref _routePrefix, size);
            Array.Resize(ref _routeMetric, size);
            Array.Resize(ref _routeLocal, size);
        }
        if (_routeBits.Length < slots * words) Array.Resize(ref _routeBits, Math.Max(slots * words, _routeBits.Length * 2));
    }

    private void Push(long key, int node)
    {
        if (_heapCount == _heapKey.Length)
        {
            Array.Resize(ref _heapKey, _heapCount * 2);
            Array.Resize(ref _heapNode, _heapCount * 2);
        }
        int i = _heapCount++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            // Ties broken by node index keep the pop order independent of push history.
            if (_heapKey[parent] < key || (_heapKey[parent] == key && _heapNode[parent] <= node)) break;
            _heapKey[i] = _heapKey[parent];
            _heapNode[i] = _heapNode[parent];
            i = parent;
        }
        _heapKey[i] = key;
        _heapNode[i] = node;
    }

    private void Pop(out long key, out int node)
    {
        key = _heapKey[0];
        node = _heapNode[0];
        int count = --_heapCount;
        if (count == 0) return;
        long lastKey = _heapKey[count];
        int lastNode = _heapNode[count];
        int i = 0;
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= count) break;
            int right = child + 1;
            if (right < count && (_heapKey[right] < _heapKey[child] || (_heapKey[right] == _heapKey[child] && _heapNode[right] < _heapNode[child]))) child = right;
            if (lastKey < _heapKey[child] || (lastKey == _heapKey[child] && lastNode <= _heapNode[child])) break;
            _heapKey[i] = _heapKey[child];
            _heapNode[i] = _heapNode[child];
            i = child;
        }
        _heapKey[i] = lastKey;
        _heapNode[i] = lastNode;
    }
}
