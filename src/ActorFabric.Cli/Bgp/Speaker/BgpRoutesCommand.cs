using System.CommandLine;
using System.Net.Http;

namespace ActorFabric.Cli.Bgp.Speaker;

/// <summary><c>actorfabric bgp inject|withdraw --api ADDR:PORT FILE</c>: originate or withdraw a routes file's routes in a running speaker.</summary>
public static class BgpRoutesCommand
{
    public static Command CreateInject() => Create("inject", "routes", "Originate the routes of a JSON routes file in a running speaker.");

    public static Command CreateWithdraw() => Create("withdraw", "withdraw", "Withdraw the routes of a JSON routes file from a running speaker.");

    private static Command Create(string name, string path, string description)
    {
        var api = new Option<string>("--api") { Description = "The speaker's control API, ADDR:PORT.", Required = true };
        var file = new Argument<FileInfo>("file") { Description = "JSON routes file ({\"routes\": [...]} or an array)." };
        var cmd = new Command(name, description) { api, file };
        cmd.SetAction(async (parse, _) =>
        {
            string body;
            try { body = await File.ReadAllTextAsync(parse.GetValue(file)!.FullName); }
            catch (IOException e) { parse.InvocationConfiguration.Error.WriteLine($"actorfabric bgp {name}: {e.Message}"); return 1; }
            return await Call(parse, parse.GetValue(api)!, HttpMethod.Post, path, body, name);
        });
        return cmd;
    }

    internal static async Task<int> Call(ParseResult parse, string api, HttpMethod method, string path, string? body, string name)
    {
        var error = parse.InvocationConfiguration.Error;
        try
        {
            var (ok, text) = await BgpControlClient.SendAsync(BgpHostAddress.ParseEndpoint(api), method, path, body);
            (ok ? parse.InvocationConfiguration.Output : error).WriteLine(text);
            return ok ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or FormatException or TaskCanceledException)
        {
            error.WriteLine($"actorfabric bgp {name}: {e.Message}");
            return 1;
        }
    }
}
