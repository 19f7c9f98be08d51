using System.CommandLine;
using ActorFabric.Cli.Control;
using ActorFabric.Cli.Output;
using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cli.Commands;

/// <summary>
/// <c>actorfabric capture LINK -o FILE [--duration T]</c>: writes every frame crossing a link ("A B" or
/// "A:port-B:port") or a device port ("leaf1:eth3") of the running fabric to a pcap file, like tcpdump: until
/// Ctrl-C, or for <c>--duration</c> (emulated time when the fabric runs on the virtual clock, which the
/// capture then advances).
/// </summary>
public static class CaptureCommand
{
    public static Command Create()
    {
        var command = new Command("capture", "Capture a link or port of the running fabric to a pcap file (until Ctrl-C or --duration).");
        var target = new Argument<string[]>("LINK") { Description = "A link as 'A B' (two words) or 'A:port-B:port', or a port as 'DEVICE:port'.", Arity = new ArgumentArity(1, 2) };
        var file = new Option<string>("--output", "-o") { Description = "pcap file to write.", Required = true };
        var duration = new Option<string?>("--duration") { Description = "Stop after this long (e.g. 5s) instead of at Ctrl-C." };
        var api = ControlApiInvocation.ApiOption();
        var json = ControlApiInvocation.JsonOption();
        command.Arguments.Add(target);
        command.Options.Add(file);
        command.Options.Add(duration);
        command.Options.Add(json);
        command.Options.Add(api);
        ControlApiInvocation.AddLocationOptions(command);
        command.SetAction((parse, ct) => ControlApiInvocation.RunAsync(parse, api, async (client, output) =>
        {
            TimeSpan? span = null;
            if (parse.GetValue(duration) is { } text)
            {
                // At most an hour, like `advance`: checked before the capture starts, so a refusal leaves none running.
                if (!DurationSyntax.TryParse(text, out var d) || d <= TimeSpan.Zero || d > TimeSpan.FromHours(1))
                    throw new ControlApiException($"bad --duration '{FabricNames.Clip(text)}' (more than 0s, at most 1h; e.g. 5s)", CliApp.ExitUsage);
                span = d;
            }
            var name = string.Join(' ', parse.GetValue(target)!);
            var path = Path.GetFullPath(parse.GetValue(file)!);
            if (Directory.Exists(path))
                throw new ControlApiException($"-o {parse.GetValue(file)} is a directory: give a file name, e.g. {Path.Combine(parse.GetValue(file)!, "capture.pcap")}", CliApp.ExitUsage);
            var started = await client.PostAsync<CaptureInfo>("/api/captures", new CaptureRequest(name, path), ct).ConfigureAwait(false);
            if (!parse.GetValue(json)) parse.InvocationConfiguration.Error.WriteLine($"capturing {started.Target} to {started.Path} ({(span is null ? "Ctrl-C to stop" : $"for {DurationSyntax.Format(span.Value)}")})");
            try
            {
                if (span is { } wait)
                {
                    var status = await client.GetAsync<ControlStatus>("/api/status", ct).ConfigureAwait(false);
                    if (status.Clock == "virtual") await client.SendAsync(HttpMethod.Post, "/api/advance", new AdvanceRequest(wait), ct).ConfigureAwait(false);
                    else await Task.Delay(wait, ct).ConfigureAwait(false);
                }
                else await Task.Delay(Timeout.InfiniteTimeSpan, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C: stop the capture below.
            }
            var stopped = await client.DeleteAsync<CaptureInfo>($"/api/captures/{Uri.EscapeDataString(started.Id)}", CancellationToken.None).ConfigureAwait(false);
            if (parse.GetValue(json)) output.WriteLine(CliJson.Serialize(stopped));
            else output.WriteLine($"{stopped.Packets} packets written to {stopped.Path}");
            return 0;
        }));
        return command;
    }
}
