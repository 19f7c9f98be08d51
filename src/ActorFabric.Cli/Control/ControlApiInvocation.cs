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

    public static async Task<int> RunAsync(ParseResult parse, Option<string?> api, Func<ControlApiClient, TextWriter, Task<int>> body)
    {
        var error = parse.InvocationConfiguration.Error;
        try
        {
            using var client = ControlApiClient.Locate(parse.GetValue(api));
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
}
