using System.CommandLine;
using System.Net.Http;

namespace ActorFabric.Cli.Bgp.Speaker;

/// <summary><c>actorfabric bgp inject|withdraw --api ADDR:PORT FILE</c>: originate or withdraw a routes file's routes in a running speaker.</summary>
public static class BgpRoutesCommand
{
    public static Command CreateInject() => Create("inject", "routes", "Originate the routes of a JSON routes file in a running speaker.");

    public static Command CreateWithdraw() => Create("withdraw", "withdraw", "Withdraw the routes of a JSON routes file from a running speaker.");

    /// <summary>The options every client command of the speaker API has.</summary>
    internal static (Option<string> Api, Option<FileInfo?> TokenFile) ApiOptions() =>
    (
        new Option<string>("--api") { Description = "The speaker's control API, ADDR:PORT.", Required = true },
        new Option<FileInfo?>("--api-token-file") { Description = "The speaker's API token file (default: where `bgp speaker --api` wrote it; or $" + BgpApiToken.EnvironmentVariable + ")." }
    );

    private static Command Create(string name, string path, string description)
    {
        var (api, tokenFile) = ApiOptions();
        var file = new Argument<FileInfo>("file") { Description = "JSON routes file ({\"routes\": [...]} or an array)." };
        var cmd = new Command(name, description) { api, tokenFile, file };
        cmd.SetAction(async (parse, _) =>
        {
            var error = parse.InvocationConfiguration.Error;
            string body;
            try
            {
                var info = parse.GetValue(file)!;
                if (info.Exists && info.Length > BgpControlApi.MaxBodyBytes)
                    throw new FormatException($"{info.Name} is larger than the API's {BgpControlApi.MaxBodyBytes} bytes; split it");
                body = await File.ReadAllTextAsync(info.FullName);
                EvpnRoutesFile.Parse(body); // bad input fails here, before the speaker is asked
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                error.WriteLine($"actorfabric bgp {name}: {e.Message}");
                return CliApp.ExitUsage;
            }
            return await Call(parse, parse.GetValue(api)!, parse.GetValue(tokenFile), HttpMethod.Post, path, body, name);
        });
        return cmd;
    }

    /// <summary>Exit codes: 0 answered, 2 the speaker refused the input (400/413/415) or the address is bad, 1 anything else.</summary>
    internal static async Task<int> Call(ParseResult parse, string api, FileInfo? tokenFile, HttpMethod method, string path, string? body, string name)
    {
        var error = parse.InvocationConfiguration.Error;
        System.Net.IPEndPoint endpoint;
        try { endpoint = BgpHostAddress.ParseEndpoint(api, what: "--api", allowAnyPort: false); }
        catch (FormatException e)
        {
            error.WriteLine($"actorfabric bgp {name}: {e.Message}");
            return CliApp.ExitUsage;
        }
        try
        {
            var token = BgpApiToken.Read(endpoint, tokenFile?.FullName);
            var (status, text) = await BgpControlClient.SendForStatusAsync(endpoint, method, path, body, token);
            bool ok = status is >= 200 and < 300;
            (ok ? parse.InvocationConfiguration.Output : error).WriteLine(text);
            return ok ? 0 : status is 400 or 413 or 415 ? CliApp.ExitUsage : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            error.WriteLine($"actorfabric bgp {name}: no answer from the speaker API at {endpoint}: {e.Message}");
            return 1;
        }
    }
}
