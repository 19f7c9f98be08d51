using System.CommandLine;

namespace ActorFabric.Cli.Commands;

/// <summary><c>actorfabric bench …</c>: quick benchmarks that print one JSON object with --json.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Run a quick benchmark (under a minute) and print its figures.");
        var actors = new Command("actors", "Actor kernel: tell throughput vs. a Channels baseline, ping-pong, memory, spawn, virtual time.");
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };
        actors.Options.Add(json);
        actors.SetAction(parse =>
        {
            parse.InvocationConfiguration.Output.WriteLine("not yet built");
            return 1;
        });
        bench.Subcommands.Add(actors);
        return bench;
    }
}
