using System.CommandLine;
using ActorFabric.Cli.Control;
using ActorFabric.Cli.Output;
using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Commands;

/// <summary>
/// <c>actorfabric chaos link-down A B | link-up A B | link-set A B --latency T --loss P | device-stop D |
/// device-start D | vm-move HOST LEAF:PORT</c>: one fault (or repair) applied to the running fabric. Each
/// subcommand sends the action in the same words to <c>POST /api/chaos</c>, so a scenario step reads the same.
/// </summary>
public static class ChaosCommand
{
    public static Command Create()
    {
        var chaos = new Command("chaos", "Break (or repair) the running fabric: links, devices, VM moves.");
        chaos.Subcommands.Add(Action("link-down", "Take the link between A and B down (both directions).", ["A", "B"]));
        chaos.Subcommands.Add(Action("link-up", "Bring the link between A and B back up.", ["A", "B"]));
        chaos.Subcommands.Add(Action("link-set", "Change the latency and/or loss of the link between A and B.", ["A", "B"], withLinkOptions: true));
        chaos.Subcommands.Add(Action("device-stop", "Stop a device (its protocol state is lost; its links stay).", ["DEVICE"]));
        chaos.Subcommands.Add(Action("device-start", "Restart a stopped device alone, from its configuration; the rest is untouched.", ["DEVICE"]));
        chaos.Subcommands.Add(Action("vm-move", "Move a host to LEAF:PORT; it sends a gratuitous ARP from there.", ["HOST", "LEAF:PORT"]));
        chaos.Subcommands.Add(Pairs("partition", "Cut a set of links at the same instant: pairs of link ends, A B [C D …]."));
        chaos.Subcommands.Add(Pairs("heal", "Bring a set of links back up at the same instant: A B [C D …]."));
        chaos.Subcommands.Add(Action("node-kill", "Kill a cluster node process at once, like kill -9 (a fabric started with `launch`): NODE is HOST:PORT or its akka.tcp address.", ["NODE"]));
        return chaos;
    }

    private static Command Pairs(string name, string description) => Action(name, description, [], pairs: true);

    private static Command Action(string name, string description, string[] argumentNames, bool withLinkOptions = false, bool pairs = false)
    {
        var command = new Command(name, description);
        var arguments = new List<Argument<string>>();
        foreach (var a in argumentNames)
        {
            var argument = new Argument<string>(a);
            arguments.Add(argument);
            command.Arguments.Add(argument);
        }
        var ends = new Argument<string[]>("ENDS") { Arity = ArgumentArity.OneOrMore, Description = "Link ends in pairs: A B [C D …]." };
        if (pairs) command.Arguments.Add(ends);
        var latency = new Option<string?>("--latency") { Description = "One-way latency, e.g. 2ms or 250us." };
        var loss = new Option<string?>("--loss") { Description = "Loss as a fraction (0.01) or percentage (1%)." };
        if (withLinkOptions)
        {
            command.Options.Add(latency);
            command.Options.Add(loss);
        }
        var api = ControlApiInvocation.ApiOption();
        var json = ControlApiInvocation.JsonOption();
        command.Options.Add(json);
        command.Options.Add(api);
        ControlApiInvocation.AddLocationOptions(command);
        command.SetAction((parse, ct) => ControlApiInvocation.RunAsync(parse, api, async (client, output) =>
        {
            var words = new List<string> { name };
            foreach (var a in arguments) words.Add(parse.GetValue(a)!);
            if (pairs) words.AddRange(parse.GetValue(ends)!);
            if (withLinkOptions)
            {
                if (parse.GetValue(latency) is { } l) words.AddRange(["--latency", l]);
                if (parse.GetValue(loss) is { } p) words.AddRange(["--loss", p]);
                if (words.Count == 3) throw new ControlApiException("link-set needs --latency and/or --loss", CliApp.ExitUsage);
            }
            try
            {
                ChaosAction.Parse(words); // bad values are usage errors, caught before anything is sent
            }
            catch (FormatException e)
            {
                throw new ControlApiException(e.Message, CliApp.ExitUsage);
            }
            var body = await client.SendAsync(HttpMethod.Post, "/api/chaos", new ChaosRequest(string.Join(' ', words), ChaosOrigin.Cli), ct).ConfigureAwait(false);
            if (parse.GetValue(json)) output.WriteLine(body);
            else
            {
                var result = CliJson.Deserialize<ChaosResult>(body);
                output.WriteLine($"[{DurationText.Clock(result.At)}] {result.Description}");
            }
            return 0;
        }));
        return command;
    }
}
