using System.CommandLine;
using System.Globalization;
using ActorFabric.Cli.Control;
using ActorFabric.Cli.Output;
using ActorFabric.Fabric.Hosts;

namespace ActorFabric.Cli.Commands;

/// <summary>
/// <c>actorfabric mcast join|leave|stream|receivers</c>: hosts of the running fabric join and leave groups with real
/// IGMP/MLD messages, send multicast UDP streams, and report what every host received (duplicates, unsolicited copies).
/// </summary>
public static class McastCommand
{
    public static Command Create()
    {
        var command = new Command("mcast", "Multicast from the hosts: join or leave a group (IGMP/MLD), send a stream, count what the hosts received.");
        command.Subcommands.Add(Join());
        command.Subcommands.Add(Leave());
        command.Subcommands.Add(Stream());
        command.Subcommands.Add(Receivers());
        return command;
    }

    private static Command Join()
    {
        var command = new Command("join", "HOST joins GROUP: IGMPv3 (or --version 2) for an IPv4 group, MLDv2 (or --version 1) for an IPv6 group; the report is sent twice, 1 s apart.");
        var host = new Argument<string>("HOST") { Description = "Host that joins." };
        var group = new Argument<string>("GROUP") { Description = "Group address, e.g. 239.1.1.1 or ff0e::1:3." };
        var source = new Option<string[]>("--source", "-s") { Description = "Only this source (repeatable; IGMPv3/MLDv2 source-specific join).", AllowMultipleArgumentsPerToken = false };
        var version = new Option<int?>("--version") { Description = "IGMP version 2 or 3 (IPv4 groups, default 3); MLD version 1 or 2 (IPv6 groups, default 2)." };
        var (api, json) = Common(command);
        command.Arguments.Add(host);
        command.Arguments.Add(group);
        command.Options.Add(source);
        command.Options.Add(version);
        command.SetAction((parse, ct) => ControlApiInvocation.RunAsync(parse, api, async (client, output) =>
        {
            var sources = parse.GetValue(source) ?? [];
            var request = new MulticastJoinRequest(parse.GetValue(host)!, parse.GetValue(group)!, parse.GetValue(version), sources.Length == 0 ? null : sources);
            return await PostChange(client, output, parse.GetValue(json), "/api/mcast/join", request, change =>
                $"{change.Host} joined {change.Group} ({Protocol(change.Protocol)}"
                + (change.Sources.Count > 0 ? ", sources " + string.Join(", ", change.Sources) : ", any source") + ")" + At(change.At), ct).ConfigureAwait(false);
        }));
        return command;
    }

    private static Command Leave()
    {
        var command = new Command("leave", "HOST leaves GROUP (IGMPv2 Leave, IGMPv3/MLDv2 change to INCLUDE{}, or MLDv1 Done).");
        var host = new Argument<string>("HOST") { Description = "Host that leaves." };
        var group = new Argument<string>("GROUP") { Description = "Group address." };
        var (api, json) = Common(command);
        command.Arguments.Add(host);
        command.Arguments.Add(group);
        command.SetAction((parse, ct) => ControlApiInvocation.RunAsync(parse, api, async (client, output) =>
        {
            return await PostChange(client, output, parse.GetValue(json), "/api/mcast/leave", new MulticastLeaveRequest(parse.GetValue(host)!, parse.GetValue(group)!),
                change => change.Changed ? $"{change.Host} left {change.Group}{At(change.At)}" : $"{change.Host} was not a member of {change.Group}: nothing sent", ct)
                .ConfigureAwait(false);
        }));
        return command;
    }

