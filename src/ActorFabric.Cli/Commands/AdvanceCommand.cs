using System.CommandLine;
using ActorFabric.Cli.Control;
using ActorFabric.Cli.Output;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cli.Commands;

/// <summary>
/// <c>actorfabric advance T</c>: lets emulated time pass in a fabric started with <c>up --virtual-time</c>
/// (on the virtual clock nothing moves between requests, so timers such as BFD detection need this).
/// </summary>
public static class AdvanceCommand
{
    public static Command Create()
    {
        var command = new Command("advance", "Let emulated time pass in the running fabric (for `up --virtual-time`).");
        var duration = new Argument<string>("DURATION") { Description = "How long, e.g. 2s or 500ms." };
        var api = ControlApiInvocation.ApiOption();
        command.Arguments.Add(duration);
        command.Options.Add(api);
        ControlApiInvocation.AddLocationOptions(command);
        command.SetAction((parse, ct) => ControlApiInvocation.RunAsync(parse, api, async (client, output) =>
        {
            var text = parse.GetValue(duration)!;
            if (!DurationSyntax.TryParse(text, out var d) || d <= TimeSpan.Zero || d > TimeSpan.FromHours(1))
                throw new ControlApiException($"bad duration '{FabricNames.Clip(text)}' (more than 0s, at most 1h; e.g. 2s)", CliApp.ExitUsage);
            await client.SendAsync(HttpMethod.Post, "/api/advance", new AdvanceRequest(d), ct).ConfigureAwait(false);
            var status = await client.GetAsync<ControlStatus>("/api/status", ct).ConfigureAwait(false);
            output.WriteLine($"emulated time {DurationText.Clock(status.Now)}, converged: {(status.Converged ? "yes" : "no")}");
            return 0;
        }));
        return command;
    }
}
