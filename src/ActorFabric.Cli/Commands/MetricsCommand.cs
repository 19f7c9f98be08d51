using System.CommandLine;
using ActorFabric.Cli.Control;

namespace ActorFabric.Cli.Commands;

/// <summary><c>actorfabric metrics</c>: prints the running fabric's <c>/metrics</c> (Prometheus text format) once.</summary>
public static class MetricsCommand
{
    public static Command Create()
    {
        var command = new Command("metrics", "Print the running fabric's Prometheus metrics (what /metrics serves).");
        var api = ControlApiInvocation.ApiOption();
        command.Options.Add(api);
        ControlApiInvocation.AddLocationOptions(command);
        command.SetAction((parse, ct) => ControlApiInvocation.RunAsync(parse, api, async (client, output) =>
        {
            output.Write(await client.GetTextAsync("/metrics", ct).ConfigureAwait(false));
            return 0;
        }));
        return command;
    }
}
