using System.CommandLine;

namespace ActorFabric.Cli.Control;

/// <summary>
/// The shared frame of the client commands: the <c>--api</c> option, locating the running fabric, and the
/// exit codes (0 success, 1 the command failed, 2 bad usage) with one clear line on stderr.
/// </summary>
public static class ControlApiInvocation
{
    public static Option<string?> ApiOption() => new("--api")
    {
        Description = "Control API of the running fabric (default: the address `actorfabric up` wrote to its state file).",
    };

    public static Option<bool> JsonOption() => new("--json") { Description = "Print the records as one JSON document." };

    /// <summary>Adds <c>--fabric NAME</c> and <c>--token T</c>, which every client command takes.</summary>
    public static void AddLocationOptions(Command command)
    {
        command.Options.Add(new Option<string?>("--fabric")
        {
            Description = "Which running fabric to talk to, by the name `actorfabric up` printed (needed when several run).",
        });
        command.Options.Add(new Option<string?>("--token")
        {
            Description = "Bearer token of the control API (default: $ACTORFABRIC_TOKEN, else the fabric's state entry).",
        });
    }

    public static async Task<int> RunAsync(ParseResult parse, Option<string?> api, Func<ControlApiClient, TextWriter, Task<int>> body)
    {
        var error = parse.InvocationConfiguration.Error;
        try
        {
            using var client = ControlApiClient.Locate(parse.GetValue(api), Value(parse, "--fabric"), Value(parse, "--token"));
            return await body(client, parse.InvocationConfiguration.Output).ConfigureAwait(false);
        }
        catch (ControlApiException e)
        {
            error.WriteLine($"actorfabric: {e.Message}");
            return e.ExitCode;
        }
        catch (TaskCanceledException)
        {
            error.WriteLine("actorfabric: cancelled");
            return 1;
        }
    }

    /// <summary>The option's value when the command has it (commands without it get null).</summary>
    private static string? Value(ParseResult parse, string name)
    {
        foreach (var o in parse.CommandResult.Command.Options)
            if (o.Name == name && o is Option<string?> option) return parse.GetValue(option);
        return null;
    }
}
