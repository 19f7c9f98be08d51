using BenchmarkDotNet.Running;

namespace ActorFabric.Benchmarks;

/// <summary>Micro-benchmarks: <c>dotnet run -c Release --project tests/ActorFabric.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
