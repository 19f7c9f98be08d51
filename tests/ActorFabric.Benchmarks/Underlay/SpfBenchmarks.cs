using ActorFabric.Protocols.Underlay;
using ActorFabric.Wire.Underlay;
using BenchmarkDotNet.Attributes;

namespace ActorFabric.Benchmarks.Underlay;

/// <summary>
/// SPF with ECMP on a 4-spine x 1,000-leaf fabric (1,004 nodes, 8,000 directed edges).
/// <c>dotnet run -c Release --project tests/ActorFabric.Benchmarks -- --filter '*SpfBenchmarks*'</c>
/// </summary>
[MemoryDiagnoser]
public class SpfBenchmarks
{
    private const int Spines = 4;
    private const int Leaves = 1000;

    private readonly LinkStateDatabase _database = new();
    private readonly ShortestPathFirst _spf = new();
    private SpfRootAdjacency[] _leafAdjacencies = [];
    private SpfRootAdjacency[] _spineAdjacencies = [];
    private UnderlayRouteTable _leafTable = UnderlayRouteTable.Empty;
    private UnderlayRouteTable _spineTable = UnderlayRouteTable.Empty;

    private static uint SpineId(int i) => 0x0A000000u | (uint)(i + 1);
    private static uint LeafId(int i) => 0x0A010000u | (uint)(i + 1);

    [GlobalSetup]
    public void Setup()
    {
        var spineNeighbors = new LinkStateNeighbor[Leaves];
        for (int l = 0; l < Leaves; l++) spineNeighbors[l] = new LinkStateNeighbor(LeafId(l), 10);
        for (int s = 0; s < Spines; s++)
        {
            _database.Install(LinkStatePacketWriter.ToArray(SpineId(s), SpineId(s), 1, 0xFFFF, false, spineNeighbors, [UnderlayPrefix.Host(SpineId(s))]));
        }
        var leafNeighbors = new LinkStateNeighbor[Spines];
        for (int s = 0; s < Spines; s++) leafNeighbors[s] = new LinkStateNeighbor(SpineId(s), 10);
        for (int l = 0; l < Leaves; l++)
        {
            _database.Install(LinkStatePacketWriter.ToArray(LeafId(l), LeafId(l), 1, 0xFFFF, false, leafNeighbors, [UnderlayPrefix.Host(LeafId(l))]));
        }
        _leafAdjacencies = new SpfRootAdjacency[Spines];
        for (int s = 0; s < Spines; s++) _leafAdjacencies[s] = new SpfRootAdjacency(s + 1, SpineId(s), 10);
        _spineAdjacencies = new SpfRootAdjacency[Leaves];
        for (int l = 0; l < Leaves; l++) _spineAdjacencies[l] = new SpfRootAdjacency(l + 1, LeafId(l), 10);
        _leafTable = _spf.Compute(_database, LeafId(0), _leafAdjacencies, UnderlayRouteTable.Empty, out _);
        _spineTable = _spf.Compute(_database, SpineId(0), _spineAdjacencies, UnderlayRouteTable.Empty, out _);
        if (_leafTable.Count != Spines + Leaves || _spineTable.Count != Spines + Leaves) throw new InvalidOperationException("fabric not fully reachable");
    }

    /// <summary>A leaf's SPF whose result equals the current table (the common re-run): no allocation.</summary>
    [Benchmark(Baseline = true)]
    public UnderlayRouteTable LeafSpfUnchanged() => _spf.Compute(_database, LeafId(0), _leafAdjacencies, _leafTable, out _);

    /// <summary>A leaf's SPF that publishes a fresh table (1,004 routes, 2-4 way ECMP).</summary>
    [Benchmark]
    public UnderlayRouteTable LeafSpfNewTable() => _spf.Compute(_database, LeafId(0), _leafAdjacencies, UnderlayRouteTable.Empty, out _);

    /// <summary>A spine's SPF (1,000 adjacencies, 1,000-way ECMP to the other spines) whose result is unchanged.</summary>
    [Benchmark]
    public UnderlayRouteTable SpineSpfUnchanged() => _spf.Compute(_database, SpineId(0), _spineAdjacencies, _spineTable, out _);
}
