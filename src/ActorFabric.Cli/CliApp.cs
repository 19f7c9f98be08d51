using System.CommandLine;
using System.Reflection;
using ActorFabric.Cli.Commands;

namespace ActorFabric.Cli;

/// <summary>
/// Builds the command tree and runs it. Each command group lives in its own file under
/// <c>Commands/</c> and exposes a static <c>Create()</c> returning its <see cref="Command"/>.
/// Exit codes: 0 success, 1 the command ran and failed, 2 bad usage (unknown option, bad value).
/// </summary>
public static class CliApp
{
    public const int ExitUsage = 2;

    public static string Version =>
        typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("ActorFabric: an actor-based emulator of EVPN-VXLAN data-center fabrics.");
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(BgpCommand.Create());
        return root;
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = BuildRoot();
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
                stderr.WriteLine($"actorfabric: {error.Message}");
            stderr.WriteLine();
            stderr.WriteLine("Usage: run 'actorfabric --help' (or 'actorfabric COMMAND --help') for the commands and options.");
            return ExitUsage;
        }
        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        return parsed.Invoke(config);
    }
}
