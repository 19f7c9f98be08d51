using ActorFabric.Cli.Bench;
using BenchmarkDotNet.Attributes;

namespace ActorFabric.Benchmarks.BgpRib;

/// <summary>
/// In-process route reflection: routes from 2 originators through one RR to N clients, BgpMessage objects only.
/// The 1 M-route figure comes from <see cref="RouteReflectionBenchmark.Run"/> directly (one long run); this
/// BenchmarkDotNet wrapper uses smaller tables so it repeats quickly:
/// <c>dotnet run -c Release --project tests/ActorFabric.Benchmarks -- --filter '*RouteReflection*'</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class RouteReflectionBenchmarks
{
    [Params(100_000)]
    public int Routes { get; set; }

    [Params(10)]
    public int Clients { get; set; }

    [Benchmark]
    public long Reflect() => RouteReflectionBenchmark.Run(Routes, Clients).RoutesDeliveredToClients;
}
