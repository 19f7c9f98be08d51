using System.CommandLine;
using System.Reflection;
using ActorFabric.Cli.Commands;

namespace ActorFabric.Cli;

/// <summary>
/// Builds the command tree and runs it. Each command group lives in its own file under
/// <c>Commands/</c> and exposes a static <c>Create()</c> returning its <see cref="Command"/>.
/// Exit codes (docs/cli.md): 0 success, 1 the operation failed (not converged, ping lost, nothing running),
/// 2 bad input (an option, a value, a name, a topology or scenario file).
/// </summary>
public static class CliApp
{
    public const int ExitUsage = 2;

    public static string Version =>
        typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    /// <summary>The top-level command groups, in the order help lists them. One line per group.</summary>
    private static readonly Func<Command>[] CommandGroups =
    [
        UpCommand.Create,
        UpCommand.CreateLaunch,
        NodeCommand.Create,
        ClusterCommand.Create,
        RunCommand.Create,
        ShowCommand.Create,
        PingCommand.Create,
        McastCommand.Create,
        CaptureCommand.Create,
        ChaosCommand.Create,
        AdvanceCommand.Create,
        MetricsCommand.Create,
        TopologyCommand.Create,
        BgpCommand.Create,
        BenchCommand.Create,
    ];

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("ActorFabric: an actor-based emulator of EVPN-VXLAN data-center fabrics.");
        foreach (var create in CommandGroups) root.Subcommands.Add(create());
        // The default version action reports the entry assembly (a test host when embedded); report ours.
        foreach (var option in root.Options)
            if (option is VersionOption version) version.Action = new PrintVersionAction();
        return root;
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) =>
        RunAsync(args, stdout, stderr).GetAwaiter().GetResult();

    /// <summary>
    /// Runs a command; <paramref name="cancellationToken"/> stops long-running ones (<c>up</c>, <c>capture</c>)
    /// as Ctrl-C or SIGTERM do, which lets tests host <c>up</c> in-process and stop it.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var root = BuildRoot();
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
                stderr.WriteLine($"actorfabric: {OptionErrors.Explain(error.Message)}");
            stderr.WriteLine();
            PrintUsage(root, parsed, stderr);
            return ExitUsage;
        }
        // Ctrl-C cancels the action's token; give `up` time to stop the API and the actors gracefully.
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = TimeSpan.FromSeconds(15) };
        return await parsed.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
    }

    private sealed class PrintVersionAction : System.CommandLine.Invocation.SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(Version);
            return 0;
        }
    }

    /// <summary>Prints the help of the deepest command the user reached, so a typo shows the options that exist there.</summary>
    private static void PrintUsage(RootCommand root, ParseResult parsed, TextWriter output)
    {
        var path = new List<string>();
        for (var result = parsed.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
            path.Insert(0, result.Command.Name);
        path.Add("--help");
        root.Parse(path).Invoke(new InvocationConfiguration { Output = output, Error = output });
    }
}
