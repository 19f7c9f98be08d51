using System.CommandLine;
using ActorFabric.Cli.Bench;

namespace ActorFabric.Cli.Commands;

/// <summary>
/// <c>actorfabric bench …</c>: quick benchmarks that print one JSON object with --json.
/// Each benchmark is one subcommand backed by one file under <c>Bench/</c>; add more with
/// <see cref="Register"/>.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Run a quick benchmark (under a minute) and print its figures.");
        Register(bench, ActorsBenchCommand.Create());
        Register(bench, BgpBenchCommand.Create());
        Register(bench, FabricBenchCommand.Create());
        Register(bench, BumBenchCommand.Create());
        Register(bench, ClusterBenchCommand.Create());
        return bench;
    }

    private static void Register(Command bench, Command benchmark) => bench.Subcommands.Add(benchmark);
}
