using System.Net;
using ActorFabric.Protocols.Bgp.Rib;
using static ActorFabric.Protocols.Tests.Bgp.BgpTestData;

namespace ActorFabric.Protocols.Tests.Bgp;

/// <summary>
/// The Loc-RIB against a plain model (a list of candidates per key, best = minimum under the real selector)
/// through random upserts and removals from up to five sources, so the one-, two- and many-candidate layouts
/// and every move between them are exercised.
/// </summary>
public class LocRibModelTests
{
    private static readonly BgpPathSource[] Sources =
        [.. Enumerable.Range(1, 5).Select(i => new BgpPathSource(i, IPAddress.Parse($"192.0.2.{i}")) { RouterId = (uint)i, As = Asn })];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_operations_keep_the_best_path_and_the_candidates_of_the_model(int seed)
    {
        var random = new Random(seed);
        var rib = new LocRib();
        var model = new Dictionary<int, List<BgpPath>>();
        for (int step = 0; step < 4000; step++)
        {
            int key = random.Next(6);
            var source = Sources[random.Next(Sources.Length)];
            var route = MacRoute("10.0.0.9", key);
            var candidates = model.TryGetValue(key, out var list) ? list : model[key] = [];
            var oldBest = Best(candidates);
            LocRibChange change;
            if (random.Next(3) == 0)
            {
                change = rib.Remove(route, source, out var removed);
                var had = candidates.Find(p => ReferenceEquals(p.Source, source));
                Assert.Same(had, removed);
                if (had is not null) candidates.Remove(had);
            }
            else
            {
                var path = new BgpPath(route, Attributes() with { LocalPref = (uint)(100 + random.Next(3)) }, IPAddress.Parse("10.9.9.9"), source);
                change = rib.Upsert(path, out var replaced);
                var had = candidates.Find(p => ReferenceEquals(p.Source, source));
                Assert.Same(had, replaced);
                if (had is not null) candidates.Remove(had);
                candidates.Add(path);
            }
            Assert.Same(oldBest, change.OldBest);
            Assert.Same(Best(candidates), change.NewBest);
            Assert.Same(Best(candidates), rib.GetBest(route));
            var paths = rib.GetPaths(route);
            Assert.Equal(candidates.Count, paths.Length);
            if (paths.Length > 0) Assert.Same(Best(candidates), paths[0]);
            foreach (var c in candidates) Assert.Contains(c, paths);
            foreach (var s in Sources) Assert.Same(candidates.Find(p => ReferenceEquals(p.Source, s)), rib.GetPath(route, s));
        }
        Assert.Equal(model.Count(kv => kv.Value.Count > 0), rib.Count);
        foreach (var s in Sources)
            Assert.Equal(model.Values.SelectMany(l => l).Count(p => ReferenceEquals(p.Source, s)), rib.PathsOf(s).Count());
    }

    private static BgpPath? Best(List<BgpPath> candidates)
    {
        BgpPath? best = null;
        foreach (var p in candidates)
            if (best is null || BestPathSelector.Instance.Compare(p, best) < 0) best = p;
        return best;
    }
}
