using ActorFabric.Wire.Underlay;

namespace ActorFabric.Protocols.Underlay;

/// <summary>Outcome of offering an LSP to the database (sequence-number comparison, as IS-IS ISO 10589 §7.3.16).</summary>
public enum LspInstallOutcome
{
    /// <summary>Newer than ours: installed (check <see cref="LinkStateDatabase.LastInstallChangedTopology"/>).</summary>
    Installed,
    /// <summary>Same sequence number as ours.</summary>
    Duplicate,
    /// <summary>Older than ours: the sender needs our copy.</summary>
    Older,
    /// <summary>Could not be decoded.</summary>
    Malformed,
}

/// <summary>
/// The link-state database: the newest LSP from every router, with its neighbors resolved to
/// dense node indices (assigned once, never reused) and sorted, so SPF runs over arrays and the
/// two-way check is a binary search. Installing swaps pre-grown buffers, allocating nothing in
/// the steady state. Keeps the encoded bytes for flooding as received.
/// </summary>
public sealed class LinkStateDatabase
{
    internal sealed class Node
    {
        public Node(uint routerId, int index)
        {
            RouterId = routerId;
            Index = index;
        }

        public readonly uint RouterId;
        public readonly int Index;
        public bool HasLsp;
        public uint Sequence;
        public ushort RemainingLifetime;
        public bool Overload;
        public ReadOnlyMemory<byte> Encoded;
        public int[] NeighborIndex = [];
        public uint[] NeighborMetric = [];
        public int NeighborCount;
        public UnderlayPrefix[] Prefixes = [];
        public int PrefixCount;
    }

    private readonly Dictionary<uint, int> _indexByRouterId = new();
    private readonly List<Node> _nodes = new();
    private int[] _scratchIndex = new int[16];
    private uint[] _scratchMetric = new uint[16];
    private UnderlayPrefix[] _scratchPrefixes = new UnderlayPrefix[4];

    /// <summary>Number of routers whose LSP is held.</summary>
    public int LspCount { get; private set; }

    /// <summary>Bumped on every install of a newer LSP, so cached summaries (CSNP) know to rebuild.</summary>
    public long Version { get; private set; }

    /// <summary>Whether the last <see cref="Install"/> changed neighbors, metrics, prefixes or overload (not just the sequence).</summary>
    public bool LastInstallChangedTopology { get; private set; }

    internal int NodeCount => _nodes.Count;

    internal Node this[int index] => _nodes[index];

    public bool TryGetSequence(uint originRouterId, out uint sequence)
    {
        sequence = 0;
        if (!_indexByRouterId.TryGetValue(originRouterId, out int i) || !_nodes[i].HasLsp) return false;
        sequence = _nodes[i].Sequence;
        return true;
    }

    /// <summary>The stored encoded LSP of <paramref name="originRouterId"/>, if any.</summary>
    public bool TryGetEncoded(uint originRouterId, out ReadOnlyMemory<byte> encoded)
    {
        encoded = default;
        if (!_indexByRouterId.TryGetValue(originRouterId, out int i) || !_nodes[i].HasLsp) return false;
        encoded = _nodes[i].Encoded;
        return true;
    }

    internal Node? Find(uint routerId) =>
        _indexByRouterId.TryGetValue(routerId, out int i) ? _nodes[i] : null;

    internal int GetOrAddIndex(uint routerId)
    {
        if (_indexByRouterId.TryGetValue(routerId, out int index)) return index;
        index = _nodes.Count;
        _nodes.Add(new Node(routerId, index));
        _indexByRouterId.Add(routerId, index);
        return index;
    }