    private static Command Stream()
    {
        var command = new Command("stream", "HOST sends COUNT UDP datagrams to GROUP at RATE per second (emulated), then the receivers of the stream are listed.");
        var host = new Argument<string>("HOST") { Description = "Sending host." };
        var group = new Argument<string>("GROUP") { Description = "Group address." };
        var rate = new Option<int>("--rate") { Description = "Datagrams per second.", DefaultValueFactory = _ => 100 };
        var size = new Option<int>("--size") { Description = "UDP payload octets (at least 8: stream id and sequence number).", DefaultValueFactory = _ => 64 };
        var count = new Option<int>("--count", "-c") { Description = "Datagrams to send.", DefaultValueFactory = _ => 100 };
        var port = new Option<ushort>("--port") { Description = "UDP destination port.", DefaultValueFactory = _ => 5001 };
        var ttl = new Option<byte>("--ttl") { Description = "IPv4 TTL / IPv6 hop limit (a socket's multicast default is 1).", DefaultValueFactory = _ => 1 };
        var (api, json) = Common(command);
        command.Arguments.Add(host);
        command.Arguments.Add(group);
        foreach (var option in new Option[] { rate, size, count, port, ttl }) command.Options.Add(option);
        command.SetAction((parse, ct) => ControlApiInvocation.RunAsync(parse, api, async (client, output) =>
        {
            if (MulticastControlApi.CheckStream(parse.GetValue(rate), parse.GetValue(size), parse.GetValue(count)) is { } problem)
                throw new ControlApiException(problem, CliApp.ExitUsage);
            if (parse.GetValue(ttl) == 0) throw new ControlApiException("--ttl must be at least 1", CliApp.ExitUsage);
            var request = new MulticastStreamRequest(parse.GetValue(host)!, parse.GetValue(group)!, parse.GetValue(rate), parse.GetValue(size), parse.GetValue(count),
                parse.GetValue(port), parse.GetValue(ttl));
            var body = await client.SendAsync(HttpMethod.Post, "/api/mcast/stream", request, ct).ConfigureAwait(false);
            var stream = CliJson.Deserialize<MulticastStreamResult>(body);
            var receiversBody = await client.SendAsync(HttpMethod.Get, "/api/mcast/receivers?group=" + Uri.EscapeDataString(stream.Group), null, ct).ConfigureAwait(false);
            var receivers = CliJson.Deserialize<MulticastGroupReceivers>(receiversBody);
            if (parse.GetValue(json))
            {
                output.WriteLine($"{{\"stream\":{body},\"receivers\":{receiversBody}}}");
                return 0;
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{stream.Host} sent {stream.Sent} datagrams of {stream.PayloadSize} octets to {stream.Group} from {stream.Source} (stream {stream.StreamId}, {stream.Rate}/s, {(stream.FinishedAt - stream.StartedAt).TotalSeconds:0.###} s emulated)"));
            WriteReceivers(receivers, output, r => r.Source == stream.Source && r.StreamId == stream.StreamId);
            return receivers.Receivers.Any(r => r.Streams.Any(s => s.Source == stream.Source && s.StreamId == stream.StreamId && s.Duplicates > 0)) ? 1 : 0;
        }));
        return command;
    }

    private static Command Receivers()
    {
        var command = new Command("receivers", "Every host that is a member of GROUP or received its traffic: packets, duplicates, unsolicited copies per stream.");
        var group = new Argument<string>("GROUP") { Description = "Group address." };
        var (api, json) = Common(command);
        command.Arguments.Add(group);
        command.SetAction((parse, ct) => ControlApiInvocation.RunAsync(parse, api, async (client, output) =>
        {
            var body = await client.SendAsync(HttpMethod.Get, "/api/mcast/receivers?group=" + Uri.EscapeDataString(parse.GetValue(group)!), null, ct).ConfigureAwait(false);
            if (parse.GetValue(json)) output.WriteLine(body);
            else WriteReceivers(CliJson.Deserialize<MulticastGroupReceivers>(body), output, _ => true);
            return 0;
        }));
        return command;
    }

    /// <summary>Posts a join or leave and prints the answer: the JSON as served, or one line.</summary>
    private static async Task<int> PostChange(ControlApiClient client, TextWriter output, bool json, string path, object request,
        Func<MulticastMembershipChange, string> text, CancellationToken ct)
    {
        var body = await client.SendAsync(HttpMethod.Post, path, request, ct).ConfigureAwait(false);
        output.WriteLine(json ? body : text(CliJson.Deserialize<MulticastMembershipChange>(body)));
        return 0;
    }

    private static void WriteReceivers(MulticastGroupReceivers receivers, TextWriter output, Func<MulticastStreamReception, bool> wanted)
    {
        var table = new TextColumns("HOST", "MEMBER", "SOURCE", ">STREAM", ">PACKETS", ">BYTES", ">DUPLICATES", ">UNSOLICITED");
        foreach (var r in receivers.Receivers)
        {
            bool any = false;
            foreach (var s in r.Streams.Where(wanted))
            {
                table.Add(r.Host, r.Joined ? Protocol(r.Protocol) : "no", s.Source, s.StreamId, s.Packets, s.Bytes, s.Duplicates, s.Unsolicited);
                any = true;
            }
            if (!any && r.Joined) table.Add(r.Host, Protocol(r.Protocol), "-", "-", 0, 0, 0, 0);
        }
        if (table.Count == 0) output.WriteLine($"no host is a member of {receivers.Group} or received its traffic");
        else table.WriteTo(output);
    }

    private static string Protocol(MulticastProtocol? protocol) => protocol?.ToString().ToLowerInvariant() ?? "-";

    private static string At(TimeSpan at) => string.Create(CultureInfo.InvariantCulture, $" at {at.TotalSeconds:0.######} s");

    private static (Option<string?> Api, Option<bool> Json) Common(Command command)
    {
        var api = ControlApiInvocation.ApiOption();
        var json = ControlApiInvocation.JsonOption();
        command.Options.Add(json);
        command.Options.Add(api);
        ControlApiInvocation.AddLocationOptions(command);
        return (api, json);
    }
}
