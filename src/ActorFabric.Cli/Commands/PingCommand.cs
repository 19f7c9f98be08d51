using System.CommandLine;
using ActorFabric.Cli.Control;
using ActorFabric.Cli.Output;
using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cli.Commands;

/// <summary>
/// <c>actorfabric ping H1 H2</c>: ARP then ICMP echo between two emulated hosts; with <c>--ipv6</c> (or an IPv6 address as
/// H2) Neighbor Discovery then ICMPv6 echo between their IPv6 addresses. Exits 1 when a reply is missing.
/// </summary>
public static class PingCommand
{
    public static Command Create()
    {
        var command = new Command("ping", "Ping host H2 (or an IPv4 address: a gateway, an external prefix; or, with --ipv6 or an IPv6 address, over ICMPv6) from host H1 in the running fabric (emulated round-trip times and the path taken).");
        var source = new Argument<string>("H1") { Description = "Source host." };
        var destination = new Argument<string>("H2") { Description = "Destination host, or an IPv4 or IPv6 address." };
        var ipv6 = new Option<bool>("--ipv6", "-6") { Description = "Ping the destination's IPv6 address with ICMPv6 (hosts in VLANs with a gateway6)." };
        var count = new Option<int>("--count", "-c") { Description = "Echo requests to send (1 s apart, emulated).", DefaultValueFactory = _ => 3 };
        var timeout = new Option<string?>("--timeout") { Description = "How long to wait for each reply (e.g. 2s)." };
        var api = ControlApiInvocation.ApiOption();
        var json = ControlApiInvocation.JsonOption();
        command.Arguments.Add(source);
        command.Arguments.Add(destination);
        command.Options.Add(count);
        command.Options.Add(timeout);
        command.Options.Add(ipv6);
        command.Options.Add(json);
        command.Options.Add(api);
        ControlApiInvocation.AddLocationOptions(command);
        command.SetAction((parse, ct) => ControlApiInvocation.RunAsync(parse, api, async (client, output) =>
        {
            TimeSpan? wait = null;
            if (parse.GetValue(timeout) is { } text)
            {
                if (!DurationSyntax.TryParse(text, out var t)) throw new ControlApiException($"bad --timeout '{FabricNames.Clip(text)}' (e.g. 2s, 500ms)", CliApp.ExitUsage);
                if (PingLimits.CheckTimeout(t) is { } badTimeout) throw new ControlApiException(badTimeout, CliApp.ExitUsage);
                wait = t;
            }
            if (PingLimits.CheckCount(parse.GetValue(count)) is { } badCount) throw new ControlApiException(badCount, CliApp.ExitUsage);
            if (parse.GetValue(source) == parse.GetValue(destination))
                throw new ControlApiException($"'{FabricNames.Clip(parse.GetValue(source)!)}' is both source and destination: ping another host", CliApp.ExitUsage);
            var request = new PingRequest(parse.GetValue(source)!, parse.GetValue(destination)!, parse.GetValue(count), wait, parse.GetValue(ipv6));
            var body = await client.SendAsync(HttpMethod.Post, "/api/ping", request, ct).ConfigureAwait(false);
            var result = CliJson.Deserialize<PingResult>(body);
            if (parse.GetValue(json)) output.WriteLine(body);
            else PingText.Write(result, output);
            return result.Received == result.Sent && result.Sent > 0 ? 0 : 1;
        }));
        return command;
    }
}
