using ActorFabric.Cli.Commands;

namespace ActorFabric.Cli;

/// <summary>Entry point of the <c>actorfabric</c> command.</summary>
public static class Program
{
    public static Task<int> Main(string[] args) => CliApp.RunAsync(args, Console.Out, Console.Error);
}