    /// <summary>
    /// Offers an encoded LSP. On <see cref="LspInstallOutcome.Installed"/> the database keeps
    /// <paramref name="encoded"/> by reference: the caller must not mutate it afterwards.
    /// </summary>
    public LspInstallOutcome Install(ReadOnlyMemory<byte> encoded)
    {
        LastInstallChangedTopology = false;
        if (LinkStatePacketReader.TryCreate(encoded.Span, out var lsp) != LinkStateDecodeError.None) return LspInstallOutcome.Malformed;
        var node = _nodes[GetOrAddIndex(lsp.OriginRouterId)];
        uint sequence = lsp.SequenceNumber;
        if (node.HasLsp)
        {
            if (sequence == node.Sequence) return LspInstallOutcome.Duplicate;
            if (sequence < node.Sequence) return LspInstallOutcome.Older;
        }

        int neighborCount = lsp.NeighborCount;
        int prefixCount = lsp.PrefixCount;
        EnsureScratch(neighborCount, prefixCount);
        // Re-read through the span: GetOrAddIndex above may have grown lists but never touches the bytes.
        int kept = 0;
        for (int i = 0; i < neighborCount; i++)
        {
            var n = lsp.GetNeighbor(i);
            if (n.RouterId == lsp.OriginRouterId) continue; // a self-loop never helps SPF
            _scratchIndex[kept] = GetOrAddIndex(n.RouterId);
            // Zero metrics would break the ECMP invariant (a node settles after all its equal-cost parents).
            _scratchMetric[kept] = n.Metric == 0 ? 1u : n.Metric;
            kept++;
        }
        Array.Sort(_scratchIndex, _scratchMetric, 0, kept);
        kept = DeduplicateKeepingLowestMetric(_scratchIndex, _scratchMetric, kept);
        for (int i = 0; i < prefixCount; i++) _scratchPrefixes[i] = lsp.GetPrefix(i);

        bool changed = !node.HasLsp
            || node.Overload != lsp.Overload
            || node.NeighborCount != kept
            || node.PrefixCount != prefixCount
            || !_scratchIndex.AsSpan(0, kept).SequenceEqual(node.NeighborIndex.AsSpan(0, node.NeighborCount))
            || !_scratchMetric.AsSpan(0, kept).SequenceEqual(node.NeighborMetric.AsSpan(0, node.NeighborCount))
            || !_scratchPrefixes.AsSpan(0, prefixCount).SequenceEqual(node.Prefixes.AsSpan(0, node.PrefixCount));

        if (!node.HasLsp) LspCount++;
        node.HasLsp = true;
        node.Sequence = sequence;
        node.RemainingLifetime = lsp.RemainingLifetime;
        node.Overload = lsp.Overload;
        node.Encoded = encoded[..lsp.Bytes.Length];
        if (changed)
        {
            // Swap buffers: the node takes the freshly filled scratch, the old arrays become scratch.
            (node.NeighborIndex, _scratchIndex) = (_scratchIndex, node.NeighborIndex);
            (node.NeighborMetric, _scratchMetric) = (_scratchMetric, node.NeighborMetric);
            (node.Prefixes, _scratchPrefixes) = (_scratchPrefixes, node.Prefixes);
            node.NeighborCount = kept;
            node.PrefixCount = prefixCount;
        }
        LastInstallChangedTopology = changed;
        Version++;
        return LspInstallOutcome.Installed;
    }

    /// <summary>Summaries of every held LSP, sorted by origin router id (the body of a CSNP).</summary>
    public SequenceNumbersEntry[] Describe()
    {
        var entries = new SequenceNumbersEntry[LspCount];
        int n = 0;
        foreach (var node in _nodes)
        {
            if (node.HasLsp) entries[n++] = new SequenceNumbersEntry(node.RouterId, node.Sequence, node.RemainingLifetime);
        }
        Array.Sort(entries, static (a, b) => a.OriginRouterId.CompareTo(b.OriginRouterId));
        return entries;
    }

    private void EnsureScratch(int neighbors, int prefixes)
    {
        if (_scratchIndex.Length < neighbors)
        {
            int size = Math.Max(neighbors, _scratchIndex.Length * 2);
            _scratchIndex = new int[size];
            _scratchMetric = new uint[size];
        }
        if (_scratchMetric.Length < _scratchIndex.Length) _scratchMetric = new uint[_scratchIndex.Length];
        if (_scratchIndex.Length < _scratchMetric.Length) _scratchIndex = new int[_scratchMetric.Length];
        if (_scratchPrefixes.Length < prefixes) _scratchPrefixes = new UnderlayPrefix[Math.Max(prefixes, _scratchPrefixes.Length * 2)];
    }

    private static int DeduplicateKeepingLowestMetric(int[] index, uint[] metric, int count)
    {
        if (count < 2) return count;
        int w = 0;
        for (int r = 1; r < count; r++)
        {
            if (index[r] == index[w])
            {
                if (metric[r] < metric[w]) metric[w] = metric[r];
            }
            else
            {
                w++;
                index[w] = index[r];
                metric[w] = metric[r];
            }
        }
        return w + 1;
    }
}
